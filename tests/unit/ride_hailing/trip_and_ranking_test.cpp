#include <gtest/gtest.h>

#include "actors/ride_hailing/driver_ranking.hpp"
#include "actors/ride_hailing/trip_lifecycle.hpp"

namespace sdsim::ride_hailing {
namespace {

using s = trip_state;

TEST(TripLifecycle, TheHappyPath) {
  EXPECT_TRUE(legal(s::requested, s::matched, trip_actor::system));
  EXPECT_TRUE(legal(s::matched, s::en_route, trip_actor::driver));
  EXPECT_TRUE(legal(s::en_route, s::picked_up, trip_actor::driver));
  EXPECT_TRUE(legal(s::picked_up, s::in_trip, trip_actor::driver));
  EXPECT_TRUE(legal(s::in_trip, s::completed, trip_actor::driver));
}

TEST(TripLifecycle, NoSkippingNoGoingBackNoLeavingTheEnd) {
  EXPECT_FALSE(legal(s::requested, s::en_route, trip_actor::driver));
  EXPECT_FALSE(legal(s::matched, s::in_trip, trip_actor::driver));
  EXPECT_FALSE(legal(s::in_trip, s::picked_up, trip_actor::driver));
  EXPECT_FALSE(legal(s::en_route, s::picked_up, trip_actor::rider));  // the driver says so
  for (auto to : {s::requested, s::matched, s::en_route, s::picked_up, s::in_trip, s::completed,
                  s::cancelled})
    for (auto who : {trip_actor::rider, trip_actor::driver, trip_actor::system}) {
      EXPECT_FALSE(legal(s::completed, to, who)) << name(to);
      EXPECT_FALSE(legal(s::cancelled, to, who)) << name(to);
    }
}

TEST(TripLifecycle, WhoMayCancelWhen) {
  EXPECT_TRUE(legal(s::requested, s::cancelled, trip_actor::rider));
  EXPECT_TRUE(legal(s::picked_up, s::cancelled, trip_actor::rider));
  EXPECT_FALSE(legal(s::in_trip, s::cancelled, trip_actor::rider));   // only completes now
  EXPECT_TRUE(legal(s::en_route, s::cancelled, trip_actor::driver));
  EXPECT_FALSE(legal(s::picked_up, s::cancelled, trip_actor::driver));
  EXPECT_TRUE(legal(s::requested, s::cancelled, trip_actor::system)); // no driver found
  EXPECT_FALSE(legal(s::matched, s::cancelled, trip_actor::system));
}

TEST(TripLifecycle, StatesThatHoldADriver) {
  EXPECT_FALSE(holds_driver(s::requested));
  EXPECT_TRUE(holds_driver(s::matched));
  EXPECT_TRUE(holds_driver(s::in_trip));
  EXPECT_FALSE(holds_driver(s::completed));
  EXPECT_TRUE(terminal(s::cancelled));
}

TEST(DriverRanking, NearestFirstThenBetterRatedAmongAboutAsNear) {
  // 8 m/s: 400 m is 50 s, 460 m is 57.5 s (same minute), 900 m is 112.5 s.
  const std::vector<driver_hit> nearby{{1, 400}, {2, 460}, {3, 900}, {4, 460}};
  const auto r = rank(nearby, {4.2, 4.9, 5.0, 4.9}, 8);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].driver, 2u);   // 4.9, within the first minute
  EXPECT_EQ(r[1].driver, 4u);   // 4.9 too: ties by id
  EXPECT_EQ(r[2].driver, 1u);   // 4.2
  EXPECT_EQ(r[3].driver, 3u);   // the best rated, but a minute farther
  EXPECT_DOUBLE_EQ(r[0].eta_s, 57.5);
  const auto unrated = rank({{9, 100}}, {}, 8);
  EXPECT_DOUBLE_EQ(unrated[0].rating, 4.5);
}

}  // namespace
}  // namespace sdsim::ride_hailing
