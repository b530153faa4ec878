// Tests for actors/core/lru_cache.hpp.
#include "actors/core/lru_cache.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace sdsim::core {
namespace {

TEST(LruCacheTest, EvictsLeastRecentlyUsedInOrder) {
  lru_cache<int, std::string> c(3);
  EXPECT_EQ(c.put(1, "a"), std::nullopt);
  EXPECT_EQ(c.put(2, "b"), std::nullopt);
  EXPECT_EQ(c.put(3, "c"), std::nullopt);
  EXPECT_EQ(c.put(4, "d"), std::optional<int>(1));
  EXPECT_EQ(c.put(5, "e"), std::optional<int>(2));
  EXPECT_EQ(c.put(6, "f"), std::optional<int>(3));
  EXPECT_EQ(c.size(), 3u);
  EXPECT_FALSE(c.contains(1));
  EXPECT_TRUE(c.contains(4));
  EXPECT_EQ(c.evictions(), 3u);
}

TEST(LruCacheTest, GetPromotes) {
  lru_cache<int, std::string> c(3);
  c.put(1, "a");
  c.put(2, "b");
  c.put(3, "c");
  ASSERT_NE(c.get(1), nullptr);  // 1 is now most recent; 2 is the victim
  EXPECT_EQ(c.lru_key(), std::optional<int>(2));
  EXPECT_EQ(c.put(4, "d"), std::optional<int>(2));
  EXPECT_TRUE(c.contains(1));
  EXPECT_EQ(c.put(5, "e"), std::optional<int>(3));
}

TEST(LruCacheTest, PeekDoesNotPromoteOrCount) {
  lru_cache<int, int> c(2);
  c.put(1, 10);
  c.put(2, 20);
  ASSERT_NE(c.peek(1), nullptr);
  EXPECT_EQ(*c.peek(1), 10);
  EXPECT_EQ(c.peek(9), nullptr);
  EXPECT_EQ(c.put(3, 30), std::optional<int>(1));
  EXPECT_EQ(c.hits() + c.misses(), 0u);
}

TEST(LruCacheTest, PutExistingKeyUpdatesAndPromotesWithoutEvicting) {
  lru_cache<std::string, int> c(2);
  c.put("a", 1);
  c.put("b", 2);
  EXPECT_EQ(c.put("a", 100), std::nullopt);
  EXPECT_EQ(c.size(), 2u);
  EXPECT_EQ(*c.peek("a"), 100);
  EXPECT_EQ(c.put("c", 3), std::optional<std::string>("b"));
  EXPECT_EQ(c.evictions(), 1u);
}

TEST(LruCacheTest, CapacityOne) {
  lru_cache<int, int> c(1);
  EXPECT_EQ(c.put(1, 1), std::nullopt);
  EXPECT_EQ(c.put(1, 2), std::nullopt);
  EXPECT_EQ(*c.get(1), 2);
  EXPECT_EQ(c.put(2, 3), std::optional<int>(1));
  EXPECT_EQ(c.get(1), nullptr);
  EXPECT_EQ(*c.get(2), 3);
  EXPECT_EQ(c.size(), 1u);
  EXPECT_EQ(c.capacity(), 1u);
}

TEST(LruCacheTest, Erase) {
  lru_cache<int, int> c(3);
  c.put(1, 1);
  c.put(2, 2);
  c.put(3, 3);
  EXPECT_TRUE(c.erase(1));
  EXPECT_FALSE(c.erase(1));
  EXPECT_EQ(c.size(), 2u);
  // The freed slot is used before anything is evicted.
  EXPECT_EQ(c.put(4, 4), std::nullopt);
  EXPECT_EQ(c.put(5, 5), std::optional<int>(2));
  EXPECT_EQ(c.evictions(), 1u);
}

TEST(LruCacheTest, Counters) {
  lru_cache<int, int> c(2);
  c.put(1, 1);
  EXPECT_NE(c.get(1), nullptr);
  EXPECT_NE(c.get(1), nullptr);
  EXPECT_EQ(c.get(2), nullptr);
  c.put(2, 2);
  c.put(3, 3);  // evicts 1
  EXPECT_EQ(c.get(1), nullptr);
  EXPECT_EQ(c.hits(), 2u);
  EXPECT_EQ(c.misses(), 2u);
  EXPECT_EQ(c.evictions(), 1u);
  c.clear();
  EXPECT_EQ(c.size(), 0u);
  EXPECT_EQ(c.lru_key(), std::nullopt);
  EXPECT_EQ(c.hits(), 2u);
}

TEST(LruCacheTest, GetPointerCanMutateInPlace) {
  lru_cache<int, int> c(2);
  c.put(1, 1);
  *c.get(1) += 41;
  EXPECT_EQ(*c.peek(1), 42);
}

TEST(LruCacheTest, MoveOnlyValues) {
  lru_cache<int, std::unique_ptr<int>> c(1);
  c.put(1, std::make_unique<int>(7));
  EXPECT_EQ(**c.get(1), 7);
  EXPECT_EQ(c.put(2, std::make_unique<int>(8)), std::optional<int>(1));
}

TEST(LruCacheTest, LongRunKeepsSizeAtCapacity) {
  lru_cache<int, int> c(100);
  for (int i = 0; i < 10'000; ++i) {
    c.put(i % 250, i);
    ASSERT_LE(c.size(), 100u);
  }
  EXPECT_EQ(c.size(), 100u);
  // The 100 most recent puts were keys (9900..9999) % 250, i.e. 150..249.
  for (int k = 150; k < 250; ++k) EXPECT_TRUE(c.contains(k)) << k;
}

}  // namespace
}  // namespace sdsim::core
