// Registration of the URL shortener: gateways, the KGS and shards as actors, one client
// actor replaying creates, redirects and deletes, and the checker of its invariants.
#include <caf/sec.hpp>
#include <caf/send.hpp>
#include <fmt/format.h>

#include "actors/core/design.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/core/supervisor.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"
#include "actors/shortener/live_figures.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shard_actor.hpp"
#include "actors/shortener/shard_spec.hpp"
#include "actors/shortener/shard_supervisor.hpp"
#include "actors/shortener/shortener_audit.hpp"
#include "actors/shortener/shortener_workload.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;

const std::string gateway_name = "shortener/gateway";
const std::string kgs_name = "shortener/kgs";
const std::string shard_name = "shortener/shard";

// The shard that owns `key`: the same ring the gateways build.
hash_ring shard_ring(uint32_t shards) {
  hash_ring ring;
  for (uint32_t i = 0; i < shards; ++i) ring.add("shard-" + std::to_string(i), 100);
  return ring;
}

// The shards as they are now, and what it takes to bring one back.
struct shard_set {
  std::vector<std::shared_ptr<const shard_params>> params;
  std::vector<caf::actor> actors;
  std::vector<bool> down;
  /// Shard i's supervisor when it runs in this process; invalid when it is placed on a node.
  std::vector<caf::actor> supervisors;
  /// Spawns shard i where the scenario places it: on its node, else in this process.
  std::function<caf::actor(caf::actor_system&, const std::shared_ptr<const shard_params>&)> spawn;
};

class shortener_run : public design_run {
 public:
  shortener_run(run_context& ctx, scratch_dir dir, std::vector<caf::actor> to_start,
                std::vector<caf::actor> clients, std::vector<caf::actor> gateways,
                shard_set shards, std::vector<std::string> db_paths, hash_ring ring)
      : system_(ctx.system), add_source_(ctx.add_metric_source), dir_(std::move(dir)),
        to_start_(std::move(to_start)), clients_(std::move(clients)),
        gateways_(std::move(gateways)), shards_(std::move(shards)),
        db_paths_(std::move(db_paths)), ring_(std::move(ring)) {}

  void start_traffic() override {
    for (const auto& a : to_start_) caf::anon_send(a, start_atom::value);
    for (const auto& c : clients_) caf::anon_send(c, start_atom::value);
  }

  void stop_traffic() override {
    for (const auto& c : clients_) caf::anon_send(c, stop_atom::value);
  }

  live_sources live() const override {
    live_sources l{clients_, to_start_, nullptr};  // shards, gateways
    l.figures = live_figures;
    return l;
  }

  // kill: the shard actor dies at once (its requests in flight fail `shard_down` at the
  // gateways, which monitor it); restart: a new actor opens the same database — WAL keeps
  // every acknowledged mapping — and the gateways are told its handle.
  std::string apply_fault(const Fault& f) override {
    const bool kill = f.has_kill();
    const auto& service = kill ? f.kill().service() : f.restart().service();
    const uint32_t i = kill ? f.kill().shard() : f.restart().shard();
    if (!(kill || f.has_restart()) || service != shard_name)
      return "the shortener can kill and restart shards only";
    if (i >= shards_.actors.size())
      return fmt::format("there is no shard {} (shards: {})", i, shards_.actors.size());
    const auto& supervisor = shards_.supervisors[i];
    if (kill) {
      if (shards_.down[i]) return "already down";
      // Through the supervisor, which knows the current shard and keeps a killed one down.
      if (supervisor) caf::anon_send(supervisor, halt_atom::value);
      else caf::anon_send_exit(shards_.actors[i], caf::exit_reason::kill);
      shards_.down[i] = true;
      return "";
    }
    if (!shards_.down[i]) return "not down";
    if (supervisor) {  // it spawns the shard and tells the gateways
      caf::anon_send(supervisor, restart_atom::value);
      shards_.down[i] = false;
      return "";
    }
    shards_.actors[i] = shards_.spawn(system_, shards_.params[i]);
    shards_.down[i] = false;
    add_source_(shards_.actors[i]);
    caf::anon_send(shards_.actors[i], start_atom::value);
    for (const auto& g : gateways_) caf::anon_send(g, shard_atom::value, i, shards_.actors[i]);
    return "";
  }

  void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) override {
    audit_input in;
    in.db_paths = db_paths_;
    in.ring = &ring_;
    for (const auto& m : metrics) {
      ShortenerExtra x;
      if (m.extra().empty() || !x.ParseFromString(m.extra())) continue;
      if (x.has_client()) in.clients.push_back(x.client());
      if (x.has_shard()) in.shards.push_back(x.shard());
    }
    audit(in, out);
  }

 private:
  caf::actor_system& system_;
  std::function<void(caf::actor)> add_source_;
  scratch_dir dir_;
  std::vector<caf::actor> to_start_;
  std::vector<caf::actor> clients_;
  std::vector<caf::actor> gateways_;
  shard_set shards_;
  std::vector<std::string> db_paths_;
  hash_ring ring_;
};

class shortener_design : public design {
 public:
  std::string name() const override { return "shortener"; }
  std::string summary() const override {
    return "URL shortener: API keys and rate limits, KGS/counter/MD5 keys, sharded SQLite + LRU";
  }
  std::vector<std::string> apis() const override { return {"create_url", "redirect", "delete_url"}; }
  std::vector<flow_edge> flow() const override {
    return {{"shortener/clients", gateway_name}, {gateway_name, kgs_name}, {gateway_name, shard_name}};
  }

  std::vector<service_spec> services() const override {
    return {make_service(gateway_name, 2, 8, lognormal_ms(0.05, 0.5)),
            make_service(kgs_name, 1, 1, constant_ms(0.05)),
            make_service(shard_name, 4, 4, lognormal_ms(0.2, 2.0))};
  }
  std::string default_scenario() const override {
    return "scenarios/shortener/documented.textproto";
  }
  bench_profile bench() const override {
    // client -> gateway -> shard -> gateway -> client, plus batched wake-ups.
    return {"scenarios/shortener/documented.textproto", "redirect",
            "shortener.redirect[0].constant.rate_per_s", 4000, 4, {}, "redis_get"};
  }

  void validate(const google::protobuf::Message& config, validator& v) const override {
    const auto& c = dynamic_cast<const ShortenerConfig&>(config);
    rule_check check(v);
    check(c.create_size() + c.redirect_size() + c.remove_size() > 0, c, "redirect",
          "the shortener needs traffic: a create, redirect or remove rate");
    for (const auto& s : c.create()) rate_shape::validate(s, v);
    for (const auto& s : c.redirect()) rate_shape::validate(s, v);
    for (const auto& s : c.remove()) rate_shape::validate(s, v);
    auto fraction = [&](double x, const char* field) {
      check(x >= 0 && x <= 1, c, field, "must be a fraction within [0, 1]");
    };
    fraction(c.expiring_fraction(), "expiring_fraction");
    fraction(c.hostile_fraction(), "hostile_fraction");
    fraction(c.bad_key_fraction(), "bad_key_fraction");
    fraction(c.viral_share(), "viral_share");
    if (c.has_users()) check(c.users() >= 1 && c.users() <= 10'000'000, c, "users",
                             "users must be within 1..10000000");
    if (c.has_zipf_s()) check(c.zipf_s() > 0 && c.zipf_s() <= 10, c, "zipf_s",
                              "zipf_s must be within (0, 10]");
    if (c.has_rate_limit_per_s()) check(c.rate_limit_per_s() > 0, c, "rate_limit_per_s",
                                        "rate_limit_per_s must be > 0");
    if (c.has_rate_limit_burst()) check(c.rate_limit_burst() >= 1, c, "rate_limit_burst",
                                        "rate_limit_burst must be >= 1");
    if (c.has_expire_after_s()) check(c.expire_after_s() > 0, c, "expire_after_s",
                                      "expire_after_s must be > 0");
    if (c.has_cache_hit_ms()) check(c.cache_hit_ms() >= 0, c, "cache_hit_ms",
                                    "cache_hit_ms must be >= 0");
    if (c.has_timeout_s()) check(c.timeout_s() > 0, c, "timeout_s", "timeout_s must be > 0");
    if (c.has_sweep_interval_s()) check(c.sweep_interval_s() > 0, c, "sweep_interval_s",
                                        "sweep_interval_s must be > 0");
    if (c.has_preload()) check(c.preload() <= 10'000'000, c, "preload",
                               "preload must be at most 10000000");
  }

  std::vector<std::string> placeable_services() const override { return {shard_name}; }

  caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                         const std::string& service,
                                         const std::string& spec) const override {
    if (service != shard_name) return design::spawn_placed(sys, clock, service, spec);
    auto p = decode_shard_spec(spec, &clock);
    if (!p) return caf::make_error(caf::sec::invalid_argument, "malformed shard spec");
    return spawn_shard(sys, std::make_shared<const shard_params>(std::move(*p)));
  }

  std::unique_ptr<design_run> start(run_context& ctx,
                                    const google::protobuf::Message& config) const override;
};

std::unique_ptr<design_run> shortener_design::start(run_context& ctx,
                                                    const google::protobuf::Message& config) const {
  const auto& c = dynamic_cast<const ShortenerConfig&>(config);
  const uint32_t users = c.has_users() ? c.users() : 1000;
  const uint32_t preload = c.has_preload() ? c.preload() : 10'000;
  scratch_dir dir("shortener");

  const auto kgs_spec = ctx.service(kgs_name);
  auto kp = std::make_shared<kgs_params>();
  kp->capacity = kgs_spec.default_capacity;
  kp->clock = &ctx.clock;
  kp->seed = ctx.seed;
  kp->window_start = ctx.warmup;
  kp->timer_quantum = ctx.timer_quantum;
  auto kgs = spawn_kgs(ctx.system, kp);
  ctx.add_metric_source(kgs);

  const auto shard_spec = ctx.service(shard_name);
  const uint32_t shards = shard_spec.default_shards;
  auto ring = shard_ring(shards);
  std::vector<std::vector<uint32_t>> owned(shards);
  for (uint32_t i = 0; i < preload; ++i) {
    const auto& owner = ring.owner(preload_key(i));
    owned[std::stoul(owner.substr(6))].push_back(i);
  }
  std::vector<caf::actor> shard_actors, to_start;
  shard_set shard_state;
  shard_state.spawn = [place = ctx.place](caf::actor_system& sys,
                                          const std::shared_ptr<const shard_params>& p) {
    caf::actor a;
    if (place) a = place(shard_name, p->index, encode_shard_spec(*p));
    return a ? a : spawn_shard(sys, p);
  };
  std::vector<std::string> db_paths;
  for (uint32_t i = 0; i < shards; ++i) {
    auto sp = std::make_shared<shard_params>();
    sp->index = i;
    sp->db_path = dir.file("shard-" + std::to_string(i) + ".sqlite");
    sp->capacity = shard_spec.default_capacity;
    sp->cache_entries = c.has_cache_entries() ? c.cache_entries() : 10'000;
    sp->cache_hit_cost = from_ms(c.has_cache_hit_ms() ? c.cache_hit_ms() : 0.02);
    sp->sweep_interval = from_s(c.has_sweep_interval_s() ? c.sweep_interval_s() : 10);
    sp->users = users;
    sp->seed = ctx.seed;
    sp->preload = std::move(owned[i]);
    sp->clock = &ctx.clock;
    sp->window_start = ctx.warmup;
    sp->arrivals_end = ctx.arrivals_end;
    sp->timer_quantum = ctx.timer_quantum;
    db_paths.push_back(sp->db_path);
    shard_state.params.push_back(sp);
    shard_actors.push_back(shard_state.spawn(ctx.system, sp));
    // A shard in this process gets a supervisor, which stands for it (metrics, start),
    // whichever shard is current.
    const bool local = shard_actors.back().node() == ctx.system.node();
    shard_state.supervisors.push_back(
        local ? supervise_shard(ctx.system, ctx.clock, sp, shard_actors.back(),
                                shard_spec.restart_limit)
              : caf::actor{});
    const auto& source = local ? shard_state.supervisors.back() : shard_actors.back();
    ctx.add_metric_source(source);
    to_start.push_back(source);
  }

  const auto gw_spec = ctx.service(gateway_name);
  std::vector<caf::actor> gateways;
  for (uint32_t i = 0; i < gw_spec.default_shards; ++i) {
    auto gp = std::make_shared<gateway_params>();
    gp->index = i;
    gp->config.seed = ctx.seed;
    gp->config.users = users;
    gp->config.rate_limit_per_s = c.has_rate_limit_per_s() ? c.rate_limit_per_s() : 5;
    gp->config.rate_limit_burst = c.has_rate_limit_burst() ? c.rate_limit_burst() : 20;
    gp->config.policy.blocklist.assign(c.blocklist().begin(), c.blocklist().end());
    gp->strategy = c.key_strategy();
    gp->capacity = gw_spec.default_capacity;
    gp->shards = shard_actors;
    gp->kgs = kgs;
    gp->clock = &ctx.clock;
    gp->seed = ctx.seed;
    gp->window_start = ctx.warmup;
    gp->timer_quantum = ctx.timer_quantum;
    gateways.push_back(spawn_gateway(ctx.system, gp));
    for (const auto& sup : shard_state.supervisors)
      if (sup) caf::anon_send(sup, listen_atom::value, gateways.back());
    ctx.add_metric_source(gateways.back());
    to_start.push_back(gateways.back());
  }

  workload_params wp;
  wp.seed = ctx.seed;
  wp.users = users;
  wp.gateways = static_cast<uint32_t>(gateways.size());
  wp.preload = preload;
  wp.zipf_s = c.has_zipf_s() ? c.zipf_s() : 1.0;
  wp.expiring_fraction = c.expiring_fraction();
  wp.expire_after_s = c.has_expire_after_s() ? c.expire_after_s() : 60;
  wp.hostile_fraction = c.hostile_fraction();
  wp.bad_key_fraction = c.bad_key_fraction();
  wp.viral_share = c.viral_share();
  auto cp = client_params_for(*this, ctx, "shortener/client/0", 1);
  add_stream(*cp, create_api, c.create(), ctx.day_offset_s);
  add_stream(*cp, redirect_api, c.redirect(), ctx.day_offset_s);
  add_stream(*cp, delete_api, c.remove(), ctx.day_offset_s);
  cp->targets = gateways;
  cp->load = std::make_shared<shortener_workload>(wp);
  cp->timeout = from_s(c.has_timeout_s() ? c.timeout_s() : 5);
  auto client = spawn_open_loop_client(ctx.system, cp);
  ctx.add_metric_source(client);
  shard_state.actors = shard_actors;
  shard_state.down.assign(shard_actors.size(), false);
  return std::make_unique<shortener_run>(ctx, std::move(dir), std::move(to_start),
                                         std::vector<caf::actor>{client}, std::move(gateways),
                                         std::move(shard_state), std::move(db_paths),
                                         std::move(ring));
}

}  // namespace

void register_shortener_design(design_registry& r) {
  r.add(std::make_unique<shortener_design>());
}

}  // namespace sdsim::shortener
