// Tests for actors/shortener/key_generator.hpp: the KGS ledger and shards, the id
// permutation, the counter, and MD5 keys (with a known-answer test of the digest).
#include "actors/shortener/key_generator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace sdsim::shortener {
namespace {

const key_request any_request{};

std::string hex(const std::array<uint8_t, 16>& d) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

// ---- key_permutation -------------------------------------------------------------------

TEST(KeyPermutationTest, ExhaustiveBijectionOnSmallSpaces) {
  for (std::size_t digits : {1u, 2u, 3u}) {
    const key_permutation p(42, digits);
    std::vector<bool> hit(p.space(), false);
    for (uint64_t x = 0; x < p.space(); ++x) {
      const uint64_t y = p.forward(x);
      ASSERT_LT(y, p.space());
      ASSERT_FALSE(hit[y]) << "digits " << digits << ": " << y << " hit twice";
      hit[y] = true;
      ASSERT_EQ(p.inverse(y), x);
    }
  }
}

TEST(KeyPermutationTest, InverseOnASampleOfTheFullSpace) {
  const key_permutation p;
  ASSERT_EQ(p.space(), 3'521'614'606'208ULL);
  for (uint64_t x : {uint64_t{0}, uint64_t{1}, uint64_t{9999}, p.space() / 2, p.space() - 1}) {
    EXPECT_EQ(p.inverse(p.forward(x)), x) << x;
  }
  for (uint64_t i = 0; i < 100'000; ++i) {
    const uint64_t x = (i * 35'184'372'088'891ULL) % p.space();  // spread over the space
    const uint64_t y = p.forward(x);
    ASSERT_LT(y, p.space());
    ASSERT_EQ(p.inverse(y), x);
  }
}

TEST(KeyPermutationTest, ConsecutiveIdsLeaveNoVisibleStep) {
  const key_permutation p;
  std::set<int64_t> steps;
  for (uint64_t x = 0; x < 1000; ++x) {
    steps.insert(static_cast<int64_t>(p.forward(x + 1)) - static_cast<int64_t>(p.forward(x)));
  }
  EXPECT_GT(steps.size(), 990u);  // an affine map would give a single step
}

TEST(KeyPermutationTest, SeedChoosesThePermutation) {
  const key_permutation a(1), b(2);
  int same = 0;
  for (uint64_t x = 0; x < 1000; ++x) same += a.forward(x) == b.forward(x);
  EXPECT_LT(same, 2);
  EXPECT_EQ(key_permutation(1).forward(12345), a.forward(12345));  // deterministic
}

// ---- key_range_allocator ---------------------------------------------------------------

TEST(KeyRangeAllocatorTest, RangesAreDisjointAndCoverTheSpace) {
  key_range_allocator alloc(10, 95);
  std::vector<bool> seen(95, false);
  int ranges = 0;
  while (auto r = alloc.allocate()) {
    ++ranges;
    ASSERT_GT(r->count, 0u);
    for (uint64_t id = r->first; id < r->first + r->count; ++id) {
      ASSERT_LT(id, 95u);
      ASSERT_FALSE(seen[id]) << id << " handed out twice";
      seen[id] = true;
    }
  }
  EXPECT_EQ(ranges, 10);  // nine of 10, one of 5
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](bool b) { return b; }));
  EXPECT_EQ(alloc.used(), 95u);
}

TEST(KeyRangeAllocatorTest, ExhaustionIsSticky) {
  key_range_allocator alloc(4, 8);
  EXPECT_TRUE(alloc.allocate());
  EXPECT_TRUE(alloc.allocate());
  EXPECT_EQ(alloc.allocate(), std::nullopt);
  EXPECT_EQ(alloc.allocate(), std::nullopt);
  EXPECT_EQ(alloc.used(), 8u);
}

TEST(KeyRangeAllocatorTest, RestartsAfterThePersistedMark) {
  key_range_allocator first(10'000);
  first.allocate();
  first.allocate();
  key_range_allocator restarted(10'000, key_space, first.used());
  const auto r = restarted.allocate();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 20'000u);
  EXPECT_EQ(restarted.space(), key_space);
  EXPECT_EQ(restarted.range_size(), 10'000u);
}

// ---- kgs_range -------------------------------------------------------------------------

TEST(KgsRangeTest, MillionKeysUniqueAcrossFourShards) {
  key_range_allocator alloc(10'000);
  std::vector<kgs_range> shards(4);
  std::vector<std::string> keys;
  keys.reserve(1'000'000);
  int asks = 0;
  // Shards draw at different speeds (1, 2, 3, 4 keys per turn), so their ranges interleave.
  for (std::size_t turn = 0; keys.size() < 1'000'000; ++turn) {
    kgs_range& shard = shards[turn % 4];
    for (std::size_t k = 0; k <= turn % 4 && keys.size() < 1'000'000; ++k) {
      auto key = shard.next(any_request);
      if (!key) {
        const auto r = alloc.allocate();
        ASSERT_TRUE(r);
        shard.add_range(*r);
        ++asks;
        key = shard.next(any_request);
        ASSERT_TRUE(key);
      }
      ASSERT_EQ(key->size(), key_digits);
      keys.push_back(std::move(*key));
    }
  }
  // Each shard leaves at most one range part-used, so at most 4 ranges beyond 100.
  EXPECT_GE(asks, 100);
  EXPECT_LE(asks, 104);
  EXPECT_EQ(alloc.used(), static_cast<uint64_t>(asks) * 10'000);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
  for (const std::string& k : {keys.front(), keys.back()}) {
    const auto v = decode_base62(k);
    ASSERT_TRUE(v);
    EXPECT_LT(*v, key_space);
  }
}

TEST(KgsRangeTest, AsksForARangeWhenExhausted) {
  kgs_range shard;
  EXPECT_EQ(shard.next(any_request), std::nullopt);  // no range yet
  shard.add_range({100, 3});
  EXPECT_EQ(shard.remaining(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(shard.next(any_request)) << i;
  EXPECT_EQ(shard.remaining(), 0u);
  EXPECT_EQ(shard.next(any_request), std::nullopt);
  shard.add_range({200, 1});
  EXPECT_TRUE(shard.next(any_request));
  EXPECT_FALSE(shard.retryable_collision());
}

TEST(KgsRangeTest, KeysAreThePermutedIdsInOrder) {
  const key_permutation perm(7);
  kgs_range shard(perm);
  shard.add_range({50, 2});
  shard.add_range({900, 1});  // queued early, used after the first
  EXPECT_EQ(shard.remaining(), 3u);
  for (uint64_t id : {50u, 51u, 900u}) {
    EXPECT_EQ(shard.next(any_request), encode_base62(perm.forward(id), 7)) << id;
  }
}

TEST(KgsRangeTest, WholeSmallSpaceGivesEveryKeyOnce) {
  const key_permutation perm(3, 2);  // 62^2 = 3844 two-digit keys
  key_range_allocator alloc(100, perm.space());
  kgs_range shard(perm);
  std::set<std::string> keys;
  while (auto r = alloc.allocate()) {
    shard.add_range(*r);
    while (auto k = shard.next(any_request)) keys.insert(*k);
  }
  EXPECT_EQ(keys.size(), 3844u);
  EXPECT_EQ(*keys.begin(), "00");
  EXPECT_EQ(*keys.rbegin(), "zz");
}

// ---- counter ---------------------------------------------------------------------------

TEST(CounterTest, MonotoneFromStart) {
  counter c;
  EXPECT_EQ(c.next(any_request), "0");
  uint64_t prev = 0;
  for (int i = 1; i < 10'000; ++i) {
    const auto k = c.next(any_request);
    ASSERT_TRUE(k);
    const auto v = decode_base62(*k);
    ASSERT_TRUE(v);
    ASSERT_EQ(*v, prev + 1);
    prev = *v;
  }
  EXPECT_EQ(c.value(), 10'000u);
  EXPECT_FALSE(c.retryable_collision());
}

TEST(CounterTest, KeysGrowAndNeverWrap) {
  counter c(61);
  EXPECT_EQ(c.next(any_request), "z");
  EXPECT_EQ(c.next(any_request), "10");
  counter end(UINT64_MAX - 1);
  EXPECT_EQ(end.next(any_request), encode_base62(UINT64_MAX - 1));
  EXPECT_EQ(end.next(any_request), "LygHa16AHYF");
  EXPECT_EQ(end.next(any_request), std::nullopt);
  EXPECT_EQ(end.next(any_request), std::nullopt);
}

// ---- md5_hash --------------------------------------------------------------------------

TEST(Md5HashTest, DigestKnownAnswers) {
  const auto hello = md5_digest("hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hex(*hello), "5d41402abc4b2a76b9719d911017c592");
  const auto empty = md5_digest("");
  ASSERT_TRUE(empty);
  EXPECT_EQ(hex(*empty), "d41d8cd98f00b204e9800998ecf8427e");  // RFC 1321 test suite
  EXPECT_EQ(hex(*md5_digest("abc")), "900150983cd24fb0d6963f7d28e17f72");
}

TEST(Md5HashTest, KeyFollowsTheSpecifiedEncoding) {
  const key_request req{"https://example.com/", 42, 7, 0};
  const std::string in = md5_hash::hash_input(req);
  ASSERT_EQ(in.size(), 8u + 20u + 8u + 4u);
  EXPECT_EQ(in.substr(0, 8), std::string("\x14\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(in.substr(8, 20), "https://example.com/");
  EXPECT_EQ(in.substr(28, 8), std::string("\x2a\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(in.substr(36), std::string(4, '\0'));
  const auto d = md5_digest(in);
  ASSERT_TRUE(d);
  uint64_t prefix = 0;
  for (std::size_t i = 0; i < 8; ++i) prefix = (prefix << 8) | (*d)[i];
  md5_hash gen;
  EXPECT_EQ(gen.next(req), encode_base62(prefix % key_space, 7));
}

TEST(Md5HashTest, SameUrlSameUserSameKey) {
  md5_hash gen;
  const auto a = gen.next({"https://example.com/a", 1, 100, 0});
  const auto b = gen.next({"https://example.com/a", 1, 200, 0});  // request id not hashed
  ASSERT_TRUE(a);
  EXPECT_EQ(a->size(), key_digits);
  EXPECT_EQ(a, b);
  EXPECT_TRUE(gen.retryable_collision());
}

TEST(Md5HashTest, UserUrlAndSaltChangeTheKey) {
  md5_hash gen;
  const auto base = gen.next({"https://example.com/a", 1, 0, 0});
  EXPECT_NE(gen.next({"https://example.com/a", 2, 0, 0}), base);
  EXPECT_NE(gen.next({"https://example.com/b", 1, 0, 0}), base);
  EXPECT_NE(gen.next({"https://example.com/a", 1, 0, 1}), base);
  std::set<std::string> salted;
  for (uint32_t salt = 0; salt < 100; ++salt) {
    salted.insert(*gen.next({"https://example.com/a", 1, 0, salt}));
  }
  EXPECT_EQ(salted.size(), 100u);
  std::set<std::string> users;
  for (uint64_t user = 0; user < 1000; ++user) {
    users.insert(*gen.next({"https://example.com/a", user, 0, 0}));
  }
  EXPECT_EQ(users.size(), 1000u);
}

TEST(Md5HashTest, BoundariesAreUnambiguous) {
  // Without the size prefix "ab" + user 0x63... could meet "abc" + another user.
  EXPECT_NE(md5_hash::hash_input({"ab", 0x63, 0, 0}), md5_hash::hash_input({"abc", 0, 0, 0}));
}

}  // namespace
}  // namespace sdsim::shortener
