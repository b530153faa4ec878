// Registration of the URL shortener: gateways, the KGS and shards as actors, one client
// actor replaying creates, redirects and deletes, and the checker of its invariants.
#include <chrono>
#include <optional>

#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>
#include <caf/send.hpp>
#include <fmt/format.h>

#include "actors/cluster/modeled_links.hpp"
#include "actors/cluster/shard_group.hpp"
#include "actors/core/design.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"
#include "actors/shortener/placed_services.hpp"
#include "actors/shortener/live_figures.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shard_actor.hpp"
#include "actors/shortener/shard_spec.hpp"
#include "actors/shortener/shortener_audit.hpp"
#include "actors/shortener/shortener_workload.hpp"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;


// The shard that owns `key`: the same ring the gateways build.
hash_ring shard_ring(uint32_t shards) {
  hash_ring ring;
  for (uint32_t i = 0; i < shards; ++i) ring.add("shard-" + std::to_string(i), 100);
  return ring;
}

// The services a run spawned, with what a node's return spawns again.
struct shortener_services {
  std::vector<caf::actor> to_start;   // the shards' and the KGS's sources, the gateways
  std::vector<caf::actor> clients;
  std::vector<caf::actor> gateways;
  std::vector<std::shared_ptr<const gateway_params>> gateway_specs;
  std::unique_ptr<cluster::shard_group> shards;
  std::unique_ptr<cluster::shard_group> kgs;
};

class shortener_run : public design_run {
 public:
  shortener_run(run_context& ctx, scratch_dir dir, shortener_services s, hash_ring ring)
      : ctx_(ctx), system_(ctx.system), node_of_(ctx.node_of), settle_(ctx.settle),
        dir_(std::move(dir)), s_(std::move(s)), ring_(std::move(ring)) {}

  void start_traffic() override {
    for (const auto& a : s_.to_start) caf::anon_send(a, start_atom::value);
    for (const auto& c : s_.clients) caf::anon_send(c, start_atom::value);
  }

  void stop_traffic() override {
    for (const auto& c : s_.clients) caf::anon_send(c, stop_atom::value);
  }

  live_sources live() const override {
    live_sources l{s_.clients, s_.to_start, nullptr, {}, {}};  // shards, KGS, gateways
    l.figures = live_figures;
    return l;
  }

  // kill: the shard's first copy dies at once (its requests in flight fail `shard_down` at
  // the gateways, which monitor it; with replicas the next copy takes over); restart: a new
  // actor opens the same database — WAL keeps every acknowledged mapping — catches up from
  // the primary when there is one, and the gateways are told its handle.
  std::string apply_fault(const Fault& f) override {
    const bool kill = f.has_kill();
    const auto& service = kill ? f.kill().service() : f.restart().service();
    const uint32_t i = kill ? f.kill().shard() : f.restart().shard();
    if (!(kill || f.has_restart()) || service != shard_name)
      return "the shortener can kill and restart shards only";
    if (i >= s_.shards->actors().size())
      return fmt::format("there is no shard {} (shards: {})", i, s_.shards->actors().size());
    return kill ? s_.shards->kill(i, 0) : s_.shards->restart(i, 0);
  }

  // A node is back: the shards' and the KGS's copies there rejoin their groups (they catch
  // up), its gateways are spawned there again.
  std::string rejoin(const std::string& node) override {
    auto on_node = [&](const std::string& service) {
      return [&, service](uint32_t shard, uint32_t copy) {
        return node_of_ && node_of_(service, shard, copy) == node;
      };
    };
    auto why = s_.shards->rejoin(on_node(shard_name));
    const auto kgs = s_.kgs->rejoin(on_node(kgs_name));
    for (uint32_t i = 0; i < s_.gateways.size(); ++i)
      if (node_of_ && node_of_(gateway_name, i, 0) == node) restart_gateway(i);
    return why.empty() ? kgs : why;
  }

  std::string set_link(const std::string& node, const link_state& l) override {
    cluster::modeled_links::tell_routers(s_.gateways, node, l);
    return "";
  }

  std::string set_node_link(const std::string& a, const std::string& b,
                            const link_state& l) override {
    const auto shards = s_.shards->set_link(a, b, l);
    const auto kgs = s_.kgs->set_link(a, b, l);
    return shards.empty() || kgs.empty() ? "" : shards;
  }

  void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) override {
    audit_input in;
    in.ring = &ring_;
    in.copies = s_.shards->count();
    in.replicated = s_.shards->copies_per_shard() > 1;
    if (in.replicated) in.group = s_.shards->figures();
    // A copy on a node audits its own table (the node may be on another host); one in this
    // process, the file it wrote.
    in.audit = [this](const ShardFacts& copy, const AuditRequest& req) -> std::optional<AuditReply> {
      const bool placed = node_of_ && !node_of_(shard_name, copy.index(), copy.replica()).empty();
      if (!placed) {
        std::string error;
        auto table = url_table::open(copy.db_path(), &error);
        return audit_copy(table.get(), req);
      }
      const auto& actors = s_.shards->actors();
      if (copy.index() >= actors.size() || copy.replica() >= actors[copy.index()].size())
        return std::nullopt;
      caf::scoped_actor self{system_};
      std::optional<AuditReply> out;
      auto answer = self->request(actors[copy.index()][copy.replica()], std::chrono::seconds(30),
                                  audit_atom::value, req.SerializeAsString());
      if (settle_) settle_();
      answer.receive([&](const std::string& bytes) {
                     AuditReply r;
                     if (r.ParseFromString(bytes)) out = r;
                   },
                   [](const caf::error&) {});
      return out;
    };
    for (const auto& m : metrics) {
      ShortenerExtra x;
      if (m.extra().empty() || !x.ParseFromString(m.extra())) continue;
      if (x.has_client()) in.clients.push_back(x.client());
      if (x.has_shard()) in.shards.push_back(x.shard());
    }
    audit(in, out);
    if (s_.kgs->copies_per_shard() > 1)
      add_figure(out, "kgs_failovers", static_cast<double>(s_.kgs->figures().elections));
  }

 private:
  // A gateway spawned again on its node: the groups name it their primaries, the clients
  // send to it again; it asks for its first KGS range when started.
  void restart_gateway(uint32_t i) {
    const auto& p = s_.gateway_specs[i];
    auto& g = s_.gateways[i];
    g = place_or_spawn(ctx_, gateway_name, i, [&] { return spec_of(*p); },
                       [&] { return spawn_gateway(ctx_.system, p); });
    ctx_.add_metric_source(g);
    s_.shards->add_routers({g});
    s_.kgs->add_routers({g});
    caf::anon_send(g, start_atom::value);
    for (const auto& c : s_.clients) caf::anon_send(c, target_atom::value, i, g);
  }

  run_context& ctx_;
  caf::actor_system& system_;
  std::function<std::string(const std::string&, uint32_t, uint32_t)> node_of_;
  std::function<void()> settle_;
  scratch_dir dir_;
  shortener_services s_;
  hash_ring ring_;
};

class shortener_design : public typed_design<ShortenerConfig, ShortenerApi> {
 public:
  std::string name() const override { return "shortener"; }
  std::string summary() const override {
    return "URL shortener: API keys and rate limits, KGS/counter/MD5 keys, sharded SQLite + LRU";
  }
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

  cost_profile cost() const override {
    return {"scenarios/shortener/documented.textproto",
            {"duration_s=4", "warmup_s=0", "shortener.preload=1000"}};
  }

  void validate_config(const ShortenerConfig& c, validator& v) const override {
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

  std::vector<std::string> placeable_services() const override {
    return {shard_name, gateway_name, kgs_name};
  }
  bool replicated(const std::string& service) const override {
    return service == shard_name || service == kgs_name;
  }

  caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                         const std::string& service,
                                         const placement_spec& spec) const override {
    if (service == gateway_name) return spawn_gateway_from(sys, clock, spec);
    if (service == kgs_name) return spawn_kgs_from(sys, clock, spec);
    if (service != shard_name) return design::spawn_placed(sys, clock, service, spec);
    auto p = decode_shard_spec(spec.bytes, &clock);
    if (!p) return caf::make_error(caf::sec::invalid_argument, "malformed shard spec");
    return spawn_shard(sys, std::make_shared<const shard_params>(std::move(*p)));
  }

  std::unique_ptr<design_run> start_run(run_context& ctx, const ShortenerConfig& c) const override;
};

// The shortener's settings with its defaults, resolved in one place.
struct shortener_settings {
  uint32_t users = 1000;
  uint32_t preload = 10'000;
  uint32_t cache_entries = 10'000;
  double cache_hit_ms = 0.02;
  double sweep_interval_s = 10;
  double rate_limit_per_s = 5;
  double rate_limit_burst = 20;
  double zipf_s = 1.0;
  double expire_after_s = 60;
  double timeout_s = 5;
};

shortener_settings resolve(const ShortenerConfig& c) {
  shortener_settings r;
  if (c.has_users()) r.users = c.users();
  if (c.has_preload()) r.preload = c.preload();
  if (c.has_cache_entries()) r.cache_entries = c.cache_entries();
  if (c.has_cache_hit_ms()) r.cache_hit_ms = c.cache_hit_ms();
  if (c.has_sweep_interval_s()) r.sweep_interval_s = c.sweep_interval_s();
  if (c.has_rate_limit_per_s()) r.rate_limit_per_s = c.rate_limit_per_s();
  if (c.has_rate_limit_burst()) r.rate_limit_burst = c.rate_limit_burst();
  if (c.has_zipf_s()) r.zipf_s = c.zipf_s();
  if (c.has_expire_after_s()) r.expire_after_s = c.expire_after_s();
  if (c.has_timeout_s()) r.timeout_s = c.timeout_s();
  return r;
}

// The KGS's copies (R when placed on several nodes), each with its own file; a copy that
// comes back reopens it and catches up.
std::unique_ptr<cluster::shard_group> start_kgs(run_context& ctx, const scratch_dir& dir) {
  const uint32_t copies = ctx.replicas ? std::max(1u, ctx.replicas(kgs_name)) : 1;
  std::vector<std::shared_ptr<const kgs_params>> params;
  for (uint32_t r = 0; r < copies; ++r) {
    auto kp = std::make_shared<kgs_params>();
    kp->capacity = ctx.service(kgs_name).default_capacity;
    kp->basics = basics_of(ctx);
    kp->db_path = dir.file(fmt::format("kgs-{}.sqlite", r));
    kp->replica = r;
    kp->replicas = copies;
    params.push_back(std::move(kp));
  }
  return cluster::start_group(
      ctx, kgs_name, std::vector<std::vector<std::shared_ptr<const kgs_params>>>{params},
      [](const kgs_params& p, uint32_t) { return spec_of(p); },
      [](caf::actor_system& sys, std::shared_ptr<const kgs_params> p, uint32_t) {
        return spawn_kgs(sys, std::move(p));
      });
}

// Every copy's parameters, by shard then copy: each shard preloads the mappings the ring
// gives it, each copy has its own database.
std::vector<std::vector<std::shared_ptr<const shard_params>>> shard_params_for(
    run_context& ctx, const shortener_settings& set, const hash_ring& ring, uint32_t copies,
    const scratch_dir& dir) {
  const auto spec = ctx.service(shard_name);
  const uint32_t shards = spec.default_shards;
  std::vector<std::vector<uint32_t>> owned(shards);
  for (uint32_t i = 0; i < set.preload; ++i)
    owned[std::stoul(ring.owner(preload_key(i)).substr(6))].push_back(i);
  std::vector<std::vector<std::shared_ptr<const shard_params>>> params(shards);
  for (uint32_t i = 0; i < shards; ++i) {
    for (uint32_t r = 0; r < copies; ++r) {
      auto sp = std::make_shared<shard_params>();
      sp->index = i;
      sp->replica = r;
      sp->replicas = copies;
      const std::string stem = "shard-" + std::to_string(i);
      sp->db_path = dir.file(r == 0 ? stem + ".sqlite" : stem + "-copy" + std::to_string(r) + ".sqlite");
      sp->capacity = spec.default_capacity;
      sp->cache_entries = set.cache_entries;
      sp->cache_hit_cost = from_ms(set.cache_hit_ms);
      sp->sweep_interval = from_s(set.sweep_interval_s);
      sp->users = set.users;
      sp->preload = owned[i];
      sp->basics = basics_of(ctx);
      params[i].push_back(sp);
    }
  }
  return params;
}

// The shards' group: each copy where the scenario places it (a copy that comes back keeps
// its rows: no preload again; it catches up first).
std::unique_ptr<cluster::shard_group> start_shards(
    run_context& ctx, std::vector<std::vector<std::shared_ptr<const shard_params>>> params) {
  return cluster::start_group(
      ctx, shard_name, std::move(params),
      [](const shard_params& p, uint32_t) { return placement_spec{encode_shard_spec(p), {}}; },
      [](caf::actor_system& sys, std::shared_ptr<const shard_params> p, uint32_t) {
        return spawn_shard(sys, std::move(p));
      });
}

// The gateways, each where the scenario places it; their parameters in `*specs` (a node's
// return spawns its gateways again from them).
std::vector<caf::actor> start_gateways(run_context& ctx, const ShortenerConfig& c,
                                       const shortener_settings& set,
                                       const cluster::shard_group& shards,
                                       const cluster::shard_group& kgs,
                                       std::vector<std::shared_ptr<const gateway_params>>* specs) {
  const auto spec = ctx.service(gateway_name);
  std::vector<std::vector<std::string>> nodes(shards.actors().size());
  for (uint32_t i = 0; i < nodes.size(); ++i)
    for (uint32_t r = 0; r < shards.copies_per_shard(); ++r)
      nodes[i].push_back(ctx.node_of ? ctx.node_of(shard_name, i, r) : std::string{});
  std::vector<caf::actor> gateways;
  for (uint32_t i = 0; i < spec.default_shards; ++i) {
    auto gp = std::make_shared<gateway_params>();
    gp->index = i;
    gp->config.seed = ctx.seed;
    gp->config.users = set.users;
    gp->config.rate_limit_per_s = set.rate_limit_per_s;
    gp->config.rate_limit_burst = set.rate_limit_burst;
    gp->config.policy.blocklist.assign(c.blocklist().begin(), c.blocklist().end());
    gp->strategy = c.key_strategy();
    gp->capacity = spec.default_capacity;
    gp->shards = shards.first_primaries();
    gp->nodes = nodes;
    gp->kgs = kgs.first_primaries().front();
    gp->kgs_group = kgs.actor();
    gp->basics = basics_of(ctx);
    gateways.push_back(place_or_spawn(ctx, gateway_name, i, [&] { return spec_of(*gp); },
                                      [&] { return spawn_gateway(ctx.system, gp); }));
    ctx.add_metric_source(gateways.back());
    specs->push_back(std::move(gp));
  }
  return gateways;
}

caf::actor start_client(const design& d, run_context& ctx, const ShortenerConfig& c,
                        const shortener_settings& set, std::vector<caf::actor> gateways) {
  workload_params wp;
  wp.seed = ctx.seed;
  wp.users = set.users;
  wp.gateways = static_cast<uint32_t>(gateways.size());
  wp.preload = set.preload;
  wp.zipf_s = set.zipf_s;
  wp.expiring_fraction = c.expiring_fraction();
  wp.expire_after_s = set.expire_after_s;
  wp.hostile_fraction = c.hostile_fraction();
  wp.bad_key_fraction = c.bad_key_fraction();
  wp.viral_share = c.viral_share();
  auto cp = client_params_for(d, ctx, "shortener/client/0", 1);
  add_stream(*cp, create_api, c.create(), ctx.day_offset_s);
  add_stream(*cp, redirect_api, c.redirect(), ctx.day_offset_s);
  add_stream(*cp, delete_api, c.remove(), ctx.day_offset_s);
  cp->targets = std::move(gateways);
  cp->load = std::make_shared<shortener_workload>(wp);
  cp->timeout = from_s(set.timeout_s);
  auto client = spawn_open_loop_client(ctx.system, cp);
  ctx.add_metric_source(client);
  return client;
}

std::unique_ptr<design_run> shortener_design::start_run(run_context& ctx,
                                                        const ShortenerConfig& c) const {
  const auto set = resolve(c);
  scratch_dir dir("shortener");
  auto kgs = start_kgs(ctx, dir);
  auto ring = shard_ring(ctx.service(shard_name).default_shards);
  const uint32_t copies = ctx.replicas ? std::max(1u, ctx.replicas(shard_name)) : 1;
  auto shards = start_shards(ctx, shard_params_for(ctx, set, ring, copies, dir));
  std::vector<caf::actor> to_start = shards->sources();
  std::vector<std::shared_ptr<const gateway_params>> gateway_specs;
  auto gateways = start_gateways(ctx, c, set, *shards, *kgs, &gateway_specs);
  to_start.insert(to_start.end(), gateways.begin(), gateways.end());
  auto client = start_client(*this, ctx, c, set, gateways);
  shards->add_routers(gateways);
  kgs->add_routers(gateways);
  shortener_services s{std::move(to_start), {client}, std::move(gateways), std::move(gateway_specs),
                       std::move(shards), std::move(kgs)};
  return std::make_unique<shortener_run>(ctx, std::move(dir), std::move(s), std::move(ring));
}

}  // namespace

void register_shortener_design(design_registry& r) {
  r.add(std::make_unique<shortener_design>());
}

}  // namespace sdsim::shortener
