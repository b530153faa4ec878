// The bar redraws at most 5 times a second; plain lines come every 10 s of wall time.
#include "engine/progress.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace sdsim::scenarios {

progress::progress(bool quiet, double total_s, bool is_virtual)
    : quiet_(quiet), tty_(::isatty(STDERR_FILENO) == 1), total_s_(total_s), virtual_(is_virtual),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void progress::update(double sim_s) {
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  const double since_last = std::chrono::duration<double>(now - last_).count();
  if (since_last < (tty_ ? 0.2 : 10.0)) return;
  last_ = now;
  const double wall = std::chrono::duration<double>(now - start_).count();
  const double done = std::clamp(sim_s / total_s_, 0.0, 1.0);
  const double rate = wall > 0 ? sim_s / wall : 0;  // sim seconds per wall second
  const double eta = rate > 0 ? std::max(0.0, total_s_ - sim_s) / rate : 0;
  const char* phase = sim_s >= total_s_ ? "draining" : "running";
  if (tty_) {
    const int width = 30;
    const int filled = static_cast<int>(done * width);
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r[%s] %3.0f%%  sim %.1f/%.0f s  %.1fx  ETA %.0f s  %s   ",
                 bar.c_str(), done * 100, sim_s, total_s_, rate, eta, phase);
    drawn_ = true;
  } else {
    std::fprintf(stderr, "progress: %.0f%% sim %.1f/%.0f s (%.1f sim s per wall s, ETA %.0f s) %s\n",
                 done * 100, sim_s, total_s_, rate, eta, phase);
  }
  std::fflush(stderr);
}

void progress::finish() {
  if (drawn_) std::fprintf(stderr, "\r%*s\r", 100, "");
  (void)virtual_;
}

}  // namespace sdsim::scenarios
