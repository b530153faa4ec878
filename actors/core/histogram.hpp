// A fixed-memory log-linear histogram of non-negative integers (latencies in ns), mergeable.
#pragma once

#include <cstdint>
#include <vector>

#include "actors/core/metrics.pb.h"

namespace sdsim::core {

/// Log-linear buckets: exact below 128, then 128 equal sub-buckets per power of two, so a
/// reported percentile is within 1/256 (0.4 %) of a recorded value. Values above 2^50 (13 days
/// in ns) share the top bucket; min, max and the sum stay exact.
/// Not thread-safe; merge copies instead of sharing.
class histogram {
 public:
  histogram();

  /// Records `value` (clamped at 0) `n` times.
  void record(int64_t value, uint64_t n = 1);

  /// Adds every count of `other` (exact: both share one bucket layout).
  void merge(const histogram& other);

  /// The value at quantile q in [0, 1]: the representative of the bucket holding it.
  double quantile(double q) const;

  uint64_t count() const { return total_; }
  double sum() const { return sum_; }
  double mean() const { return total_ == 0 ? 0 : sum_ / static_cast<double>(total_); }
  int64_t min() const { return total_ == 0 ? 0 : min_; }
  int64_t max() const { return total_ == 0 ? 0 : max_; }

  /// Sparse serialization for sending between actors and nodes.
  void to_proto(HistogramData* out) const;

  /// The inverse of `to_proto`; indices out of range are ignored.
  static histogram from_proto(const HistogramData& in);

  /// Bucket index of a value (exposed for tests).
  static uint32_t bucket_of(int64_t value);

  /// Representative value of a bucket: its midpoint.
  static double bucket_value(uint32_t index);

 private:
  std::vector<uint64_t> counts_;
  uint64_t total_ = 0;
  double sum_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

}  // namespace sdsim::core
