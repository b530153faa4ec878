// M/M/c formulas.
#include "actors/queueing/queueing_theory.hpp"

#include <cmath>
#include <limits>

namespace sdsim::queueing {

double erlang_c(int c, double a) {
  // Erlang B by its stable recurrence, then C from B.
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  const double rho = a / c;
  return b / (1 - rho + rho * b);
}

double mmc_mean_sojourn_s(int c, double lambda, double mu) {
  if (lambda >= c * mu) return std::numeric_limits<double>::infinity();
  const double a = lambda / mu;
  return erlang_c(c, a) / (c * mu - lambda) + 1 / mu;
}

double mm1_sojourn_quantile_s(double q, double lambda, double mu) {
  return -std::log(1 - q) / (mu - lambda);
}

}  // namespace sdsim::queueing
