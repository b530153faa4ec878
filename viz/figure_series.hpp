// The designs' own figures over time (the shortener's cache hit ratio, the notification
// queue's depth and dead letters): each poll's values appended to a curve per figure, for the
// charts. Plain: fed the figures of one poll at a time, read by the UI.
#pragma once

#include <string>
#include <vector>

#include "actors/core/design.hpp"

namespace sdsim::viz {

/// One figure so far.
struct figure_line {
  std::string name;
  double value = 0;
  std::string text;             ///< a text figure's latest text (then no curve)
  std::vector<float> history;   ///< one value per poll, the last `figure_series::keep`
};

/// Not thread-safe.
class figure_series {
 public:
  /// Polls kept per curve (two minutes at one a second).
  static constexpr std::size_t keep = 120;

  /// Adds one poll's figures; a figure missing from this poll keeps its curve as it was.
  void update(const std::vector<core::live_figure>& now);

  /// In the order first seen.
  const std::vector<figure_line>& lines() const { return lines_; }

 private:
  std::vector<figure_line> lines_;
};

}  // namespace sdsim::viz
