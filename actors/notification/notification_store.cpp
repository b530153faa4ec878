// SQL for a queue shard; every value goes through bound parameters.
#include "actors/notification/notification_store.hpp"

#include <fmt/format.h>

#include "actors/core/hash.hpp"
#include "actors/core/rng.hpp"

namespace sdsim::notification {
namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS preferences (
  user_id INTEGER PRIMARY KEY,
  kinds TEXT NOT NULL,
  quiet_start INTEGER NOT NULL,
  quiet_end INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS devices (
  device_id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  platform INTEGER NOT NULL,
  token TEXT NOT NULL UNIQUE,
  active INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS devices_by_user ON devices(user_id, active);
CREATE TABLE IF NOT EXISTS notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  priority INTEGER NOT NULL,
  dedup_key TEXT,
  payload BLOB NOT NULL,
  accepted_ns INTEGER NOT NULL,
  disposition INTEGER NOT NULL,
  UNIQUE (user_id, dedup_key));
CREATE TABLE IF NOT EXISTS deliveries (
  notification_id INTEGER NOT NULL REFERENCES notifications(id),
  device_id INTEGER NOT NULL,
  state INTEGER NOT NULL,
  tries INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  next_attempt_ns INTEGER NOT NULL,
  ended_ns INTEGER,
  PRIMARY KEY (notification_id, device_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(state) WHERE state = 0;
CREATE TABLE IF NOT EXISTS attempts (
  notification_id INTEGER NOT NULL,
  device_id INTEGER NOT NULL,
  try INTEGER NOT NULL,
  outcome INTEGER NOT NULL,
  base_delay_ns INTEGER NOT NULL,
  jitter_ns INTEGER NOT NULL,
  at_ns INTEGER NOT NULL,
  PRIMARY KEY (notification_id, device_id, try)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS dead_letters (
  notification_id INTEGER NOT NULL,
  device_id INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  last_outcome INTEGER NOT NULL,
  at_ns INTEGER NOT NULL,
  PRIMARY KEY (notification_id, device_id)) WITHOUT ROWID;
)sql";

double unit(uint64_t seed, uint64_t user, std::string_view what) {
  return static_cast<double>(core::hash_combine(core::hash_combine(seed, user), core::hash64(what)) >> 11) *
         0x1.0p-53;
}

}  // namespace

std::string device_key_of(const std::string& dedup_key, uint64_t notification_id) {
  return dedup_key.empty() ? "#" + std::to_string(notification_id) : dedup_key;
}

user_preferences preloaded_preferences(const preload_plan& plan, uint64_t user) {
  user_preferences p;
  const bool opted_out = unit(plan.seed, user, "opted_out") < plan.opted_out_share;
  const bool quiet = unit(plan.seed, user, "quiet") < plan.quiet_hours_share;
  if (!opted_out && !quiet) return p;
  p.set = true;
  p.kinds = {kind_names[0], kind_names[1]};
  if (!opted_out) p.kinds.emplace_back(kind_names[2]);
  if (quiet) {
    p.quiet_start = 22 * 60;
    p.quiet_end = 7 * 60;
  }
  return p;
}

std::unique_ptr<notification_store> notification_store::open(const std::string& path,
                                                             uint64_t device_id_base,
                                                             std::string* error) {
  auto s = core::sqlite_store::open(path, schema, error);
  return s ? std::unique_ptr<notification_store>(new notification_store(std::move(s), device_id_base))
           : nullptr;
}

core::status notification_store::preload(const preload_plan& plan) {
  return store_->write_batch([&]() -> core::status {
    for (uint64_t u : plan.users) {
      const uint32_t devices = unit(plan.seed, u, "second") < plan.second_device_share ? 2 : 1;
      for (uint32_t i = 0; i < devices; ++i) {
        const bool ios = unit(plan.seed, u * 4 + i, "ios") < plan.ios_share;
        auto st = store_->query(
            "INSERT OR IGNORE INTO devices (device_id, user_id, platform, token, active) "
            "VALUES (?, ?, ?, ?, 1)",
            {u * 4 + i, u, static_cast<int>(ios ? IOS : ANDROID),
             fmt::format("{}:{}:{}", ios ? "apns" : "fcm", u, i)});
        if (!st.ok()) return st;
      }
      const auto p = preloaded_preferences(plan, u);
      if (!p.set) continue;
      auto st = store_->query(
          "INSERT OR IGNORE INTO preferences (user_id, kinds, quiet_start, quiet_end) "
          "VALUES (?, ?, ?, ?)",
          {u, join_kinds(p.kinds), p.quiet_start, p.quiet_end});
      if (!st.ok()) return st;
    }
    return core::status{};
  });
}

core::status notification_store::load_preferences(uint64_t user, user_preferences* out) {
  return store_->query(
      "SELECT kinds, quiet_start, quiet_end FROM preferences WHERE user_id = ?", {user},
      [&](const core::sql_row& r) {
        out->set = true;
        out->kinds = split_kinds(r.text(0));
        out->quiet_start = static_cast<uint32_t>(r.integer(1));
        out->quiet_end = static_cast<uint32_t>(r.integer(2));
      });
}

core::status notification_store::insert_notification(const NotifyRequest& req,
                                                      core::sim_ns accepted, Disposition d,
                                                      uint64_t* id) {
  auto st = store_->query(
      "INSERT INTO notifications (user_id, kind, priority, dedup_key, payload, accepted_ns, "
      "disposition) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {req.user_id(), req.kind(), static_cast<int>(req.priority()),
       req.dedup_key().empty() ? core::sql_param() : core::sql_param(req.dedup_key()),
       core::sql_param::blob(req.payload()), accepted, static_cast<int>(d)});
  *id = static_cast<uint64_t>(store_->last_insert_rowid());
  return st;
}

accept_result notification_store::notify(const NotifyRequest& req, core::sim_ns accepted,
                                         uint32_t minute) {
  accept_result out;
  auto st = store_->write_batch([&]() -> core::status {
    if (!req.dedup_key().empty()) {
      bool seen = false;
      auto st = store_->query("SELECT id FROM notifications WHERE user_id = ? AND dedup_key = ?",
                              {req.user_id(), req.dedup_key()}, [&](const core::sql_row& r) {
                                seen = true;
                                out.id = static_cast<uint64_t>(r.integer(0));
                              });
      if (!st.ok()) return st;
      if (seen) {
        out.disposition = DEDUPLICATED;
        return core::status{};
      }
    }
    user_preferences prefs;
    if (auto st = load_preferences(req.user_id(), &prefs); !st.ok()) return st;
    if (decide(prefs, req.kind(), req.priority() == HIGH, minute) != preference_verdict::send) {
      out.disposition = SUPPRESSED_BY_PREFERENCE;
      return insert_notification(req, accepted, out.disposition, &out.id);
    }
    std::vector<delivery> ds;
    auto st = store_->query(
        "SELECT device_id, platform, token FROM devices WHERE user_id = ? AND active = 1 "
        "ORDER BY device_id",
        {req.user_id()}, [&](const core::sql_row& r) {
          delivery d;
          d.key.device_id = static_cast<uint64_t>(r.integer(0));
          d.platform = static_cast<int>(r.integer(1));
          d.token = std::string(r.text(2));
          ds.push_back(std::move(d));
        });
    if (!st.ok()) return st;
    out.disposition = ds.empty() ? NO_DEVICE : QUEUED;
    if (auto st = insert_notification(req, accepted, out.disposition, &out.id); !st.ok())
      return st;
    for (auto& d : ds) {
      d.key.notification_id = out.id;
      d.user_id = req.user_id();
      d.high = req.priority() == HIGH;
      d.device_key = device_key_of(req.dedup_key(), out.id);
      d.payload = req.payload();
      d.accepted = accepted;
      auto st = store_->query(
          "INSERT INTO deliveries (notification_id, device_id, state, tries, failures, "
          "next_attempt_ns) VALUES (?, ?, 0, 0, 0, 0)",
          {out.id, d.key.device_id});
      if (!st.ok()) return st;
    }
    out.deliveries = std::move(ds);
    return core::status{};
  });
  if (!st.ok()) {
    out = accept_result{};
    out.outcome = core::outcome_of(st);
  }
  return out;
}

core::outcome notification_store::set_preferences(const SetPreferencesRequest& req) {
  std::vector<std::string> kinds(req.kinds_enabled().begin(), req.kinds_enabled().end());
  return core::outcome_of(store_->query(
      "INSERT INTO preferences (user_id, kinds, quiet_start, quiet_end) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (user_id) DO UPDATE SET kinds = excluded.kinds, "
      "quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end",
      {req.user_id(), join_kinds(kinds), req.quiet_hours().start_minute(),
       req.quiet_hours().end_minute()}));
}

core::outcome notification_store::register_device(const RegisterDeviceRequest& req,
                                                   uint64_t* device_id) {
  auto st = store_->write_batch([&]() -> core::status {
    bool known = false;
    auto st = store_->query("SELECT device_id FROM devices WHERE token = ?", {req.token()},
                            [&](const core::sql_row& r) {
                              known = true;
                              *device_id = static_cast<uint64_t>(r.integer(0));
                            });
    if (!st.ok()) return st;
    if (known)
      return store_->query(
          "UPDATE devices SET user_id = ?, platform = ?, active = 1 WHERE device_id = ?",
          {req.user_id(), static_cast<int>(req.platform()), *device_id});
    *device_id = device_id_base_;
    st = store_->query("SELECT max(device_id) + 1 FROM devices WHERE device_id >= ?",
                       {device_id_base_}, [&](const core::sql_row& r) {
                         if (!r.is_null(0)) *device_id = static_cast<uint64_t>(r.integer(0));
                       });
    if (!st.ok()) return st;
    return store_->query(
        "INSERT INTO devices (device_id, user_id, platform, token, active) VALUES (?, ?, ?, ?, 1)",
        {*device_id, req.user_id(), static_cast<int>(req.platform()), req.token()});
  });
  return core::outcome_of(st);
}

core::status notification_store::record(const attempt_record& a, const delivery_update& u,
                                        bool* conflict) {
  *conflict = false;
  return store_->write_batch([&]() -> core::status {
    auto st = store_->query(
        "INSERT INTO attempts (notification_id, device_id, try, outcome, base_delay_ns, "
        "jitter_ns, at_ns) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {a.key.notification_id, a.key.device_id, a.try_number, static_cast<int>(a.outcome),
         a.base_delay, a.jitter, a.at});
    if (!st.ok()) return st;
    const bool terminal = u.state != delivery_state::pending;
    st = store_->query(
        "UPDATE deliveries SET state = ?, tries = ?, failures = ?, next_attempt_ns = ?, "
        "ended_ns = ? WHERE notification_id = ? AND device_id = ? AND state = 0",
        {static_cast<int>(u.state), a.try_number, u.failures, u.next_attempt,
         terminal ? core::sql_param(a.at) : core::sql_param(), a.key.notification_id,
         a.key.device_id});
    if (!st.ok()) return st;
    if (store_->changes() != 1) {
      *conflict = true;
      return core::status{};
    }
    if (u.state == delivery_state::dead_lettered)
      st = store_->query(
          "INSERT INTO dead_letters (notification_id, device_id, failures, last_outcome, at_ns) "
          "VALUES (?, ?, ?, ?, ?)",
          {a.key.notification_id, a.key.device_id, u.failures, static_cast<int>(a.outcome), a.at});
    else if (u.state == delivery_state::invalid_device)
      st = store_->query("UPDATE devices SET active = 0 WHERE device_id = ?", {a.key.device_id});
    return st;
  });
}

core::status notification_store::pending(
    const std::function<void(delivery, core::sim_ns due)>& each) {
  return store_->query(
      "SELECT d.notification_id, d.device_id, n.user_id, n.priority, v.platform, v.token, "
      "n.dedup_key, n.payload, n.accepted_ns, d.tries, d.failures, d.next_attempt_ns "
      "FROM deliveries d JOIN notifications n ON n.id = d.notification_id "
      "JOIN devices v ON v.device_id = d.device_id WHERE d.state = 0 "
      "ORDER BY d.notification_id, d.device_id",
      {}, [&](const core::sql_row& r) {
        delivery d;
        d.key.notification_id = static_cast<uint64_t>(r.integer(0));
        d.key.device_id = static_cast<uint64_t>(r.integer(1));
        d.user_id = static_cast<uint64_t>(r.integer(2));
        d.high = r.integer(3) == HIGH;
        d.platform = static_cast<int>(r.integer(4));
        d.token = std::string(r.text(5));
        d.device_key = device_key_of(r.is_null(6) ? "" : std::string(r.text(6)), d.key.notification_id);
        d.payload = std::string(r.blob(7));
        d.accepted = r.integer(8);
        d.tries = static_cast<uint32_t>(r.integer(9));
        d.failures = static_cast<uint32_t>(r.integer(10));
        d.dispatched = d.tries > 0;
        each(std::move(d), r.integer(11));
      });
}

}  // namespace sdsim::notification
