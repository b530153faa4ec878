#include "actors/cluster/shard_routes.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

namespace sdsim::cluster {
namespace {

// An argument spares CAF 0.17's spawn of an argument-less function a null dereference.
caf::behavior idle(caf::event_based_actor*, int) { return {[](int) {}}; }

TEST(shard_routes, a_router_follows_the_newest_epoch_and_has_no_primary_between) {
  caf::actor_system_config cfg;
  caf::actor_system sys(cfg);
  auto a = sys.spawn(idle, 1), b = sys.spawn(idle, 2);
  shard_routes r({a});
  EXPECT_EQ(*r.primary(0), a);
  const auto lost = r.down(a.address());
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->shard, 0u);
  EXPECT_EQ(r.primary(0), nullptr) << "no primary until the group names one";
  EXPECT_FALSE(r.down(a.address()));
  EXPECT_TRUE(r.announce(0, 1, 2, b));
  EXPECT_EQ(*r.primary(0), b);
  EXPECT_EQ(r.primary_copy(0), 1u);
  EXPECT_FALSE(r.announce(0, 0, 1, a)) << "an older epoch's primary is ignored";
  EXPECT_EQ(*r.primary(0), b);
  for (auto& x : {a, b}) caf::anon_send_exit(x, caf::exit_reason::user_shutdown);
}

}  // namespace
}  // namespace sdsim::cluster
