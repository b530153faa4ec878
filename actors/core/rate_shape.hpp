// An arrival-rate shape: the sum of constant, ramp and diurnal components, times active spikes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/core/model.pb.h"
#include "actors/core/validator.hpp"

namespace sdsim::core {

/// The offered rate of one workload as a function of sim time. Immutable; thread-safe to read.
class rate_shape {
 public:
  rate_shape() = default;

  /// `day_offset_s`: seconds since the last midnight at sim time 0 (from the scenario's
  /// start_time), so a diurnal component peaks at the hour it names.
  rate_shape(std::vector<RateShape> parts, double day_offset_s);

  /// Requests per sim second at sim second `t_s`, never negative.
  double rate(double t_s) const;

  /// An upper bound of `rate` over [t0_s, t1_s], for thinning.
  double max_rate(double t0_s, double t1_s) const;

  /// The expected number of arrivals in [0, t_s) (numeric integral), for reports and tests.
  double expected_arrivals(double t_s) const;

  /// Reports what makes a component unusable (negative rate, NaN, ...) at the offending
  /// field; returns false if anything was reported.
  static bool validate(const RateShape& part, validator& v);

 private:
  double additive(double t_s) const;
  double spike_factor(double t_s) const;

  std::vector<RateShape> parts_;
  double day_offset_s_ = 0;
};

}  // namespace sdsim::core
