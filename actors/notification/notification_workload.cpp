#include "actors/notification/notification_workload.hpp"

#include <fmt/format.h>

#include "actors/notification/messages.hpp"
#include "actors/notification/notification_store.hpp"

namespace sdsim::notification {
namespace {

constexpr std::size_t recent_size = 4096;

}  // namespace

uint32_t notification_workload::prepare(core::request_envelope& env, core::rng& r) {
  const uint64_t user = r.below(std::max(1u, p_.users));
  switch (env.api) {
    case notify_api: prepare_notify(env, r); break;
    case set_preferences_api: {
      SetPreferencesRequest req;
      req.set_user_id(user);
      for (const char* k : kind_names)
        if (r.uniform() < 0.8) req.add_kinds_enabled(k);
      if (r.uniform() < 0.3) {
        req.mutable_quiet_hours()->set_start_minute(22 * 60);
        req.mutable_quiet_hours()->set_end_minute(7 * 60);
      }
      env.payload = req.SerializeAsString();
      break;
    }
    default: {
      RegisterDeviceRequest req;
      req.set_user_id(user);
      const bool ios = r.uniform() < p_.ios_share;
      req.set_platform(ios ? IOS : ANDROID);
      req.set_token(fmt::format("{}:{}:r{}", ios ? "apns" : "fcm", user, env.id));
      env.payload = req.SerializeAsString();
    }
  }
  return p_.gateways <= 1 ? 0 : static_cast<uint32_t>(r.below(p_.gateways));
}

void notification_workload::prepare_notify(core::request_envelope& env, core::rng& r) {
  // An upstream that resends an event (its own retry after a lost answer) reuses the key.
  if (!recent_.empty() && p_.duplicate_share > 0 && r.uniform() < p_.duplicate_share) {
    env.payload = recent_[r.below(recent_.size())].SerializeAsString();
    return;
  }
  NotifyRequest req;
  req.set_user_id(r.below(std::max(1u, p_.users)));
  const bool high = r.uniform() < p_.high_priority_share;
  req.set_priority(high ? HIGH : NORMAL);
  req.set_kind(high ? kind_names[1] : (r.uniform() < 0.8 ? kind_names[0] : kind_names[2]));
  req.set_dedup_key(fmt::format("e{}", env.id));
  req.set_payload(fmt::format(R"({{"title":"event {}","body":"{}"}})", env.id,
                              std::string(40 + r.below(120), 'x')));
  env.payload = req.SerializeAsString();
  if (recent_.size() < recent_size) {
    recent_.push_back(std::move(req));
  } else {
    recent_[recent_next_] = std::move(req);
    recent_next_ = (recent_next_ + 1) % recent_size;
  }
}

void notification_workload::on_outcome(uint64_t, uint32_t api, core::outcome o,
                                       const std::string& reply) {
  if (api != notify_api || o != core::outcome::ok) return;
  NotifyReply rep;
  if (!rep.ParseFromString(reply)) return;
  auto* a = facts_.add_acked();
  a->set_shard(rep.shard());
  a->set_id(rep.notification_id());
  a->set_disposition(rep.disposition());
}

std::string notification_workload::extra() const {
  NotificationExtra x;
  *x.mutable_client() = facts_;
  return x.SerializeAsString();
}

}  // namespace sdsim::notification
