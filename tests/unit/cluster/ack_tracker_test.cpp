#include "actors/cluster/ack_tracker.hpp"

#include <gtest/gtest.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

using namespace sdsim::cluster;

namespace {
caf::behavior idle(caf::event_based_actor*, int) { return {[](int) {}}; }
}  // namespace

TEST(ack_tracker, a_write_completes_when_every_copy_acked_or_died) {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto b = sys.spawn(idle, 1);
  auto c = sys.spawn(idle, 2);
  ack_tracker t;
  t.expect(1, {b.address(), c.address()});
  t.expect(2, {b.address(), c.address()});
  EXPECT_FALSE(t.ack(1, b.address()));
  EXPECT_FALSE(t.ack(1, b.address()));   // twice from the same copy counts once
  auto done = t.ack(1, c.address());
  ASSERT_TRUE(done);
  EXPECT_EQ(done->seq, 1u);
  EXPECT_EQ(done->acks, 2u);
  EXPECT_FALSE(t.ack(1, c.address()));   // completes exactly once

  EXPECT_FALSE(t.ack(2, b.address()));
  auto dropped = t.drop_peer(c.address());   // c died: write 2 needs b only, which acked
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0].seq, 2u);
  EXPECT_EQ(dropped[0].acks, 1u);
  EXPECT_EQ(t.pending(), 0u);
  caf::anon_send_exit(b, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(c, caf::exit_reason::user_shutdown);
}
