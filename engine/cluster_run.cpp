// Placement from the scenario, nodes up and connected, per-node figures.
#include "engine/cluster_run.hpp"

#include <set>
#include <stdexcept>

#include <caf/actor_system_config.hpp>
#include <fmt/format.h>

#include "actors/cluster/transport.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::scenarios {
namespace {

constexpr double default_launch_timeout_s = 10;

// The ends of a partition or link fault: a node's name, or this process.
const std::string driver_name = "driver";

// A partition's or link fault's ends and direction.
struct link_ends {
  const std::string& from;
  const std::string& to;
  bool one_way;
};

link_ends ends_of(const Fault& f) {
  if (f.has_partition())
    return {f.partition().from(), f.partition().to(), f.partition().one_way()};
  return {f.link().from(), f.link().to(), f.link().one_way()};
}

// The restart that ends a `node_kill` with `restart_after_s`.
Fault restart_of(const std::string& node) {
  Fault f;
  f.mutable_node_restart()->set_node(node);
  return f;
}

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
    bool replicated = false;
    for (const auto* d : enabled) replicated = replicated || d->replicated(t.name());
    sp.replicas = t.has_replicas() ? t.replicas() : (replicated ? 0 : 1);
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
  return std::unique_ptr<cluster_run>(new cluster_run(s, std::move(p), enabled));
}

cluster_run::cluster_run(const Scenario& s, cluster::placement p,
                         std::vector<const core::design*> enabled)
    : options_(s.topology().cluster()), placement_(std::move(p)), enabled_(std::move(enabled)) {
  const auto in_use = nodes_in_use(s, placement_);
  if (s.clock() == VIRTUAL) {
    std::vector<std::string> names;
    for (const auto& n : in_use) {
      names.push_back(n.name());
      nodes_.push_back({n.name(), "simulated", false, 0});
    }
    simulated_ = std::make_unique<cluster::simulated_nodes>(names);
    return;
  }
  launcher_ = std::make_unique<cluster::node_launcher>(
      in_use, s.host().worker_threads(),
      options_.has_connect_timeout_s() ? options_.connect_timeout_s() : default_launch_timeout_s,
      cluster::tls_of(options_));
  nodes_ = launcher_->nodes();
}

void cluster_run::configure(caf::actor_system_config& cfg) const {
  if (launcher_) cluster::configure_cluster(cfg, options_);
}

void cluster_run::connect(caf::actor_system& sys, double speed, core::run_context& ctx) {
  if (launcher_) session_ = std::make_unique<cluster::node_session>(sys, nodes_, speed);
  ctx.place = [this, &sys, &clock = ctx.clock](const std::string& service, uint32_t shard,
                                               uint32_t copy, const core::placement_spec& spec) {
    const auto& node = placement_.node_of(service, shard, copy);
    if (node.empty()) return caf::actor{};
    if (simulated_) return place_simulated(sys, clock, node, service, spec);
    if (session_->lost(node)) throw std::runtime_error("node " + node + " is not connected");
    auto a = session_->place(node, service, spec);
    node_of_[a.address()] = {node, session_->generation(node)};
    return a;
  };
  ctx.replicas = [this](const std::string& service) { return placement_.replicas(service); };
  ctx.node_of = [this](const std::string& service, uint32_t shard, uint32_t copy) {
    return placement_.node_of(service, shard, copy);
  };
}

// A simulated node's service is spawned here by its design, as a node process would.
caf::actor cluster_run::place_simulated(caf::actor_system& sys, const core::sim_clock& clock,
                                        const std::string& node, const std::string& service,
                                        const core::placement_spec& spec) {
  return simulated_->place(node, [&] {
    for (const auto* d : enabled_)
      for (const auto& name : d->placeable_services()) {
        if (name != service) continue;
        auto a = d->spawn_placed(sys, clock, service, spec);
        if (!a) throw std::runtime_error("node " + node + " refused " + service + ": " +
                                         caf::to_string(a.error()));
        return *a;
      }
    throw std::runtime_error("no design places " + service);
  });
}

bool cluster_run::lost(const std::string& node) const {
  if (simulated_) return simulated_->down(node);
  return session_ && session_->lost(node);
}

bool cluster_run::reachable(const caf::actor& a) const {
  if (simulated_) return simulated_->reachable(a);
  auto it = node_of_.find(a.address());
  if (it == node_of_.end() || !session_) return true;
  return !session_->lost(it->second.node) &&
         session_->generation(it->second.node) == it->second.generation;
}

bool cluster_run::is_node_fault(const Fault& f) {
  return f.has_node_kill() || f.has_node_restart() || f.has_node_pause() || f.has_partition() ||
         f.has_link();
}

std::string cluster_run::apply_fault(const Fault& f, bool undo,
                                     const std::vector<std::unique_ptr<core::design_run>>& runs) {
  if (f.has_node_kill() && undo) return apply_fault(restart_of(f.node_kill().node()), false, runs);
  if (simulated_ && (f.has_node_kill() || f.has_node_restart() || f.has_node_pause()))
    return apply_simulated(f, undo, runs);
  if (f.has_node_kill()) {
    auto why = launcher_->kill(f.node_kill().node());
    if (why.empty()) held_down_.insert(f.node_kill().node());
    return why;
  }
  if (f.has_node_restart()) {
    const auto& name = f.node_restart().node();
    auto why = launcher_->restart(name);
    if (!why.empty()) return why;
    held_down_.erase(name);
    fresh_.insert(name);
    next_try_.erase(name);   // it listens already: connect at the next poll
    return "";
  }
  if (f.has_node_pause()) {
    const auto& name = f.node_pause().node();
    auto why = launcher_->pause(name, !undo);
    if (!why.empty()) return why;
    if (undo) {
      held_down_.erase(name);
      next_try_.erase(name);
    } else {
      held_down_.insert(name);
    }
    return "";
  }
  // Partitions and slow links: the routers model them, per node.
  const bool partition = f.has_partition();
  const auto [from, to, one_way] = ends_of(f);
  if (from != driver_name && to != driver_name) return set_node_link(f, undo, runs);
  const bool outbound = from == driver_name;   // driver -> node is "to" the node
  const std::string& node = outbound ? to : from;
  auto& l = links_[node];
  auto set = [&](core::link_direction& d) {
    if (partition) d.cut = !undo;
    else d = undo ? core::link_direction{d.cut, 0, 0}
                  : core::link_direction{d.cut, f.link().delay_ms(), f.link().loss()};
  };
  set(outbound ? l.to : l.from);
  if (!one_way) set(outbound ? l.from : l.to);
  std::string why = "no design here routes requests to nodes";
  for (const auto& r : runs)
    if (r->set_link(node, l).empty()) why.clear();
  return why;
}

// A link between two nodes: the services placed on them apply it to what they send each other
// (the cluster's replication).
std::string cluster_run::set_node_link(const Fault& f, bool undo,
                                       const std::vector<std::unique_ptr<core::design_run>>& runs) {
  const auto [from, to, one_way] = ends_of(f);
  // One state per pair of nodes, whichever way a fault names them.
  const bool forward = from < to;
  const auto& a = forward ? from : to;
  const auto& b = forward ? to : from;
  auto& l = node_links_[{a, b}];
  auto set = [&](core::link_direction& d) {
    if (f.has_partition()) d.cut = !undo;
    else d = undo ? core::link_direction{d.cut, 0, 0}
                  : core::link_direction{d.cut, f.link().delay_ms(), f.link().loss()};
  };
  set(forward ? l.to : l.from);
  if (!one_way) set(forward ? l.from : l.to);
  std::string why = "no design here sends anything between " + a + " and " + b;
  for (const auto& r : runs)
    if (r->set_node_link(a, b, l).empty()) why.clear();
  return why;
}

std::string cluster_run::describe(const Fault& f, bool undo) {
  if (f.has_node_kill())
    return undo ? "restart node " + f.node_kill().node() : "kill node " + f.node_kill().node();
  if (f.has_node_restart()) return "restart node " + f.node_restart().node();
  if (f.has_node_pause())
    return (undo ? "resume node " : "pause node ") + f.node_pause().node();
  const auto [from, to, one_way] = ends_of(f);
  const std::string ends = from + (one_way ? " -> " : " <-> ") + to;
  if (f.has_partition()) return (undo ? "partition ends " : "partition ") + ends;
  return undo ? "link " + ends + " restored"
              : fmt::format("link {}: +{:g} ms, {:g}% lost", ends, f.link().delay_ms(),
                            100 * f.link().loss());
}

void cluster_run::event(RunReport* out, core::sim_ns at, const std::string& what,
                        const std::string& result) {
  auto* e = out->add_faults();
  e->set_at_s(core::to_s(static_cast<double>(at)));
  e->set_what(what);
  e->set_result(result);
}

void cluster_run::poll(const std::vector<std::unique_ptr<core::design_run>>& runs,
                       RunReport* out) {
  if (simulated_) return poll_simulated(out);
  if (!session_) return;
  for (const auto& l : session_->take_losses()) {
    ++losses_[l.node];
    fresh_.erase(l.node);
    event(out, l.at, "node " + l.node + " lost", "its connection closed or timed out");
  }
  const auto now = std::chrono::steady_clock::now();
  for (const auto& n : nodes_) {
    if (!session_->lost(n.name) || held_down_.count(n.name)) continue;
    // A launched node declared dead whose process still runs (it was frozen) is fenced: ended
    // and started afresh on its port, not trusted back. Besides, CAF 0.17 keeps stale routes
    // for a peer that returns with the same node id, and messages between it and the other
    // nodes then vanish (measured: a resumed node's copies never heard from their primaries).
    if (n.launched && !fresh_.count(n.name) && launcher_->running(n.name)) {
      const auto why = launcher_->fence(n.name);
      event(out, clock_ ? clock_->now() : 0, "node " + n.name + " fenced",
            why.empty() ? "it was declared dead: restarted afresh on its port" : why);
      if (why.empty()) fresh_.insert(n.name);
      else held_down_.insert(n.name);
      continue;
    }
    auto& next = next_try_[n.name];
    if (now < next) continue;
    next = now + std::chrono::milliseconds(500);
    std::string why;
    if (!session_->reconnect(n.name, 300, &why)) continue;
    ++rejoins_[n.name];
    std::string refused;
    for (const auto& r : runs)
      if (auto why = r->rejoin(n.name); !why.empty()) refused = why;
    event(out, clock_ ? clock_->now() : 0, "node " + n.name + " rejoined",
          refused.empty() ? "connected again; what was placed on it is placed again (copies catch up from their primaries)"
                          : "connected again, but a copy could not be placed: " + refused);
  }
}

std::string cluster_run::node_of(const caf::actor_addr& a) const {
  if (simulated_) return simulated_->node_of(a);
  auto it = node_of_.find(a);
  return it == node_of_.end() ? std::string{} : it->second.node;
}

// Both directions of the routers' link to `node` cut, or restored (a simulated pause).
std::string cluster_run::set_cut(const std::string& node, bool cut,
                                 const std::vector<std::unique_ptr<core::design_run>>& runs) {
  auto& l = links_[node];
  l.to.cut = l.from.cut = cut;
  std::string why = "no design here routes requests to nodes";
  for (const auto& r : runs)
    if (r->set_link(node, l).empty()) why.clear();
  return why;
}

// A simulated node's faults, as the real ones look to the driver: a kill ends its actors at
// once (its connection closes); a pause loses what is sent to it, until the connection
// timeout declares it dead (its actors end), and at the resume it is fenced — started
// afresh — and its copies rejoin; a restart brings it back and its copies rejoin.
std::string cluster_run::apply_simulated(const Fault& f, bool undo,
                                         const std::vector<std::unique_ptr<core::design_run>>& runs) {
  if (f.has_node_kill()) {
    const auto& name = f.node_kill().node();
    auto why = simulated_->kill(name);
    if (why.empty()) note_loss(name, "its process was killed");
    return why;
  }
  if (f.has_node_restart()) {
    auto why = simulated_->restart(f.node_restart().node());
    return why.empty() ? bring_back(f.node_restart().node(), runs) : why;
  }
  const auto& name = f.node_pause().node();
  if (!undo) {
    paused_.insert(name);
    return set_cut(name, true, runs);
  }
  paused_.erase(name);
  set_cut(name, false, runs);
  if (!simulated_->down(name)) return "";   // resumed before it was declared dead
  simulated_->restart(name);
  pending_.push_back({clock_->now(), "node " + name + " fenced",
                      "it was declared dead: restarted afresh"});
  return bring_back(name, runs);
}

void cluster_run::note_loss(const std::string& node, const std::string& why) {
  ++losses_[node];
  pending_.push_back({clock_->now(), "node " + node + " lost", why});
}

std::string cluster_run::bring_back(const std::string& node,
                                    const std::vector<std::unique_ptr<core::design_run>>& runs) {
  ++rejoins_[node];
  std::string refused;
  for (const auto& r : runs)
    if (auto why = r->rejoin(node); !why.empty()) refused = why;
  pending_.push_back({clock_->now(), "node " + node + " rejoined",
                      refused.empty() ? "up again; what was placed on it is placed again (copies catch up from their primaries)"
                                      : "up again, but a copy could not be placed: " + refused});
  return "";
}

std::optional<core::sim_ns> cluster_run::pause_noticed_at(const Fault& f,
                                                          core::sim_ns at) const {
  if (!simulated_ || !f.has_node_pause()) return std::nullopt;
  const double timeout_ms = cluster::connection_timeout_ms(options_);
  if (timeout_ms >= 1000 * f.node_pause().for_s()) return std::nullopt;   // resumed first
  return at + core::from_ms(timeout_ms);
}

void cluster_run::notice_pause(const Fault& f) {
  const auto& name = f.node_pause().node();
  if (!paused_.erase(name)) return;
  simulated_->kill(name);
  note_loss(name, "no heartbeat within the connection timeout");
}

void cluster_run::poll_simulated(RunReport* out) {
  for (const auto& e : pending_) event(out, e.at, e.what, e.result);
  pending_.clear();
}

void cluster_run::report(const std::vector<caf::actor>& sources,
                         const std::vector<ActorMetrics>& metrics, RunReport* out) const {
  const auto shards = placement_.shards_per_node();
  for (const auto& n : nodes_) {
    auto* r = out->add_nodes();
    r->set_name(n.name);
    r->set_address(n.address);
    r->set_launched(n.launched);
    auto it = shards.find(n.name);
    r->set_shards(it == shards.end() ? 0 : it->second);
    uint64_t served = 0;
    for (std::size_t k = 0; k < sources.size() && k < metrics.size(); ++k) {
      if (node_of(sources[k].address()) != n.name) continue;
      for (const auto& svc : metrics[k].services()) served += svc.departures();
    }
    r->set_requests(served);
    r->set_lost(lost(n.name));
    auto count = [&](const std::map<std::string, uint32_t>& m) {
      auto it = m.find(n.name);
      return it == m.end() ? 0u : it->second;
    };
    r->set_losses(count(losses_));
    r->set_rejoins(count(rejoins_));
  }
}

}  // namespace sdsim::scenarios
