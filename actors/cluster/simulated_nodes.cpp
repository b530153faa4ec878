#include "actors/cluster/simulated_nodes.hpp"

#include <stdexcept>

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

namespace sdsim::cluster {

simulated_nodes::simulated_nodes(const std::vector<std::string>& names) {
  for (const auto& n : names) nodes_[n];
}

caf::actor simulated_nodes::place(const std::string& node,
                                  const std::function<caf::actor()>& spawn) {
  auto& n = nodes_.at(node);
  if (n.down) throw std::runtime_error("node " + node + " is down");
  auto a = spawn();
  placed_[a.address()] = {node, n.generation};
  n.actors.push_back(a);
  return a;
}

std::string simulated_nodes::kill(const std::string& node) {
  auto it = nodes_.find(node);
  if (it == nodes_.end()) return "unknown node " + node;
  auto& n = it->second;
  if (n.down) return "already down";
  n.down = true;
  for (const auto& a : n.actors)
    caf::anon_send_exit(a, caf::exit_reason::remote_link_unreachable);
  n.actors.clear();
  ++n.generation;
  return "";
}

std::string simulated_nodes::restart(const std::string& node) {
  auto it = nodes_.find(node);
  if (it == nodes_.end()) return "unknown node " + node;
  if (!it->second.down) return "not down";
  it->second.down = false;
  return "";
}

bool simulated_nodes::down(const std::string& node) const {
  auto it = nodes_.find(node);
  return it != nodes_.end() && it->second.down;
}

bool simulated_nodes::reachable(const caf::actor& a) const {
  auto it = placed_.find(a.address());
  if (it == placed_.end()) return true;
  const auto& n = nodes_.at(it->second.node);
  return !n.down && n.generation == it->second.generation;
}

std::string simulated_nodes::node_of(const caf::actor_addr& a) const {
  auto it = placed_.find(a);
  return it == placed_.end() ? std::string{} : it->second.node;
}

}  // namespace sdsim::cluster
