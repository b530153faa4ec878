// The links between copies on two nodes: cut links deliver nothing, slow or lossy ones deliver
// late but in order, and a healed link lets nothing overtake what is still in flight.
#include "actors/cluster/peer_links.hpp"

#include <gtest/gtest.h>

namespace sdsim::cluster {
namespace {

using core::from_ms;

class PeerLinksTest : public ::testing::Test {
 protected:
  const caf::actor_addr peer_;   // any address: the links are keyed by it
  peer_links links_{core::rng(1)};
};

core::link_state link(bool cut, double delay_ms, double loss) {
  return {{cut, delay_ms, loss}, {cut, delay_ms, loss}};
}

TEST_F(PeerLinksTest, AFaultFreePeerGetsMessagesAtOnce) {
  EXPECT_EQ(links_.arrival(peer_, 7), 7);
  EXPECT_FALSE(links_.cut(peer_));
}

TEST_F(PeerLinksTest, ACutLinkDeliversNothingAndSaysWhenItHeals) {
  auto c = links_.set(peer_, link(true, 0, 0));
  EXPECT_FALSE(c.was_cut);
  EXPECT_TRUE(c.cut);
  EXPECT_TRUE(links_.cut(peer_));
  EXPECT_FALSE(links_.arrival(peer_, 0));
  c = links_.set(peer_, link(false, 0, 0));
  EXPECT_TRUE(c.was_cut);
  EXPECT_FALSE(c.cut);
  EXPECT_EQ(links_.arrival(peer_, 5), 5);
}

TEST_F(PeerLinksTest, ASlowLinkDelaysAndNothingOvertakesWhatIsInFlight) {
  links_.set(peer_, link(false, 50, 0));
  EXPECT_EQ(links_.arrival(peer_, 0), from_ms(50));
  links_.set(peer_, link(false, 0, 0));
  // Healed, but the message sent at 0 is still on its way: the next one arrives behind it.
  EXPECT_EQ(links_.arrival(peer_, from_ms(10)), from_ms(50));
  EXPECT_EQ(links_.arrival(peer_, from_ms(60)), from_ms(60));
}

TEST_F(PeerLinksTest, LossIsRetransmissionsInOrderNeverADrop) {
  links_.set(peer_, link(false, 0, 0.5));
  core::sim_ns last = 0;
  int late = 0;
  for (int i = 0; i < 200; ++i) {
    const core::sim_ns now = from_ms(i);
    auto at = links_.arrival(peer_, now);
    ASSERT_TRUE(at);
    EXPECT_GE(*at, last);
    late += *at > now;
    last = *at;
  }
  EXPECT_GT(late, 50);
}

}  // namespace
}  // namespace sdsim::cluster
