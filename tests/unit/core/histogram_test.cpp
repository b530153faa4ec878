// The latency histogram: its quantiles against exact ones from sorted data, exactness where it
// promises it (small values, min, max, mean), merge and serialization.
#include "actors/core/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "actors/core/rng.hpp"

namespace sdsim::core {
namespace {

// Lognormal latencies around 2 ms with a heavy tail, in ns.
std::vector<int64_t> lognormal_ns(int n, uint64_t seed) {
  rng r(seed);
  std::vector<int64_t> v;
  v.reserve(n);
  for (int i = 0; i < n; ++i)
    v.push_back(static_cast<int64_t>(std::llround(std::exp(std::log(2e6) + 1.2 * r.normal()))));
  return v;
}

// The smallest recorded value with at least ceil(q * n) values at or below it.
double exact_quantile(std::vector<int64_t> sorted, double q) {
  std::sort(sorted.begin(), sorted.end());
  const auto rank = std::max<std::size_t>(
      1, static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size()))));
  return static_cast<double>(sorted[rank - 1]);
}

void expect_same(const histogram& a, const histogram& b) {
  HistogramData pa, pb;
  a.to_proto(&pa);
  b.to_proto(&pb);
  EXPECT_EQ(pa.SerializeAsString(), pb.SerializeAsString())
      << pa.ShortDebugString() << "\n vs \n" << pb.ShortDebugString();
  for (double q : {0.0, 0.1, 0.5, 0.9, 0.99, 0.999, 1.0})
    EXPECT_EQ(a.quantile(q), b.quantile(q)) << "q " << q;
}

TEST(Histogram, EmptyReportsZeros) {
  histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), 0);
  EXPECT_EQ(h.mean(), 0);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  for (double q : {0.0, 0.5, 0.99, 1.0}) EXPECT_EQ(h.quantile(q), 0);
}

TEST(Histogram, QuantilesWithinOnePercentOfExactOnes) {
  const auto values = lognormal_ns(200'000, 11);
  histogram h;
  for (auto v : values) h.record(v);
  for (double q : {0.001, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 0.9999, 1.0}) {
    const double exact = exact_quantile(values, q);
    EXPECT_NEAR(h.quantile(q), exact, 0.01 * exact) << "q " << q;
    // The documented bound is tighter still: half a sub-bucket, 1/256.
    EXPECT_NEAR(h.quantile(q), exact, exact / 256 + 1) << "q " << q;
  }
}

TEST(Histogram, ExactBelow128) {
  histogram h;
  for (int64_t v = 0; v < 128; ++v) {
    EXPECT_EQ(histogram::bucket_of(v), static_cast<uint32_t>(v));
    EXPECT_EQ(histogram::bucket_value(static_cast<uint32_t>(v)), static_cast<double>(v));
    h.record(v, 2);
  }
  for (int64_t v = 0; v < 128; ++v)
    EXPECT_EQ(h.quantile((v + 1) / 128.0), static_cast<double>(v)) << "value " << v;
}

TEST(Histogram, EveryValueFallsInABucketWhoseRepresentativeIsClose) {
  rng r(12);
  for (int i = 0; i < 100'000; ++i) {
    // Values spread over all magnitudes below 2^50.
    const int exponent = static_cast<int>(r.below(50));
    const auto v = static_cast<int64_t>(r.below(uint64_t{1} << exponent)) + (int64_t{1} << exponent);
    const double rep = histogram::bucket_value(histogram::bucket_of(v));
    ASSERT_NEAR(rep, static_cast<double>(v), static_cast<double>(v) / 256 + 0.5) << v;
  }
  // Buckets are ordered like the values they hold.
  for (int64_t v = 1; v < (int64_t{1} << 20); v += 37)
    ASSERT_LE(histogram::bucket_of(v - 1), histogram::bucket_of(v)) << v;
}

TEST(Histogram, MinMaxMeanAndSumAreExact) {
  histogram h;
  for (int64_t v : {int64_t{1'234'567}, int64_t{89}, int64_t{7'654'321'000}, int64_t{3}})
    h.record(v);
  h.record(1000, 3);
  EXPECT_EQ(h.count(), 7u);
  EXPECT_EQ(h.min(), 3);
  EXPECT_EQ(h.max(), 7'654'321'000);
  const double sum = 1'234'567.0 + 89 + 7'654'321'000.0 + 3 + 3000;
  EXPECT_EQ(h.sum(), sum);
  EXPECT_EQ(h.mean(), sum / 7);
  // The extremes are reported exactly, not as bucket midpoints.
  EXPECT_EQ(h.quantile(0), 3);
  EXPECT_EQ(h.quantile(1), 7'654'321'000);
}

TEST(Histogram, NegativeValuesAreClampedToZeroAndZeroCountIgnored) {
  histogram h;
  h.record(-5);
  h.record(42, 0);
  EXPECT_EQ(h.count(), 1u);
  EXPECT_EQ(h.min(), 0);
  EXPECT_EQ(h.max(), 0);
  EXPECT_EQ(h.sum(), 0);
}

TEST(Histogram, HugeValuesShareTheTopBucketButMaxStaysExact) {
  const int64_t two50 = int64_t{1} << 50;
  const uint32_t top = histogram::bucket_of(std::numeric_limits<int64_t>::max());
  EXPECT_EQ(histogram::bucket_of(two50), top);
  EXPECT_EQ(histogram::bucket_of(two50 * 64), top);
  EXPECT_LT(histogram::bucket_of(two50 / 2), top);

  histogram h;
  h.record(two50);
  h.record(two50 * 8);
  h.record(1000);
  EXPECT_EQ(h.max(), two50 * 8);
  EXPECT_EQ(h.min(), 1000);
  EXPECT_EQ(h.sum(), 9.0 * static_cast<double>(two50) + 1000);
  // A quantile never leaves [min, max], even from the shared top bucket.
  EXPECT_GE(h.quantile(1.0), static_cast<double>(two50) * (1 - 1.0 / 256));
  EXPECT_LE(h.quantile(1.0), static_cast<double>(h.max()));

  HistogramData p;
  h.to_proto(&p);
  EXPECT_EQ(p.max(), two50 * 8);
  EXPECT_EQ(histogram::from_proto(p).max(), two50 * 8);
}

TEST(Histogram, MergeEqualsRecordingEverythingIntoOne) {
  const auto a_values = lognormal_ns(20'000, 13);
  const auto b_values = lognormal_ns(30'000, 14);
  histogram a, b, all;
  for (auto v : a_values) {
    a.record(v);
    all.record(v);
  }
  for (auto v : b_values) {
    b.record(v);
    all.record(v);
  }
  b.record(5, 7);
  all.record(5, 7);
  histogram merged = a;
  merged.merge(b);
  expect_same(merged, all);

  // Merging into or from an empty histogram changes nothing but what was recorded.
  histogram empty;
  histogram from_empty;
  from_empty.merge(all);
  expect_same(from_empty, all);
  histogram copy = all;
  copy.merge(empty);
  expect_same(copy, all);
}

TEST(Histogram, ProtoRoundTrip) {
  histogram h;
  for (auto v : lognormal_ns(10'000, 15)) h.record(v);
  h.record(0);
  h.record(int64_t{1} << 52);
  HistogramData p;
  h.to_proto(&p);
  EXPECT_EQ(p.total(), h.count());
  EXPECT_EQ(p.index_size(), p.count_size());
  uint64_t bucket_total = 0;
  for (auto c : p.count()) {
    EXPECT_GT(c, 0u);  // sparse: empty buckets are not sent
    bucket_total += c;
  }
  EXPECT_EQ(bucket_total, h.count());

  const histogram back = histogram::from_proto(p);
  EXPECT_EQ(back.count(), h.count());
  EXPECT_EQ(back.sum(), h.sum());
  EXPECT_EQ(back.min(), h.min());
  EXPECT_EQ(back.max(), h.max());
  expect_same(back, h);

  // An empty histogram round-trips to an empty one.
  HistogramData e;
  histogram{}.to_proto(&e);
  EXPECT_EQ(histogram::from_proto(e).count(), 0u);
}

TEST(Histogram, FromProtoIgnoresIndicesOutOfRange) {
  HistogramData p;
  p.add_index(5);
  p.add_count(2);
  p.add_index(4'000'000'000u);
  p.add_count(9);
  p.set_total(2);
  p.set_sum(10);
  p.set_min(5);
  p.set_max(5);
  const histogram h = histogram::from_proto(p);
  EXPECT_EQ(h.quantile(1.0), 5);
  EXPECT_EQ(h.count(), 2u);
}

}  // namespace
}  // namespace sdsim::core
