// Registration of the notification service: gateways, queue shards with their workers, the
// two push providers, one client replaying notify traffic, and the checker.
#include <caf/send.hpp>
#include <fmt/format.h>

#include "actors/core/design.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/notification/gateway_actor.hpp"
#include "actors/notification/live_figures.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/notification_audit.hpp"
#include "actors/notification/notification_workload.hpp"
#include "actors/notification/notification_services.hpp"
#include "actors/notification/placed_services.hpp"

namespace sdsim::notification {
namespace {

using namespace sdsim::core;

class notification_run : public design_run {
 public:
  notification_run(run_context& ctx, scratch_dir dir, caf::actor client,
                   notification_services services)
      : ctx_(ctx), dir_(std::move(dir)), client_(std::move(client)), s_(std::move(services)) {}

  void start_traffic() override {
    for (const auto& a : s_.queues->sources()) caf::anon_send(a, start_atom::value);
    for (const auto& a : s_.workers) caf::anon_send(a, start_atom::value);
    caf::anon_send(client_, start_atom::value);
  }

  void stop_traffic() override { caf::anon_send(client_, stop_atom::value); }

  live_sources live() const override {
    live_sources l{{client_}, s_.gateways, nullptr, {}, {}};
    l.services = s_.queues->sources();
    l.services.insert(l.services.end(), s_.workers.begin(), s_.workers.end());
    l.services.push_back(s_.fcm);
    l.services.push_back(s_.apns);
    l.figures = live_figures;
    return l;
  }

  std::string apply_fault(const Fault& f) override;

  // A node is back: the queue shards' copies placed there rejoin their groups (they reopen
  // their files and catch up), the workers and gateways are spawned there again.
  std::string rejoin(const std::string& node) override {
    auto here = [&](const std::string& service, uint32_t i) {
      return ctx_.node_of && ctx_.node_of(service, i, 0) == node;
    };
    auto why = s_.queues->rejoin([&](uint32_t shard, uint32_t copy) {
      return ctx_.node_of && ctx_.node_of(queue_name, shard, copy) == node;
    });
    for (uint32_t i = 0; i < s_.workers.size(); ++i)
      if (here(worker_name, i)) restart_worker(i);
    for (uint32_t i = 0; i < s_.gateways.size(); ++i)
      if (here(gateway_name, i)) restart_gateway(i);
    return why;
  }

  std::string set_node_link(const std::string& a, const std::string& b,
                            const link_state& l) override {
    return s_.queues->set_link(a, b, l);
  }

  void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) override {
    audit_input in;
    in.backoff = &s_.queue_specs.front().front()->backoff;
    for (const auto& m : metrics) {
      NotificationExtra x;
      if (m.extra().empty() || !x.ParseFromString(m.extra())) continue;
      if (x.has_client()) in.clients.push_back(x.client());
      if (x.has_queue()) in.queues.push_back(x.queue());
      if (x.has_worker()) in.workers.push_back(x.worker());
      if (x.has_provider()) in.providers.push_back(x.provider());
    }
    in.db_paths = audited_files(in.queues);
    audit(in, out);
    add_replication_figures(in.queues, out);
  }

 private:
  // Each shard's file to audit: its primary's at the end (the newest epoch that reported
  // leading), else copy 0's.
  std::vector<std::string> audited_files(const std::vector<QueueFacts>& facts) const {
    std::vector<std::string> out;
    std::vector<uint64_t> epoch(s_.queue_specs.size(), 0);
    for (const auto& copies : s_.queue_specs) out.push_back(copies.front()->db_path);
    for (const auto& q : facts)
      if (q.leading() && q.shard() < out.size() && q.epoch() >= epoch[q.shard()]) {
        epoch[q.shard()] = q.epoch();
        out[q.shard()] = q.db_path();
      }
    return out;
  }

  // With copies: how often a shard's primary changed, and the writes its copies applied.
  void add_replication_figures(const std::vector<QueueFacts>& facts, DesignReport* out) const {
    const uint32_t copies = s_.queues->copies_per_shard();
    if (copies < 2) return;
    uint64_t replicated = 0, caught_up = 0;
    for (const auto& q : facts) {
      replicated += q.replicated();
      caught_up += q.caught_up();
    }
    add_figure(out, "queue_copies_per_shard", copies);
    add_figure(out, "queue_failovers", static_cast<double>(s_.queues->figures().elections));
    add_figure(out, "queue_writes_replicated", static_cast<double>(replicated));
    add_figure(out, "queue_rows_caught_up", static_cast<double>(caught_up));
  }

  std::vector<caf::actor> actors_of(const std::string& service) const {
    if (service == gateway_name) return s_.gateways;
    if (service == queue_name) return s_.queues->sources();
    if (service == worker_name) return s_.workers;
    return {service == fcm_name ? s_.fcm : s_.apns};
  }

  void restart_worker(uint32_t i) {
    auto p = std::make_shared<worker_params>(*s_.worker_specs[i]);
    s_.workers[i] = place_or_spawn(
        ctx_, worker_name, i, [&] { return spec_of(*p); },
        [&] { return spawn_worker(ctx_.system, p); });
    ctx_.add_metric_source(s_.workers[i]);
    s_.queues->add_routers({s_.workers[i]});   // it pulls from the shard's primary now
    caf::anon_send(s_.workers[i], start_atom::value);
  }

  void restart_gateway(uint32_t i) {
    auto p = std::make_shared<gateway_params>(*s_.gateway_specs[i]);
    s_.gateways[i] = place_or_spawn(
        ctx_, gateway_name, i, [&] { return spec_of(*p); },
        [&] { return spawn_gateway(ctx_.system, p); });
    ctx_.add_metric_source(s_.gateways[i]);
    s_.queues->add_routers({s_.gateways[i]});
    caf::anon_send(client_, target_atom::value, i, s_.gateways[i]);
  }

  run_context& ctx_;
  scratch_dir dir_;
  caf::actor client_;
  notification_services s_;
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
  if (i >= s_.queues->actors().size())
    return fmt::format("there is no queue shard {} (shards: {})", i, s_.queues->actors().size());
  // The shard's first copy: with copies, the next one in sync takes over.
  return kill ? s_.queues->kill(i, 0) : s_.queues->restart(i, 0);
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
  bool replicated(const std::string& service) const override { return service == queue_name; }
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

std::unique_ptr<design_run> notification_design::start_run(run_context& ctx,
                                                            const NotificationConfig& c) const {
  const auto set = resolve(c);
  scratch_dir dir("notification");
  notification_services s;
  s.fcm = start_provider(ctx, fcm_name, c.fcm());
  s.apns = start_provider(ctx, apns_name, c.apns());
  s.queue_specs = queue_params_for(ctx, c, set, dir);
  s.queues = start_queues(ctx, s.queue_specs);
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
