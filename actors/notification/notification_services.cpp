// The notification services' startup steps (notification_services.hpp).
#include "actors/notification/notification_services.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "actors/core/hash_ring.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/notification_workload.hpp"

namespace sdsim::notification {

using namespace sdsim::core;

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
// (asked once per user at start), with its devices preloaded; each copy its own file.
std::vector<std::vector<std::shared_ptr<const queue_params>>> queue_params_for(
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
  const uint32_t copies = ctx.replicas ? std::max(1u, ctx.replicas(queue_name)) : 1;
  std::vector<std::vector<std::shared_ptr<const queue_params>>> out(shards);
  for (uint32_t i = 0; i < shards; ++i) {
    auto qp = std::make_shared<queue_params>();
    qp->index = i;
    qp->db_path = dir.file(fmt::format("queue-{}.sqlite", i));
    qp->replicas = copies;
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
    for (uint32_t r = 1; r < copies; ++r) {
      auto copy = std::make_shared<queue_params>(*qp);
      copy->replica = r;
      copy->db_path = dir.file(fmt::format("queue-{}-copy-{}.sqlite", i, r));
      out[i].push_back(std::move(copy));
    }
    out[i].insert(out[i].begin(), std::move(qp));
  }
  return out;
}

// The queue shards' group: each copy where the scenario places it; a copy that comes back
// (a restart, its node's return) reopens its file, skips the preload and catches up.
std::unique_ptr<cluster::shard_group> start_queues(
    run_context& ctx, std::vector<std::vector<std::shared_ptr<const queue_params>>> specs) {
  // A copy's incarnation (its spawns so far) numbers its leases apart from its predecessors'.
  return cluster::start_group(
      ctx, queue_name, std::move(specs),
      [](const queue_params& p, uint32_t n) { return spec_of(p, n); },
      [](caf::actor_system& sys, std::shared_ptr<const queue_params> p, uint32_t n) {
        return spawn_queue(sys, std::move(p), n);
      });
}

// One worker per queue shard.
void start_workers(run_context& ctx, const notification_settings& set, notification_services& s) {
  const auto spec = ctx.service(worker_name);
  const auto primaries = s.queues->first_primaries();
  for (uint32_t i = 0; i < primaries.size(); ++i) {
    auto wp = std::make_shared<worker_params>();
    wp->index = i;
    wp->capacity = spec.default_capacity;
    wp->queue = primaries[i];
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
    gp->queues = s.queues->first_primaries();
    gp->basics = basics_of(ctx);
    s.gateways.push_back(place_or_spawn(ctx, gateway_name, i, [&] { return spec_of(*gp); },
                                        [&] { return spawn_gateway(ctx.system, gp); }));
    ctx.add_metric_source(s.gateways.back());
    s.gateway_specs.push_back(std::move(gp));
  }
  ctx.published[gateway_name] = s.gateways;  // other designs notify through them
  auto routers = s.gateways;
  routers.insert(routers.end(), s.workers.begin(), s.workers.end());
  s.queues->add_routers(routers);
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

}  // namespace sdsim::notification
