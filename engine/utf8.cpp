// A strict UTF-8 decoder (Unicode 15, table 3-7 "well-formed byte sequences").
#include "engine/utf8.hpp"

namespace sdsim::scenarios {

std::optional<text_position> first_invalid_utf8(std::string_view s) {
  text_position pos;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b < 0x80) n = 0;
    else if (b >= 0xC2 && b <= 0xDF) n = 1;
    else if (b == 0xE0) { n = 2; lo = 0xA0; }
    else if (b >= 0xE1 && b <= 0xEC) n = 2;
    else if (b == 0xED) { n = 2; hi = 0x9F; }
    else if (b >= 0xEE && b <= 0xEF) n = 2;
    else if (b == 0xF0) { n = 3; lo = 0x90; }
    else if (b >= 0xF1 && b <= 0xF3) n = 3;
    else if (b == 0xF4) { n = 3; hi = 0x8F; }
    else return pos;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return pos;
      const auto c = static_cast<unsigned char>(s[i + k]);
      const unsigned char l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
      if (c < l || c > h) return pos;
    }
    if (b == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
    i += n + 1;
  }
  return std::nullopt;
}

}  // namespace sdsim::scenarios
