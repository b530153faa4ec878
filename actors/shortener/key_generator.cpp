// The three key strategies, the KGS range ledger and the id permutation behind KGS keys.
#include "actors/shortener/key_generator.hpp"

#include <algorithm>
#include <cassert>

#include <openssl/evp.h>

#include "actors/core/hash.hpp"

namespace sdsim::shortener {

// ---- key_permutation -------------------------------------------------------------------

key_permutation::key_permutation(uint64_t seed, std::size_t digits)
    : digits_(digits), space_(pow62(static_cast<unsigned>(digits))) {
  assert(digits >= 1 && digits <= 10);
  unsigned bits = 0;
  while (bits < 64 && (uint64_t{1} << bits) < space_) ++bits;
  half_bits_ = (bits + 1) / 2;  // an even total keeps both Feistel halves the same width
  half_mask_ = (uint64_t{1} << half_bits_) - 1;
  for (std::size_t i = 0; i < round_keys_.size(); ++i) {
    round_keys_[i] = core::hash_combine(seed, i);
  }
}

uint64_t key_permutation::round(int i, uint64_t half) const {
  return core::mix64(half ^ round_keys_[static_cast<std::size_t>(i)]) & half_mask_;
}

uint64_t key_permutation::encrypt(uint64_t x) const {
  uint64_t l = x >> half_bits_;
  uint64_t r = x & half_mask_;
  for (int i = 0; i < 4; ++i) {
    const uint64_t next_r = l ^ round(i, r);
    l = r;
    r = next_r;
  }
  return (l << half_bits_) | r;
}

uint64_t key_permutation::decrypt(uint64_t x) const {
  uint64_t l = x >> half_bits_;
  uint64_t r = x & half_mask_;
  for (int i = 3; i >= 0; --i) {
    const uint64_t prev_l = r ^ round(i, l);
    r = l;
    l = prev_l;
  }
  return (l << half_bits_) | r;
}

// Cycle walking: the Feistel domain 2^(2*half_bits) is at most 4x the space (1.25x for 62^7),
// so re-applying until the value lands in the space takes few steps, and it stays a bijection
// because each cycle of the larger permutation is walked in order.
uint64_t key_permutation::forward(uint64_t x) const {
  assert(x < space_);
  do x = encrypt(x);
  while (x >= space_);
  return x;
}

uint64_t key_permutation::inverse(uint64_t y) const {
  assert(y < space_);
  do y = decrypt(y);
  while (y >= space_);
  return y;
}

// ---- key_range_allocator ---------------------------------------------------------------

key_range_allocator::key_range_allocator(uint64_t range_size, uint64_t space, uint64_t used)
    : range_size_(range_size), space_(space), next_(used) {
  assert(range_size > 0);
  assert(used <= space);
}

std::optional<key_range> key_range_allocator::allocate() {
  if (next_ == space_) return std::nullopt;
  const uint64_t count = std::min(range_size_, space_ - next_);
  const key_range r{next_, count};
  next_ += count;
  return r;
}

// ---- kgs_range -------------------------------------------------------------------------

kgs_range::kgs_range(key_permutation perm) : perm_(perm) {}

void kgs_range::add_range(key_range r) {
  assert(r.count > 0 && r.first < perm_.space() && r.count <= perm_.space() - r.first);
  ranges_.push_back(r);
  remaining_ += r.count;
}

std::optional<std::string> kgs_range::next(const key_request&) {
  if (ranges_.empty()) return std::nullopt;
  key_range& r = ranges_.front();
  const uint64_t id = r.first++;
  if (--r.count == 0) ranges_.pop_front();
  --remaining_;
  return encode_base62(perm_.forward(id), perm_.digits());
}

// ---- counter ---------------------------------------------------------------------------

std::optional<std::string> counter::next(const key_request&) {
  if (exhausted_) return std::nullopt;
  std::string key = encode_base62(value_);
  if (value_ == UINT64_MAX) {
    exhausted_ = true;  // issuing 0 next would repeat the first key
  } else {
    ++value_;
  }
  return key;
}

// ---- md5_hash --------------------------------------------------------------------------

namespace {

void append_le(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

std::optional<std::array<uint8_t, 16>> md5_digest(std::string_view data) {
  std::array<uint8_t, 16> out{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_md5(), nullptr) != 1 ||
      size != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::string md5_hash::hash_input(const key_request& req) {
  std::string in;
  in.reserve(8 + req.original_url.size() + 8 + 4);
  append_le(in, req.original_url.size(), 8);
  in.append(req.original_url);
  append_le(in, req.user_id, 8);
  append_le(in, req.retry_salt, 4);
  return in;
}

std::optional<std::string> md5_hash::next(const key_request& req) {
  const auto digest = md5_digest(hash_input(req));
  if (!digest) return std::nullopt;
  uint64_t prefix = 0;
  for (int i = 0; i < 8; ++i) prefix = (prefix << 8) | (*digest)[static_cast<std::size_t>(i)];
  return encode_base62(prefix % key_space, key_digits);
}

}  // namespace sdsim::shortener
