// Base62 text for short keys: integers to [0-9A-Za-z] digits and back.
// Digits run in ASCII order, so fixed-width keys sort as text in the same order as their values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sdsim::shortener {

/// The 62 digits, lowest first: '0'..'9' = 0..9, 'A'..'Z' = 10..35, 'a'..'z' = 36..61.
inline constexpr std::string_view base62_alphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Digits of UINT64_MAX in base62 ("LygHa16AHYF"): the longest encode_base62 output.
inline constexpr std::size_t base62_max_digits = 11;

/// 62 to the power `n`; defined for n <= 10 (62^11 does not fit in 64 bits).
constexpr uint64_t pow62(unsigned n) {
  uint64_t p = 1;
  for (unsigned i = 0; i < n; ++i) p *= 62;
  return p;
}

/// `v` in base62, most significant digit first, without leading zeros ("0" for 0).
std::string encode_base62(uint64_t v);

/// `v` in base62 left-padded with '0' to `width` digits. If `v` needs more than `width` digits
/// all of them are returned: a key is never truncated, because truncation would collide.
std::string encode_base62(uint64_t v, std::size_t width);

/// The value of base62 text; nullopt for empty text, a character outside the alphabet, or a
/// value above UINT64_MAX. Leading zeros are accepted ("007" is 7), so fixed-width keys decode.
std::optional<uint64_t> decode_base62(std::string_view s);

}  // namespace sdsim::shortener
