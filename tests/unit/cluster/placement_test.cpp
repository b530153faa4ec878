#include "actors/cluster/placement.hpp"

#include <gtest/gtest.h>

using namespace sdsim::cluster;

TEST(placement, spreads_shards_round_robin) {
  placement p;
  p.add({"s/shard", 5, {"n1", "n2"}, {}});
  EXPECT_EQ(p.node_of("s/shard", 0), "n1");
  EXPECT_EQ(p.node_of("s/shard", 1), "n2");
  EXPECT_EQ(p.node_of("s/shard", 4), "n1");
  EXPECT_EQ(p.shards_per_node().at("n1"), 3u);
  EXPECT_EQ(p.shards_per_node().at("n2"), 2u);
}

TEST(placement, pinned_shards_win_and_the_rest_stay_local) {
  placement p;
  EXPECT_TRUE(p.empty());
  p.add({"s/shard", 4, {}, {{2, "n3"}, {9, "n1"}}});
  EXPECT_FALSE(p.empty());
  EXPECT_EQ(p.node_of("s/shard", 0), "");
  EXPECT_EQ(p.node_of("s/shard", 2), "n3");
  EXPECT_EQ(p.node_of("other", 2), "");
  EXPECT_EQ(p.shards_per_node().size(), 1u);  // shard 9 does not exist: ignored

  placement q;
  q.add({"s/shard", 3, {"n1"}, {{1, "n2"}}});
  EXPECT_EQ(q.node_of("s/shard", 1), "n2");
  EXPECT_EQ(q.node_of("s/shard", 2), "n1");
}
