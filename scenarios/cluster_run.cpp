// Placement from the scenario, nodes up and connected, per-node figures.
#include "scenarios/cluster_run.hpp"

#include <set>

#include <caf/actor_system_config.hpp>

#include "actors/cluster/transport.hpp"
#include "scenarios/scenario_loader.hpp"

namespace sdsim::scenarios {
namespace {

constexpr double default_launch_timeout_s = 10;

// The nodes some service's shard is placed on, in scenario order.
std::vector<Node> nodes_in_use(const Scenario& s, const cluster::placement& p) {
  const auto used = p.shards_per_node();
  std::vector<Node> out;
  for (const auto& n : s.topology().node())
    if (used.count(n.name())) out.push_back(n);
  return out;
}

}  // namespace

cluster::placement placement_of(const Scenario& s,
                                const std::vector<const core::design*>& enabled) {
  cluster::placement out;
  for (const auto& t : s.topology().service()) {
    if (t.nodes_size() == 0 && t.place_size() == 0) continue;
    cluster::service_placement sp;
    sp.service = t.name();
    sp.shards = t.has_shards() ? t.shards() : 0;
    for (const auto* d : enabled)
      for (const auto& svc : d->services())
        if (svc.name == t.name() && !t.has_shards()) sp.shards = svc.default_shards;
    sp.nodes.assign(t.nodes().begin(), t.nodes().end());
    for (const auto& pl : t.place()) sp.pinned.emplace_back(pl.shard(), pl.node());
    out.add(sp);
  }
  return out;
}

std::unique_ptr<cluster_run> cluster_run::make(const Scenario& s,
                                               const std::vector<const core::design*>& enabled) {
  auto p = placement_of(s, enabled);
  if (p.empty()) return nullptr;
  return std::unique_ptr<cluster_run>(new cluster_run(s, std::move(p)));
}

cluster_run::cluster_run(const Scenario& s, cluster::placement p)
    : options_(s.topology().cluster()), placement_(std::move(p)),
      launcher_(nodes_in_use(s, placement_), s.host().worker_threads(),
                options_.has_connect_timeout_s() ? options_.connect_timeout_s()
                                                 : default_launch_timeout_s,
                cluster::tls_of(options_)) {}

void cluster_run::configure(caf::actor_system_config& cfg) const {
  cluster::configure_cluster(cfg, options_);
}

void cluster_run::connect(caf::actor_system& sys, double speed, core::run_context& ctx) {
  session_ = std::make_unique<cluster::node_session>(sys, launcher_.nodes(), speed);
  ctx.place = [this](const std::string& service, uint32_t shard,
                     const std::string& spec) -> caf::actor {
    const auto& node = placement_.node_of(service, shard);
    if (node.empty()) return {};
    auto a = session_->place(node, service, spec);
    node_of_[a.address()] = node;
    return a;
  };
}

bool cluster_run::reachable(const caf::actor& a) const {
  auto it = node_of_.find(a.address());
  return it == node_of_.end() || !session_ || !session_->lost(it->second);
}

void cluster_run::report(const std::vector<caf::actor>& sources,
                         const std::vector<ActorMetrics>& metrics, RunReport* out) const {
  const auto shards = placement_.shards_per_node();
  for (const auto& n : launcher_.nodes()) {
    auto* r = out->add_nodes();
    r->set_name(n.name);
    r->set_address(n.address);
    r->set_launched(n.launched);
    auto it = shards.find(n.name);
    r->set_shards(it == shards.end() ? 0 : it->second);
    uint64_t served = 0;
    for (std::size_t k = 0; k < sources.size() && k < metrics.size(); ++k) {
      auto where = node_of_.find(sources[k].address());
      if (where == node_of_.end() || where->second != n.name) continue;
      for (const auto& svc : metrics[k].services()) served += svc.departures();
    }
    r->set_requests(served);
    r->set_lost(session_ && session_->lost(n.name));
  }
}

}  // namespace sdsim::scenarios
