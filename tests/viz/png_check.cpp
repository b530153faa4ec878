// Checks a headless screenshot of `sdsim viz` the way a person would glance at it: the map
// shows drivers in their state colors, and the chart panel has curves in it.
// Usage: viz_png_check FILE.png   (exit 0: it does; 1: it does not, with what is missing)
#include <cstdio>
#include <cstdlib>

#include <stb_image.h>

namespace {

struct rgb {
  int r, g, b;
};

// The map's driver colors (viz/map_panel.cpp) and ImGui's default curve color.
constexpr rgb available{60, 220, 110};
constexpr rgb en_route{255, 170, 30};
constexpr rgb on_trip{70, 150, 255};
constexpr rgb curve{156, 156, 156};

bool near(const unsigned char* p, rgb c) {
  return std::abs(p[0] - c.r) <= 6 && std::abs(p[1] - c.g) <= 6 && std::abs(p[2] - c.b) <= 6;
}

// Pixels of color `c` in the box [x0, x1) × [y0, y1), given as shares of the image.
long count(const unsigned char* img, int w, int h, double x0, double x1, double y0, double y1, rgb c) {
  long n = 0;
  for (int y = static_cast<int>(y0 * h); y < static_cast<int>(y1 * h); ++y)
    for (int x = static_cast<int>(x0 * w); x < static_cast<int>(x1 * w); ++x)
      n += near(img + 3 * (static_cast<long>(y) * w + x), c) ? 1 : 0;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: viz_png_check FILE.png\n");
    return 2;
  }
  int w = 0, h = 0, channels = 0;
  unsigned char* img = stbi_load(argv[1], &w, &h, &channels, 3);
  if (!img) {
    std::fprintf(stderr, "viz_png_check: cannot read %s\n", argv[1]);
    return 1;
  }
  // The map fills the left 58 % below its legend; the charts the top half of the right.
  const long free_drivers = count(img, w, h, 0.0, 0.58, 0.12, 1.0, available);
  const long busy_drivers = count(img, w, h, 0.0, 0.58, 0.12, 1.0, en_route) +
                            count(img, w, h, 0.0, 0.58, 0.12, 1.0, on_trip);
  const long curves = count(img, w, h, 0.58, 1.0, 0.03, 0.5, curve);
  stbi_image_free(img);
  std::printf("%s: %dx%d, map: %ld available-driver pixels, %ld busy-driver pixels; charts: %ld "
              "curve pixels\n", argv[1], w, h, free_drivers, busy_drivers, curves);
  bool ok = true;
  if (free_drivers < 500) {
    std::fprintf(stderr, "viz_png_check: the map shows too few available drivers\n");
    ok = false;
  }
  if (curves < 200) {
    std::fprintf(stderr, "viz_png_check: the charts are empty\n");
    ok = false;
  }
  return ok ? 0 : 1;
}
