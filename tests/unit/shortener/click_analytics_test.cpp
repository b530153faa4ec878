// Tests for actors/shortener/click_analytics.hpp: exact counts while the keys fit, the
// Space-Saving replacement rule and its error bounds, and the true top 10 of a Zipf stream.
#include "actors/shortener/click_analytics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "actors/core/rng.hpp"
#include "actors/core/zipf.hpp"

namespace sdsim::shortener {
namespace {

using entry = click_analytics::entry;

// Exact counts, sorted as top() sorts: count descending, then key ascending.
std::vector<std::pair<std::string, uint64_t>> ranked(const std::map<std::string, uint64_t>& c) {
  std::vector<std::pair<std::string, uint64_t>> v(c.begin(), c.end());
  std::stable_sort(v.begin(), v.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return v;
}

// Checks invariants (3), (4) and (5) against the true counts.
void expect_bounds(const click_analytics& a, const std::map<std::string, uint64_t>& truth) {
  uint64_t sum = 0;
  for (const entry& e : a.top(a.size())) sum += e.count;
  EXPECT_EQ(sum, a.total());
  for (const auto& [key, true_count] : truth) {
    if (a.count(key) == 0) {
      EXPECT_LE(true_count, a.min_count()) << key;
      continue;
    }
    EXPECT_LE(a.count(key) - a.max_error(key), true_count) << key;
    EXPECT_GE(a.count(key), true_count) << key;
  }
}

TEST(ClickAnalyticsTest, ExactWhileDistinctKeysFitTheCapacity) {
  click_analytics a(64);
  std::map<std::string, uint64_t> truth;
  core::rng r(7);
  for (int i = 0; i < 20'000; ++i) {
    const std::string key = "k" + std::to_string(r.below(64));
    a.record(key);
    ++truth[key];
  }
  EXPECT_EQ(a.total(), 20'000u);
  EXPECT_EQ(a.size(), truth.size());
  EXPECT_EQ(a.min_count(), 0u);  // nothing was ever evicted
  const auto expected = ranked(truth);
  const auto got = a.top(1000);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i], (entry{expected[i].first, expected[i].second, 0})) << i;
    EXPECT_EQ(a.count(got[i].key), expected[i].second);
  }
  EXPECT_EQ(a.count("absent"), 0u);
  expect_bounds(a, truth);
}

TEST(ClickAnalyticsTest, TopBreaksTiesByKeyAndTruncates) {
  click_analytics a(10);
  for (const char* k : {"c", "b", "a", "b", "c", "d"}) a.record(k);
  EXPECT_EQ(a.top(10), (std::vector<entry>{{"b", 2, 0}, {"c", 2, 0}, {"a", 1, 0}, {"d", 1, 0}}));
  EXPECT_EQ(a.top(1), (std::vector<entry>{{"b", 2, 0}}));
  EXPECT_TRUE(a.top(0).empty());
  EXPECT_TRUE(click_analytics(3).top(5).empty());
}

TEST(ClickAnalyticsTest, NewKeyReplacesTheMinimumAndInheritsItsCount) {
  click_analytics a(2);
  for (const char* k : {"a", "a", "a", "b", "b"}) a.record(k);
  a.record("c");  // full: c takes b's place with 2 + 1, of which 2 may be b's
  EXPECT_EQ(a.count("b"), 0u);
  EXPECT_EQ(a.count("c"), 3u);
  EXPECT_EQ(a.max_error("c"), 2u);
  EXPECT_EQ(a.min_count(), 3u);
  // Ties at the minimum evict the larger key, so the outcome never depends on hashing.
  a.record("d");  // a=3, c=3: c goes, d = 4 with error 3
  EXPECT_EQ(a.top(2), (std::vector<entry>{{"d", 4, 3}, {"a", 3, 0}}));
  EXPECT_EQ(a.total(), 7u);
  EXPECT_EQ(a.size(), 2u);
  EXPECT_EQ(a.capacity(), 2u);
}

TEST(ClickAnalyticsTest, BoundsHoldWhenKeysFarExceedTheCapacity) {
  click_analytics a(50);
  std::map<std::string, uint64_t> truth;
  core::rng r(11);
  for (int i = 0; i < 50'000; ++i) {
    // Half the clicks on 5 hot keys, the rest spread over 5000.
    const std::string key =
        r.uniform() < 0.5 ? "hot" + std::to_string(r.below(5)) : "cold" + std::to_string(r.below(5000));
    a.record(key);
    ++truth[key];
  }
  EXPECT_EQ(a.size(), 50u);
  expect_bounds(a, truth);
  EXPECT_LE(a.min_count(), a.total() / a.capacity());  // the Space-Saving guarantee
  // Each hot key has about 5000 clicks, far above total / capacity = 1000: all monitored.
  const auto top5 = a.top(5);
  for (const entry& e : top5) EXPECT_EQ(e.key.rfind("hot", 0), 0u) << e.key;
}

TEST(ClickAnalyticsTest, SameStreamSameReport) {
  click_analytics a(20), b(20);
  core::rng r(3);
  for (int i = 0; i < 10'000; ++i) {
    const std::string key = std::to_string(r.below(300));
    a.record(key);
    b.record(key);
  }
  EXPECT_EQ(a.top(20), b.top(20));
}

TEST(ClickAnalyticsTest, ZipfTopTenIsExactInOrderWithinErrorBounds) {
  constexpr uint64_t keys = 100'000;
  constexpr int clicks = 1'000'000;
  click_analytics a(1000);
  std::vector<uint64_t> truth(keys + 1, 0);
  core::rng r(2024);
  const core::zipf_sampler zipf(1.0);
  for (int i = 0; i < clicks; ++i) {
    const uint64_t rank = zipf.sample(r, keys);
    ++truth[rank];
    a.record("key" + std::to_string(rank));
  }
  std::map<std::string, uint64_t> exact;
  for (uint64_t k = 1; k <= keys; ++k)
    if (truth[k] > 0) exact["key" + std::to_string(k)] = truth[k];
  const auto expected = ranked(exact);
  const auto got = a.top(10);
  ASSERT_EQ(got.size(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(got[i].key, expected[i].first) << "rank " << i;
    EXPECT_GE(got[i].count, exact[got[i].key]);
    EXPECT_LE(got[i].count - got[i].max_error, exact[got[i].key]);
  }
  EXPECT_EQ(a.total(), static_cast<uint64_t>(clicks));
  EXPECT_EQ(a.size(), 1000u);
}

}  // namespace
}  // namespace sdsim::shortener
