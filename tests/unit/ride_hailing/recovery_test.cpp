// Services spawned again on their node's return, under CAF's deterministic coordinator: trip
// reads its SQLite file and asks again what its predecessor may never have heard answered;
// rating rebuilds its averages from trip. The test plays their peers.
#include <chrono>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "actors/cluster/replication_messages.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/rating_actor.hpp"
#include "actors/ride_hailing/trip_actor.hpp"
#include "actors/ride_hailing/trip_store.hpp"
#include "tests/support/det_system.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

// A file as a lost trip service left it: trip 1 waiting for a driver, 2 on its way with
// driver 42, 3 completed with no answer from payment, 4 completed, paid and rated 5 stars.
void leave_trips(const std::string& path) {
  std::string error;
  auto s = trip_store::open(path, &error);
  ASSERT_TRUE(s) << error;
  for (uint64_t id = 1; id <= 4; ++id) {
    trip_row t;
    t.id = id;
    t.customer = 100 + id;
    t.fare = 10;
    ASSERT_TRUE(s->create(t, from_s(1)).ok());
    if (id == 1) continue;
    t.driver = 40 + id;
    std::vector<trip_state> path{trip_state::matched, trip_state::en_route};
    if (id > 2)
      path.insert(path.end(), {trip_state::picked_up, trip_state::in_trip, trip_state::completed});
    ASSERT_TRUE(s->move_along(t, path, trip_actor::driver, from_s(2)).ok());
    if (id == 4) {
      ASSERT_TRUE(s->paid(t, true, from_s(3)).ok());
      ASSERT_TRUE(s->rate(t, 5, "", from_s(4)).ok());
    }
  }
}

class TripRecoveryTest : public ::testing::Test {
 protected:
  TripRecoveryTest() {
    leave_trips(dir_.file("trips.sqlite"));
    auto p = std::make_shared<trip_params>();
    p->db_path = dir_.file("trips.sqlite");
    p->payment = d_.self;
    p->capacity.set_servers(0);
    p->capacity.mutable_service_time()->mutable_constant()->set_ms(0);
    p->basics.clock = &d_.clock;
    p->rejoin = true;   // a copy that came back: it serves once its group makes it primary
    trip_ = spawn_trip(d_.sys, p);
    d_.self->send(trip_, peers_atom::value, caf::actor{d_.self}, caf::actor{d_.self});
    d_.sched.run();
  }
  ~TripRecoveryTest() override {
    caf::anon_send_exit(trip_, caf::exit_reason::kill);
    d_.sched.run();
  }

  // What trip sent: ("seat"|"match"|"charge"|"release"|a state the phones are told, ride).
  std::set<std::pair<std::string, uint64_t>> sent() {
    std::set<std::pair<std::string, uint64_t>> out;
    d_.sched.run();  // and the zero-time work on the service's delay line:
    while (d_.sched.clock().advance_time(std::chrono::nanoseconds(1)) > 0) d_.sched.run();
    while (!d_.self->mailbox().empty())
      d_.self->receive([&](seat_atom, uint64_t ride, uint64_t) { out.emplace("seat", ride); },
                       [&](match_atom, uint64_t ride, double, double, sim_ns) {
                         out.emplace("match", ride);
                       },
                       [&](charge_atom, uint64_t ride, double) { out.emplace("charge", ride); },
                       [&](release_atom, uint64_t ride) { out.emplace("release", ride); },
                       [&](event_atom, uint64_t ride, uint64_t, uint64_t, uint8_t s, double,
                           double) { out.emplace(std::string(name(trip_state{s})), ride); });
    return out;
  }

  scratch_dir dir_{"trip_recovery_test"};
  testing::det_system d_;
  caf::actor trip_;
};

TEST_F(TripRecoveryTest, MadePrimaryItSeatsAsksAgainForMatchesAndCharges) {
  d_.self->send(trip_, cluster::lead_atom::value, uint64_t{2});
  EXPECT_EQ(sent(), (std::set<std::pair<std::string, uint64_t>>{
                        {"seat", 2}, {"match", 1}, {"charge", 3}}));
}

TEST_F(TripRecoveryTest, ANewMatchingGetsTheSeatsAndTheWaitingRides) {
  d_.self->send(trip_, cluster::lead_atom::value, uint64_t{2});
  sent();
  d_.self->send(trip_, moved_atom::value, static_cast<uint8_t>(ride_peer::matching),
                caf::actor{d_.self});
  EXPECT_EQ(sent(), (std::set<std::pair<std::string, uint64_t>>{{"seat", 2}, {"match", 1}}));
}

// Matching answers a ride asked for again while its first answer is on the way: the second
// answer changes nothing (releasing the ride would free a driver the trip holds).
TEST_F(TripRecoveryTest, AMatchToldTwiceIsTakenOnce) {
  d_.self->send(trip_, cluster::lead_atom::value, uint64_t{2});
  sent();
  for (int i = 0; i < 2; ++i)
    d_.self->send(trip_, matched_atom::value, uint64_t{1}, uint64_t{7}, 0.0);
  EXPECT_EQ(sent(), (std::set<std::pair<std::string, uint64_t>>{{"matched", 1}}));
}

TEST_F(TripRecoveryTest, RatingRebuildsItsAveragesFromTheStore) {
  std::string bytes;
  d_.self->send(trip_, totals_atom::value);
  d_.sched.run();
  d_.self->receive([&](const std::string& b) { bytes = b; });
  RatingTotals t;
  ASSERT_TRUE(t.ParseFromString(bytes));
  ASSERT_EQ(t.driver_size(), 1);
  EXPECT_EQ(std::make_tuple(t.driver(0), t.stars(0), t.count(0)),
            std::make_tuple(uint64_t{44}, uint64_t{5}, uint64_t{1}));
}

TEST(RatingRecovery, SpawnedAgainItRebuildsTheAveragesFromTrip) {
  testing::det_system d;
  auto p = std::make_shared<rating_params>();
  p->trip = d.self;
  p->matching = d.self;
  p->basics.clock = &d.clock;
  auto rating = spawn_rating(d.sys, p);
  d.self->send(rating, recover_atom::value);
  d.self->send(rating, start_atom::value);
  d.sched.run();
  RatingTotals t;
  t.add_driver(44);
  t.add_stars(9);
  t.add_count(2);
  d.self->receive([&](totals_atom) { return t.SerializeAsString(); });
  d.sched.run();
  d.sched.trigger_timeouts();  // the next second's tick publishes
  d.sched.run();
  Ratings r;
  d.self->receive([&](ratings_atom, const std::string& b) { ASSERT_TRUE(r.ParseFromString(b)); });
  ASSERT_EQ(r.driver_size(), 1);
  EXPECT_EQ(r.driver(0), 44u);
  EXPECT_DOUBLE_EQ(r.average(0), 4.5);
  caf::anon_send_exit(rating, caf::exit_reason::kill);
  d.sched.run();
}

}  // namespace
}  // namespace sdsim::ride_hailing
