// How often the UI draws and asks for map pictures, given how late the simulation's arrivals
// leave. The simulation comes first: when arrivals start leaving late (the host is short of
// CPU), the UI steps down to fewer frames and pictures, before the lateness reaches the
// saturation verdict; after a calm spell it steps back up. Plain: fed a share per second.
#pragma once

#include <cstddef>

namespace sdsim::viz {

/// Invariant: level_ stays within [0, levels - 1]; level 0 is the fastest.
/// Thread-safety: none (the live session guards it).
class frame_pacer {
 public:
  /// One second's arrivals and how many of them left later than the host-lag threshold.
  void observe(double arrivals, double late);

  /// Seconds between frames: 1/30 at level 0, down to 1/10 (the floor: a window at 10 FPS
  /// still answers a click).
  double frame_interval_s() const;

  /// Seconds between map pictures (each costs the owning actor a copy of its points):
  /// 0.2 at level 0, up to 2.
  double picture_interval_s() const;

  std::size_t level() const { return level_; }

  /// The frame interval of a level (for reports of how far the UI yielded).
  static double frame_interval_at(std::size_t level);

  /// A share of late arrivals above this steps down (the verdict trips at 1 %, the p99).
  static constexpr double late_share_limit = 0.002;
  /// Calm seconds in a row before stepping back up.
  static constexpr int calm_seconds = 5;

 private:
  std::size_t level_ = 0;
  int calm_ = 0;
};

}  // namespace sdsim::viz
