// Sim time: signed nanoseconds since the run's start, the unit of every modeled duration.
#pragma once

#include <cmath>
#include <cstdint>

namespace sdsim::core {

/// Nanoseconds of sim time (a point since the run's start, or a duration).
using sim_ns = int64_t;

inline constexpr sim_ns ns_per_ms = 1'000'000;
inline constexpr sim_ns ns_per_s = 1'000'000'000;

/// Milliseconds (possibly fractional) to sim nanoseconds, rounded to the nearest.
inline sim_ns from_ms(double ms) { return static_cast<sim_ns>(std::llround(ms * 1e6)); }

/// Seconds (possibly fractional) to sim nanoseconds, rounded to the nearest.
inline sim_ns from_s(double s) { return static_cast<sim_ns>(std::llround(s * 1e9)); }

/// Sim nanoseconds to milliseconds.
inline double to_ms(double ns) { return ns / 1e6; }

/// Sim nanoseconds to seconds.
inline double to_s(double ns) { return ns / 1e9; }

}  // namespace sdsim::core
