#include "actors/cluster/shard_leadership.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"

namespace sdsim::cluster {
namespace {

TEST(shard_leadership, the_next_copy_in_sync_takes_over_at_the_next_epoch) {
  shard_leadership l(3);
  EXPECT_EQ(l.primary(), 0u);
  EXPECT_EQ(l.epoch(), 1u);
  const auto c = l.down(0);
  EXPECT_TRUE(c.new_primary);
  EXPECT_EQ(l.primary(), 1u);
  EXPECT_EQ(l.epoch(), 2u);
  // Copy 2 may hold writes of the old primary the new one lacks: it catches up.
  EXPECT_EQ(c.to_catch_up, std::vector<uint32_t>{2});
  EXPECT_FALSE(l.in_sync(2));
  EXPECT_TRUE(l.grow(2, 2));
  EXPECT_TRUE(l.in_sync(2));
}

TEST(shard_leadership, a_copy_that_missed_writes_waits_for_one_that_holds_them) {
  shard_leadership l(2);
  l.down(1);                      // the backup dies ...
  EXPECT_TRUE(l.shrink(1, 1));    // ... and the primary goes on without it
  l.down(0);                      // then the primary dies too
  EXPECT_FALSE(l.primary());
  EXPECT_TRUE(l.up(1).to_catch_up.empty());   // back, but it lacks writes: no primary
  EXPECT_FALSE(l.primary());
  EXPECT_EQ(l.waited(), 1u);
  const auto c = l.up(0);          // the copy holding everything returns and leads
  EXPECT_TRUE(c.new_primary);
  EXPECT_EQ(l.primary(), 0u);
  EXPECT_EQ(c.to_catch_up, std::vector<uint32_t>{1});
}

TEST(shard_leadership, a_dead_copy_not_yet_shrunk_is_still_a_candidate) {
  shard_leadership l(2);
  l.down(1);                      // dies; the primary has not acknowledged anything since
  l.down(0);
  EXPECT_TRUE(l.up(1).new_primary);   // it holds every acknowledged write: it may lead
  EXPECT_EQ(l.primary(), 1u);
}

TEST(shard_leadership, only_the_current_primary_changes_the_in_sync_set) {
  shard_leadership l(3);
  EXPECT_FALSE(l.shrink(1, 0)) << "the primary cannot shrink itself out";
  l.down(0);
  EXPECT_FALSE(l.shrink(1, 2)) << "epoch 1's primary is gone";
  EXPECT_FALSE(l.grow(1, 2));
  EXPECT_TRUE(l.shrink(2, 2));
}

// A model of the protocol around the rules: each copy's writes (its disk survives its death),
// catch-up at once, and a primary that shrinks every dead peer out before it acknowledges.
// Whatever the kills and restarts, the primary and every copy in sync hold every
// acknowledged write.
TEST(shard_leadership, random_kills_and_restarts_never_lose_an_acknowledged_write) {
  for (uint32_t copies = 1; copies <= 4; ++copies) {
    for (uint64_t seed = 1; seed <= 200; ++seed) {
      SCOPED_TRACE("copies " + std::to_string(copies) + ", seed " + std::to_string(seed));
      auto r = core::rng::stream(seed, "shard_leadership_test");
      shard_leadership l(copies);
      std::vector<std::set<int>> held(copies);
      std::set<int> acked;
      auto catch_up = [&](const shard_leadership::change& c) {
        for (uint32_t k : c.to_catch_up) {
          held[k] = held[*l.primary()];
          ASSERT_TRUE(l.grow(l.epoch(), k));
        }
      };
      for (int step = 0; step < 300; ++step) {
        const double u = r.uniform();
        const auto c = static_cast<uint32_t>(r.uniform() * copies);
        if (u < 0.15 && l.live(c)) {
          catch_up(l.down(c));
        } else if (u < 0.3 && !l.live(c)) {
          catch_up(l.up(c));
        } else if (const auto p = l.primary()) {
          held[*p].insert(step);
          for (uint32_t k = 0; k < copies; ++k) {
            if (k == *p || !l.in_sync(k)) continue;
            if (l.live(k)) held[k].insert(step);
            else ASSERT_TRUE(l.shrink(l.epoch(), k));
          }
          acked.insert(step);
        }
        for (uint32_t k = 0; k < copies; ++k)
          if (l.in_sync(k))
            for (int w : acked) ASSERT_TRUE(held[k].count(w)) << "copy " << k << " lacks " << w;
        if (const auto p = l.primary()) ASSERT_TRUE(l.live(*p) && l.in_sync(*p));
      }
    }
  }
}

}  // namespace
}  // namespace sdsim::cluster
