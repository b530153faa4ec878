// Log-linear bucketing in the manner of HdrHistogram, with 7 bits of sub-bucket precision.
#include "actors/core/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::core {
namespace {

constexpr int sub_bits = 7;
constexpr int64_t sub_count = int64_t{1} << sub_bits;  // 128
constexpr int max_exponent = 50;
constexpr uint32_t bucket_count = sub_count + (max_exponent - sub_bits) * sub_count;

int floor_log2(uint64_t v) { return 63 - __builtin_clzll(v); }

}  // namespace

histogram::histogram() : counts_(bucket_count, 0) {}

uint32_t histogram::bucket_of(int64_t value) {
  if (value < sub_count) return static_cast<uint32_t>(std::max<int64_t>(value, 0));
  const int e = floor_log2(static_cast<uint64_t>(value));
  if (e >= max_exponent) return bucket_count - 1;
  const auto sub = static_cast<uint32_t>((value >> (e - sub_bits)) & (sub_count - 1));
  return static_cast<uint32_t>(sub_count + (e - sub_bits) * sub_count) + sub;
}

double histogram::bucket_value(uint32_t index) {
  if (index < sub_count) return index;
  const int e = static_cast<int>((index - sub_count) / sub_count) + sub_bits;
  const auto sub = static_cast<int64_t>((index - sub_count) % sub_count);
  const double width = std::ldexp(1.0, e - sub_bits);
  const double low = std::ldexp(1.0, e) + static_cast<double>(sub) * width;
  return low + width / 2;
}

void histogram::record(int64_t value, uint64_t n) {
  if (n == 0) return;
  value = std::max<int64_t>(value, 0);
  counts_[bucket_of(value)] += n;
  if (total_ == 0 || value < min_) min_ = value;
  if (total_ == 0 || value > max_) max_ = value;
  total_ += n;
  sum_ += static_cast<double>(value) * static_cast<double>(n);
}

void histogram::merge(const histogram& other) {
  if (other.total_ == 0) return;
  for (uint32_t i = 0; i < bucket_count; ++i) counts_[i] += other.counts_[i];
  if (total_ == 0 || other.min_ < min_) min_ = other.min_;
  if (total_ == 0 || other.max_ > max_) max_ = other.max_;
  total_ += other.total_;
  sum_ += other.sum_;
}

double histogram::quantile(double q) const {
  if (total_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  // The smallest value v with at least ceil(q * n) recorded values <= v.
  const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * total_)));
  uint64_t seen = 0;
  for (uint32_t i = 0; i < bucket_count; ++i) {
    seen += counts_[i];
    if (seen >= rank)
      return std::clamp(bucket_value(i), static_cast<double>(min_), static_cast<double>(max_));
  }
  return static_cast<double>(max_);
}

void histogram::to_proto(HistogramData* out) const {
  out->Clear();
  for (uint32_t i = 0; i < bucket_count; ++i) {
    if (counts_[i] == 0) continue;
    out->add_index(i);
    out->add_count(counts_[i]);
  }
  out->set_total(total_);
  out->set_sum(sum_);
  out->set_min(min());
  out->set_max(max());
}

histogram histogram::from_proto(const HistogramData& in) {
  histogram h;
  const int n = std::min(in.index_size(), in.count_size());
  for (int i = 0; i < n; ++i)
    if (in.index(i) < bucket_count) h.counts_[in.index(i)] += in.count(i);
  h.total_ = in.total();
  h.sum_ = in.sum();
  h.min_ = in.min();
  h.max_ = in.max();
  return h;
}

}  // namespace sdsim::core
