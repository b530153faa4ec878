#include "actors/core/replica_routes.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

using namespace sdsim::core;

namespace {

caf::behavior idle(caf::event_based_actor*, int) { return {[](int) {}}; }

class replica_routes_test : public ::testing::Test {
 protected:
  replica_routes_test() : sys_(cfg_) {
    for (int i = 0; i < 6; ++i) a_.push_back(sys_.spawn(idle, i));
  }
  ~replica_routes_test() override {
    for (const auto& a : a_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  }
  caf::actor_system_config cfg_;
  caf::actor_system sys_;
  std::vector<caf::actor> a_;
};

}  // namespace

TEST_F(replica_routes_test, the_next_live_copy_takes_over_and_a_returning_one_stays_backup) {
  replica_routes r({{a_[0], a_[1], a_[2]}, {a_[3], a_[4], a_[5]}});
  ASSERT_NE(r.primary(0), nullptr);
  EXPECT_EQ(*r.primary(0), a_[0]);

  auto lost = r.down(a_[0].address());
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->shard, 0u);
  EXPECT_EQ(lost->copy, 0u);
  EXPECT_TRUE(lost->was_primary);
  EXPECT_EQ(*r.primary(0), a_[1]);
  EXPECT_EQ(r.live(0).size(), 2u);

  r.up(0, 0, a_[0]);                    // back: a backup; the primary does not move
  EXPECT_EQ(*r.primary(0), a_[1]);

  auto backup = r.down(a_[5].address());   // a backup's death keeps the primary
  ASSERT_TRUE(backup);
  EXPECT_FALSE(backup->was_primary);
  EXPECT_EQ(*r.primary(1), a_[3]);
  EXPECT_FALSE(r.down(a_[5].address()));   // already down: nothing
}

TEST_F(replica_routes_test, a_shard_with_no_live_copy_has_no_primary_until_one_returns) {
  replica_routes r({{a_[0], a_[1]}});
  r.down(a_[0].address());
  r.down(a_[1].address());
  EXPECT_EQ(r.primary(0), nullptr);
  EXPECT_TRUE(r.live(0).empty());
  r.up(0, 1, a_[2]);                    // a new actor for copy 1
  ASSERT_NE(r.primary(0), nullptr);
  EXPECT_EQ(*r.primary(0), a_[2]);
  EXPECT_EQ(r.primary_copy(0), 1u);
}
