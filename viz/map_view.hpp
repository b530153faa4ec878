// Where the map sits on the screen: a lat/lon box shown in a pixel rectangle, zoomed and
// panned by the viewer. Longitude is shrunk by cos(latitude) so a city keeps its shape.
// Plain arithmetic, no GL: tested on its own.
#pragma once

namespace sdsim::viz {

/// A screen rectangle in pixels.
struct pixel_rect {
  float x = 0, y = 0, w = 0, h = 0;
};

/// A point on the screen.
struct pixel {
  float x = 0, y = 0;
};

/// The map's projection. Not thread-safe: the UI thread's.
class map_view {
 public:
  /// Shows the box [min_lat, max_lat] × [min_lon, max_lon], whole, at zoom 1.
  map_view(double min_lat, double max_lat, double min_lon, double max_lon);

  /// Fits the view to `r` (called every frame: the panel may have been resized).
  void set_rect(pixel_rect r) { rect_ = r; }
  pixel_rect rect() const { return rect_; }

  /// Screen position of a point.
  pixel to_screen(double lat, double lon) const;

  /// The lat/lon under a screen position.
  void to_world(pixel p, double* lat, double* lon) const;

  /// Zooms by `factor` keeping the point under `at` where it is; zoom stays within [1, 256].
  void zoom_at(pixel at, float factor);

  /// Moves the map by a drag of (dx, dy) pixels.
  void pan(float dx, float dy);

  /// Back to the whole box.
  void reset();

  float zoom() const { return zoom_; }

  /// The affine map from degrees relative to the box's center to pixels:
  /// x = a·(lon − center lon) + b, y = c·(lat − center lat) + d (for the GL shader, whose
  /// floats keep their precision on small offsets, not on absolute degrees).
  void affine(float* a, float* b, float* c, float* d) const;

  /// The box's center, the origin of `affine`.
  double origin_lat() const { return (min_lat_ + max_lat_) / 2; }
  double origin_lon() const { return (min_lon_ + max_lon_) / 2; }

  /// The share of the box visible on screen, 0..1 (for the level of detail).
  double visible_share() const;

 private:
  double pixels_per_degree_lat() const;

  double min_lat_, max_lat_, min_lon_, max_lon_;
  double lon_shrink_;       // cos(mid latitude)
  double center_lat_, center_lon_;
  float zoom_ = 1;
  pixel_rect rect_;
};

}  // namespace sdsim::viz
