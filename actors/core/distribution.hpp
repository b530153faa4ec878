// Latency and service-time distributions, sampled with our own code so a seed replays anywhere.
#pragma once


#include "actors/core/model.pb.h"
#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/core/validator.hpp"

namespace sdsim::core {

/// A sampler for one `sdsim.Distribution`. Immutable after construction; cheap to copy.
class distribution {
 public:
  /// Zero latency: what an unset distribution means.
  distribution() = default;

  /// Builds from a validated proto (see `validate`).
  explicit distribution(const Distribution& spec);

  /// Constant `ms` milliseconds.
  static distribution constant_ms(double ms);

  /// Exponential with the given mean in milliseconds.
  static distribution exponential_ms(double mean_ms);

  /// One sample in sim nanoseconds, never negative.
  sim_ns sample(rng& r) const;

  /// The mean in sim nanoseconds.
  double mean_ns() const;

  /// The squared coefficient of variation (variance / mean^2), for queueing formulas.
  double scv() const;

  /// Reports what makes `spec` unusable (negative or non-finite parameters, p99 < p50, no
  /// kind) at the offending field; returns false if anything was reported.
  static bool validate(const Distribution& spec, validator& v);

 private:
  enum class kind { constant, uniform, exponential, lognormal };
  kind kind_ = kind::constant;
  double a_ = 0;  // constant: value; uniform: min; exponential: mean; lognormal: mu
  double b_ = 0;  // uniform: max; lognormal: sigma
};

}  // namespace sdsim::core
