// Screenshots: the frame just rendered, read back from GL and written as a PNG.
#pragma once

#include <string>

namespace sdsim::viz {

/// Writes the current GL read buffer, `width` × `height`, to `path`; "" or why not.
std::string save_frame_png(const std::string& path, int width, int height);

}  // namespace sdsim::viz
