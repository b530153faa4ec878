// A queue shard's durable state in SQLite: preferences, the device registry, accepted
// notifications, one delivery row per (notification, device), every attempt, and the
// dead-letter queue. A notification is acknowledged only after its rows are committed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/error_kind.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/core/sqlite_store.hpp"
#include "actors/notification/delivery_queue.hpp"
#include "actors/notification/notification.pb.h"
#include "actors/notification/preferences.hpp"

namespace sdsim::notification {

/// A delivery row's state; every state but pending is terminal.
enum class delivery_state : uint8_t { pending = 0, delivered = 1, dead_lettered = 2, invalid_device = 3 };

/// The key a device deduplicates on: the notify's dedup key, or one made from the id.
std::string device_key_of(const std::string& dedup_key, uint64_t notification_id);

/// What accepting a notify did.
struct accept_result {
  core::outcome outcome = core::outcome::ok;
  uint64_t id = 0;                      ///< the new notification, or the one it duplicates
  Disposition disposition = QUEUED;
  std::vector<delivery> deliveries;     ///< QUEUED: one per active device, first attempts
};

/// One attempt's outcome as recorded.
struct attempt_record {
  delivery_key key;
  uint32_t try_number = 0;              ///< 1 for the first
  PushOutcome outcome = PUSH_OK;
  core::sim_ns base_delay = 0;          ///< of the retry it schedules (0: none)
  core::sim_ns jitter = 0;
  core::sim_ns at = 0;
};

/// A delivery's state after an attempt.
struct delivery_update {
  delivery_state state = delivery_state::pending;
  uint32_t failures = 0;
  core::sim_ns next_attempt = 0;        ///< pending: when it is tried again
};

/// How the users a shard owns start out.
struct preload_plan {
  std::vector<uint64_t> users;
  uint64_t seed = 0;
  double ios_share = 0.3;
  double second_device_share = 0.2;
  double opted_out_share = 0;
  double quiet_hours_share = 0;
};

/// The preferences a preloaded user starts with (deterministic from the seed).
user_preferences preloaded_preferences(const preload_plan& plan, uint64_t user);

/// Kinds of notification the workload sends; preloaded opted-out users turn off `promo`.
inline constexpr const char* kind_names[] = {"chat_message", "ride_update", "promo"};

/// One connection, owned by one queue shard actor (not thread-safe).
class notification_store {
 public:
  /// Opens or creates the database; nullptr and `*error` on failure. Devices registered
  /// through the API get ids from `device_id_base` up (distinct per shard); preloaded ones
  /// have ids below it.
  static std::unique_ptr<notification_store> open(const std::string& path,
                                                  uint64_t device_id_base, std::string* error);

  /// Registers the devices and preferences of `plan.users` (idempotent).
  core::status preload(const preload_plan& plan);

  /// Accepts a notify at `now` (sim time sent: `accepted`), `minute` of the UTC day: dedup,
  /// preferences, devices, then the notification and its deliveries in one transaction.
  accept_result notify(const NotifyRequest& req, core::sim_ns accepted, uint32_t minute);

  core::outcome set_preferences(const SetPreferencesRequest& req);

  /// A device for the user; a token already registered moves to this user, active again.
  core::outcome register_device(const RegisterDeviceRequest& req, uint64_t* device_id);

  /// Records an attempt and the delivery's new state in one transaction. `*conflict` is set
  /// when the delivery was no longer pending (a second terminal transition: a bug).
  core::status record(const attempt_record& a, const delivery_update& u, bool* conflict);

  /// Every pending delivery with what a worker needs, in acceptance order, and the time its
  /// next attempt is due (0: a first attempt).
  core::status pending(const std::function<void(delivery, core::sim_ns due)>& each);

  /// PRAGMA integrity_check.
  bool intact() { return store_->integrity_check(); }

  /// The underlying store, for the checker's read-only queries.
  core::sqlite_store& sql() { return *store_; }

 private:
  notification_store(std::unique_ptr<core::sqlite_store> s, uint64_t base)
      : store_(std::move(s)), device_id_base_(base) {}
  core::status load_preferences(uint64_t user, user_preferences* out);
  core::status insert_notification(const NotifyRequest& req, core::sim_ns accepted,
                                   Disposition d, uint64_t* id);

  std::unique_ptr<core::sqlite_store> store_;
  uint64_t device_id_base_;
};

}  // namespace sdsim::notification
