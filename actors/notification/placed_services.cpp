#include "actors/notification/placed_services.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>

namespace sdsim::notification {
namespace {

using core::from_proto;
using core::to_proto;

caf::error malformed(const std::string& service) {
  return caf::make_error(caf::sec::invalid_argument, "malformed spec for " + service);
}

template <class Spec>
core::placement_spec encoded(const Spec& s, std::vector<caf::actor> peers = {}) {
  return {s.SerializeAsString(), std::move(peers)};
}

caf::expected<caf::actor> spawn_gateway_from(caf::actor_system& sys, const core::sim_clock& clock,
                                             const core::placement_spec& spec) {
  GatewaySpec s;
  if (!s.ParseFromString(spec.bytes)) return malformed(gateway_name);
  auto p = std::make_shared<gateway_params>();
  p->index = s.index();
  p->capacity = s.capacity();
  p->queues = spec.peers;
  p->basics = from_proto(s.basics(), &clock);
  return spawn_gateway(sys, std::move(p));
}

caf::expected<caf::actor> spawn_queue_from(caf::actor_system& sys, const core::sim_clock& clock,
                                           const core::placement_spec& spec) {
  QueueSpec s;
  if (!s.ParseFromString(spec.bytes) || s.backoff_base_ns() <= 0 || s.max_attempts() == 0)
    return malformed(queue_name);
  auto p = std::make_shared<queue_params>();
  p->index = s.index();
  p->db_path = s.db_path();
  p->capacity = s.capacity();
  p->preload.users.assign(s.users().begin(), s.users().end());
  p->preload.seed = s.seed();
  p->preload.ios_share = s.ios_share();
  p->preload.second_device_share = s.second_device_share();
  p->preload.opted_out_share = s.opted_out_share();
  p->preload.quiet_hours_share = s.quiet_hours_share();
  p->backoff = backoff_schedule(s.backoff_base_ns(), s.backoff_max_ns(), s.jitter(),
                                s.max_attempts());
  p->lease_timeout = s.lease_timeout_ns();
  p->global_rate_per_s = s.global_rate_per_s();
  p->day_offset_s = s.day_offset_s();
  p->basics = from_proto(s.basics(), &clock);
  p->replica = s.replica();
  p->replicas = std::max(1u, s.replicas());
  p->rejoin = s.rejoin();
  return spawn_queue(sys, std::move(p), s.incarnation());
}

caf::expected<caf::actor> spawn_worker_from(caf::actor_system& sys, const core::sim_clock& clock,
                                            const core::placement_spec& spec) {
  WorkerSpec s;
  if (!s.ParseFromString(spec.bytes) || spec.peers.size() != 3) return malformed(worker_name);
  auto p = std::make_shared<worker_params>();
  p->index = s.index();
  p->capacity = s.capacity();
  p->queue = spec.peers[0];
  p->fcm = spec.peers[1];
  p->apns = spec.peers[2];
  p->window = s.window();
  p->push_timeout = s.push_timeout_ns();
  p->per_user_rate_per_s = s.per_user_rate_per_s();
  p->per_user_burst = s.per_user_burst();
  p->basics = from_proto(s.basics(), &clock);
  return spawn_worker(sys, std::move(p));
}

caf::expected<caf::actor> spawn_provider_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec) {
  ProviderSpec s;
  if (!s.ParseFromString(spec.bytes)) return malformed(s.name());
  auto p = std::make_shared<provider_params>();
  p->name = s.name();
  p->config = s.config();
  p->capacity = s.capacity();
  p->basics = from_proto(s.basics(), &clock);
  return spawn_provider(sys, std::move(p));
}

}  // namespace

core::placement_spec spec_of(const gateway_params& p) {
  GatewaySpec s;
  s.set_index(p.index);
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = to_proto(p.basics);
  return encoded(s, p.queues);
}

core::placement_spec spec_of(const queue_params& p, uint32_t incarnation) {
  QueueSpec s;
  s.set_index(p.index);
  s.set_db_path(p.db_path);
  *s.mutable_capacity() = p.capacity;
  s.mutable_users()->Add(p.preload.users.begin(), p.preload.users.end());
  s.set_seed(p.preload.seed);
  s.set_ios_share(p.preload.ios_share);
  s.set_second_device_share(p.preload.second_device_share);
  s.set_opted_out_share(p.preload.opted_out_share);
  s.set_quiet_hours_share(p.preload.quiet_hours_share);
  s.set_backoff_base_ns(p.backoff.base());
  s.set_backoff_max_ns(p.backoff.max());
  s.set_jitter(p.backoff.jitter());
  s.set_max_attempts(p.backoff.max_attempts());
  s.set_lease_timeout_ns(p.lease_timeout);
  s.set_global_rate_per_s(p.global_rate_per_s);
  s.set_day_offset_s(p.day_offset_s);
  *s.mutable_basics() = to_proto(p.basics);
  s.set_incarnation(incarnation);
  s.set_replica(p.replica);
  s.set_replicas(p.replicas);
  s.set_rejoin(p.rejoin);
  return encoded(s);
}

core::placement_spec spec_of(const worker_params& p) {
  WorkerSpec s;
  s.set_index(p.index);
  *s.mutable_capacity() = p.capacity;
  s.set_window(p.window);
  s.set_push_timeout_ns(p.push_timeout);
  s.set_per_user_rate_per_s(p.per_user_rate_per_s);
  s.set_per_user_burst(p.per_user_burst);
  *s.mutable_basics() = to_proto(p.basics);
  return encoded(s, {p.queue, p.fcm, p.apns});
}

core::placement_spec spec_of(const provider_params& p) {
  ProviderSpec s;
  s.set_name(p.name);
  *s.mutable_config() = p.config;
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = to_proto(p.basics);
  return encoded(s);
}

caf::expected<caf::actor> spawn_placed_service(caf::actor_system& sys, const core::sim_clock& clock,
                                               const std::string& service,
                                               const core::placement_spec& spec) {
  if (service == gateway_name) return spawn_gateway_from(sys, clock, spec);
  if (service == queue_name) return spawn_queue_from(sys, clock, spec);
  if (service == worker_name) return spawn_worker_from(sys, clock, spec);
  if (service == fcm_name || service == apns_name) return spawn_provider_from(sys, clock, spec);
  return caf::make_error(caf::sec::invalid_argument, "no notification service " + service);
}

}  // namespace sdsim::notification
