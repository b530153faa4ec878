// Invariants of the notification service, each a named check:
// (1) nothing acknowledged is lost: every notification a client was told about is stored;
// (2) every notification ends in exactly one terminal state (none left pending, no delivery
//     moved to a second terminal state);
// (3) retries stay within the cap, and only deliveries that used it up are dead-lettered;
// (4) the backoff schedule: base delays non-decreasing per delivery, jitter within bound;
// (5) first attempts leave in order per (user, priority);
// (6) a device shows each notification once, and every delivered one was shown;
// (7) every shard database passes PRAGMA integrity_check.
#include "actors/notification/notification_audit.hpp"

#include <algorithm>
#include <map>
#include <unordered_set>

#include <fmt/format.h>

#include "actors/core/histogram.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/notification/device_model.hpp"
#include "actors/notification/notification_store.hpp"

namespace sdsim::notification {
namespace {

// Terminal states of a notification, as reported.
struct tally {
  uint64_t delivered = 0, dead_lettered = 0, suppressed = 0, deduplicated = 0, invalid = 0;
  uint64_t unfinished = 0;
};

struct schedule_findings {
  uint64_t deliveries = 0, attempts = 0, over_cap = 0, decreasing = 0, jitter_out = 0;
};

// Walks every attempt of every delivery in order.
schedule_findings check_schedule(core::sqlite_store& db, const backoff_schedule& b) {
  schedule_findings f;
  uint64_t n = UINT64_MAX, dev = UINT64_MAX;
  uint32_t failures = 0;
  int64_t last_base = 0;
  db.query(
      "SELECT notification_id, device_id, outcome, base_delay_ns, jitter_ns FROM attempts "
      "ORDER BY notification_id, device_id, try",
      {}, [&](const core::sql_row& r) {
        const auto nid = static_cast<uint64_t>(r.integer(0));
        const auto did = static_cast<uint64_t>(r.integer(1));
        if (nid != n || did != dev) {
          n = nid;
          dev = did;
          failures = 0;
          last_base = 0;
          ++f.deliveries;
        }
        ++f.attempts;
        const auto o = static_cast<PushOutcome>(r.integer(2));
        if (o != PUSH_FAILED && o != PUSH_TIMEOUT) return;
        if (++failures > b.max_attempts()) ++f.over_cap;
        const int64_t base = r.integer(3), jitter = r.integer(4);
        if (base == 0) return;  // the last failure: dead-lettered, no retry scheduled
        if (base < last_base) ++f.decreasing;
        if (jitter < 0 || jitter > b.jitter_bound(base)) ++f.jitter_out;
        last_base = base;
      });
  return f;
}

// What the shard databases hold, summed over the shards.
struct store_findings {
  tally t;
  schedule_findings sched;
  uint64_t missing = 0, acked = 0, broken = 0, dlq_rows = 0, dlq_state = 0, dlq_short = 0;
  uint64_t delivered_rows = 0, not_shown = 0, unregistered = 0;
};

// Each notification's terminal state, from its deliveries; the ids stored.
std::unordered_set<uint64_t> count_terminal_states(core::sqlite_store& db, tally& t) {
  std::unordered_set<uint64_t> ids;
  db.query(
      "SELECT n.id, n.disposition, sum(d.state = 0), sum(d.state = 1), sum(d.state = 2) "
      "FROM notifications n LEFT JOIN deliveries d ON d.notification_id = n.id GROUP BY n.id",
      {}, [&](const core::sql_row& r) {
        ids.insert(static_cast<uint64_t>(r.integer(0)));
        const auto d = static_cast<Disposition>(r.integer(1));
        if (d == SUPPRESSED_BY_PREFERENCE) ++t.suppressed;
        else if (d != QUEUED) ++t.invalid;
        else if (r.integer(2) > 0) ++t.unfinished;
        else if (r.integer(3) > 0) ++t.delivered;
        else if (r.integer(4) > 0) ++t.dead_lettered;
        else ++t.invalid;
      });
  return ids;
}

void count_dead_letters(core::sqlite_store& db, uint32_t max_attempts, store_findings& f) {
  db.query("SELECT count(*), sum(failures < ?) FROM dead_letters", {max_attempts},
           [&](const core::sql_row& r) {
             f.dlq_rows += static_cast<uint64_t>(r.integer(0));
             f.dlq_short += static_cast<uint64_t>(r.integer(1));
           });
  db.query("SELECT sum(state = 2), sum(state = 3) FROM deliveries", {},
           [&](const core::sql_row& r) {
             f.dlq_state += static_cast<uint64_t>(r.integer(0));
             f.unregistered += static_cast<uint64_t>(r.integer(1));
           });
}

// Delivered rows whose (device, notification) pair no device showed.
void count_unshown(core::sqlite_store& db, const std::unordered_set<std::string>& shown,
                   store_findings& f) {
  db.query(
      "SELECT d.device_id, n.dedup_key, n.id FROM deliveries d "
      "JOIN notifications n ON n.id = d.notification_id WHERE d.state = 1",
      {}, [&](const core::sql_row& r) {
        ++f.delivered_rows;
        const std::string key = r.is_null(1) ? "" : std::string(r.text(1));
        const auto name = device_model::pair_name(
            static_cast<uint64_t>(r.integer(0)), device_key_of(key, static_cast<uint64_t>(r.integer(2))));
        if (!shown.count(name)) ++f.not_shown;
      });
}

void read_store(core::sqlite_store& db, std::size_t shard, const audit_input& in,
                const std::unordered_set<std::string>& shown, store_findings& f) {
  const auto ids = count_terminal_states(db, f.t);
  for (const auto& c : in.clients)
    for (const auto& a : c.acked())
      if (a.shard() == shard) {
        ++f.acked;
        if (!ids.count(a.id())) ++f.missing;
      }
  const auto sched = check_schedule(db, *in.backoff);
  f.sched.deliveries += sched.deliveries;
  f.sched.attempts += sched.attempts;
  f.sched.over_cap += sched.over_cap;
  f.sched.decreasing += sched.decreasing;
  f.sched.jitter_out += sched.jitter_out;
  count_dead_letters(db, in.backoff->max_attempts(), f);
  count_unshown(db, shown, f);
}

store_findings read_stores(const audit_input& in) {
  store_findings f;
  std::unordered_set<std::string> shown;
  for (const auto& p : in.providers) shown.insert(p.shown_keys().begin(), p.shown_keys().end());
  for (std::size_t s = 0; s < in.db_paths.size(); ++s) {
    std::string error;
    auto store = notification_store::open(in.db_paths[s], 0, &error);
    if (!store || !store->intact()) {
      ++f.broken;
      continue;
    }
    read_store(store->sql(), s, in, shown, f);
  }
  for (const auto& c : in.clients)
    for (const auto& a : c.acked())
      if (a.disposition() == DEDUPLICATED) ++f.t.deduplicated;
  return f;
}

// What the queue and provider actors counted, summed.
struct actor_findings {
  uint64_t conflicts = 0, order = 0, recovered = 0, expiries = 0, throttled = 0;
  uint64_t throttled_here = 0, shown = 0, duplicates = 0, lost_answers = 0, max_depth = 0;
  uint64_t from_others = 0;
  core::histogram latency;
  std::vector<uint64_t> depth;   // all queues' depth, per second
};

actor_findings read_actors(const audit_input& in) {
  actor_findings a;
  for (const auto& q : in.queues) {
    a.conflicts += q.terminal_conflicts();
    a.order += q.order_violations();
    a.recovered += q.recovered();
    a.expiries += q.lease_expiries();
    a.throttled += q.throttled();
    a.throttled_here += q.throttled_locally();
    a.from_others += q.accepted_from_other_designs();
    HistogramData h;
    if (h.ParseFromString(q.delivery_latency())) a.latency.merge(core::histogram::from_proto(h));
    if (a.depth.size() < static_cast<std::size_t>(q.depth_per_s_size()))
      a.depth.resize(q.depth_per_s_size());
    for (int i = 0; i < q.depth_per_s_size(); ++i) a.depth[i] += q.depth_per_s(i);
  }
  for (auto d : a.depth) a.max_depth = std::max(a.max_depth, d);
  for (const auto& p : in.providers) {
    a.shown += p.shown();
    a.duplicates += p.duplicates_dropped();
    a.lost_answers += p.answers_lost();
  }
  return a;
}

void add_checks(const audit_input& in, const store_findings& f, const actor_findings& a,
                DesignReport* out) {
  auto* checks = out->mutable_checks();
  const auto& t = f.t;
  core::add_check(checks, "nothing acknowledged is lost", f.missing == 0,
                  fmt::format("{} acknowledged notifications looked up in the shard databases: "
                              "{} missing", f.acked, f.missing));
  core::add_check(checks, "every notification ends in exactly one terminal state",
                  t.unfinished == 0 && a.conflicts == 0,
                  fmt::format("{} delivered, {} dead-lettered, {} suppressed, {} invalid device, "
                              "{} deduplicated; {} still pending, {} second terminal transitions",
                              t.delivered, t.dead_lettered, t.suppressed, t.invalid,
                              t.deduplicated, t.unfinished, a.conflicts));
  core::add_check(checks, "retries within the cap; only exhausted deliveries dead-lettered",
                  f.sched.over_cap == 0 && f.dlq_short == 0 && f.dlq_rows == f.dlq_state,
                  fmt::format("cap {} failed attempts: {} over it; {} DLQ rows, {} short of the "
                              "cap, {} deliveries dead-lettered", in.backoff->max_attempts(),
                              f.sched.over_cap, f.dlq_rows, f.dlq_short, f.dlq_state));
  core::add_check(checks, "backoff base delays non-decreasing, jitter within bound",
                  f.sched.decreasing == 0 && f.sched.jitter_out == 0,
                  fmt::format("{} attempts of {} deliveries: {} decreasing, {} jitter out of "
                              "bound", f.sched.attempts, f.sched.deliveries, f.sched.decreasing,
                              f.sched.jitter_out));
  core::add_check(checks, "first attempts leave in order per user and priority", a.order == 0,
                  fmt::format("{} out of order", a.order));
  core::add_check(checks, "devices show each notification once; every delivered one shown",
                  f.not_shown == 0,
                  fmt::format("{} shown, {} repeats dropped by devices; {} of {} delivered not "
                              "shown", a.shown, a.duplicates, f.not_shown, f.delivered_rows));
  core::add_check(checks, "queue databases intact", f.broken == 0,
                  fmt::format("{} of {} failed to open or integrity_check", f.broken,
                              in.db_paths.size()));
}

void add_figures(const store_findings& f, const actor_findings& a, DesignReport* out) {
  auto figure = [&](const char* name, uint64_t v, const char* unit = "") {
    core::add_figure(out, name, static_cast<double>(v), unit);
  };
  figure("accepted", f.acked - f.t.deduplicated);
  figure("accepted_from_other_designs", a.from_others);
  figure("delivered", f.t.delivered);
  figure("dead_lettered", f.t.dead_lettered);
  figure("dlq_size", f.dlq_rows, "deliveries");
  figure("suppressed_by_preference", f.t.suppressed);
  figure("deduplicated", f.t.deduplicated);
  figure("invalid_device", f.t.invalid);
  figure("devices_unregistered", f.unregistered);
  figure("retries", f.sched.attempts - f.sched.deliveries);
  figure("throttled", a.throttled, "429 answers");
  figure("throttled_by_sender", a.throttled_here);
  figure("duplicates_dropped_by_devices", a.duplicates);
  figure("answers_lost", a.lost_answers);
  figure("lease_expiries", a.expiries);
  figure("recovered_after_restart", a.recovered);
  core::add_figure(out, "delivery_latency_p50", a.latency.quantile(0.5) / 1e6, "ms");
  core::add_figure(out, "delivery_latency_p99", a.latency.quantile(0.99) / 1e6, "ms");
  figure("queue_depth_max", a.max_depth, "deliveries");
  for (std::size_t i = 10; i < a.depth.size(); i += 10)
    core::add_figure(out, fmt::format("queue_depth@{}s", i), static_cast<double>(a.depth[i]),
                     "deliveries");
}

}  // namespace

void audit(const audit_input& in, DesignReport* out) {
  const auto stores = read_stores(in);
  const auto actors = read_actors(in);
  add_checks(in, stores, actors, out);
  add_figures(stores, actors, out);
}

}  // namespace sdsim::notification
