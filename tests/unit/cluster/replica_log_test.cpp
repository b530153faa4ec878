#include "actors/cluster/replica_log.hpp"

#include <gtest/gtest.h>

namespace sdsim::cluster {
namespace {

TEST(replica_log, a_copy_in_its_history_gets_only_what_it_missed) {
  replica_log log(100);
  for (uint64_t s = 1; s <= 5; ++s) log.append({1, s}, "w" + std::to_string(s));
  const auto after = log.after({1, 3});
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].write, "w4");
  EXPECT_EQ(log.after({0, 0})->size(), 5u) << "the empty start is part of a known history";
  EXPECT_TRUE(log.after({1, 5})->empty());
}

TEST(replica_log, a_copy_off_this_history_needs_a_snapshot) {
  replica_log log(100);
  log.append({1, 1}, "a");
  log.append({2, 2}, "b");   // a new primary's write at seq 2
  EXPECT_FALSE(log.after({1, 2})) << "it holds the old primary's seq 2, never acknowledged here";
  EXPECT_FALSE(log.after({2, 3})) << "ahead of this log";
}

TEST(replica_log, forgotten_entries_and_unknown_histories_match_nothing) {
  replica_log log(2);
  for (uint64_t s = 1; s <= 5; ++s) log.append({1, s}, "w");
  EXPECT_FALSE(log.after({1, 2})) << "seq 3 was forgotten";
  EXPECT_EQ(log.after({1, 3})->size(), 2u);
  replica_log restarted(100, std::nullopt);
  EXPECT_FALSE(restarted.known());
  EXPECT_FALSE(restarted.after({0, 0}));
  restarted.reset(log_position{1, 5});
  EXPECT_TRUE(restarted.known());
  EXPECT_EQ(restarted.last().seq, 5u);
}

}  // namespace
}  // namespace sdsim::cluster
