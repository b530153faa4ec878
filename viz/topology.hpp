// The topology as a graph: a box per service (its shards and servers, arrivals and busy share
// lately) and an edge per path requests take, laid out left to right from the clients, the
// bottleneck marked by the report's own rule. Plain: the panel only draws what this computes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "actors/core/design.hpp"
#include "viz/service_rates.hpp"

namespace sdsim::viz {

/// A box of the graph.
struct topo_node {
  std::string name;
  bool clients = false;         ///< a design's workloads, not a service
  std::size_t layer = 0;        ///< hops from the clients along the flow
  float x = 0, y = 0;           ///< center, within [0, 1] × [0, 1]
  uint32_t instances = 1, servers = 0;
  double arrivals_per_s = -1;   ///< -1 until measured
  double utilization = -1;      ///< -1 when unlimited or unknown
  bool bottleneck = false;
};

/// An arrow of the graph.
struct topo_edge {
  std::size_t from = 0, to = 0;  ///< indices into `topology::nodes`
  bool back = false;             ///< goes to an earlier or the same layer (a reply path)
  double rate_per_s = -1;        ///< the callee's arrivals when this is its only way in; else -1
};

struct topology {
  std::vector<topo_node> nodes;
  std::vector<topo_edge> edges;
  std::size_t layers = 0;
};

/// One declared service of the run: its name and shards.
struct topo_service {
  std::string name;
  uint32_t shards = 1;
};

/// The graph of `services` linked by `flow`, with the latest `load` on it. Layers are the
/// fewest hops from any design's clients; services no edge reaches go in a last layer.
topology build_topology(const std::vector<topo_service>& services,
                        const std::vector<core::flow_edge>& flow,
                        const std::vector<service_line>& load);

}  // namespace sdsim::viz
