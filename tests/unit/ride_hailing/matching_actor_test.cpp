// The matching service's protocol under CAF's deterministic test coordinator, with a real
// location shard behind it. The test plays the trip service and the drivers' phones: it asks
// for a ride, sees the offers, and answers them in the orders that matter.
#include "actors/ride_hailing/matching_actor.hpp"

#include <chrono>

#include <gtest/gtest.h>

#include "actors/core/error_kind.hpp"
#include "actors/core/messages.hpp"
#include "actors/ride_hailing/location_actor.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "tests/support/det_system.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;
using core::outcome;

const geo_box city{37.60, 37.90, -122.55, -122.30};
const geo_point pickup{37.7750, -122.4190};

Capacity instant() {
  Capacity c;
  c.set_servers(0);  // unlimited, no service time: the protocol alone
  c.mutable_service_time()->mutable_constant()->set_ms(0);
  return c;
}

class MatchingActorTest : public ::testing::Test {
 protected:
  MatchingActorTest() {
    basics_.clock = &d_.clock;
    basics_.seed = 1;
    basics_.arrivals_end = from_s(1000);
    location_ = spawn_location_shard();
    auto mp = std::make_shared<matching_params>();
    mp->locations = {location_};
    mp->trip = d_.self;
    mp->offer_batch = 2;
    mp->offer_timeout = from_s(15);
    mp->capacity = instant();
    mp->basics = basics_;
    matching_ = spawn_matching(d_.sys, mp);
    d_.self->send(matching_, peers_atom::value, caf::actor{d_.self});
    // Four free drivers 100, 200, 300 and 400 m north of the pickup.
    PingBatch b;
    for (uint64_t id = 1; id <= 4; ++id) {
      b.add_driver(id);
      b.add_lat(pickup.lat + 100.0 * id / meters_per_degree_lat);
      b.add_lon(pickup.lon);
      b.add_available(true);
    }
    d_.self->send(location_, pings_atom::value, b.SerializeAsString());
    settle();
  }

  ~MatchingActorTest() override {
    for (const auto& a : {location_, matching_}) caf::anon_send_exit(a, caf::exit_reason::kill);
    d_.sched.run();
  }

  // A location shard of the whole city, at no modeled cost, reporting to the test.
  caf::actor spawn_location_shard() {
    auto lp = std::make_shared<location_params>();
    lp->city = city;
    lp->capacity = instant();
    lp->cost = {0, 0, 0};
    lp->basics = basics_;
    auto a = spawn_location(d_.sys, lp);
    d_.self->send(a, peers_atom::value, caf::actor{d_.self}, caf::actor{d_.self});
    return a;
  }

  // Runs everything due now (the services' zero-time work rides on their delay lines).
  void settle() {
    d_.sched.run();
    while (d_.sched.clock().advance_time(std::chrono::nanoseconds(1)) > 0) d_.sched.run();
    d_.sched.run();
  }

  // What the test's mailbox holds, playing the trip service and the phones.
  struct inbox {
    std::vector<std::pair<uint64_t, uint64_t>> offers;  // (ride, driver), in order
    std::vector<outcome> replies;
    std::vector<uint64_t> matched, unmatched;           // rides the trip service was told
  };

  inbox take() {
    inbox in;
    while (!d_.self->mailbox().empty())
      d_.self->receive(
          [&](offer_atom, uint64_t ride, uint64_t driver, double, double) {
            in.offers.emplace_back(ride, driver);
          },
          [&](reply_atom, const reply_envelope& e) {
            in.replies.push_back(static_cast<outcome>(e.outcome));
          },
          [&](matched_atom, uint64_t ride, uint64_t, double) { in.matched.push_back(ride); },
          [&](unmatched_atom, uint64_t ride) { in.unmatched.push_back(ride); });
    return in;
  }

  std::vector<std::pair<uint64_t, uint64_t>> offers() { return take().offers; }

  void ask(uint64_t ride) {
    d_.self->send(matching_, match_atom::value, ride, pickup.lat, pickup.lon, sim_ns{0});
    settle();
  }

  // A driver answers (or sends `payload` as is): what came back.
  inbox answer(uint32_t api, uint64_t ride, uint64_t driver, const char* payload = nullptr) {
    RideAnswerRequest r;
    r.set_ride_id(ride);
    r.set_driver_id(driver);
    d_.self->send(matching_, call_atom::value,
                  request_envelope{++id_, api, d_.clock.now(),
                                   payload ? std::string(payload) : r.SerializeAsString()});
    settle();
    return take();
  }

  outcome outcome_of(uint32_t api, uint64_t ride, uint64_t driver) {
    const auto in = answer(api, ride, driver);
    EXPECT_EQ(in.replies.size(), 1u);
    return in.replies.empty() ? outcome::timeout : in.replies.front();
  }

  testing::det_system d_;
  actor_basics basics_;
  caf::actor location_, matching_;
  uint64_t id_ = 0;
};

TEST_F(MatchingActorTest, TheNearestAreOfferedAndTheFirstAcceptWins) {
  ask(7);
  EXPECT_EQ(offers(), (std::vector<std::pair<uint64_t, uint64_t>>{{7, 1}, {7, 2}}));
  // Both accept, one message after the other: the first wins, the second is refused.
  auto first = answer(accept_ride_api, 7, 2);
  EXPECT_EQ(first.replies, std::vector<outcome>{outcome::ok});
  EXPECT_EQ(first.matched, std::vector<uint64_t>{7});
  auto second = answer(accept_ride_api, 7, 1);
  EXPECT_EQ(second.replies, std::vector<outcome>{outcome::conflict});
  EXPECT_TRUE(second.matched.empty());
  // The next ride at the same spot is offered to the next free drivers: 1 again (his offer
  // of ride 7 ended) and 3 — never 2, who holds ride 7 whatever the index still says.
  ask(8);
  EXPECT_EQ(offers(), (std::vector<std::pair<uint64_t, uint64_t>>{{8, 1}, {8, 3}}));
}

TEST_F(MatchingActorTest, DeniesMoveToTheNextBatchAndSilenceCountsAsDeny) {
  ask(9);
  EXPECT_EQ(offers().size(), 2u);
  const auto denied = answer(deny_ride_api, 9, 1);
  EXPECT_EQ(denied.replies, std::vector<outcome>{outcome::ok});
  EXPECT_TRUE(denied.offers.empty());  // 2 is still thinking
  // 2 never answers: at the offer timeout the ride moves on to 3 and 4.
  d_.sched.clock().advance_time(std::chrono::seconds(15));
  settle();
  EXPECT_EQ(offers(), (std::vector<std::pair<uint64_t, uint64_t>>{{9, 3}, {9, 4}}));
  EXPECT_EQ(outcome_of(accept_ride_api, 9, 2), outcome::not_found);  // too late
  EXPECT_EQ(outcome_of(deny_ride_api, 9, 3), outcome::ok);
  // Everyone said no: the trip service hears the ride is unmatched.
  const auto last = answer(deny_ride_api, 9, 4);
  EXPECT_EQ(last.unmatched, std::vector<uint64_t>{9});
}

// A location shard whose node died answers "no drivers" at once (a ride never hangs on it);
// once spawned again and announced, it is asked again.
// A trip service spawned again asks again for every ride it holds as requested.
TEST_F(MatchingActorTest, ARideAskedAgainIsAnsweredAgainNeverOfferedTwice) {
  ask(7);
  EXPECT_EQ(offers().size(), 2u);
  ask(7);  // still open: nothing new
  EXPECT_TRUE(take().offers.empty());
  EXPECT_EQ(answer(accept_ride_api, 7, 2).matched, (std::vector<uint64_t>{7}));
  ask(7);  // matched: told again, to the driver it has
  const auto again = take();
  EXPECT_EQ(again.matched, (std::vector<uint64_t>{7}));
  EXPECT_TRUE(again.offers.empty());
}

// A matching spawned again learns from trip which drivers hold a ride: never offered another.
TEST_F(MatchingActorTest, ASeatedDriverIsNotOfferedAnotherRide) {
  d_.self->send(matching_, seat_atom::value, uint64_t{5}, uint64_t{1});
  ask(7);
  EXPECT_EQ(offers(), (std::vector<std::pair<uint64_t, uint64_t>>{{7, 2}, {7, 3}}));
  EXPECT_EQ(outcome_of(accept_ride_api, 5, 1), outcome::conflict);  // his already
}

TEST_F(MatchingActorTest, ADeadLocationShardFindsNoDriversUntilItIsBack) {
  caf::anon_send_exit(location_, caf::exit_reason::remote_link_unreachable);
  settle();
  ask(10);
  EXPECT_EQ(take().unmatched, std::vector<uint64_t>{10});
  location_ = spawn_location_shard();
  d_.self->send(matching_, location_atom::value, uint32_t{0}, location_);
  PingBatch b;
  b.add_driver(5);
  b.add_lat(pickup.lat + 100.0 / meters_per_degree_lat);
  b.add_lon(pickup.lon);
  b.add_available(true);
  d_.self->send(location_, pings_atom::value, b.SerializeAsString());
  settle();
  ask(11);
  EXPECT_EQ(offers(), (std::vector<std::pair<uint64_t, uint64_t>>{{11, 5}}));
}

TEST_F(MatchingActorTest, AnUnparsableAnswerIsRefusedNotDropped) {
  EXPECT_EQ(answer(accept_ride_api, 0, 0, "\xff\xff").replies,
            std::vector<outcome>{outcome::malformed_request});
}

}  // namespace
}  // namespace sdsim::ride_hailing
