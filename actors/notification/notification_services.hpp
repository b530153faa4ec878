// The notification services of one run, spawned in order: the providers, the queue shards'
// group (their copies kept equal by the cluster layer), one worker per shard, the gateways.
// Each keeps the parameters it was spawned from: what a restart or a node's return spawns
// again.
#pragma once

#include <memory>
#include <vector>

#include <caf/actor.hpp>

#include "actors/cluster/shard_group.hpp"
#include "actors/core/design.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/notification/notification.pb.h"
#include "actors/notification/placed_services.hpp"

namespace sdsim::notification {

/// The notification design's settings with its defaults, resolved in one place.
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

notification_settings resolve(const NotificationConfig& c);

struct notification_services {
  std::vector<std::vector<std::shared_ptr<const queue_params>>> queue_specs;  ///< [shard][copy]
  std::unique_ptr<cluster::shard_group> queues;
  std::vector<std::shared_ptr<const worker_params>> worker_specs;
  std::vector<std::shared_ptr<const gateway_params>> gateway_specs;
  std::vector<caf::actor> workers, gateways;
  caf::actor fcm, apns;
};

caf::actor start_provider(core::run_context& ctx, const std::string& name, const ProviderConfig& pc);

/// Each queue shard's copies' parameters, the users the gateways' ring gives it preloaded.
std::vector<std::vector<std::shared_ptr<const queue_params>>> queue_params_for(
    core::run_context& ctx, const NotificationConfig& c, const notification_settings& set,
    const core::scratch_dir& dir);

/// The queue shards' group: each copy where the scenario places it.
std::unique_ptr<cluster::shard_group> start_queues(
    core::run_context& ctx, std::vector<std::vector<std::shared_ptr<const queue_params>>> specs);

/// One worker per queue shard; then the gateways, published for other designs to notify
/// through. Both follow the shards' primaries as the group names them.
void start_workers(core::run_context& ctx, const notification_settings& set, notification_services& s);
void start_gateways(core::run_context& ctx, notification_services& s);

caf::actor start_client(const core::design& d, core::run_context& ctx, const NotificationConfig& c,
                        const notification_settings& set, const std::vector<caf::actor>& gateways);

}  // namespace sdsim::notification
