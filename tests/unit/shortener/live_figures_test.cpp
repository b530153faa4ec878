#include "actors/shortener/live_figures.hpp"

#include <gtest/gtest.h>

#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {
namespace {

ActorMetrics shard(uint64_t hits, uint64_t misses, std::vector<std::pair<std::string, uint64_t>> hot) {
  ShortenerExtra x;
  x.mutable_shard()->set_cache_hits(hits);
  x.mutable_shard()->set_cache_misses(misses);
  for (const auto& [key, n] : hot) {
    auto* h = x.mutable_shard()->add_hottest();
    h->set_key(key);
    h->set_clicks(n);
  }
  ActorMetrics m;
  m.set_extra(x.SerializeAsString());
  return m;
}

TEST(ShortenerLiveFigures, HitRatioOverAllShardsAndTheHottestKeysFirst) {
  const auto f = live_figures({shard(30, 10, {{"a", 5}, {"b", 2}}), shard(50, 10, {{"c", 9}}),
                               ActorMetrics{}});  // a gateway: no extra
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "cache hit ratio %");
  EXPECT_DOUBLE_EQ(f[0].value, 80);
  EXPECT_EQ(f[1].text, "c (9), a (5), b (2)");
}

TEST(ShortenerLiveFigures, NothingBeforeTheFirstLookup) {
  EXPECT_TRUE(live_figures({shard(0, 0, {})}).empty());
}

}  // namespace
}  // namespace sdsim::shortener
