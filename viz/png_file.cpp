#include "viz/png_file.hpp"

#include <cstring>
#include <vector>

#include <stb_image_write.h>

#include "viz/gl.hpp"

namespace sdsim::viz {

std::string save_frame_png(const std::string& path, int width, int height) {
  if (width <= 0 || height <= 0) return "empty frame";
  const std::size_t row = static_cast<std::size_t>(width) * 4;
  std::vector<unsigned char> pixels(row * static_cast<std::size_t>(height));
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // GL's rows run bottom-up, PNG's top-down; and the alpha channel is opaque on screen.
  std::vector<unsigned char> flipped(pixels.size());
  for (int y = 0; y < height; ++y)
    std::memcpy(&flipped[row * static_cast<std::size_t>(y)],
                &pixels[row * static_cast<std::size_t>(height - 1 - y)], row);
  for (std::size_t i = 3; i < flipped.size(); i += 4) flipped[i] = 255;
  if (!stbi_write_png(path.c_str(), width, height, 4, flipped.data(), static_cast<int>(row)))
    return "cannot write " + path;
  return "";
}

}  // namespace sdsim::viz
