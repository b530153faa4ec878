// Sampling for the four distributions a scenario can name.
#include "actors/core/distribution.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::core {
namespace {

// The standard normal's 99th percentile: a lognormal fixed by p50 and p99 has
// sigma = ln(p99 / p50) / z99.
constexpr double z99 = 2.3263478740408408;

bool bad(double x) { return !std::isfinite(x) || x < 0; }

}  // namespace

distribution::distribution(const Distribution& spec) {
  switch (spec.kind_case()) {
    case Distribution::kConstant:
      kind_ = kind::constant;
      a_ = spec.constant().ms() * 1e6;
      break;
    case Distribution::kUniform:
      kind_ = kind::uniform;
      a_ = spec.uniform().min_ms() * 1e6;
      b_ = spec.uniform().max_ms() * 1e6;
      break;
    case Distribution::kExponential:
      kind_ = kind::exponential;
      a_ = spec.exponential().mean_ms() * 1e6;
      break;
    case Distribution::kLognormal: {
      kind_ = kind::lognormal;
      const double p50 = spec.lognormal().p50_ms() * 1e6;
      const double p99 = spec.lognormal().p99_ms() * 1e6;
      a_ = std::log(p50);
      b_ = std::log(p99 / p50) / z99;
      break;
    }
    case Distribution::KIND_NOT_SET:
      break;
  }
}

distribution distribution::constant_ms(double ms) {
  Distribution d;
  d.mutable_constant()->set_ms(ms);
  return distribution{d};
}

distribution distribution::exponential_ms(double mean_ms) {
  Distribution d;
  d.mutable_exponential()->set_mean_ms(mean_ms);
  return distribution{d};
}

sim_ns distribution::sample(rng& r) const {
  double x = 0;
  switch (kind_) {
    case kind::constant: x = a_; break;
    case kind::uniform: x = a_ + (b_ - a_) * r.uniform(); break;
    case kind::exponential: x = r.exponential(a_); break;
    case kind::lognormal: x = std::exp(a_ + b_ * r.normal()); break;
  }
  return static_cast<sim_ns>(std::llround(std::max(0.0, x)));
}

double distribution::mean_ns() const {
  switch (kind_) {
    case kind::constant: return a_;
    case kind::uniform: return (a_ + b_) / 2;
    case kind::exponential: return a_;
    case kind::lognormal: return std::exp(a_ + b_ * b_ / 2);
  }
  return 0;
}

double distribution::scv() const {
  switch (kind_) {
    case kind::constant: return 0;
    case kind::uniform: {
      const double m = mean_ns();
      return m == 0 ? 0 : (b_ - a_) * (b_ - a_) / 12 / (m * m);
    }
    case kind::exponential: return 1;
    case kind::lognormal: return std::exp(b_ * b_) - 1;
  }
  return 0;
}

bool distribution::validate(const Distribution& spec, validator& v) {
  rule_check check(v);
  switch (spec.kind_case()) {
    case Distribution::kConstant:
      check(!bad(spec.constant().ms()), spec.constant(), "ms", "ms must be finite and >= 0");
      break;
    case Distribution::kUniform: {
      const auto& u = spec.uniform();
      check(!bad(u.min_ms()), u, "min_ms", "min_ms must be finite and >= 0");
      check(!bad(u.max_ms()) && u.max_ms() >= u.min_ms(), u, "max_ms",
            "max_ms must be finite and >= min_ms");
      break;
    }
    case Distribution::kExponential:
      check(!bad(spec.exponential().mean_ms()) && spec.exponential().mean_ms() > 0,
            spec.exponential(), "mean_ms", "mean_ms must be finite and > 0");
      break;
    case Distribution::kLognormal: {
      const auto& l = spec.lognormal();
      check(!bad(l.p50_ms()) && l.p50_ms() > 0, l, "p50_ms", "p50_ms must be finite and > 0");
      check(!bad(l.p99_ms()) && l.p99_ms() >= l.p50_ms(), l, "p99_ms",
            "p99_ms must be finite and >= p50_ms");
      break;
    }
    case Distribution::KIND_NOT_SET:
      check(false, spec, "constant",
            "a distribution needs one of constant, uniform, exponential, lognormal");
      break;
  }
  return check.ok();
}

}  // namespace sdsim::core
