// Tests for actors/core/hash_ring.hpp and the hash it is built on (actors/core/hash.hpp).
#include "actors/core/hash_ring.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bitset>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "actors/core/hash.hpp"

namespace sdsim::core {
namespace {

constexpr int key_count = 100'000;

std::string key(int i) { return "key-" + std::to_string(i); }

hash_ring ring_of(int nodes, uint32_t vnodes = 100) {
  hash_ring r;
  for (int i = 0; i < nodes; ++i) EXPECT_TRUE(r.add("node-" + std::to_string(i), vnodes));
  return r;
}

std::vector<std::string> owners_of_all(const hash_ring& r) {
  std::vector<std::string> out;
  out.reserve(key_count);
  for (int i = 0; i < key_count; ++i) out.push_back(r.owner(key(i)));
  return out;
}

TEST(HashTest, FnvMatchesPublishedVectors) {
  // From the FNV reference test suite (FNV-1a 64).
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(HashTest, ValuesArePinned) {
  // Literal values computed once: a change here changes every ring and key in every run.
  EXPECT_EQ(hash64(""), mix64(0xcbf29ce484222325ULL));
  EXPECT_EQ(hash64("user:42"), 0xd68cb863fc5e0c34ULL);
  EXPECT_EQ(hash64(uint64_t{42}), 0xe15f07fef55b9454ULL);
  EXPECT_EQ(hash_combine(1, 2), 0x72fdc7f1d738255cULL);
  static_assert(hash64("abc") == mix64(fnv1a64("abc")), "hash64 is constexpr and specified");
}

TEST(HashTest, IntegerHashIsLittleEndianBytes) {
  const char bytes[8] = {42, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(hash64(uint64_t{42}), hash64(std::string_view(bytes, 8)));
}

TEST(HashTest, CombineIsOrderSensitive) {
  EXPECT_NE(hash_combine(1, 2), hash_combine(2, 1));
  EXPECT_NE(hash_combine(0, 0), 0u);
}

TEST(HashTest, Avalanche) {
  // Flipping one input bit flips about half of the output bits.
  double total = 0;
  const uint64_t x = 12345;
  for (uint64_t bit = 0; bit < 64; ++bit)
    total += static_cast<double>(std::bitset<64>(hash64(x) ^ hash64(x ^ (1ULL << bit))).count());
  EXPECT_NEAR(total / 64, 32.0, 3.0);
}

TEST(HashRingTest, BalancedWithHundredVnodes) {
  const hash_ring r = ring_of(8);
  std::map<std::string, int> counts;
  for (const auto& o : owners_of_all(r)) ++counts[o];
  ASSERT_EQ(counts.size(), 8u);
  const double fair = key_count / 8.0;
  for (const auto& [node, count] : counts) {
    EXPECT_GE(count, 0.75 * fair) << node;
    EXPECT_LE(count, 1.25 * fair) << node;
  }
}

TEST(HashRingTest, RemovingANodeMovesOnlyItsKeys) {
  hash_ring r = ring_of(8);
  const auto before = owners_of_all(r);
  ASSERT_TRUE(r.remove("node-3"));
  EXPECT_EQ(r.size(), 7u);
  EXPECT_EQ(r.vnode_count(), 700u);
  const auto after = owners_of_all(r);
  int moved = 0;
  for (int i = 0; i < key_count; ++i) {
    EXPECT_NE(after[i], "node-3");
    if (before[i] == "node-3") {
      ++moved;
    } else {
      EXPECT_EQ(after[i], before[i]) << key(i);
    }
  }
  EXPECT_GT(moved, 0);
}

TEST(HashRingTest, AddingANodeMovesAboutOneOverNPlusOneOnlyToIt) {
  hash_ring r = ring_of(8);
  const auto before = owners_of_all(r);
  ASSERT_TRUE(r.add("node-8", 100));
  const auto after = owners_of_all(r);
  int moved = 0;
  for (int i = 0; i < key_count; ++i) {
    if (after[i] == before[i]) continue;
    ++moved;
    EXPECT_EQ(after[i], "node-8") << key(i);
  }
  const double fraction = static_cast<double>(moved) / key_count;
  EXPECT_NEAR(fraction, 1.0 / 9, 0.25 / 9);
}

TEST(HashRingTest, OwnersAreDistinctStableAndStartAtOwner) {
  const hash_ring r = ring_of(8);
  for (int i = 0; i < 1000; ++i) {
    const auto o = r.owners(key(i), 3);
    ASSERT_EQ(o.size(), 3u);
    EXPECT_EQ(o[0], r.owner(key(i)));
    EXPECT_EQ(std::set<std::string>(o.begin(), o.end()).size(), 3u);
    EXPECT_EQ(r.owners(key(i), 3), o);
    // A longer list extends the shorter one: replicas keep their order as n grows.
    const auto five = r.owners(key(i), 5);
    EXPECT_TRUE(std::equal(o.begin(), o.end(), five.begin()));
  }
}

TEST(HashRingTest, OwnersCappedAtNodeCount) {
  const hash_ring r = ring_of(3);
  const auto o = r.owners("k", 10);
  EXPECT_EQ(o.size(), 3u);
  EXPECT_EQ(std::set<std::string>(o.begin(), o.end()).size(), 3u);
  EXPECT_TRUE(r.owners("k", 0).empty());
}

TEST(HashRingTest, DeterministicLiteralOwner) {
  const hash_ring r = ring_of(8);
  // Computed once; the same on every platform because the hash is specified.
  EXPECT_EQ(r.owner("user:42"), "node-2");
  EXPECT_EQ(r.owner("https://example.com/a"), "node-3");
}

TEST(HashRingTest, IndependentOfInsertionOrder) {
  const hash_ring forward = ring_of(8);
  hash_ring backward;
  for (int i = 7; i >= 0; --i) backward.add("node-" + std::to_string(i), 100);
  for (int i = 0; i < 10'000; ++i) {
    ASSERT_EQ(forward.owner(key(i)), backward.owner(key(i)));
    ASSERT_EQ(forward.owners(key(i), 3), backward.owners(key(i), 3));
  }
}

TEST(HashRingTest, WeightsSkewOwnership) {
  hash_ring r;
  r.add("big", 300);
  r.add("small", 100);
  int big = 0;
  for (int i = 0; i < key_count; ++i) big += r.owner(key(i)) == "big";
  EXPECT_NEAR(static_cast<double>(big) / key_count, 0.75, 0.08);
}

TEST(HashRingTest, EmptyRingAnswersEmpty) {
  hash_ring r;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.owner("k"), "");
  EXPECT_TRUE(r.owners("k", 3).empty());
  r.add("a", 10);
  EXPECT_EQ(r.owner("k"), "a");
  r.remove("a");
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.vnode_count(), 0u);
  EXPECT_EQ(r.owner("k"), "");
}

TEST(HashRingTest, RejectsBadAddsAndUnknownRemoves) {
  hash_ring r;
  EXPECT_TRUE(r.add("a", 10));
  EXPECT_FALSE(r.add("a", 20));
  EXPECT_FALSE(r.add("", 10));
  EXPECT_FALSE(r.add("b", 0));
  EXPECT_FALSE(r.remove("b"));
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r.vnode_count(), 10u);
  EXPECT_TRUE(r.contains("a"));
}

TEST(HashRingTest, NodesKeepInsertionOrder) {
  hash_ring r = ring_of(4);
  r.remove("node-1");
  EXPECT_EQ(r.nodes(), (std::vector<std::string>{"node-0", "node-2", "node-3"}));
}

}  // namespace
}  // namespace sdsim::core
