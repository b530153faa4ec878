#include "viz/topology.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

const std::vector<core::flow_edge> shortener_flow = {
    {"shortener/clients", "shortener/gateway"},
    {"shortener/gateway", "shortener/kgs"},
    {"shortener/gateway", "shortener/shard"}};

const topo_node& node(const topology& g, const std::string& name) {
  for (const auto& n : g.nodes)
    if (n.name == name) return n;
  throw std::runtime_error("no node " + name);
}

TEST(Topology, LayersFollowTheFlowFromTheClients) {
  const auto g = build_topology({{"shortener/gateway", 2}, {"shortener/kgs", 1}, {"shortener/shard", 4}},
                                shortener_flow, {});
  EXPECT_EQ(g.layers, 3u);
  EXPECT_TRUE(node(g, "shortener/clients").clients);
  EXPECT_EQ(node(g, "shortener/clients").layer, 0u);
  EXPECT_EQ(node(g, "shortener/gateway").layer, 1u);
  EXPECT_EQ(node(g, "shortener/shard").layer, 2u);
  EXPECT_EQ(node(g, "shortener/shard").instances, 4u);
  EXPECT_LT(node(g, "shortener/gateway").x, node(g, "shortener/shard").x);
  EXPECT_NE(node(g, "shortener/kgs").y, node(g, "shortener/shard").y);
  ASSERT_EQ(g.edges.size(), 3u);
  for (const auto& e : g.edges) EXPECT_FALSE(e.back);
}

TEST(Topology, TheBusiestServiceIsTheBottleneckUnlessOneIsPastItsCapacity) {
  std::vector<service_line> load = {{"shortener/gateway", 2, 1, 900, 0.7, 3, 0},
                                    {"shortener/kgs", 1, 1, 10, 0.1, 0, 0},
                                    {"shortener/shard", 4, 1, 900, 0.4, 2, 0}};
  auto g = build_topology({}, shortener_flow, load);
  EXPECT_TRUE(node(g, "shortener/gateway").bottleneck);
  EXPECT_FALSE(node(g, "shortener/shard").bottleneck);
  // An edge is labeled with the callee's arrivals when it is the callee's only way in.
  for (const auto& e : g.edges)
    if (g.nodes[e.to].name == "shortener/shard") {
      EXPECT_EQ(e.rate_per_s, 900);
    }
  load[1].utilization = 1.0;  // the key generator cannot keep up
  g = build_topology({}, shortener_flow, load);
  EXPECT_TRUE(node(g, "shortener/kgs").bottleneck);
  EXPECT_FALSE(node(g, "shortener/gateway").bottleneck);
}

TEST(Topology, AChainReadsLeftToRightEvenWhenTheClientsCallEveryLink) {
  const auto g = build_topology({}, {{"r/clients", "r/pricing"}, {"r/clients", "r/trip"},
                                     {"r/pricing", "r/trip"}, {"r/trip", "r/matching"},
                                     {"r/clients", "r/matching"}, {"r/matching", "r/clients"}},
                                {});
  EXPECT_EQ(node(g, "r/pricing").layer, 1u);
  EXPECT_EQ(node(g, "r/trip").layer, 2u);
  EXPECT_EQ(node(g, "r/matching").layer, 3u);
  EXPECT_EQ(g.layers, 4u);
}

TEST(Topology, ACycleAmongServicesStillGetsPlaced) {
  const auto g = build_topology({}, {{"c/clients", "c/a"}, {"c/a", "c/b"}, {"c/b", "c/a"}}, {});
  EXPECT_LE(g.layers, g.nodes.size() + 1);
  for (const auto& n : g.nodes) EXPECT_LT(n.layer, g.layers);
}

TEST(Topology, ReplyPathsAreBackEdgesAndUnlinkedServicesGoLast) {
  const auto g = build_topology({{"d/a", 1}, {"d/b", 1}, {"d/alone", 1}},
                                {{"d/clients", "d/a"}, {"d/a", "d/b"}, {"d/b", "d/clients"}}, {});
  EXPECT_EQ(node(g, "d/alone").layer, 3u);
  EXPECT_EQ(g.layers, 4u);
  int back = 0;
  for (const auto& e : g.edges) back += e.back ? 1 : 0;
  EXPECT_EQ(back, 1);
  for (const auto& e : g.edges) {
    if (g.nodes[e.to].clients) {
      EXPECT_EQ(e.rate_per_s, -1);
    }
  }
}

}  // namespace
}  // namespace sdsim::viz
