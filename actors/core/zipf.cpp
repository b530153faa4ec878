// Rejection-inversion: invert the integral H of the density hat x^-s, round to an integer,
// accept with the ratio of the true mass to the hat's. Acceptance is above 90 % for any s.
#include "actors/core/zipf.hpp"

#include <cmath>

namespace sdsim::core {
namespace {

// log(1 + x) / x and (exp(x) - 1) / x, accurate near 0.
double helper1(double x) { return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1 - x / 2 + x * x / 3; }
double helper2(double x) { return std::fabs(x) > 1e-8 ? std::expm1(x) / x : 1 + x / 2 + x * x / 6; }

}  // namespace

zipf_sampler::zipf_sampler(double s) : s_(s) {}

// H(x) = (x^(1-s) - 1) / (1 - s), log(x) when s == 1, written to stay accurate near s = 1.
double zipf_sampler::h(double x) const {
  const double log_x = std::log(x);
  return helper2((1 - s_) * log_x) * log_x;
}

double zipf_sampler::h_inverse(double x) const {
  double t = x * (1 - s_);
  if (t < -1) t = -1;  // guard rounding at the lower end
  return std::exp(helper1(t) * x);
}

uint64_t zipf_sampler::sample(rng& r, uint64_t n) const {
  if (n <= 1) return 1;
  const double h_integral_x1 = h(1.5) - 1;
  const double h_integral_n = h(static_cast<double>(n) + 0.5);
  const double threshold = 2 - h_inverse(h(2.5) - std::exp(-s_ * std::log(2.0)));
  for (;;) {
    const double u = h_integral_n + r.uniform() * (h_integral_x1 - h_integral_n);
    const double x = h_inverse(u);
    double k = std::floor(x + 0.5);
    if (k < 1) k = 1;
    if (k > static_cast<double>(n)) k = static_cast<double>(n);
    if (k - x <= threshold || u >= h(k + 0.5) - std::exp(-s_ * std::log(k)))
      return static_cast<uint64_t>(k);
  }
}

}  // namespace sdsim::core
