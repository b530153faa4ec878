// Batch means (Law and Kelton): correlated per-request latencies become nearly independent
// batch averages, so a what-if difference can be judged against its noise.
#include "actors/core/summary_stats.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sdsim::core {

double student_t975(int df) {
  static constexpr std::array<double, 30> table{
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0;
  if (df <= 30) return table[df - 1];
  return 1.960 + 2.4 / df;  // close to the true quantile beyond the table
}

mean_ci batch_means(const std::vector<uint64_t>& counts, const std::vector<double>& sums,
                    int max_batches) {
  std::vector<std::size_t> seconds;
  uint64_t total_count = 0;
  double total_sum = 0;
  for (std::size_t i = 0; i < counts.size() && i < sums.size(); ++i) {
    if (counts[i] == 0) continue;
    seconds.push_back(i);
    total_count += counts[i];
    total_sum += sums[i];
  }
  mean_ci out;
  if (total_count == 0) return out;
  out.mean = total_sum / static_cast<double>(total_count);
  const int k = std::min<int>(max_batches, static_cast<int>(seconds.size()));
  if (k < 2) return out;
  std::vector<double> means;
  const std::size_t per = seconds.size() / static_cast<std::size_t>(k);
  for (int b = 0; b < k; ++b) {
    uint64_t c = 0;
    double s = 0;
    const std::size_t from = b * per;
    const std::size_t to = b == k - 1 ? seconds.size() : from + per;
    for (std::size_t j = from; j < to; ++j) {
      c += counts[seconds[j]];
      s += sums[seconds[j]];
    }
    means.push_back(s / static_cast<double>(c));
  }
  double m = 0;
  for (double x : means) m += x;
  m /= k;
  double var = 0;
  for (double x : means) var += (x - m) * (x - m);
  var /= (k - 1);
  out.half_width = student_t975(k - 1) * std::sqrt(var / k);
  out.batches = k;
  return out;
}

}  // namespace sdsim::core
