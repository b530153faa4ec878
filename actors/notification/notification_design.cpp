// Registration of the notification service: gateways, queue shards with their workers, the
// two push providers, one client replaying notify traffic, and the checker.
#include <caf/send.hpp>
#include <fmt/format.h>

#include "actors/core/design.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/notification/gateway_actor.hpp"
#include "actors/notification/live_figures.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/notification_audit.hpp"
#include "actors/notification/notification_workload.hpp"
#include "actors/notification/placed_services.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

// The services a run spawned, with the parameters each was spawned from: what a restart
// or a node's rejoin spawns again.
struct notification_services {
  std::vector<std::shared_ptr<const queue_params>> queue_specs;
  std::vector<std::shared_ptr<const worker_params>> worker_specs;
  std::vector<std::shared_ptr<const gateway_params>> gateway_specs;
  std::vector<caf::actor> queues, workers, gateways;
  caf::actor fcm, apns;
};

class notification_run : public design_run {
 public:
  notification_run(run_context& ctx, scratch_dir dir, caf::actor client,
                   notification_services services)
      : ctx_(ctx), dir_(std::move(dir)), client_(std::move(client)), s_(std::move(services)),
        down_(s_.queues.size(), false), incarnation_(s_.queues.size(), 0) {}

  void start_traffic() override {
    for (const auto* group : {&s_.queues, &s_.workers})
      for (const auto& a : *group) caf::anon_send(a, start_atom::value);
    caf::anon_send(client_, start_atom::value);
  }

  void stop_traffic() override { caf::anon_send(client_, stop_atom::value); }

  live_sources live() const override {
    live_sources l{{client_}, s_.gateways, nullptr, {}, {}};
    for (const auto* group : {&s_.queues, &s_.workers})
      l.services.insert(l.services.end(), group->begin(), group->end());
    l.services.push_back(s_.fcm);
    l.services.push_back(s_.apns);
    l.figures = live_figures;
    return l;
  }

  std::string apply_fault(const Fault& f) override;

  // A node is back: what the scenario placed there is spawned there again, the queue shards
  // on their SQLite files (nothing they acknowledged is lost), and the others told of it.
  std::string rejoin(const std::string& node) override {
    auto here = [&](const std::string& service, uint32_t i) {
      return ctx_.node_of && ctx_.node_of(service, i, 0) == node;
    };
    for (uint32_t i = 0; i < s_.queues.size(); ++i)
      if (here(queue_name, i)) restart_queue(i);
    for (uint32_t i = 0; i < s_.workers.size(); ++i)
      if (here(worker_name, i)) restart_worker(i);
    for (uint32_t i = 0; i < s_.gateways.size(); ++i)
      if (here(gateway_name, i)) restart_gateway(i);
    return "";
  }

  void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) override {
    audit_input in;
    for (const auto& p : s_.queue_specs) in.db_paths.push_back(p->db_path);
    in.backoff = &s_.queue_specs.front()->backoff;
    for (const auto& m : metrics) {
      NotificationExtra x;
      if (m.extra().empty() || !x.ParseFromString(m.extra())) continue;
      if (x.has_client()) in.clients.push_back(x.client());
      if (x.has_queue()) in.queues.push_back(x.queue());
      if (x.has_worker()) in.workers.push_back(x.worker());
      if (x.has_provider()) in.providers.push_back(x.provider());
    }
    audit(in, out);
  }

 private:
  std::vector<caf::actor> actors_of(const std::string& service) const {
    if (service == gateway_name) return s_.gateways;
    if (service == queue_name) return s_.queues;
    if (service == worker_name) return s_.workers;
    return {service == fcm_name ? s_.fcm : s_.apns};
  }

  // A new incarnation reopens the same database and rebuilds its queue from it.
  void restart_queue(uint32_t i) {
    const auto& p = s_.queue_specs[i];
    const uint32_t n = ++incarnation_[i];
    s_.queues[i] = place_or_spawn(
        ctx_, queue_name, i, [&] { return spec_of(*p, n); },
        [&] { return spawn_queue(ctx_.system, p, n); });
    down_[i] = false;
    ctx_.add_metric_source(s_.queues[i]);
    caf::anon_send(s_.queues[i], start_atom::value);
    for (const auto& g : s_.gateways) caf::anon_send(g, queue_atom::value, i, s_.queues[i]);
    caf::anon_send(s_.workers[i], queue_atom::value, i, s_.queues[i]);
  }

  void restart_worker(uint32_t i) {
    auto p = std::make_shared<worker_params>(*s_.worker_specs[i]);
    p->queue = s_.queues[i];
    s_.workers[i] = place_or_spawn(
        ctx_, worker_name, i, [&] { return spec_of(*p); },
        [&] { return spawn_worker(ctx_.system, p); });
    ctx_.add_metric_source(s_.workers[i]);
    caf::anon_send(s_.workers[i], start_atom::value);
  }

  void restart_gateway(uint32_t i) {
    auto p = std::make_shared<gateway_params>(*s_.gateway_specs[i]);
    p->queues = s_.queues;
    s_.gateways[i] = place_or_spawn(
        ctx_, gateway_name, i, [&] { return spec_of(*p); },
        [&] { return spawn_gateway(ctx_.system, p); });
    ctx_.add_metric_source(s_.gateways[i]);
    caf::anon_send(client_, target_atom::value, i, s_.gateways[i]);
  }

  run_context& ctx_;
  scratch_dir dir_;
  caf::actor client_;
  notification_services s_;
  std::vector<bool> down_;
  std::vector<uint32_t> incarnation_;
};

std::string notification_run::apply_fault(const Fault& f) {
  if (f.has_slow()) {
    for (const auto& a : actors_of(f.slow().service()))
      caf::anon_send(a, slow_atom::value, f.slow().factor());
    return "";
  }
  if (f.has_fail()) {
    const auto& s = f.fail().service();
    if (s != fcm_name && s != apns_name) return "only the push providers can be made to fail";
    caf::anon_send(s == fcm_name ? s_.fcm : s_.apns, outage_atom::value, f.fail().rate());
    return "";
  }
  const bool kill = f.has_kill();
  const auto& service = kill ? f.kill().service() : f.restart().service();
  const uint32_t i = kill ? f.kill().shard() : f.restart().shard();
  if (!(kill || f.has_restart()) || service != queue_name)
    return "the notification service can kill and restart queue shards only";
  if (i >= s_.queues.size())
    return fmt::format("there is no queue shard {} (shards: {})", i, s_.queues.size());
  if (kill) {
    if (down_[i]) return "already down";
    caf::anon_send_exit(s_.queues[i], caf::exit_reason::kill);
    down_[i] = true;
    return "";
  }
  if (!down_[i]) return "not down";
  restart_queue(i);
  return "";
}

class notification_design : public typed_design<NotificationConfig, NotificationApi> {
 public:
  std::string name() const override { return "notification"; }
  std::string summary() const override {
    return "Push notifications: durable SQLite queue, workers, FCM/APNS models, backoff, DLQ, "
           "preferences, dedup";
  }
  std::vector<flow_edge> flow() const override {
    return {{"notification/clients", gateway_name}, {gateway_name, queue_name},
            {queue_name, worker_name}, {worker_name, fcm_name}, {worker_name, apns_name}};
  }

  std::vector<service_spec> services() const override {
    return {make_service(gateway_name, 2, 8, lognormal_ms(0.03, 0.3)),
            make_service(queue_name, 4, 1, lognormal_ms(0.1, 1.0)),
            make_service(worker_name, 4, 16, constant_ms(0.02)),
            make_service(fcm_name, 1, 0, lognormal_ms(40, 400)),
            make_service(apns_name, 1, 0, lognormal_ms(60, 600))};
  }
  std::string default_scenario() const override {
    return "scenarios/notification/documented.textproto";
  }
  bench_profile bench() const override {
    // client -> gateway -> queue -> gateway -> client, then queue -> worker -> provider ->
    // worker -> queue, plus batched wake-ups. Probes of at least 3 s: deliveries take up to
    // ~1 s at the providers, too long against a shorter window.
    return {"scenarios/notification/documented.textproto", "notify",
            "notification.notify[0].constant.rate_per_s", 2000, 9, {}, "", 3};
  }

  cost_profile cost() const override {
    return {"scenarios/notification/documented.textproto",
            {"duration_s=2", "warmup_s=0", "notification.users=5000"}};
  }

  // FCM and APNS stand for Google's and Apple's servers: not ours to place.
  std::vector<std::string> placeable_services() const override {
    return {gateway_name, queue_name, worker_name};
  }
  caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                         const std::string& service,
                                         const placement_spec& spec) const override {
    if (service == fcm_name || service == apns_name)
      return design::spawn_placed(sys, clock, service, spec);
    return spawn_placed_service(sys, clock, service, spec);
  }

  void validate_config(const NotificationConfig& c, validator& v) const override;
  std::unique_ptr<design_run> start_run(run_context& ctx, const NotificationConfig& c) const override;
};

void validate_provider(const ProviderConfig& p, rule_check& check) {
  auto fraction = [&](double x, const char* field) {
    check(x >= 0 && x <= 1, p, field, "must be a fraction within [0, 1]");
  };
  fraction(p.failure_rate(), "failure_rate");
  fraction(p.invalid_token_rate(), "invalid_token_rate");
  fraction(p.ambiguous_rate(), "ambiguous_rate");
  if (p.has_quota_per_minute())
    check(p.quota_per_minute() >= 0, p, "quota_per_minute", "quota_per_minute must be >= 0");
}

void notification_design::validate_config(const NotificationConfig& c, validator& v) const {
  rule_check check(v);
  for (const auto& s : c.notify()) rate_shape::validate(s, v);
  for (const auto& s : c.set_preferences()) rate_shape::validate(s, v);
  for (const auto& s : c.register_device()) rate_shape::validate(s, v);
  auto fraction = [&](bool has, double x, const char* field) {
    if (has) check(x >= 0 && x <= 1, c, field, "must be a fraction within [0, 1]");
  };
  fraction(c.has_ios_share(), c.ios_share(), "ios_share");
  fraction(c.has_second_device_share(), c.second_device_share(), "second_device_share");
  fraction(true, c.opted_out_share(), "opted_out_share");
  fraction(true, c.quiet_hours_share(), "quiet_hours_share");
  fraction(true, c.duplicate_share(), "duplicate_share");
  fraction(true, c.high_priority_share(), "high_priority_share");
  validate_provider(c.fcm(), check);
  validate_provider(c.apns(), check);
  if (c.has_users()) check(c.users() >= 1 && c.users() <= 10'000'000, c, "users",
                           "users must be within 1..10000000");
  if (c.has_max_attempts()) check(c.max_attempts() >= 1 && c.max_attempts() <= 100, c,
                                  "max_attempts", "max_attempts must be within 1..100");
  if (c.has_backoff_base_s()) check(c.backoff_base_s() > 0, c, "backoff_base_s",
                                    "backoff_base_s must be > 0");
  if (c.has_backoff_max_s()) check(c.backoff_max_s() >= c.backoff_base_s(), c, "backoff_max_s",
                                   "backoff_max_s must be >= backoff_base_s");
  if (c.has_jitter()) check(c.jitter() >= 0 && c.jitter() <= 1, c, "jitter",
                            "jitter must be within [0, 1] (a share of the base delay)");
  if (c.has_per_user_rate_per_s()) check(c.per_user_rate_per_s() > 0, c, "per_user_rate_per_s",
                                         "per_user_rate_per_s must be > 0");
  if (c.has_per_user_burst()) check(c.per_user_burst() >= 1, c, "per_user_burst",
                                    "per_user_burst must be >= 1");
  if (c.has_global_rate_per_s()) check(c.global_rate_per_s() >= 0, c, "global_rate_per_s",
                                       "global_rate_per_s must be >= 0 (0: none)");
  if (c.has_push_timeout_s()) check(c.push_timeout_s() > 0, c, "push_timeout_s",
                                    "push_timeout_s must be > 0");
  if (c.has_worker_window()) check(c.worker_window() >= 1 && c.worker_window() <= 100'000, c,
                                   "worker_window", "worker_window must be within 1..100000");
  if (c.has_timeout_s()) check(c.timeout_s() > 0, c, "timeout_s", "timeout_s must be > 0");
}

// The notification design's settings with its defaults, resolved in one place.
struct notification_settings {
  uint32_t users = 100'000;
  double push_timeout_s = 5;
  double backoff_base_s = 0.5;
  double backoff_max_s = 30;
  double jitter = 0.5;
  uint32_t max_attempts = 8;
  double ios_share = 0.3;
  double second_device_share = 0.2;
  uint32_t worker_window = 256;
  double per_user_rate_per_s = 5;
  double per_user_burst = 20;
  double timeout_s = 5;
};

notification_settings resolve(const NotificationConfig& c) {
  notification_settings r;
  if (c.has_users()) r.users = c.users();
  if (c.has_push_timeout_s()) r.push_timeout_s = c.push_timeout_s();
  if (c.has_backoff_base_s()) r.backoff_base_s = c.backoff_base_s();
  if (c.has_backoff_max_s()) r.backoff_max_s = c.backoff_max_s();
  if (c.has_jitter()) r.jitter = c.jitter();
  if (c.has_max_attempts()) r.max_attempts = c.max_attempts();
  if (c.has_ios_share()) r.ios_share = c.ios_share();
  if (c.has_second_device_share()) r.second_device_share = c.second_device_share();
  if (c.has_worker_window()) r.worker_window = c.worker_window();
  if (c.has_per_user_rate_per_s()) r.per_user_rate_per_s = c.per_user_rate_per_s();
  if (c.has_per_user_burst()) r.per_user_burst = c.per_user_burst();
  if (c.has_timeout_s()) r.timeout_s = c.timeout_s();
  return r;
}

caf::actor start_provider(run_context& ctx, const std::string& name, const ProviderConfig& pc) {
  auto pp = std::make_shared<provider_params>();
  pp->name = name;
  pp->config = pc;
  if (!pp->config.has_quota_per_minute() && name == fcm_name)
    pp->config.set_quota_per_minute(600'000);  // FCM's published default per project
  pp->capacity = ctx.service(name).default_capacity;
  pp->basics = basics_of(ctx);
  auto a = spawn_provider(ctx.system, pp);
  ctx.add_metric_source(a);
  return a;
}

// One queue shard per queue service shard, each owning the users the gateways' ring gives it
// (asked once per user at start), with its devices preloaded.
std::vector<std::shared_ptr<const queue_params>> queue_params_for(
    run_context& ctx, const NotificationConfig& c, const notification_settings& set,
    const scratch_dir& dir) {
  const auto spec = ctx.service(queue_name);
  const uint32_t shards = spec.default_shards;
  hash_ring ring;
  for (uint32_t i = 0; i < shards; ++i) ring.add("queue-" + std::to_string(i), 100);
  std::vector<preload_plan> plans(shards);
  for (uint64_t u = 0; u < set.users; ++u)
    plans[std::stoul(ring.owner(std::to_string(u)).substr(6))].users.push_back(u);
  const backoff_schedule backoff(from_s(set.backoff_base_s), from_s(set.backoff_max_s),
                                 set.jitter, set.max_attempts);
  std::vector<std::shared_ptr<const queue_params>> out;
  for (uint32_t i = 0; i < shards; ++i) {
    auto qp = std::make_shared<queue_params>();
    qp->index = i;
    qp->db_path = dir.file(fmt::format("queue-{}.sqlite", i));
    qp->capacity = spec.default_capacity;
    qp->preload = std::move(plans[i]);
    qp->preload.seed = ctx.seed;
    qp->preload.ios_share = set.ios_share;
    qp->preload.second_device_share = set.second_device_share;
    qp->preload.opted_out_share = c.opted_out_share();
    qp->preload.quiet_hours_share = c.quiet_hours_share();
    qp->backoff = backoff;
    qp->global_rate_per_s = c.global_rate_per_s() / shards;  // each shard paces its share
    qp->lease_timeout = from_s(set.push_timeout_s + 2);  // + a worker's longest hold, + 1 s
    qp->day_offset_s = ctx.day_offset_s;
    qp->basics = basics_of(ctx);
    out.push_back(std::move(qp));
  }
  return out;
}

// One worker per queue shard.
void start_workers(run_context& ctx, const notification_settings& set, notification_services& s) {
  const auto spec = ctx.service(worker_name);
  for (uint32_t i = 0; i < s.queues.size(); ++i) {
    auto wp = std::make_shared<worker_params>();
    wp->index = i;
    wp->capacity = spec.default_capacity;
    wp->queue = s.queues[i];
    wp->fcm = s.fcm;
    wp->apns = s.apns;
    wp->window = set.worker_window;
    wp->push_timeout = from_s(set.push_timeout_s);
    wp->per_user_rate_per_s = set.per_user_rate_per_s;
    wp->per_user_burst = set.per_user_burst;
    wp->basics = basics_of(ctx);
    s.workers.push_back(place_or_spawn(ctx, worker_name, i, [&] { return spec_of(*wp); },
                                       [&] { return spawn_worker(ctx.system, wp); }));
    ctx.add_metric_source(s.workers.back());
    s.worker_specs.push_back(std::move(wp));
  }
}

void start_gateways(run_context& ctx, notification_services& s) {
  const auto spec = ctx.service(gateway_name);
  for (uint32_t i = 0; i < spec.default_shards; ++i) {
    auto gp = std::make_shared<gateway_params>();
    gp->index = i;
    gp->capacity = spec.default_capacity;
    gp->queues = s.queues;
    gp->basics = basics_of(ctx);
    s.gateways.push_back(place_or_spawn(ctx, gateway_name, i, [&] { return spec_of(*gp); },
                                        [&] { return spawn_gateway(ctx.system, gp); }));
    ctx.add_metric_source(s.gateways.back());
    s.gateway_specs.push_back(std::move(gp));
  }
  ctx.published[gateway_name] = s.gateways;  // other designs notify through them
}

caf::actor start_client(const design& d, run_context& ctx, const NotificationConfig& c,
                        const notification_settings& set, const std::vector<caf::actor>& gateways) {
  workload_params wl;
  wl.seed = ctx.seed;
  wl.users = set.users;
  wl.gateways = static_cast<uint32_t>(gateways.size());
  wl.duplicate_share = c.duplicate_share();
  wl.high_priority_share = c.high_priority_share();
  wl.ios_share = set.ios_share;
  auto cp = client_params_for(d, ctx, "notification/client/0", 2);
  add_stream(*cp, notify_api, c.notify(), ctx.day_offset_s);
  add_stream(*cp, set_preferences_api, c.set_preferences(), ctx.day_offset_s);
  add_stream(*cp, register_device_api, c.register_device(), ctx.day_offset_s);
  cp->targets = gateways;
  cp->load = std::make_shared<notification_workload>(wl);
  cp->timeout = from_s(set.timeout_s);
  auto client = spawn_open_loop_client(ctx.system, cp);
  ctx.add_metric_source(client);
  return client;
}

std::unique_ptr<design_run> notification_design::start_run(run_context& ctx,
                                                            const NotificationConfig& c) const {
  const auto set = resolve(c);
  scratch_dir dir("notification");
  notification_services s;
  s.fcm = start_provider(ctx, fcm_name, c.fcm());
  s.apns = start_provider(ctx, apns_name, c.apns());
  s.queue_specs = queue_params_for(ctx, c, set, dir);
  for (uint32_t i = 0; i < s.queue_specs.size(); ++i) {
    const auto& qp = s.queue_specs[i];
    s.queues.push_back(place_or_spawn(ctx, queue_name, i, [&] { return spec_of(*qp, 0); },
                                      [&] { return spawn_queue(ctx.system, qp, 0); }));
    ctx.add_metric_source(s.queues.back());
  }
  start_workers(ctx, set, s);
  start_gateways(ctx, s);
  auto client = start_client(*this, ctx, c, set, s.gateways);
  return std::make_unique<notification_run>(ctx, std::move(dir), client, std::move(s));
}

}  // namespace

void register_notification_design(design_registry& r) {
  r.add(std::make_unique<notification_design>());
}

}  // namespace sdsim::notification
