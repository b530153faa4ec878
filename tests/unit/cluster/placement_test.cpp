#include "actors/cluster/placement.hpp"

#include <gtest/gtest.h>

using namespace sdsim::cluster;

TEST(placement, spreads_shards_round_robin) {
  placement p;
  p.add({"s/shard", 5, {"n1", "n2"}, {}, 1});
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

TEST(placement, copies_live_on_the_next_distinct_nodes) {
  placement p;
  p.add({"s/shard", 4, {"n1", "n2", "n3"}, {}, 0});   // default: 2 copies on several nodes
  EXPECT_EQ(p.replicas("s/shard"), 2u);
  EXPECT_EQ(p.node_of("s/shard", 0, 0), "n1");
  EXPECT_EQ(p.node_of("s/shard", 0, 1), "n2");
  EXPECT_EQ(p.node_of("s/shard", 2, 0), "n3");
  EXPECT_EQ(p.node_of("s/shard", 2, 1), "n1");   // wraps around
  EXPECT_EQ(p.shards_per_node().at("n1"), 3u);   // shards 0, 3 and the copy of 2
  EXPECT_EQ(p.replicas("other"), 1u);

  placement three;
  three.add({"s/shard", 2, {"n1", "n2", "n3"}, {{1, "n3"}}, 3});
  EXPECT_EQ(three.node_of("s/shard", 1, 0), "n3");   // pinned first, then the ones after it
  EXPECT_EQ(three.node_of("s/shard", 1, 1), "n1");
  EXPECT_EQ(three.node_of("s/shard", 1, 2), "n2");
  EXPECT_EQ(three.node_of("s/shard", 1, 3), "");     // no fourth copy

  placement dup;   // a node named twice still holds one copy of a shard
  dup.add({"s/shard", 1, {"n1", "n1", "n2"}, {}, 2});
  EXPECT_EQ(dup.node_of("s/shard", 0, 0), "n1");
  EXPECT_EQ(dup.node_of("s/shard", 0, 1), "n2");

  placement one;
  one.add({"s/shard", 2, {"n1"}, {}, 0});   // one node: one copy
  EXPECT_EQ(one.replicas("s/shard"), 1u);
}
