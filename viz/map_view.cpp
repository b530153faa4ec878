#include "viz/map_view.hpp"

#include <algorithm>
#include <cmath>

namespace sdsim::viz {

map_view::map_view(double min_lat, double max_lat, double min_lon, double max_lon)
    : min_lat_(min_lat), max_lat_(max_lat), min_lon_(min_lon), max_lon_(max_lon),
      lon_shrink_(std::cos((min_lat + max_lat) / 2 * 3.14159265358979323846 / 180)) {
  reset();
}

void map_view::reset() {
  center_lat_ = (min_lat_ + max_lat_) / 2;
  center_lon_ = (min_lon_ + max_lon_) / 2;
  zoom_ = 1;
}

// At zoom 1 the whole box fits the rectangle, with a small margin.
double map_view::pixels_per_degree_lat() const {
  const double h = max_lat_ - min_lat_, w = (max_lon_ - min_lon_) * lon_shrink_;
  if (h <= 0 || w <= 0 || rect_.w <= 0 || rect_.h <= 0) return 1;
  return 0.96 * std::min(rect_.w / w, rect_.h / h) * zoom_;
}

pixel map_view::to_screen(double lat, double lon) const {
  const double k = pixels_per_degree_lat();
  return {static_cast<float>(rect_.x + rect_.w / 2 + (lon - center_lon_) * lon_shrink_ * k),
          static_cast<float>(rect_.y + rect_.h / 2 - (lat - center_lat_) * k)};
}

void map_view::to_world(pixel p, double* lat, double* lon) const {
  const double k = pixels_per_degree_lat();
  *lon = center_lon_ + (p.x - rect_.x - rect_.w / 2) / (lon_shrink_ * k);
  *lat = center_lat_ - (p.y - rect_.y - rect_.h / 2) / k;
}

void map_view::zoom_at(pixel at, float factor) {
  double lat = 0, lon = 0;
  to_world(at, &lat, &lon);
  zoom_ = std::clamp(zoom_ * factor, 1.0f, 256.0f);
  // Keep (lat, lon) under the cursor: move the center by what it drifted.
  const pixel moved = to_screen(lat, lon);
  pan(at.x - moved.x, at.y - moved.y);
}

void map_view::pan(float dx, float dy) {
  const double k = pixels_per_degree_lat();
  center_lon_ -= dx / (lon_shrink_ * k);
  center_lat_ += dy / k;
}

void map_view::affine(float* a, float* b, float* c, float* d) const {
  const double k = pixels_per_degree_lat();
  *a = static_cast<float>(lon_shrink_ * k);
  *b = static_cast<float>(rect_.x + rect_.w / 2 + (origin_lon() - center_lon_) * lon_shrink_ * k);
  *c = static_cast<float>(-k);
  *d = static_cast<float>(rect_.y + rect_.h / 2 - (origin_lat() - center_lat_) * k);
}

double map_view::visible_share() const {
  double lat0 = 0, lon0 = 0, lat1 = 0, lon1 = 0;
  to_world({rect_.x, rect_.y}, &lat0, &lon0);
  to_world({rect_.x + rect_.w, rect_.y + rect_.h}, &lat1, &lon1);
  const double h = std::max(0.0, std::min(lat0, max_lat_) - std::max(lat1, min_lat_));
  const double w = std::max(0.0, std::min(lon1, max_lon_) - std::max(lon0, min_lon_));
  const double all = (max_lat_ - min_lat_) * (max_lon_ - min_lon_);
  return all > 0 ? std::min(1.0, h * w / all) : 0;
}

}  // namespace sdsim::viz
