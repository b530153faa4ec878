#include "viz/frame_pacer.hpp"

namespace sdsim::viz {
namespace {

constexpr double frames_per_s[] = {30, 20, 15, 10};
constexpr double picture_every_s[] = {0.2, 0.5, 1, 2};
constexpr std::size_t levels = sizeof frames_per_s / sizeof frames_per_s[0];

}  // namespace

void frame_pacer::observe(double arrivals, double late) {
  if (arrivals <= 0) return;  // nothing sent (paused, or between runs): no evidence either way
  if (late / arrivals > late_share_limit) {
    calm_ = 0;
    if (level_ + 1 < levels) ++level_;
    return;
  }
  if (++calm_ >= calm_seconds && level_ > 0) {
    --level_;
    calm_ = 0;
  }
}

double frame_pacer::frame_interval_s() const { return frame_interval_at(level_); }

double frame_pacer::frame_interval_at(std::size_t level) {
  return 1 / frames_per_s[level < levels ? level : levels - 1];
}

double frame_pacer::picture_interval_s() const { return picture_every_s[level_]; }

}  // namespace sdsim::viz
