// xoshiro256** (Blackman and Vigna) with splitmix64 seeding; sampling done by hand.
#include "actors/core/rng.hpp"

#include <cmath>

#include "actors/core/hash.hpp"

namespace sdsim::core {
namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

constexpr double two_pi = 6.283185307179586476925286766559;

}  // namespace

rng::rng(uint64_t seed) {
  for (auto& s : s_) s = splitmix64(seed);
}

rng rng::stream(uint64_t seed, std::string_view name) {
  return rng{hash_combine(seed, hash64(name))};
}

uint64_t rng::next() {
  const uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double rng::uniform_pos() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }

uint64_t rng::below(uint64_t n) {
  // Lemire's multiply-shift with rejection: unbiased and branch-light.
  __uint128_t m = static_cast<__uint128_t>(next()) * n;
  auto low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<__uint128_t>(next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double rng::exponential(double mean) { return -mean * std::log(uniform_pos()); }

double rng::normal() {
  const double u1 = uniform_pos();
  const double u2 = uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(two_pi * u2);
}

}  // namespace sdsim::core
