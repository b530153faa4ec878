#include "actors/ride_hailing/trip_store.hpp"

#include <gtest/gtest.h>

#include "actors/core/scratch_dir.hpp"

namespace sdsim::ride_hailing {
namespace {

using core::from_s;

struct opened {
  core::scratch_dir dir{"trip_store_test"};
  std::unique_ptr<trip_store> store;
  opened() {
    std::string error;
    store = trip_store::open(dir.file("trips.sqlite"), &error);
    EXPECT_TRUE(store) << error;
  }
};

trip_row a_trip(uint64_t id, uint64_t customer) {
  trip_row t;
  t.id = id;
  t.customer = customer;
  t.source = {37.78, -122.41};
  t.destination = {37.75, -122.43};
  t.fare = 12.5;
  return t;
}

TEST(TripStore, EveryMoveIsARowUpdateAndAnEventInOrder) {
  opened o;
  auto t = a_trip(1, 7);
  ASSERT_TRUE(o.store->create(t, from_s(1)).ok());
  t.driver = 42;
  ASSERT_TRUE(o.store->move(t, trip_state::matched, trip_actor::system, from_s(2)).ok());
  ASSERT_TRUE(o.store->move(t, trip_state::en_route, trip_actor::driver, from_s(3)).ok());
  EXPECT_EQ(t.state, trip_state::en_route);
  EXPECT_EQ(t.events, 3u);
  std::vector<std::string> chain;
  o.store->db().query("SELECT seq, from_state, to_state, who FROM trip_events ORDER BY seq", {},
                      [&](const core::sql_row& r) {
                        chain.push_back(std::to_string(r.integer(0)) + " " +
                                        (r.is_null(1) ? "-" : std::string(r.text(1))) + ">" +
                                        std::string(r.text(2)) + " " + std::string(r.text(3)));
                      });
  EXPECT_EQ(chain, (std::vector<std::string>{"1 ->requested rider", "2 requested>matched system",
                                             "3 matched>en_route driver"}));
  std::string state;
  int64_t driver = 0, cabs = 0;
  o.store->db().query("SELECT state, driver_id FROM trips WHERE id = 1", {},
                      [&](const core::sql_row& r) {
                        state = r.text(0);
                        driver = r.integer(1);
                      });
  o.store->db().query("SELECT COUNT(*) FROM cabs", {}, [&](const core::sql_row& r) { cabs = r.integer(0); });
  EXPECT_EQ(state, "en_route");
  EXPECT_EQ(driver, 42);
  EXPECT_EQ(cabs, 1);  // the driver's cab, recorded when he was first matched
}

TEST(TripStore, MovesAlongAPathAreOneCommitWithAnEventEach) {
  opened o;
  auto t = a_trip(2, 8);
  ASSERT_TRUE(o.store->create(t, 0).ok());
  t.driver = 3;
  ASSERT_TRUE(o.store->move_along(t, {trip_state::matched, trip_state::en_route}, trip_actor::driver, 1).ok());
  const uint64_t before = core::sqlite_store::statements_run();
  ASSERT_TRUE(o.store->move_along(t, {trip_state::picked_up, trip_state::in_trip}, trip_actor::driver, 2).ok());
  // BEGIN, an update and an event a step, COMMIT.
  EXPECT_EQ(core::sqlite_store::statements_run() - before, 6u);
  EXPECT_EQ(t.state, trip_state::in_trip);
  EXPECT_EQ(t.events, 5u);
  int64_t events = 0;
  o.store->db().query("SELECT COUNT(*) FROM trip_events WHERE trip_id = 2 AND at_ns = 2", {},
                      [&](const core::sql_row& r) { events = r.integer(0); });
  EXPECT_EQ(events, 2);
}

TEST(TripStore, ARatingIsStoredOnceAndOnlyOneToFive) {
  opened o;
  auto t = a_trip(3, 9);
  ASSERT_TRUE(o.store->create(t, 0).ok());
  t.driver = 5;
  ASSERT_TRUE(o.store->move(t, trip_state::matched, trip_actor::system, 1).ok());
  ASSERT_TRUE(o.store->paid(t, true, 2).ok());
  EXPECT_TRUE(t.paid && t.settled);
  EXPECT_FALSE(o.store->rate(t, 6, "", 3).ok());  // the table's CHECK refuses it
  EXPECT_FALSE(t.rated);
  ASSERT_TRUE(o.store->rate(t, 5, "great", 3).ok());
  EXPECT_TRUE(t.rated);
  EXPECT_FALSE(o.store->rate(t, 4, "again", 4).ok());  // one rating per trip
}

TEST(TripStore, ACommittedTripSurvivesReopening) {
  core::scratch_dir dir("trip_store_reopen");
  std::string error;
  {
    auto s = trip_store::open(dir.file("t.sqlite"), &error);
    auto t = a_trip(11, 1);
    ASSERT_TRUE(s->create(t, 0).ok());
  }
  auto s = trip_store::open(dir.file("t.sqlite"), &error);
  int64_t n = 0;
  s->db().query("SELECT COUNT(*) FROM trips WHERE id = 11", {},
                [&](const core::sql_row& r) { n = r.integer(0); });
  EXPECT_EQ(n, 1);
  EXPECT_TRUE(s->db().integrity_check());
}

// What a trip service spawned again on its node's return holds: every trip as it was
// committed, state, driver, event count, payment and rating included.
TEST(TripStore, LoadGivesBackEveryTripAsCommitted) {
  core::scratch_dir dir("trip_store_load");
  std::string error;
  {
    auto s = trip_store::open(dir.file("t.sqlite"), &error);
    auto waiting = a_trip(1, 7);
    waiting.requested_at = from_s(3);
    ASSERT_TRUE(s->create(waiting, from_s(3)).ok());
    auto done = a_trip(2, 8);
    ASSERT_TRUE(s->create(done, from_s(1)).ok());
    done.driver = 42;
    ASSERT_TRUE(s->move_along(done, {trip_state::matched, trip_state::en_route,
                                     trip_state::picked_up, trip_state::in_trip,
                                     trip_state::completed},
                              trip_actor::driver, from_s(2)).ok());
    ASSERT_TRUE(s->paid(done, true, from_s(4)).ok());
    ASSERT_TRUE(s->rate(done, 4, "", from_s(5)).ok());
  }
  auto s = trip_store::open(dir.file("t.sqlite"), &error);
  std::vector<trip_row> rows;
  ASSERT_TRUE(s->load(&rows).ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].id, 1u);
  EXPECT_EQ(rows[0].state, trip_state::requested);
  EXPECT_EQ(rows[0].driver, 0u);
  EXPECT_EQ(rows[0].events, 1u);
  EXPECT_EQ(rows[0].requested_at, from_s(3));
  EXPECT_FALSE(rows[0].settled);
  EXPECT_EQ(rows[1].state, trip_state::completed);
  EXPECT_EQ(rows[1].driver, 42u);
  EXPECT_EQ(rows[1].events, 6u);
  EXPECT_DOUBLE_EQ(rows[1].fare, 12.5);
  EXPECT_TRUE(rows[1].settled && rows[1].paid && rows[1].rated);
  RatingTotals totals;
  ASSERT_TRUE(s->rating_totals(&totals).ok());
  ASSERT_EQ(totals.driver_size(), 1);
  EXPECT_EQ(totals.driver(0), 42u);
  EXPECT_EQ(totals.stars(0), 4u);
  EXPECT_EQ(totals.count(0), 1u);
}

TEST(TripStore, TraceListsTheQuoteEveryMoveThePaymentAndTheRatingInTimeOrder) {
  opened o;
  auto t = a_trip(1, 7);
  t.surge = 1.5;
  ASSERT_TRUE(o.store->create(t, from_s(1)).ok());
  t.driver = 42;
  ASSERT_TRUE(o.store->move(t, trip_state::matched, trip_actor::system, from_s(2)).ok());
  ASSERT_TRUE(o.store->move(t, trip_state::en_route, trip_actor::driver, from_s(3)).ok());
  ASSERT_TRUE(o.store->move(t, trip_state::picked_up, trip_actor::driver, from_s(4)).ok());
  ASSERT_TRUE(o.store->move(t, trip_state::in_trip, trip_actor::driver, from_s(4)).ok());
  ASSERT_TRUE(o.store->move(t, trip_state::completed, trip_actor::driver, from_s(9)).ok());
  ASSERT_TRUE(o.store->paid(t, true, from_s(10)).ok());
  ASSERT_TRUE(o.store->rate(t, 4, "", from_s(11)).ok());
  auto other = a_trip(2, 8);
  ASSERT_TRUE(o.store->create(other, from_s(5)).ok());
  ASSERT_TRUE(o.store->move(other, trip_state::cancelled, trip_actor::rider, from_s(6), "changed plans").ok());

  const auto hops = o.store->trace(1);
  std::vector<std::string> what;
  for (const auto& h : hops) what.push_back(h.what);
  EXPECT_EQ(what, (std::vector<std::string>{"quote", "requested", "matched", "en_route", "picked_up",
                                            "in_trip", "completed", "payment confirmed", "rated"}));
  EXPECT_EQ(hops[0].at, from_s(1));  // the quote came with the request
  EXPECT_EQ(hops[0].detail, "surge 1.50x, fare 12.50");
  EXPECT_EQ(hops[2].detail, "by system, driver 42");
  EXPECT_EQ(hops[8].at, from_s(11));
  EXPECT_EQ(hops[8].detail, "4 stars");

  const auto cancelled = o.store->trace(2);
  ASSERT_EQ(cancelled.size(), 3u);
  EXPECT_EQ(cancelled[2].detail, "by rider: changed plans");
  EXPECT_TRUE(o.store->trace(99).empty());
}

}  // namespace
}  // namespace sdsim::ride_hailing
