// Registration of the queueing design: one station, open-model workloads, M/M/c figures.
#include <caf/send.hpp>

#include "actors/core/design.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/queueing/queueing.pb.h"
#include "actors/queueing/queueing_theory.hpp"
#include "actors/queueing/station_actor.hpp"

namespace sdsim::queueing {
namespace {

using namespace sdsim::core;

const std::string station_name = "queueing/station";
constexpr double default_timeout_s = 30;

// Spreads requests over the station's shards uniformly.
class serve_workload : public workload {
 public:
  explicit serve_workload(uint32_t shards) : shards_(shards) {}
  uint32_t prepare(request_envelope& env, rng& r) override {
    return shards_ == 1 ? 0 : static_cast<uint32_t>(r.below(shards_));
  }

 private:
  uint32_t shards_;
};

// A station's parameters as a node receives them.
std::string station_spec(const station_params& p) {
  StationSpec s;
  s.set_name(p.name);
  s.set_shard(p.shard);
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = to_proto(p.basics);
  return s.SerializeAsString();
}

// Station `p->shard` where the scenario puts it.
caf::actor place_station(run_context& ctx, const std::shared_ptr<const station_params>& p) {
  return place_or_spawn(ctx, station_name, p->shard,
                        [&] { return placement_spec{station_spec(*p), {}}; },
                        [&] { return spawn_station(ctx.system, p); });
}

class queueing_run : public design_run {
 public:
  queueing_run(run_context& ctx, std::vector<std::shared_ptr<const station_params>> params,
               std::vector<caf::actor> stations, std::vector<caf::actor> clients,
               service_spec station, bool markovian)
      : ctx_(ctx), params_(std::move(params)), stations_(std::move(stations)),
        clients_(std::move(clients)), station_(std::move(station)), markovian_(markovian) {}

  // A node is back: its stations are spawned there again, and the clients send to them.
  std::string rejoin(const std::string& node) override {
    for (uint32_t i = 0; i < stations_.size(); ++i) {
      if (!ctx_.node_of || ctx_.node_of(station_name, i, 0) != node) continue;
      stations_[i] = place_station(ctx_, params_[i]);
      ctx_.add_metric_source(stations_[i]);
      caf::anon_send(stations_[i], start_atom::value);
      for (const auto& c : clients_) caf::anon_send(c, target_atom::value, i, stations_[i]);
    }
    return "";
  }

  void start_traffic() override {
    for (const auto& s : stations_) caf::anon_send(s, start_atom::value);
    for (const auto& c : clients_) caf::anon_send(c, start_atom::value);
  }

  void stop_traffic() override {
    for (const auto& c : clients_) caf::anon_send(c, stop_atom::value);
  }

  live_sources live() const override { return {clients_, stations_, nullptr, {}, {}}; }

  std::string apply_fault(const Fault& f) override {
    if (!f.has_slow()) return "the queueing design carries out only `slow` faults";
    for (const auto& s : stations_) caf::anon_send(s, slow_atom::value, f.slow().factor());
    return "";
  }

  void finish(const std::vector<ActorMetrics>&, DesignReport* out) override {
    // Offered load and, where the model is M/M/c, what queueing theory predicts.
    for (const auto& s : out->services()) {
      if (s.name() != station_name || s.servers() == 0) continue;
      const double mu = 1e9 / distribution{station_.default_capacity.service_time()}.mean_ns();
      const double lambda = s.arrival_rate_per_s() / std::max(1u, s.instances());
      const int c = static_cast<int>(s.servers());
      add_figure(out, "offered_load_rho", lambda / (c * mu), "");
      if (markovian_ && lambda < c * mu)
        add_figure(out, "theory_mean_sojourn_ms", 1e3 * mmc_mean_sojourn_s(c, lambda, mu), "ms");
    }
  }

 private:
  run_context& ctx_;
  std::vector<std::shared_ptr<const station_params>> params_;
  std::vector<caf::actor> stations_;
  std::vector<caf::actor> clients_;
  service_spec station_;
  bool markovian_;
};

class queueing_design : public typed_design<QueueingConfig, QueueingApi> {
 public:
  std::string name() const override { return "queueing"; }
  std::string summary() const override {
    return "one service of c servers fed by open-model arrivals (M/M/1, M/M/c, overload)";
  }
  std::vector<flow_edge> flow() const override { return {{"queueing/clients", station_name}}; }

  std::vector<service_spec> services() const override {
    Distribution exponential;
    exponential.mutable_exponential()->set_mean_ms(1);
    return {make_service(station_name, 1, 1, exponential)};
  }
  std::string default_scenario() const override { return "scenarios/queueing/mm1.textproto"; }
  bench_profile bench() const override {
    // Unlimited servers: the bench measures how many requests the host can carry through
    // the station, not where the modeled queue becomes unstable.
    return {"scenarios/queueing/mm1.textproto", "serve",
            "queueing.workload[0].shape[0].constant.rate_per_s", 4000, 4,
            {"topology.service[0].capacity.servers=0"}, ""};
  }

  cost_profile cost() const override {
    return {"scenarios/queueing/mm1.textproto", {"duration_s=40", "warmup_s=0"}};
  }

  // Stateless: a station's shards may live on nodes, spread (one copy each).
  std::vector<std::string> placeable_services() const override { return {station_name}; }

  caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                         const std::string& service,
                                         const placement_spec& spec) const override {
    StationSpec s;
    if (service != station_name) return design::spawn_placed(sys, clock, service, spec);
    if (!s.ParseFromString(spec.bytes)) return caf::make_error(caf::sec::invalid_argument, "malformed station spec");
    auto p = std::make_shared<station_params>();
    p->name = s.name();
    p->shard = s.shard();
    p->capacity = s.capacity();
    p->basics = from_proto(s.basics(), &clock);
    return spawn_station(sys, std::move(p));
  }

  void validate_config(const QueueingConfig& q, validator& v) const override {
    if (q.workload_size() == 0) v.error(q, "workload", "queueing needs at least one workload");
    for (const auto& w : q.workload()) {
      if (w.shape_size() == 0) v.error(w, "shape", "a workload needs at least one rate shape");
      for (const auto& shape : w.shape()) rate_shape::validate(shape, v);
      if (w.has_timeout_s() && !(w.timeout_s() > 0))
        v.error(w, "timeout_s", "timeout_s must be > 0");
    }
  }

  std::unique_ptr<design_run> start_run(run_context& ctx, const QueueingConfig& q) const override {
    const service_spec spec = ctx.service(station_name);
    std::vector<std::shared_ptr<const station_params>> params;
    std::vector<caf::actor> stations;
    for (uint32_t shard = 0; shard < spec.default_shards; ++shard) {
      auto p = std::make_shared<station_params>();
      p->name = station_name;
      p->shard = shard;
      p->capacity = spec.default_capacity;
      p->basics = basics_of(ctx);
      stations.push_back(place_station(ctx, p));
      ctx.add_metric_source(stations.back());
      params.push_back(std::move(p));
    }
    std::vector<caf::actor> clients;
    bool markovian = spec.default_capacity.service_time().has_exponential();
    for (int i = 0; i < q.workload_size(); ++i) {
      const auto& w = q.workload(i);
      auto p = client_params_for(*this, ctx, "queueing/client/" + std::to_string(i),
                                 static_cast<uint32_t>(i + 1));
      for (const auto& s : w.shape()) markovian = markovian && s.has_constant();
      markovian = markovian && w.arrivals() == POISSON;
      add_stream(*p, 0, w.shape(), ctx.day_offset_s, w.arrivals());
      p->targets = stations;
      p->load = std::make_shared<serve_workload>(spec.default_shards);
      p->timeout = from_s(w.has_timeout_s() ? w.timeout_s() : default_timeout_s);
      clients.push_back(spawn_open_loop_client(ctx.system, std::move(p)));
      ctx.add_metric_source(clients.back());
    }
    return std::make_unique<queueing_run>(ctx, std::move(params), std::move(stations),
                                          std::move(clients), spec, markovian);
  }
};

}  // namespace

void register_queueing_design(design_registry& r) { r.add(std::make_unique<queueing_design>()); }

}  // namespace sdsim::queueing
