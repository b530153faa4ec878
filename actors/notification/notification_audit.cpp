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

}  // namespace

void audit(const audit_input& in, DesignReport* out) {
  auto* checks = out->mutable_checks();
  tally t;
  schedule_findings sched;
  uint64_t missing = 0, acked = 0, broken = 0, dlq_rows = 0, dlq_state = 0, dlq_short = 0;
  uint64_t delivered_rows = 0, not_shown = 0, unregistered = 0;
  std::unordered_set<std::string> shown;
  for (const auto& p : in.providers) shown.insert(p.shown_keys().begin(), p.shown_keys().end());
  for (std::size_t s = 0; s < in.db_paths.size(); ++s) {
    std::string error;
    auto store = notification_store::open(in.db_paths[s], 0, &error);
    if (!store || !store->intact()) {
      ++broken;
      continue;
    }
    auto& db = store->sql();
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
    for (const auto& c : in.clients)
      for (const auto& a : c.acked())
        if (a.shard() == s) {
          ++acked;
          if (!ids.count(a.id())) ++missing;
        }
    const auto f = check_schedule(db, *in.backoff);
    sched.deliveries += f.deliveries;
    sched.attempts += f.attempts;
    sched.over_cap += f.over_cap;
    sched.decreasing += f.decreasing;
    sched.jitter_out += f.jitter_out;
    db.query("SELECT count(*), sum(failures < ?) FROM dead_letters", {in.backoff->max_attempts()},
             [&](const core::sql_row& r) {
               dlq_rows += static_cast<uint64_t>(r.integer(0));
               dlq_short += static_cast<uint64_t>(r.integer(1));
             });
    db.query("SELECT sum(state = 2), sum(state = 3) FROM deliveries", {},
             [&](const core::sql_row& r) {
               dlq_state += static_cast<uint64_t>(r.integer(0));
               unregistered += static_cast<uint64_t>(r.integer(1));
             });
    db.query(
        "SELECT d.device_id, n.dedup_key, n.id FROM deliveries d "
        "JOIN notifications n ON n.id = d.notification_id WHERE d.state = 1",
        {}, [&](const core::sql_row& r) {
          ++delivered_rows;
          const std::string key = r.is_null(1) ? "" : std::string(r.text(1));
          const auto name = device_model::pair_name(static_cast<uint64_t>(r.integer(0)),
                                                    device_key_of(key, static_cast<uint64_t>(r.integer(2))));
          if (!shown.count(name)) ++not_shown;
        });
  }
  for (const auto& c : in.clients)
    for (const auto& a : c.acked())
      if (a.disposition() == DEDUPLICATED) ++t.deduplicated;

  uint64_t conflicts = 0, order = 0, max_depth = 0, recovered = 0, expiries = 0, throttled = 0,
           throttled_here = 0;
  core::histogram latency;
  std::vector<uint64_t> depth;
  for (const auto& q : in.queues) {
    conflicts += q.terminal_conflicts();
    order += q.order_violations();
    recovered += q.recovered();
    expiries += q.lease_expiries();
    throttled += q.throttled();
    throttled_here += q.throttled_locally();
    HistogramData h;
    if (h.ParseFromString(q.delivery_latency())) latency.merge(core::histogram::from_proto(h));
    if (depth.size() < static_cast<std::size_t>(q.depth_per_s_size())) depth.resize(q.depth_per_s_size());
    for (int i = 0; i < q.depth_per_s_size(); ++i) depth[i] += q.depth_per_s(i);
  }
  for (auto d : depth) max_depth = std::max(max_depth, d);
  uint64_t shown_n = 0, duplicates = 0, lost_answers = 0;
  for (const auto& p : in.providers) {
    shown_n += p.shown();
    duplicates += p.duplicates_dropped();
    lost_answers += p.answers_lost();
  }

  core::add_check(checks, "nothing acknowledged is lost", missing == 0,
                  fmt::format("{} acknowledged notifications looked up in the shard databases: "
                              "{} missing", acked, missing));
  core::add_check(checks, "every notification ends in exactly one terminal state",
                  t.unfinished == 0 && conflicts == 0,
                  fmt::format("{} delivered, {} dead-lettered, {} suppressed, {} invalid device, "
                              "{} deduplicated; {} still pending, {} second terminal transitions",
                              t.delivered, t.dead_lettered, t.suppressed, t.invalid,
                              t.deduplicated, t.unfinished, conflicts));
  core::add_check(checks, "retries within the cap; only exhausted deliveries dead-lettered",
                  sched.over_cap == 0 && dlq_short == 0 && dlq_rows == dlq_state,
                  fmt::format("cap {} failed attempts: {} over it; {} DLQ rows, {} short of the "
                              "cap, {} deliveries dead-lettered", in.backoff->max_attempts(),
                              sched.over_cap, dlq_rows, dlq_short, dlq_state));
  core::add_check(checks, "backoff base delays non-decreasing, jitter within bound",
                  sched.decreasing == 0 && sched.jitter_out == 0,
                  fmt::format("{} attempts of {} deliveries: {} decreasing, {} jitter out of "
                              "bound", sched.attempts, sched.deliveries, sched.decreasing,
                              sched.jitter_out));
  core::add_check(checks, "first attempts leave in order per user and priority", order == 0,
                  fmt::format("{} out of order", order));
  core::add_check(checks, "devices show each notification once; every delivered one shown",
                  not_shown == 0,
                  fmt::format("{} shown, {} repeats dropped by devices; {} of {} delivered not "
                              "shown", shown_n, duplicates, not_shown, delivered_rows));
  core::add_check(checks, "queue databases intact", broken == 0,
                  fmt::format("{} of {} failed to open or integrity_check", broken,
                              in.db_paths.size()));

  core::add_figure(out, "accepted", static_cast<double>(acked - t.deduplicated));
  core::add_figure(out, "delivered", static_cast<double>(t.delivered));
  core::add_figure(out, "dead_lettered", static_cast<double>(t.dead_lettered));
  core::add_figure(out, "dlq_size", static_cast<double>(dlq_rows), "deliveries");
  core::add_figure(out, "suppressed_by_preference", static_cast<double>(t.suppressed));
  core::add_figure(out, "deduplicated", static_cast<double>(t.deduplicated));
  core::add_figure(out, "invalid_device", static_cast<double>(t.invalid));
  core::add_figure(out, "devices_unregistered", static_cast<double>(unregistered));
  core::add_figure(out, "retries", static_cast<double>(sched.attempts - sched.deliveries));
  core::add_figure(out, "throttled", static_cast<double>(throttled), "429 answers");
  core::add_figure(out, "throttled_by_sender", static_cast<double>(throttled_here));
  core::add_figure(out, "duplicates_dropped_by_devices", static_cast<double>(duplicates));
  core::add_figure(out, "answers_lost", static_cast<double>(lost_answers));
  core::add_figure(out, "lease_expiries", static_cast<double>(expiries));
  core::add_figure(out, "recovered_after_restart", static_cast<double>(recovered));
  core::add_figure(out, "delivery_latency_p50", latency.quantile(0.5) / 1e6, "ms");
  core::add_figure(out, "delivery_latency_p99", latency.quantile(0.99) / 1e6, "ms");
  core::add_figure(out, "queue_depth_max", static_cast<double>(max_depth), "deliveries");
  for (std::size_t i = 10; i < depth.size(); i += 10)
    core::add_figure(out, fmt::format("queue_depth@{}s", i), static_cast<double>(depth[i]),
                     "deliveries");
}

}  // namespace sdsim::notification
