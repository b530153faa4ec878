// How a design plugs into sdsim: it registers a `design` (name, services, APIs, scenario field,
// validation, start); the engine reads the registry and never names a design itself.
#pragma once

#include <functional>
#include <stdexcept>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <caf/fwd.hpp>
#include <google/protobuf/generated_enum_reflection.h>
#include <google/protobuf/message.h>

#include "actors/core/metrics.pb.h"
#include "actors/core/model.pb.h"
#include "actors/core/report.pb.h"
#include "actors/core/placement_spec.hpp"
#include "actors/core/restart_intensity.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/core/validator.hpp"

namespace sdsim::core {

/// How `sdsim bench` ramps a design: which scenario, which rate field it raises, and how many
/// actor messages one request costs (for the efficiency figure).
struct bench_profile {
  std::string scenario;                ///< relative to the repository root
  std::string api;                     ///< the API whose throughput is measured
  std::string rate_path;               ///< `--set` path of that API's rate
  double start_rate_per_s = 1000;      ///< first probe
  double messages_per_request = 4;
  std::vector<std::string> sets;       ///< further overrides for bench runs
  std::string peer;                    ///< a real server to compare with ("redis_get"), or ""
  double min_probe_s = 0;              ///< shortest probe that measures it fairly (slow
                                       ///< services need windows long against their latency)
};

/// How the cost gate (`sdsim cost`, scripts/cost-gate.sh) drives a design: one short run of a
/// fixed seed under the virtual clock, whose work per request it counts under valgrind. Keep
/// it to a fraction of a second natively: valgrind runs it some 60 times slower.
struct cost_profile {
  std::string scenario;             ///< relative to the repository root
  std::vector<std::string> sets;    ///< overrides that make it short (duration, populations)
};

/// A service a design runs, with the capacity it has unless the scenario's topology says.
struct service_spec {
  std::string name;          ///< "design/service"
  uint32_t default_shards = 1;
  Capacity default_capacity;
  intensity_limit restart_limit;   ///< how a supervisor restarts its crashed shards
};

/// A service of `shards` instances of `servers` servers each (0: unlimited) whose service
/// time is `service_time`.
service_spec make_service(std::string name, uint32_t shards, uint32_t servers,
                          const Distribution& service_time);

/// A lognormal distribution by its median and 99th percentile, in ms.
Distribution lognormal_ms(double p50, double p99);

/// A constant, in ms.
Distribution constant_ms(double ms);

/// What the engine gives a design for one run. Valid for the whole run.
struct run_context {
  run_context(caf::actor_system& sys, const sim_clock& c) : system(sys), clock(c) {}
  caf::actor_system& system;
  const sim_clock& clock;
  uint64_t seed = 0;
  sim_ns warmup = 0;             ///< measurement starts here
  sim_ns arrivals_end = 0;       ///< workloads stop sending here (the scenario's duration)
  double day_offset_s = 0;       ///< seconds since midnight at sim time 0 (start_time)
  sim_ns host_lag_threshold = 0; ///< simulated ns of lateness that counts as a late arrival
  sim_ns timer_quantum = 0;      ///< rounding of delay lines (core::timed_actor); 0: exact
  /// Resolved topology: shards and capacity of a service (the design's default if unset).
  std::function<service_spec(const std::string& service)> service;
  /// Registers an actor that answers `collect_atom` with serialized `ActorMetrics` and
  /// `caf::get_atom` with the number of requests it holds in flight (uint64_t). A design may
  /// keep a copy to register actors it spawns during the run (valid for the whole run).
  std::function<void(caf::actor)> add_metric_source;
  /// Registers an actor that must be stopped when the run ends.
  std::function<void(caf::actor)> add_actor;
  /// Lets pending messages be handled: between a blocking request and its receive, so that it
  /// is answered under the virtual clock too (where nothing runs unless the engine says so).
  std::function<void()> settle;
  /// Actors a design offers to the others in this run, by service ("notification/gateway").
  /// Filled by `design::start`; read by other designs from `start_traffic` on, when every
  /// design has started.
  std::map<std::string, std::vector<caf::actor>> published;
  /// Placement on nodes: spawns shard `shard` of `service` on the node the scenario places it
  /// on, from `spec` (protobuf bytes that the design's `spawn_placed` reads there), and
  /// returns the remote handle; an invalid handle when that shard runs in this process. Empty
  /// when the run places nothing. Throws std::runtime_error when the node refuses.
  std::function<caf::actor(const std::string& service, uint32_t shard, uint32_t replica,
                           const placement_spec& spec)>
      place;
  /// Copies of each shard of `service` (1 unless the scenario places it with replicas).
  std::function<uint32_t(const std::string& service)> replicas;
  /// The node that copy `replica` of shard `shard` of `service` lives on; "" for this process.
  std::function<std::string(const std::string& service, uint32_t shard, uint32_t replica)>
      node_of;
};

/// One direction of the link between this process and a node, as a router models a partition
/// or link fault: messages lost (cut, or each with probability `loss`), or `delay_ms` late.
struct link_direction {
  bool cut = false;
  double delay_ms = 0;
  double loss = 0;
  bool clear() const { return !cut && delay_ms == 0 && loss == 0; }
};

/// The link to one node: `to` the node (requests), `from` it (replies).
struct link_state {
  link_direction to, from;
};

/// A path requests take from one service of a design to another, for the topology view.
/// "<design>/clients" stands for the design's workloads (riders' and drivers' phones).
struct flow_edge {
  std::string from, to;
};

/// A configuration's optional field: its value when set, else the design's default.
template <class T>
T or_default(bool has, T value, T fallback) {
  return has ? value : fallback;
}

/// What every actor of a run takes from it. Copied into each actor's params.
struct actor_basics {
  const sim_clock* clock = nullptr;
  uint64_t seed = 0;
  sim_ns window_start = 0;     ///< measurement starts here
  sim_ns arrivals_end = 0;
  sim_ns timer_quantum = 0;    ///< for core::timed_actor
};

/// The basics of `ctx`.
actor_basics basics_of(const run_context& ctx);

/// Shard `shard` of `service` where the scenario puts it: placed on its node from `spec()`
/// (asked for only then), else spawned here by `local()`.
caf::actor place_or_spawn(run_context& ctx, const std::string& service, uint32_t shard,
                          const std::function<placement_spec()>& spec,
                          const std::function<caf::actor()>& local);

/// `b` as a placed service's spec carries it (the clock stays behind).
ActorBasics to_proto(const actor_basics& b);

/// The basics in `p`, on `clock` (a node's own).
actor_basics from_proto(const ActorBasics& p, const sim_clock* clock);

class map_slot;

/// One of a design's own figures while it runs ("cache hit ratio" 0.93; "hottest keys" as text).
struct live_figure {
  std::string name;
  double value = 0;
  std::string text;   ///< instead of a value when not empty
};

/// What a running design offers a live viewer. Every member is optional.
struct live_sources {
  /// Actors that answer `peek_atom` with serialized `ActorMetrics` (API counters so far).
  std::vector<caf::actor> clients;
  /// Service actors that answer `peek_atom` with serialized `ActorMetrics` (their station's
  /// counters so far).
  std::vector<caf::actor> services;
  /// The design's map, when it has one.
  std::shared_ptr<map_slot> map;
  /// Service actors that answer `trace_atom` with what they know of one request (the ids are
  /// those the map's lines and marks carry).
  std::vector<caf::actor> tracers;
  /// The design's figures from what `services` answered to `peek_atom` (each one's counters
  /// so far, with its design-specific `extra`). A plain function of the copies it is given:
  /// the viewer calls it on its own thread.
  std::function<std::vector<live_figure>(const std::vector<ActorMetrics>& services)> figures;
};

/// One design's part in one run, created by `design::start`.
class design_run {
 public:
  virtual ~design_run() = default;
  /// Sends the start signal to the design's workloads (sim time 0 has just begun).
  virtual void start_traffic() = 0;
  /// Stops the design's arrivals early (Ctrl-C); in-flight requests still drain.
  virtual void stop_traffic() = 0;
  /// Carries out `f` now (its service belongs to this design); "" when done, else why not.
  virtual std::string apply_fault(const Fault& f) = 0;
  /// Adds the design's figures and checker verdicts, given what its actors measured. The
  /// engine has already filled `apis` and `services` from the same metrics.
  virtual void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) = 0;
  /// What a live viewer may read while the run goes on (nothing, unless a design offers it).
  virtual live_sources live() const { return {}; }
  /// Node `node` is connected again after it was lost (restarted, or resumed): bring back
  /// the copies placed on it (`run_context::place`), caught up before they serve. Called on
  /// the engine's thread; the default places nothing. "" when done, else why not.
  virtual std::string rejoin(const std::string& node) {
    (void)node;
    return "";
  }
  /// The link between this process and node `node` is now `link` (a partition or link fault):
  /// the design's routers apply it to the messages they send there and get back. "" when
  /// done, else why not.
  virtual std::string set_link(const std::string& node, const link_state& link);
  /// The link from node `a` to node `b` is now `link` (`to`: a -> b): the design's services
  /// on those nodes apply it to what they send each other. "" when done, else why not.
  virtual std::string set_node_link(const std::string& a, const std::string& b,
                                    const link_state& link);
};

/// A design: registered once, started once per run whose scenario sets its field. Derive
/// from `typed_design` (below), which fills in what follows from the design's proto.
class design {
 public:
  virtual ~design() = default;
  /// The design's name ("queueing"), in reports and listings; by convention also the name of
  /// its field in the scenario, which the engine finds by the field's type (`config_type`).
  virtual std::string name() const = 0;
  /// The message type of its configuration, as the scenario holds it.
  virtual const google::protobuf::Descriptor* config_type() const = 0;
  /// One sentence for `--help` and listings.
  virtual std::string summary() const = 0;
  /// Its APIs in snake_case, in the order `request_envelope::api` indexes them.
  virtual std::vector<std::string> apis() const = 0;
  /// Its services with their default shards and capacity.
  virtual std::vector<service_spec> services() const = 0;
  /// How requests flow between its services (empty: the topology view lists them unlinked).
  virtual std::vector<flow_edge> flow() const { return {}; }
  /// The scenario that shows it best, relative to the repository root.
  virtual std::string default_scenario() const = 0;
  /// How the throughput bench drives it.
  virtual bench_profile bench() const = 0;
  /// How the cost gate drives it.
  virtual cost_profile cost() const = 0;
  /// Reports semantic errors in its configuration.
  virtual void validate(const google::protobuf::Message& config, validator& v) const = 0;
  /// The services whose shards may live on other nodes (`sdsim node` processes).
  virtual std::vector<std::string> placeable_services() const { return {}; }
  /// Whether `service` keeps state its copies replicate (placed, it has R copies per shard,
  /// 2 by default); a stateless one is spread, one copy per shard.
  virtual bool replicated(const std::string& service) const {
    (void)service;
    return false;
  }
  /// Spawns one placed shard of `service` in a node's process from `spec`, on the node's
  /// clock; an error when the service cannot be placed or `spec` does not parse.
  virtual caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                                 const std::string& service,
                                                 const placement_spec& spec) const;
  /// Spawns its services and workloads for one run.
  virtual std::unique_ptr<design_run> start(run_context& ctx,
                                            const google::protobuf::Message& config) const = 0;
};

/// The names of an API enum's values in value order, less the enum's prefix, in snake_case
/// (SHORTENER_API_CREATE_URL -> "create_url"). Its values must run 0, 1, 2, ... (they index
/// request envelopes); throws std::logic_error otherwise.
std::vector<std::string> api_names(const google::protobuf::EnumDescriptor* apis);

/// A design whose configuration is the proto message `Config` and whose APIs are the values of
/// the proto enum `Api`: the engine finds its scenario field by the type `Config`, its API
/// names and order come from `Api`, and its own code sees only a `Config`.
template <class Config, class Api>
class typed_design : public design {
 public:
  std::vector<std::string> apis() const final {
    return api_names(google::protobuf::GetEnumDescriptor<Api>());
  }
  const google::protobuf::Descriptor* config_type() const final { return Config::descriptor(); }
  void validate(const google::protobuf::Message& config, validator& v) const final {
    validate_config(config_of(config), v);
  }
  std::unique_ptr<design_run> start(run_context& ctx,
                                    const google::protobuf::Message& config) const final {
    return start_run(ctx, config_of(config));
  }

 protected:
  /// Reports semantic errors in its configuration.
  virtual void validate_config(const Config& c, validator& v) const = 0;
  /// Spawns its services and workloads for one run.
  virtual std::unique_ptr<design_run> start_run(run_context& ctx, const Config& c) const = 0;

 private:
  // The engine hands each design the field of its own type (config_type), so this holds.
  static const Config& config_of(const google::protobuf::Message& m) {
    if (m.GetDescriptor() != Config::descriptor())
      throw std::logic_error("a design got another design's configuration");
    return static_cast<const Config&>(m);
  }
};

/// The designs this binary knows, by name. Filled once at start-up, read-only afterwards.
class design_registry {
 public:
  /// Adds a design; a second design with the same name is a programming error.
  void add(std::unique_ptr<design> d);
  /// The design of that name, or nullptr.
  const design* find(const std::string& name) const;
  /// All designs, ordered by name.
  std::vector<const design*> all() const;

 private:
  std::map<std::string, std::unique_ptr<design>> designs_;
};

}  // namespace sdsim::core
