// The run's randomness: a seeded xoshiro256** generator with named, independent streams, and
// our own sampling code so that a seed gives the same numbers with any standard library.
#pragma once

#include <cstdint>
#include <string_view>

namespace sdsim::core {

/// A xoshiro256** generator. Not thread-safe: one per actor or per stream.
class rng {
 public:
  /// Seeds the state from `seed` through splitmix64, as the algorithm's authors recommend.
  explicit rng(uint64_t seed = 0);

  /// An independent stream derived from a run seed and a stable name ("queueing/client/0").
  static rng stream(uint64_t seed, std::string_view name);

  /// The next 64 random bits.
  uint64_t next();

  /// Uniform in [0, 1), 53 bits of precision.
  double uniform();

  /// Uniform in (0, 1]: safe to take the logarithm of.
  double uniform_pos();

  /// Uniform integer in [0, n); n > 0.
  uint64_t below(uint64_t n);

  /// Exponential with the given mean.
  double exponential(double mean);

  /// Standard normal (Box-Muller, one value per call so the stream stays simple to replay).
  double normal();

 private:
  uint64_t s_[4];
};

}  // namespace sdsim::core
