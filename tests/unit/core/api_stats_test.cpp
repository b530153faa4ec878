// A client's per-API record: conservation of requests, the warm-up exclusion, per-second
// series, the exported proto, and the outcome names and certainty flags reports rely on.
#include "actors/core/api_stats.hpp"

#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "actors/core/error_kind.hpp"

namespace sdsim::core {
namespace {

constexpr sim_ns ms = ns_per_ms;
constexpr sim_ns s = ns_per_s;

uint64_t sum_of_outcomes(const ApiMetrics& m) {
  uint64_t n = 0;
  for (const auto& c : m.outcomes()) n += c.count();
  return n;
}

TEST(ApiStats, SentEqualsOutcomesPlusInFlight) {
  api_stats a("queueing", "serve", 0);
  const outcome ends[] = {outcome::ok,      outcome::ok,           outcome::timeout,
                          outcome::ok,      outcome::rate_limited, outcome::node_down,
                          outcome::overloaded};
  for (int i = 0; i < 10; ++i) a.on_sent(i * ms);
  for (std::size_t i = 0; i < std::size(ends); ++i)
    a.on_outcome(static_cast<sim_ns>(i) * ms, static_cast<sim_ns>(i + 5) * ms, ends[i]);
  const uint64_t in_flight = 10 - std::size(ends);
  EXPECT_EQ(a.sent(), 10u);
  EXPECT_EQ(a.completed(), std::size(ends));
  EXPECT_EQ(a.sent(), a.completed() + in_flight);
  EXPECT_EQ(a.count(outcome::ok), 3u);
  EXPECT_EQ(a.count(outcome::timeout), 1u);
  EXPECT_EQ(a.count(outcome::invalid_argument), 0u);

  ApiMetrics m;
  a.to_proto(&m, in_flight);
  EXPECT_EQ(m.sent(), sum_of_outcomes(m) + m.in_flight_at_end());
}

TEST(ApiStats, WarmUpRequestsAreNotMeasured) {
  api_stats a("queueing", "serve", 10 * s);
  EXPECT_FALSE(a.measured(10 * s - 1));
  EXPECT_TRUE(a.measured(10 * s));
  a.on_sent(5 * s);
  a.on_outcome(5 * s, 11 * s, outcome::ok);       // replied inside the window, sent before
  a.on_outcome(9 * s, 12 * s, outcome::timeout);
  EXPECT_EQ(a.sent(), 0u);
  EXPECT_EQ(a.completed(), 0u);
  EXPECT_EQ(a.latency().count(), 0u);
  a.on_sent(10 * s);
  a.on_outcome(10 * s, 10 * s + 4 * ms, outcome::ok);
  EXPECT_EQ(a.sent(), 1u);
  EXPECT_EQ(a.completed(), 1u);
  EXPECT_EQ(a.latency().count(), 1u);
  EXPECT_EQ(a.latency().max(), 4 * ms);
}

TEST(ApiStats, LatencyRecordsOkOutcomesOnly) {
  api_stats a("d", "api", 0);
  a.on_outcome(0, 3 * ms, outcome::ok);
  a.on_outcome(0, 30 * s, outcome::timeout);
  a.on_outcome(0, 1 * ms, outcome::not_found);
  EXPECT_EQ(a.latency().count(), 1u);
  EXPECT_EQ(a.latency().min(), 3 * ms);
  EXPECT_EQ(a.latency().max(), 3 * ms);
}

TEST(ApiStats, PerSecondSeriesIndexedByTheSecondOfTheReply) {
  api_stats a("d", "api", 100 * s);
  a.on_outcome(100 * s, 100 * s + 500 * ms, outcome::ok);   // second 0, 500 ms
  a.on_outcome(100 * s + 900 * ms, 101 * s + 100 * ms, outcome::ok);  // second 1, 200 ms
  a.on_outcome(101 * s, 101 * s + 300 * ms, outcome::ok);   // second 1, 300 ms
  a.on_outcome(102 * s, 103 * s + 10 * ms, outcome::ok);    // second 3, 1010 ms
  a.on_outcome(102 * s, 105 * s, outcome::timeout);         // errors are not in the series
  ApiMetrics m;
  a.to_proto(&m, 0);
  ASSERT_EQ(m.per_second_count_size(), 4);
  ASSERT_EQ(m.per_second_latency_sum_ns_size(), 4);
  EXPECT_EQ(m.per_second_count(0), 1u);
  EXPECT_EQ(m.per_second_count(1), 2u);
  EXPECT_EQ(m.per_second_count(2), 0u);
  EXPECT_EQ(m.per_second_count(3), 1u);
  EXPECT_EQ(m.per_second_latency_sum_ns(0), 500.0 * ms);
  EXPECT_EQ(m.per_second_latency_sum_ns(1), 500.0 * ms);
  EXPECT_EQ(m.per_second_latency_sum_ns(2), 0);
  EXPECT_EQ(m.per_second_latency_sum_ns(3), 1010.0 * ms);
}

TEST(ApiStats, ProtoCarriesEveryCounter) {
  api_stats a("queueing", "serve", 0);
  for (int i = 0; i < 5; ++i) a.on_sent(i * ms);
  a.on_outcome(0, 2 * ms, outcome::ok);
  a.on_outcome(1 * ms, 5 * ms, outcome::ok);
  a.on_outcome(2 * ms, 9 * ms, outcome::shard_down);
  a.on_late_reply();
  a.on_late_arrival();
  a.on_late_arrival();
  ApiMetrics m;
  a.to_proto(&m, 2);
  EXPECT_EQ(m.design(), "queueing");
  EXPECT_EQ(m.api(), "serve");
  EXPECT_EQ(m.sent(), 5u);
  EXPECT_EQ(m.in_flight_at_end(), 2u);
  EXPECT_EQ(m.late_replies(), 1u);
  EXPECT_EQ(m.late_arrivals(), 2u);
  // Only outcomes that happened are listed, by name.
  ASSERT_EQ(m.outcomes_size(), 2);
  EXPECT_EQ(m.outcomes(0).kind(), "ok");
  EXPECT_EQ(m.outcomes(0).count(), 2u);
  EXPECT_EQ(m.outcomes(1).kind(), "shard_down");
  EXPECT_EQ(m.outcomes(1).count(), 1u);
  EXPECT_EQ(m.latency_ns().total(), 2u);
  EXPECT_EQ(m.latency_ns().min(), 2 * ms);
  EXPECT_EQ(m.latency_ns().max(), 4 * ms);
  EXPECT_EQ(m.latency_ns().sum(), 6.0 * ms);
}

TEST(ErrorKind, NamesRoundTripAndAreUnique) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < outcome_count; ++i) {
    const auto o = static_cast<outcome>(i);
    const auto n = name(o);
    EXPECT_FALSE(n.empty()) << i;
    EXPECT_EQ(n.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << n;
    EXPECT_TRUE(names.insert(std::string{n}).second) << "duplicate " << n;
    const auto back = outcome_from_name(n);
    ASSERT_TRUE(back) << n;
    EXPECT_EQ(*back, o) << n;
    EXPECT_EQ(is_definite(*back), is_definite(o)) << n;
  }
  EXPECT_EQ(names.size(), outcome_count);
}

TEST(ErrorKind, UnknownNamesAreRefused) {
  EXPECT_FALSE(outcome_from_name(""));
  EXPECT_FALSE(outcome_from_name("OK"));
  EXPECT_FALSE(outcome_from_name("time_out"));
  EXPECT_FALSE(outcome_from_name("ok "));
}

TEST(ErrorKind, DefiniteAndIndefiniteKinds) {
  EXPECT_EQ(name(outcome::ok), "ok");
  EXPECT_EQ(name(outcome::rate_limited), "rate_limited");
  EXPECT_EQ(name(outcome::io_error), "io_error");
  for (auto o : {outcome::ok, outcome::invalid_argument, outcome::malformed_request,
                 outcome::too_large, outcome::unauthenticated, outcome::rate_limited,
                 outcome::not_found, outcome::expired, outcome::overloaded, outcome::storage_full,
                 outcome::not_supported})
    EXPECT_TRUE(is_definite(o)) << name(o);
  for (auto o : {outcome::timeout, outcome::node_down, outcome::shard_down, outcome::io_error})
    EXPECT_FALSE(is_definite(o)) << name(o);
}

}  // namespace
}  // namespace sdsim::core
