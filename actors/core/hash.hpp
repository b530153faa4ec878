// The specified 64-bit hash for the ring and for keys: FNV-1a 64 over the bytes, then the
// splitmix64 finalizer. Same value on every platform and standard library (never std::hash).
#pragma once

#include <cstdint>
#include <string_view>

namespace sdsim::core {

/// FNV-1a 64 offset basis, from the FNV specification.
inline constexpr uint64_t fnv1a64_offset = 0xcbf29ce484222325ULL;

/// FNV-1a 64 prime, from the FNV specification.
inline constexpr uint64_t fnv1a64_prime = 0x100000001b3ULL;

/// Plain FNV-1a 64 over the bytes of `s` (no finalizer); exposed so tests can check it against
/// the published vectors.
constexpr uint64_t fnv1a64(std::string_view s) {
  uint64_t h = fnv1a64_offset;
  for (char c : s) {
    h ^= static_cast<uint8_t>(c);  // bytes, not signed chars, so the value is portable
    h *= fnv1a64_prime;
  }
  return h;
}

/// The splitmix64 finalizer: a bijection on 64 bits with full avalanche. FNV-1a alone mixes
/// the last bytes poorly into the high bits, which a ring's binary search relies on.
constexpr uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Hash of a byte string: mix64(fnv1a64(s)).
constexpr uint64_t hash64(std::string_view s) { return mix64(fnv1a64(s)); }

/// Hash of an integer: hash64 of its 8 bytes in little-endian order, whatever the host order.
constexpr uint64_t hash64(uint64_t v) {
  uint64_t h = fnv1a64_offset;
  for (int i = 0; i < 8; ++i) {
    h ^= (v >> (8 * i)) & 0xffU;
    h *= fnv1a64_prime;
  }
  return mix64(h);
}

/// Combines two hashes, order-sensitive: hash_combine(a, b) != hash_combine(b, a) in general.
/// Defined as mix64(a ^ (mix64(b) + 0x9e3779b97f4a7c15 + (a << 6) + (a >> 2))).
constexpr uint64_t hash_combine(uint64_t a, uint64_t b) {
  return mix64(a ^ (mix64(b) + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
}

}  // namespace sdsim::core
