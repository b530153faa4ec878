// Semantic rules of the scenario, shared by every design; each design adds its own through
// core::design::validate.
#include "engine/scenario_rules.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "actors/cluster/host_port.hpp"
#include "actors/cluster/tls_credentials.hpp"
#include "actors/core/distribution.hpp"
#include "engine/calendar.hpp"
#include "engine/field_path.hpp"
#include "engine/location_index.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::scenarios {
namespace {

bool positive(double x) { return std::isfinite(x) && x > 0; }
bool non_negative(double x) { return std::isfinite(x) && x >= 0; }

std::string join(const std::vector<std::string>& xs) {
  std::string out;
  for (const auto& x : xs) out += (out.empty() ? "" : ", ") + x;
  return out;
}

void check_timing(const Scenario& s, location_index& v) {
  if (!positive(s.duration_s())) v.error(s, "duration_s", "duration_s must be > 0");
  if (s.has_warmup_s() && (!non_negative(s.warmup_s()) || s.warmup_s() >= s.duration_s()))
    v.error(s, "warmup_s", "warmup_s must be >= 0 and below duration_s");
  if (s.has_drain_s() && !non_negative(s.drain_s())) v.error(s, "drain_s", "drain_s must be >= 0");
  if (s.has_speed() && (!positive(s.speed()) || s.speed() > 1000))
    v.error(s, "speed", "speed must be > 0 and at most 1000");
  if (!s.start_time().empty() && !parse_utc(s.start_time()))
    v.error(s, "start_time", "start_time must look like 2026-01-05T08:00:00Z (UTC)");
  if (s.host().has_lag_threshold_ms() && !positive(s.host().lag_threshold_ms()))
    v.error(s.host(), "lag_threshold_ms", "lag_threshold_ms must be > 0");
  if (s.host().has_worker_threads() &&
      (s.host().worker_threads() < 1 || s.host().worker_threads() > 256))
    v.error(s.host(), "worker_threads", "worker_threads must be within 1..256");
}

void check_topology(const Scenario& s, const std::vector<const core::design*>& enabled,
                    location_index& v) {
  std::vector<std::string> known;
  for (const auto* d : enabled)
    for (const auto& svc : d->services()) known.push_back(svc.name);
  std::set<std::string> seen;
  for (int i = 0; i < s.topology().service_size(); ++i) {
    const auto& t = s.topology().service(i);
    if (std::find(known.begin(), known.end(), t.name()) == known.end())
      v.error(t, "name", "unknown service '" + t.name() + "' (this scenario runs: " +
                             join(known) + ")");
    if (!seen.insert(t.name()).second)
      v.error(t, "name", "service '" + t.name() + "' is configured twice");
    if (t.has_shards() && (t.shards() < 1 || t.shards() > 4096))
      v.error(t, "shards", "shards must be within 1..4096");
    if (t.has_capacity() && t.capacity().has_service_time())
      core::distribution::validate(t.capacity().service_time(), v);
    if (t.supervisor().has_window_s() &&
        !(non_negative(t.supervisor().window_s()) && t.supervisor().window_s() <= 1e6))
      v.error(t.supervisor(), "window_s", "window_s must be within 0..1000000");
  }
  for (const auto& l : s.topology().link()) core::distribution::validate(l.latency(), v);
}

// Nodes and placement: names known and distinct, addresses valid, shards in range, only
// services a design lets live elsewhere, and the real clock.
void check_placement(const Scenario& s, const std::vector<const core::design*>& enabled,
                     location_index& v) {
  const auto& topo = s.topology();
  std::set<std::string> nodes;
  for (const auto& n : topo.node()) {
    if (n.name().empty() || !nodes.insert(n.name()).second)
      v.error(n, "name", "each node needs a distinct, non-empty name");
    // Under the virtual clock every node is simulated in this process: no address needed.
    std::string why;
    if (s.clock() == VIRTUAL || n.launch()) continue;
    if (!cluster::parse_host_port(n.address(), &why))
      v.error(n, "address", "a node not launched needs its address: " + why);
    else if (cluster::parse_host_port(n.address(), &why)->port == 0)
      v.error(n, "address", "a node not launched needs its port (it cannot be 0)");
  }
  for (const auto& t : topo.service()) {
    if (t.nodes_size() == 0 && t.place_size() == 0) continue;
    bool placeable = false;
    std::string offered;
    uint32_t shards = t.has_shards() ? t.shards() : 0;
    for (const auto* d : enabled) {
      for (const auto& name : d->placeable_services()) {
        placeable = placeable || name == t.name();
        offered += (offered.empty() ? "" : ", ") + name;
      }
      for (const auto& svc : d->services())
        if (svc.name == t.name() && !t.has_shards()) shards = svc.default_shards;
    }
    if (!placeable) {
      v.error(t, t.nodes_size() ? "nodes" : "place",
              "service '" + t.name() + "' cannot be placed on nodes (only services a design "
              "offers for placement can" + (offered.empty() ? "; this run's designs offer none"
                                                             : ": " + offered) + ")");
      continue;
    }
    for (int i = 0; i < t.nodes_size(); ++i)
      if (!nodes.count(t.nodes(i)))
        v.error(t, "nodes", "unknown node '" + t.nodes(i) + "' (declare it with node { name: ... })", i);
    bool replicated = false;
    for (const auto* d : enabled) replicated = replicated || d->replicated(t.name());
    if (t.has_replicas() && !replicated && t.replicas() != 1)
      v.error(t, "replicas", "service '" + t.name() + "' keeps no state to replicate: its "
                             "shards are spread over the nodes, one copy each (replicas: 1)");
    else if (t.has_replicas()) {
      const std::set<std::string> distinct(t.nodes().begin(), t.nodes().end());
      const auto most = std::max<std::size_t>(1, distinct.size());
      if (t.replicas() < 1 || t.replicas() > most)
        v.error(t, "replicas", fmt::format("replicas must be within 1..{} (copies of a shard live "
                                           "on distinct nodes of `nodes`)", most));
    }
    for (const auto& pl : t.place()) {
      if (!nodes.count(pl.node()))
        v.error(pl, "node", "unknown node '" + pl.node() + "' (declare it with node { name: ... })");
      if (pl.shard() >= shards)
        v.error(pl, "shard", fmt::format("shard {} is out of range: '{}' has {} shards (0..{})",
                                         pl.shard(), t.name(), shards, shards - 1));
    }
  }
  const auto& c = topo.cluster();
  if (c.has_heartbeat_interval_ms() && !positive(c.heartbeat_interval_ms()))
    v.error(c, "heartbeat_interval_ms", "heartbeat_interval_ms must be > 0");
  if (c.has_connection_timeout_ms() && !positive(c.connection_timeout_ms()))
    v.error(c, "connection_timeout_ms", "connection_timeout_ms must be > 0");
  if (c.has_connect_timeout_s() && !positive(c.connect_timeout_s()))
    v.error(c, "connect_timeout_s", "connect_timeout_s must be > 0");
}

// A fault on a node or a link: nodes declared, launched where the run must signal the
// process, a link's ends two different places ("driver" or a node). False when `f` is no
// node fault.
bool check_node_fault(const Scenario& s, const Fault& f, location_index& v) {
  auto node = [&](const std::string& name) -> const Node* {
    for (const auto& n : s.topology().node())
      if (n.name() == name) return &n;
    return nullptr;
  };
  auto launched = [&](const google::protobuf::Message& m, const std::string& name) {
    const Node* n = node(name);
    if (!n) v.error(m, "node", "unknown node '" + name + "' (declare it with node { name: ... })");
    else if (!n->launch() && s.clock() != VIRTUAL)
      v.error(m, "node", "node '" + name + "' is not launched by the run: only launched nodes "
                         "(or simulated ones, under the virtual clock) can be killed, paused or "
                         "restarted");
  };
  auto ends = [&](const google::protobuf::Message& m, const std::string& from,
                  const std::string& to) {
    for (const auto* end : {"from", "to"}) {
      const std::string& name = std::string(end) == "from" ? from : to;
      if (name != "driver" && !node(name))
        v.error(m, end, "unknown node '" + name + "' (a link joins \"driver\" or a node)");
    }
    if (from == to) v.error(m, "to", "a link joins two different places");
  };
  if (f.has_node_kill()) {
    launched(f.node_kill(), f.node_kill().node());
    if (!non_negative(f.node_kill().restart_after_s()))
      v.error(f.node_kill(), "restart_after_s", "restart_after_s must be >= 0");
  } else if (f.has_node_restart()) {
    launched(f.node_restart(), f.node_restart().node());
  } else if (f.has_node_pause()) {
    launched(f.node_pause(), f.node_pause().node());
    if (!positive(f.node_pause().for_s()))
      v.error(f.node_pause(), "for_s", "for_s must be > 0 (a pause ends)");
  } else if (f.has_partition()) {
    ends(f.partition(), f.partition().from(), f.partition().to());
    if (!non_negative(f.partition().for_s()))
      v.error(f.partition(), "for_s", "for_s must be >= 0");
  } else if (f.has_link()) {
    ends(f.link(), f.link().from(), f.link().to());
    if (!non_negative(f.link().delay_ms())) v.error(f.link(), "delay_ms", "delay_ms must be >= 0");
    if (!(f.link().loss() >= 0 && f.link().loss() <= 1))
      v.error(f.link(), "loss", "loss must be a fraction within [0, 1]");
    if (!non_negative(f.link().for_s())) v.error(f.link(), "for_s", "for_s must be >= 0");
  } else {
    return false;
  }
  return true;
}

// Mutual TLS with the nodes: the three files readable, then usable by OpenSSL.
void check_cluster_tls(const ClusterOptions& c, location_index& v) {
  if (!c.has_tls()) return;
  const auto& t = c.tls();
  const cluster::tls_options o{true, t.cert(), t.key(), t.ca()};
  bool files_ok = true;
  for (const auto& [field, path] : {std::pair{"cert", &o.cert}, {"key", &o.key}, {"ca", &o.ca}})
    if (auto why = cluster::tls_file_problem(*path)) {
      files_ok = false;
      v.error(t, field, std::string("tls ") + field + " " + *why +
                            (path->empty() ? " (mutual TLS needs cert, key and ca: without them "
                                             "CAF's TLS would let any peer in)"
                                           : ""));
    }
  if (!files_ok) return;
  if (auto p = cluster::tls_credentials_problem(o, {"tls", "tls cert", "tls key", "tls ca"}))
    v.error(c, "tls", *p);
}

void check_faults(const Scenario& s, const std::vector<const core::design*>& enabled,
                  location_index& v) {
  for (const auto& f : s.fault()) {
    if (!non_negative(f.at_s())) v.error(f, "at_s", "at_s must be >= 0");
    else if (f.at_s() > s.duration_s())
      v.error(f, "at_s", fmt::format("the fault at {:g} s comes after the end of the run "
                                     "(duration_s {:g})", f.at_s(), s.duration_s()));
    auto known = [&](const std::string& name) {
      for (const auto* d : enabled)
        for (const auto& svc : d->services())
          if (svc.name == name) return true;
      return false;
    };
    if (f.has_slow()) {
      if (!known(f.slow().service()))
        v.error(f.slow(), "service", "unknown service '" + f.slow().service() + "'");
      if (!positive(f.slow().factor())) v.error(f.slow(), "factor", "factor must be > 0");
      if (!non_negative(f.slow().for_s())) v.error(f.slow(), "for_s", "for_s must be >= 0");
    } else if (f.has_kill()) {
      if (!known(f.kill().service()))
        v.error(f.kill(), "service", "unknown service '" + f.kill().service() + "'");
      if (!non_negative(f.kill().restart_after_s()))
        v.error(f.kill(), "restart_after_s", "restart_after_s must be >= 0");
    } else if (f.has_fail()) {
      if (!known(f.fail().service()))
        v.error(f.fail(), "service", "unknown service '" + f.fail().service() + "'");
      if (!(f.fail().rate() >= 0 && f.fail().rate() <= 1))
        v.error(f.fail(), "rate", "rate must be a fraction within [0, 1]");
      if (!non_negative(f.fail().for_s())) v.error(f.fail(), "for_s", "for_s must be >= 0");
    } else if (f.has_restart()) {
      if (!known(f.restart().service()))
        v.error(f.restart(), "service", "unknown service '" + f.restart().service() + "'");
    } else if (!check_node_fault(s, f, v)) {
      v.error(f, "at_s", "a fault needs a kind (slow, kill, restart, fail, node_kill, "
                         "node_restart, node_pause, partition, link)");
    }
  }
}

void check_thresholds(const Scenario& s, const std::vector<const core::design*>& enabled,
                      location_index& v) {
  for (const auto& t : s.threshold()) {
    const core::design* d = nullptr;
    for (const auto* e : enabled)
      if (e->name() == t.design() || (t.design().empty() && enabled.size() == 1)) d = e;
    if (!d) {
      v.error(t, "design", t.design().empty() ? "name the design: this scenario runs several"
                                              : "design '" + t.design() + "' does not run here");
      continue;
    }
    if (t.api().empty() == t.figure().empty()) {
      v.error(t, "api", "a threshold names either an api or a figure");
      continue;
    }
    if (!t.api().empty()) {
      const auto apis = d->apis();
      if (std::find(apis.begin(), apis.end(), t.api()) == apis.end())
        v.error(t, "api", "unknown api '" + t.api() + "' (" + d->name() + " has: " + join(apis) + ")");
      if (!t.has_latency_ms_p50_max() && !t.has_latency_ms_p99_max() &&
          !t.has_latency_ms_mean_max() && !t.has_error_rate_max() && !t.has_throughput_rps_min())
        v.error(t, "api", "an api threshold needs a bound (latency_ms_p99_max, ...)");
    } else if (!t.has_min() && !t.has_max()) {
      v.error(t, "figure", "a figure threshold needs min or max");
    }
  }
}

}  // namespace

void check_rules(const Scenario& s, const std::string& file,
                 const google::protobuf::TextFormat::ParseInfoTree& tree,
                 const std::vector<std::string>& sets, const core::design_registry& designs,
                 std::vector<std::string>& errors) {
  location_index v(s, file, &tree, sets, errors);
  const auto enabled = enabled_designs(s, designs);
  if (enabled.empty()) {
    std::vector<std::string> names;
    for (const auto* d : designs.all()) names.push_back(d->name());
    errors.push_back(file + ":1:1: the scenario runs no design; set one of: " + join(names));
  }
  check_timing(s, v);
  check_topology(s, enabled, v);
  check_placement(s, enabled, v);
  check_cluster_tls(s.topology().cluster(), v);
  check_faults(s, enabled, v);
  check_thresholds(s, enabled, v);
  for (const auto* d : enabled) d->validate(design_config(s, *d), v);
  std::set<std::string> names;
  for (const auto& var : s.variant()) {
    if (var.name().empty() || !names.insert(var.name()).second)
      v.error(var, "name", "each variant needs a distinct, non-empty name");
    Scenario copy = s;
    for (int i = 0; i < var.set_size(); ++i)
      if (auto e = apply_assignment(copy, var.set(i))) v.error(var, "set", *e, i);
  }
  if (!errors.empty()) return;
  // Each variant must itself be a valid scenario; its errors point at its `set` lines.
  for (const auto& var : s.variant()) {
    std::vector<std::string> inner;
    Scenario copy = apply_variant(s, var);
    location_index vi(copy, file, nullptr, {}, inner);
    check_timing(copy, vi);
    check_topology(copy, enabled_designs(copy, designs), vi);
    for (const auto* d : enabled_designs(copy, designs)) d->validate(design_config(copy, *d), vi);
    for (const auto& e : inner) v.error(var, "set", "variant '" + var.name() + "': " + e, 0);
  }
}

}  // namespace sdsim::scenarios
