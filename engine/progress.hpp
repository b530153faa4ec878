// Progress of a run on the terminal: a bar with ETA on a TTY, plain periodic lines otherwise.
#pragma once

#include <chrono>

namespace sdsim::scenarios {

/// Writes to stderr, so that stdout stays the report. Not thread-safe.
class progress {
 public:
  progress(bool quiet, double total_s, bool is_virtual);
  /// Sim time reached, in seconds.
  void update(double sim_s);
  /// Clears the bar.
  void finish();

 private:
  bool quiet_;
  bool tty_;
  double total_s_;
  bool virtual_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

}  // namespace sdsim::scenarios
