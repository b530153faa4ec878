#include "actors/ride_hailing/warm_start.hpp"

#include <set>

#include <gtest/gtest.h>

#include "actors/core/scratch_dir.hpp"
#include "actors/ride_hailing/match_book.hpp"
#include "actors/ride_hailing/rider_workload.hpp"
#include "actors/ride_hailing/trip_store.hpp"

namespace sdsim::ride_hailing {
namespace {

City a_city() {
  City c;
  c.set_min_lat(37.6);
  c.set_max_lat(37.9);
  c.set_min_lon(-122.55);
  c.set_max_lon(-122.3);
  c.set_background_weight(1);
  return c;
}

struct warm_city {
  city_map map{a_city(), {}, 3000};
  fleet drivers{20000, fleet_config{{37.6, 37.9, -122.55, -122.3}, 8, core::from_s(4), 3, {}, 0}};
  std::vector<warm_ride> rides;
  explicit warm_city(double bookings_per_s) {
    warm_params p;
    p.bookings_per_s = bookings_per_s;
    p.customers = 1'000'000;
    p.seed = 9;
    rides = start_warm(p, map, surge_pricing(surge_config{}), 8, drivers);
  }
};

TEST(WarmStart, AsManyRidesAsLittlesLawGives) {
  const warm_city w(10);
  // Trips of ~3.6 km mean at 8 m/s (~7.5 min), plus a 4 s match and a short pickup: ~4,600
  // rides under way at 10 bookings a second, less the few still being matched.
  EXPECT_GT(w.rides.size(), 4300u);
  EXPECT_LT(w.rides.size(), 4900u);
}

TEST(WarmStart, EachRideIsCaughtOnItsWayWithItsHistoryBeforeTimeZero) {
  warm_city w(5);
  std::set<uint32_t> drivers;
  std::size_t in_trip = 0;
  for (std::size_t i = 0; i < w.rides.size(); ++i) {
    const auto& r = w.rides[i];
    EXPECT_EQ(r.id, i + 1);
    EXPECT_EQ(r.customer, rider_workload::customer_of_booking(i, 1'000'000));
    EXPECT_TRUE(drivers.insert(r.driver).second) << "a driver on two rides";
    EXPECT_LT(r.requested_at, r.matched_at);
    EXPECT_LE(r.matched_at, 0);
    EXPECT_GT(r.arrives_at, 0);
    const bool trip = r.state == trip_state::in_trip;
    in_trip += trip;
    EXPECT_EQ(w.drivers.state(r.driver), trip ? driver_state::on_trip : driver_state::en_route);
    if (trip) {
      EXPECT_LE(r.matched_at, r.picked_up_at);
    }
    // He gets closer to where he is heading.
    const geo_point goal = trip ? r.destination : r.pickup;
    const double now_m = distance_m(w.drivers.position(r.driver, 0), goal);
    EXPECT_LE(distance_m(w.drivers.position(r.driver, r.arrives_at / 2), goal), now_m + 1e-6);
    EXPECT_NEAR(distance_m(w.drivers.position(r.driver, r.arrives_at), goal), 0, 1);
  }
  // Pickups take seconds, trips minutes: nearly every ride is caught in its trip.
  EXPECT_GT(in_trip, w.rides.size() * 9 / 10);
}

TEST(WarmStart, TheStoreRecordsEachRideAsTheMovesThatBroughtItThere) {
  const warm_city w(1);
  core::scratch_dir dir("warm_start_test");
  std::string error;
  auto store = trip_store::open(dir.file("trips.sqlite"), &error);
  ASSERT_TRUE(store) << error;
  std::vector<trip_row> rows;
  ASSERT_TRUE(store->seed(w.rides, &rows).ok());
  ASSERT_EQ(rows.size(), w.rides.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].state, w.rides[i].state);
    EXPECT_EQ(rows[i].driver, uint64_t{w.rides[i].driver} + 1);
    EXPECT_EQ(rows[i].events, w.rides[i].state == trip_state::in_trip ? 5u : 3u);
  }
  std::vector<std::string> chain;
  store->db().query("SELECT from_state, to_state, who FROM trip_events WHERE trip_id = ? ORDER BY seq",
                    {rows.front().id}, [&](const core::sql_row& r) {
                      chain.push_back((r.is_null(0) ? "-" : std::string(r.text(0))) + ">" +
                                      std::string(r.text(1)) + " " + std::string(r.text(2)));
                    });
  ASSERT_GE(chain.size(), 3u);
  EXPECT_EQ(chain[0], "->requested rider");
  EXPECT_EQ(chain[1], "requested>matched system");
  EXPECT_EQ(chain[2], "matched>en_route driver");
  if (chain.size() == 5) {
    EXPECT_EQ(chain[4], "picked_up>in_trip driver");
  }
}

TEST(WarmStart, TheMatchBookSeatsRidesUnderWayOnce) {
  match_book book;
  EXPECT_TRUE(book.seat(1, 100));
  EXPECT_FALSE(book.seat(2, 100));  // the driver holds ride 1
  EXPECT_FALSE(book.seat(1, 200));  // ride 1 has its driver
  EXPECT_EQ(book.driver_of(1), 100u);
  EXPECT_EQ(book.accept(1, 300), offer_result::refused_taken);
  book.release(1);
  EXPECT_FALSE(book.busy(100));
  EXPECT_TRUE(book.consistent());
}

}  // namespace
}  // namespace sdsim::ride_hailing
