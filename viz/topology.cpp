#include "viz/topology.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "engine/report_builder.hpp"

namespace sdsim::viz {
namespace {

bool is_clients(const std::string& name) {
  const std::string tail = "/clients";
  return name.size() > tail.size() && name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
}

// The longest path from the clients, so a request's chain reads left to right (pricing, then
// trip, then matching, then location) rather than piling every service the phones call into
// one column. Edges into the clients are replies and do not count; a cycle among services
// stops growing after as many rounds as there are nodes. Unreached nodes stay at `none`.
std::vector<std::size_t> layers_of(const topology& g) {
  constexpr auto none = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> layer(g.nodes.size(), none);
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (g.nodes[i].clients) layer[i] = 0;
  for (std::size_t round = 0; round < g.nodes.size(); ++round) {
    bool changed = false;
    for (const auto& e : g.edges) {
      if (layer[e.from] == none || g.nodes[e.to].clients) continue;
      if (layer[e.to] == none || layer[e.to] < layer[e.from] + 1) {
        layer[e.to] = std::min(layer[e.from] + 1, g.nodes.size());
        changed = true;
      }
    }
    if (!changed) break;
  }
  return layer;
}

void place(topology& g) {
  auto layer = layers_of(g);
  std::size_t deepest = 0;
  for (auto l : layer)
    if (l != std::numeric_limits<std::size_t>::max()) deepest = std::max(deepest, l);
  const bool unreached = std::any_of(layer.begin(), layer.end(), [](std::size_t l) {
    return l == std::numeric_limits<std::size_t>::max();
  });
  for (auto& l : layer)
    if (l == std::numeric_limits<std::size_t>::max()) l = deepest + 1;
  g.layers = deepest + 1 + (unreached ? 1 : 0);
  std::vector<std::vector<std::size_t>> in_layer(g.layers);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    g.nodes[i].layer = layer[i];
    in_layer[layer[i]].push_back(i);  // in name order: nodes were added sorted
  }
  for (std::size_t l = 0; l < g.layers; ++l)
    for (std::size_t k = 0; k < in_layer[l].size(); ++k) {
      auto& n = g.nodes[in_layer[l][k]];
      n.x = (static_cast<float>(l) + 0.5f) / static_cast<float>(g.layers);
      n.y = (static_cast<float>(k) + 0.5f) / static_cast<float>(in_layer[l].size());
    }
  for (auto& e : g.edges) e.back = g.nodes[e.to].layer <= g.nodes[e.from].layer;
}

}  // namespace

topology build_topology(const std::vector<topo_service>& services,
                        const std::vector<core::flow_edge>& flow,
                        const std::vector<service_line>& load) {
  // Every node once, in name order, so the picture keeps its places from frame to frame.
  std::map<std::string, uint32_t> shards;
  for (const auto& s : services) shards[s.name] = s.shards;
  for (const auto& e : flow)
    for (const auto* n : {&e.from, &e.to}) shards.emplace(*n, 1);
  topology g;
  std::map<std::string, std::size_t> index;
  for (const auto& [name, n] : shards) {
    index[name] = g.nodes.size();
    topo_node node;
    node.name = name;
    node.clients = is_clients(name);
    node.instances = n;
    g.nodes.push_back(node);
  }
  for (const auto& l : load) {
    auto it = index.find(l.name);
    if (it == index.end()) continue;
    auto& n = g.nodes[it->second];
    n.instances = l.instances;
    n.servers = l.servers;
    n.arrivals_per_s = l.arrivals_per_s;
    n.utilization = l.utilization;
  }
  std::vector<std::size_t> ways_in(g.nodes.size(), 0);
  for (const auto& e : flow) {
    g.edges.push_back({index.at(e.from), index.at(e.to), false, -1});
    ++ways_in[index.at(e.to)];
  }
  for (auto& e : g.edges)
    if (ways_in[e.to] == 1 && !g.nodes[e.to].clients) e.rate_per_s = g.nodes[e.to].arrivals_per_s;
  place(g);
  // The report's rule, on what the stations did lately: a service past its capacity is the
  // live view's "unstable" (its queue is growing).
  std::vector<std::size_t> measured;
  std::vector<scenarios::service_weight> weights;
  for (std::size_t i = 0; i < g.nodes.size(); ++i)
    if (!g.nodes[i].clients && g.nodes[i].utilization >= 0) {
      measured.push_back(i);
      weights.push_back({g.nodes[i].utilization >= 1, g.nodes[i].utilization});
    }
  if (auto worst = scenarios::bottleneck_index(weights)) g.nodes[measured[*worst]].bottleneck = true;
  return g;
}

}  // namespace sdsim::viz
