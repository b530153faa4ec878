// The matching invariant under contention: many rides and drivers, accepts and denies in
// random order — no driver ever holds two rides, no ride two drivers.
#include "actors/ride_hailing/match_book.hpp"

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"

namespace sdsim::ride_hailing {
namespace {

TEST(MatchBook, FirstAcceptWinsAndTheOthersAreRefused) {
  match_book m;
  EXPECT_EQ(m.open(1, {10, 11, 12, 13}, 3), (std::vector<uint64_t>{10, 11, 12}));
  EXPECT_EQ(m.accept(1, 11), offer_result::matched);
  EXPECT_EQ(m.accept(1, 10), offer_result::refused_taken);
  EXPECT_EQ(m.accept(1, 13), offer_result::refused_taken);  // never offered, and taken anyway
  EXPECT_EQ(*m.driver_of(1), 11u);
  EXPECT_EQ(*m.ride_of(11), 1u);
  EXPECT_TRUE(m.consistent());
}

TEST(MatchBook, DeniesMoveOnToTheNextBatchThenRunOut) {
  match_book m;
  EXPECT_EQ(m.open(1, {10, 11, 12}, 2), (std::vector<uint64_t>{10, 11}));
  EXPECT_EQ(m.deny(1, 10), offer_result::noted);
  EXPECT_EQ(m.accept(1, 12), offer_result::refused_unknown);  // not offered yet
  EXPECT_EQ(m.deny(1, 11), offer_result::next_batch);
  EXPECT_EQ(m.next_offer(1), (std::vector<uint64_t>{12}));
  EXPECT_EQ(m.deny(1, 12), offer_result::exhausted);
  m.close(1);
  EXPECT_EQ(m.open_requests(), 0u);
}

TEST(MatchBook, ADriverSeesOneOfferAtATimeAndBusyOnesAreSkipped) {
  match_book m;
  EXPECT_EQ(m.open(1, {10, 11}, 2), (std::vector<uint64_t>{10, 11}));
  EXPECT_EQ(m.open(2, {10, 12}, 2), (std::vector<uint64_t>{12}));  // 10 thinks about ride 1
  EXPECT_EQ(m.accept(2, 10), offer_result::refused_unknown);        // never offered ride 2
  EXPECT_EQ(m.accept(1, 10), offer_result::matched);
  EXPECT_EQ(m.accept(1, 11), offer_result::refused_taken);
  EXPECT_EQ(m.accept(2, 12), offer_result::matched);
  // 10 and 12 hold rides; 11's offer of ride 1 was withdrawn when 10 won it.
  EXPECT_EQ(m.open(3, {10, 11, 12, 14}, 2), (std::vector<uint64_t>{11, 14}));
  m.release(1);                      // ride 1 ended: driver 10 is free again
  EXPECT_FALSE(m.busy(10));
  EXPECT_EQ(m.open(4, {10}, 1), (std::vector<uint64_t>{10}));
  EXPECT_TRUE(m.consistent());
}

TEST(MatchBook, InvariantHoldsUnderRandomContention) {
  core::rng r(11);
  match_book m;
  std::vector<std::pair<uint64_t, uint64_t>> offers;  // (ride, driver) awaiting an answer
  uint64_t matched = 0, refused = 0;
  for (uint64_t ride = 1; ride <= 2000; ++ride) {
    // 50 drivers for 2000 rides: each driver is a candidate for many rides at once.
    std::vector<uint64_t> ranked;
    for (int i = 0; i < 6; ++i) ranked.push_back(r.below(50));
    for (auto d : m.open(ride, ranked, 3)) offers.emplace_back(ride, d);
    // Answer a random half of the pending offers (at least one), in random order.
    for (std::size_t n = (offers.size() + 1) / 2; n > 0; --n) {
      const std::size_t i = r.below(offers.size());
      const auto [ri, d] = offers[i];
      offers[i] = offers.back();
      offers.pop_back();
      const auto res = r.uniform() < 0.6 ? m.accept(ri, d) : m.deny(ri, d);
      if (res == offer_result::matched) ++matched;
      if (res == offer_result::refused_taken || res == offer_result::refused_busy) ++refused;
      if (res == offer_result::next_batch)
        for (auto nd : m.next_offer(ri)) offers.emplace_back(ri, nd);
      if (res == offer_result::exhausted) m.close(ri);
    }
    // Trips end and free their drivers.
    for (int i = 0; i < 2; ++i)
      if (auto busy_ride = m.ride_of(r.below(50))) m.release(*busy_ride);
    ASSERT_TRUE(m.consistent()) << "after ride " << ride;
  }
  // The contention was real: many matches, and many accepts that lost a race.
  EXPECT_GT(matched, 500u);
  EXPECT_GT(refused, 500u);
}

}  // namespace
}  // namespace sdsim::ride_hailing
