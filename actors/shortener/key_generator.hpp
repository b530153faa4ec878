// How new short keys are made, one class per strategy the scenario can pick (KeyStrategy):
// KGS ranges, one global counter, or an MD5 hash of the URL and user.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "actors/shortener/base62.hpp"

namespace sdsim::shortener {

/// Digits in a generated key (kgs_range and md5_hash; counter keys grow instead).
inline constexpr std::size_t key_digits = 7;

/// Number of distinct 7-digit keys: 62^7 = 3,521,614,606,208.
inline constexpr uint64_t key_space = pow62(key_digits);

/// What a create asks a generator for.
struct key_request {
  /// The URL being shortened; a view, read only during next().
  std::string_view original_url;
  /// The creating user (Users.userID).
  uint64_t user_id = 0;
  /// The client's request id. No generator reads it: retries of one request are made
  /// idempotent by the caller's request-id table, not here.
  uint64_t request_id = 0;
  /// 0 on the first try; the caller adds 1 per collision retry (see retryable_collision).
  uint32_t retry_salt = 0;
};

/// One key-making strategy.
///
/// Collision protocol, for the caller that inserts the key into the store:
///  - The store refuses a key already in use (UNIQUE short_key). If the existing mapping is
///    this same (original_url, user_id), the create is a duplicate and its key is the answer.
///  - Otherwise it is a collision. When retryable_collision() is true (md5_hash: equal inputs
///    give equal keys) the caller retries with retry_salt + 1, up to a bound it chooses. When
///    false (kgs_range, counter: keys are unique by construction) the key was taken by a
///    custom alias, or something is broken; calling next() again gives a different key.
class key_generator {
 public:
  virtual ~key_generator() = default;

  /// The next key; nullopt when none can be made now (see each strategy for why).
  virtual std::optional<std::string> next(const key_request& req) = 0;

  /// True when a collision is expected and must be retried with a new retry_salt.
  virtual bool retryable_collision() const = 0;
};

/// A bijection on [0, 62^digits): a keyed 4-round Feistel network on the smallest even number
/// of bits covering the space, cycle-walked back into it (Black and Rogaway, 2002). Unlike
/// multiplying by a constant, whose neighbours differ by that constant, it leaves no
/// visible step between the keys of consecutive ids. Keyed, not secret: the seed is config.
///
/// Thread-safety: immutable; any number of threads may call it.
class key_permutation {
 public:
  /// A permutation of [0, 62^digits) chosen by `seed`; 1 <= digits <= 10.
  explicit key_permutation(uint64_t seed = 0x5d51'6a7b'c0de'0001ULL,
                           std::size_t digits = key_digits);

  /// The image of `x` < space().
  uint64_t forward(uint64_t x) const;

  /// The preimage of `y` < space(): inverse(forward(x)) == x.
  uint64_t inverse(uint64_t y) const;

  /// The size of the permuted set, 62^digits.
  uint64_t space() const { return space_; }

  /// Base62 digits of a permuted value: the key width.
  std::size_t digits() const { return digits_; }

 private:
  uint64_t round(int i, uint64_t half) const;
  uint64_t encrypt(uint64_t x) const;
  uint64_t decrypt(uint64_t x) const;

  std::size_t digits_;
  uint64_t space_;
  unsigned half_bits_;
  uint64_t half_mask_;
  std::array<uint64_t, 4> round_keys_;
};

/// The ids [first, first + count).
struct key_range {
  /// Lowest id.
  uint64_t first = 0;
  /// Number of ids; > 0.
  uint64_t count = 0;
};

/// The Key Generation Service's ledger: hands out disjoint ranges of ids from [0, space).
///
/// Invariants:
/// (1) next_ <= space_; every id below next_ was handed out exactly once, none above it.
/// (2) Ranges are never taken back: ids of a range whose shard dies are wasted, not reused,
///     so a restarted shard can never issue a key another shard issued (uniqueness over
///     density). Persisting used() is all a restart needs.
///
/// Thread-safety: none; one owner (the KGS actor) at a time.
class key_range_allocator {
 public:
  /// Ranges of `range_size` (> 0) ids out of [0, space), starting at id `used`
  /// (the persisted used() of a previous run; <= space).
  explicit key_range_allocator(uint64_t range_size = 10'000, uint64_t space = key_space,
                               uint64_t used = 0);

  /// The next range (the last one may be short); nullopt once the space is used up.
  std::optional<key_range> allocate();

  /// Ids handed out so far.
  uint64_t used() const { return next_; }

  /// Total ids, handed out or not.
  uint64_t space() const { return space_; }

  /// Ids per range.
  uint64_t range_size() const { return range_size_; }

 private:
  uint64_t range_size_;
  uint64_t space_;
  uint64_t next_;
};

/// KGS strategy, one per shard: keys from ranges the allocator gave this shard, each id
/// scrambled by a key_permutation and written as perm.digits() base62 digits (7 by default).
///
/// Invariants:
/// (1) ranges_ holds only non-empty ranges; the front one is being used, from its first id.
/// (2) Each id is issued at most once, so keys are unique across shards as long as ranges
///     come from one allocator and the shards share the permutation.
///
/// Thread-safety: none; one owner (a shard's actor) at a time.
class kgs_range final : public key_generator {
 public:
  /// A generator with no range yet: the first next() returns nullopt.
  explicit kgs_range(key_permutation perm = key_permutation{});

  /// The next key; nullopt when every range given is used up: the shard must ask the KGS
  /// for a new range (add_range) and try again. Ignores `req`.
  std::optional<std::string> next(const key_request& req) override;

  /// False: keys are unique by construction.
  bool retryable_collision() const override { return false; }

  /// Queues a range after those already held (so a shard can fetch the next one early).
  /// Ids must be below the permutation's space (asserted).
  void add_range(key_range r);

  /// Ids left in the ranges held; ask for a range before this reaches 0 to never stall.
  uint64_t remaining() const { return remaining_; }

 private:
  key_permutation perm_;
  std::deque<key_range> ranges_;
  uint64_t remaining_ = 0;
};

/// COUNTER strategy: one global counter written in base62, shortest form ("0", "1", ...,
/// "z", "10", ...). It is the single point of failure the design discusses, and its keys are
/// guessable (the next key is the last one plus one); this class only counts.
///
/// Invariants: (1) value_ is the id of the next key; it only grows.
///
/// Thread-safety: none; one owner (the counter actor) at a time.
class counter final : public key_generator {
 public:
  /// A counter whose first key encodes `start`.
  explicit counter(uint64_t start = 0) : value_(start) {}

  /// The next key; nullopt only after UINT64_MAX was issued (it never wraps). Ignores `req`.
  std::optional<std::string> next(const key_request& req) override;

  /// False: keys are unique by construction.
  bool retryable_collision() const override { return false; }

  /// Keys issued so far plus `start`: the value the next key encodes.
  uint64_t value() const { return value_; }

 private:
  uint64_t value_;
  bool exhausted_ = false;  // UINT64_MAX was issued
};

/// MD5 strategy: key = 7 base62 digits of (first 64 bits of MD5(input), big-endian) mod 62^7,
/// where input = u64le(url size) || url || u64le(user_id) || u32le(retry_salt). Sizes and
/// fixed widths keep inputs unambiguous; 64 bits reduced mod 62^7 are uniform to within
/// 2e-7 (43 bits would need 8 digits, 62^7 < 2^42). The same URL by the same user gives the
/// same key, so collisions between different inputs are retried with a salt.
///
/// Thread-safety: stateless; next() may be called from any number of threads.
class md5_hash final : public key_generator {
 public:
  /// The key for `req`; nullopt only if the crypto library refuses MD5 (e.g. FIPS mode).
  std::optional<std::string> next(const key_request& req) override;

  /// True: different inputs may give the same key; retry with retry_salt + 1.
  bool retryable_collision() const override { return true; }

  /// The bytes hashed for `req`, as specified above (exposed for tests).
  static std::string hash_input(const key_request& req);
};

/// MD5 of `data` through OpenSSL EVP; nullopt if the library refuses (e.g. FIPS mode).
std::optional<std::array<uint8_t, 16>> md5_digest(std::string_view data);

}  // namespace sdsim::shortener
