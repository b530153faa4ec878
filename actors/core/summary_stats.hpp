// Statistics for reports: batch-means confidence intervals and Student's t quantiles.
#pragma once

#include <cstdint>
#include <vector>

namespace sdsim::core {

/// A mean with the half-width of its 95 % confidence interval.
struct mean_ci {
  double mean = 0;
  double half_width = 0;  // 0 when there are too few batches to say
  int batches = 0;
};

/// Batch means over a per-second series: consecutive seconds are grouped into at most
/// `max_batches` batches of equal length; each batch's mean is sum/count; the interval uses
/// Student's t with batches - 1 degrees of freedom. Seconds with no completions are skipped.
mean_ci batch_means(const std::vector<uint64_t>& counts, const std::vector<double>& sums,
                    int max_batches = 20);

/// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1).
double student_t975(int df);

}  // namespace sdsim::core
