// Arrival generation. Thinning (Lewis and Shedler): draw candidates at a bounding rate over a
// short window and keep each with probability rate(t) / bound.
#include "actors/core/arrival_process.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::core {
namespace {

constexpr double window_s = 1.0;  // bound the rate over windows this long
constexpr double idle_step_s = 0.01;

}  // namespace

arrival_process::arrival_process(rate_shape shape, ArrivalProcess kind, rng r, sim_ns end)
    : shape_(std::move(shape)), kind_(kind), rng_(r), end_(end) {}

std::optional<sim_ns> arrival_process::next() {
  auto t = kind_ == UNIFORM ? next_uniform() : next_poisson();
  if (!t) return std::nullopt;
  const auto ns = static_cast<sim_ns>(std::llround(*t * 1e9));
  if (ns >= end_) return std::nullopt;
  return ns;
}

std::optional<double> arrival_process::next_poisson() {
  const double end_s = to_s(static_cast<double>(end_));
  while (t_s_ < end_s) {
    const double window_end = t_s_ + window_s;
    const double bound = shape_.max_rate(t_s_, window_end);
    if (bound <= 0) {
      t_s_ = window_end;
      continue;
    }
    const double candidate = t_s_ + rng_.exponential(1.0 / bound);
    if (candidate >= window_end) {
      // Memoryless: restarting at the window's end with a fresh bound is exact.
      t_s_ = window_end;
      continue;
    }
    t_s_ = candidate;
    if (rng_.uniform() * bound < shape_.rate(t_s_)) return t_s_;
  }
  return std::nullopt;
}

std::optional<double> arrival_process::next_uniform() {
  const double end_s = to_s(static_cast<double>(end_));
  while (t_s_ < end_s) {
    const double r = shape_.rate(t_s_);
    if (r <= 0) {
      t_s_ += idle_step_s;
      continue;
    }
    t_s_ += 1.0 / r;
    return t_s_;
  }
  return std::nullopt;
}

}  // namespace sdsim::core
