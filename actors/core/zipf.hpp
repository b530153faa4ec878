// Zipf-distributed ranks in [1, n] for any exponent s > 0 and any n, in O(1) per sample:
// rejection-inversion (Hormann and Derflinger, 1996), as Apache Commons uses it. n may grow
// between samples (new keys become popular candidates at once).
#pragma once

#include <cstdint>

#include "actors/core/rng.hpp"

namespace sdsim::core {

/// Stateless apart from the exponent; safe to share between threads for reading.
class zipf_sampler {
 public:
  /// `s` > 0 (1.0 is the classic Zipf's law).
  explicit zipf_sampler(double s);

  /// A rank in [1, n]: rank k with probability proportional to 1 / k^s. n >= 1.
  uint64_t sample(rng& r, uint64_t n) const;

 private:
  double h(double x) const;
  double h_inverse(double x) const;

  double s_;
};

}  // namespace sdsim::core
