// Base62 encoding and decoding of 64-bit values.
#include "actors/shortener/base62.hpp"

namespace sdsim::shortener {
namespace {

// Digit value of a character, or -1. Ranges rather than a lookup table keep it obvious that
// it mirrors base62_alphabet.
int digit_of(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  if (c >= 'a' && c <= 'z') return c - 'a' + 36;
  return -1;
}

}  // namespace

std::string encode_base62(uint64_t v) { return encode_base62(v, 1); }

std::string encode_base62(uint64_t v, std::size_t width) {
  char buf[base62_max_digits];
  std::size_t n = 0;
  do {
    buf[n++] = base62_alphabet[v % 62];
    v /= 62;
  } while (v != 0);
  std::string out(width > n ? width - n : 0, '0');
  out.reserve(out.size() + n);
  for (std::size_t i = n; i > 0; --i) out.push_back(buf[i - 1]);
  return out;
}

std::optional<uint64_t> decode_base62(std::string_view s) {
  if (s.empty()) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    const int d = digit_of(c);
    if (d < 0) return std::nullopt;
    // v * 62 + d must stay <= UINT64_MAX.
    if (v > (UINT64_MAX - static_cast<uint64_t>(d)) / 62) return std::nullopt;
    v = v * 62 + static_cast<uint64_t>(d);
  }
  return v;
}

}  // namespace sdsim::shortener
