// Invariants of ride-hailing, each a named check:
// (1) requests conserved: every ride a rider was answered with is in the trips table, and
//     every trip's state is the last of its recorded events;
// (2) legal transitions: each trip's events chain (from = the previous to) and each move is
//     one the lifecycle allows to whoever made it;
// (3) one match per request: no trip was matched twice;
// (4) one trip per driver: replaying every event in time order, a driver is never bound to a
//     second trip (matched, en route, picked up, in trip) while holding one — so the matched
//     driver was free when matched;
// (5) the match book is consistent (its two maps are each other's inverse);
// (6) surge stays within [1, cap];
// (7) the trip database passes PRAGMA integrity_check.
#include "actors/ride_hailing/ride_audit.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "actors/core/histogram.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/core/sqlite_store.hpp"
#include "actors/ride_hailing/trip_lifecycle.hpp"

namespace sdsim::ride_hailing {
namespace {

using core::add_check;
using core::add_figure;
using Checks = google::protobuf::RepeatedPtrField<Check>;

std::optional<trip_actor> actor_named(std::string_view s) {
  if (s == "rider") return trip_actor::rider;
  if (s == "driver") return trip_actor::driver;
  if (s == "system") return trip_actor::system;
  return std::nullopt;
}

struct replay {
  uint64_t events = 0, illegal = 0, broken_chain = 0, double_match = 0, double_booked = 0;
  std::unordered_map<uint64_t, trip_state> last;      // trip -> state after its last event
  std::string first_problem;
  void problem(const std::string& what) {
    if (first_problem.empty()) first_problem = what;
  }
};

replay replay_events(core::sqlite_store& db) {
  replay r;
  std::unordered_map<uint64_t, uint32_t> seq;          // trip -> last seq
  std::unordered_set<uint64_t> matched;                // trips matched once
  std::unordered_map<uint64_t, uint64_t> holding;      // driver -> trip it is bound to
  db.query(
      "SELECT trip_id, seq, from_state, to_state, who, driver_id FROM trip_events "
      "ORDER BY at_ns, trip_id, seq",
      {}, [&](const core::sql_row& row) {
        ++r.events;
        const auto trip = static_cast<uint64_t>(row.integer(0));
        const auto s = static_cast<uint32_t>(row.integer(1));
        const auto to = state_named(row.text(3));
        const auto who = actor_named(row.text(4));
        const auto driver = row.is_null(5) ? 0 : static_cast<uint64_t>(row.integer(5));
        if (!to || !who) {
          ++r.illegal;
          return r.problem(fmt::format("trip {}: unknown state or actor", trip));
        }
        auto prev = r.last.find(trip);
        if (s != seq[trip] + 1 || (prev == r.last.end()) != row.is_null(2) ||
            (prev != r.last.end() && name(prev->second) != row.text(2))) {
          ++r.broken_chain;
          r.problem(fmt::format("trip {}: event {} does not follow the one before", trip, s));
        }
        seq[trip] = s;
        if (prev != r.last.end() && !legal(prev->second, *to, *who)) {
          ++r.illegal;
          r.problem(fmt::format("trip {}: {} -> {} by {} is not a legal move", trip,
                                name(prev->second), name(*to), row.text(4)));
        }
        if (*to == trip_state::matched && !matched.insert(trip).second) {
          ++r.double_match;
          r.problem(fmt::format("trip {} was matched twice", trip));
        }
        if (driver != 0) {
          auto h = holding.find(driver);
          if (holds_driver(*to)) {
            if (h != holding.end() && h->second != trip) {
              ++r.double_booked;
              r.problem(fmt::format("driver {} bound to trip {} while holding trip {}", driver,
                                    trip, h->second));
            }
            holding[driver] = trip;
          } else if (h != holding.end() && h->second == trip) {
            holding.erase(h);
          }
        }
        r.last[trip] = *to;
      });
  return r;
}

// The trips table: each trip's state, and counts by state and by cancel reason.
struct trip_table {
  std::unordered_map<uint64_t, std::string> state;
  std::map<std::string, uint64_t> by_state, cancel_reasons;
  std::map<std::string, uint64_t> payments;  // by status
};

trip_table read_trips(core::sqlite_store& db) {
  trip_table t;
  db.query("SELECT id, state, cancel_reason FROM trips", {}, [&](const core::sql_row& r) {
    const std::string s(r.text(1));
    t.state.emplace(static_cast<uint64_t>(r.integer(0)), s);
    ++t.by_state[s];
    if (!r.is_null(2)) ++t.cancel_reasons[std::string(r.text(2))];
  });
  db.query("SELECT status, COUNT(*) FROM payments GROUP BY status", {},
           [&](const core::sql_row& r) {
             t.payments[std::string(r.text(0))] = static_cast<uint64_t>(r.integer(1));
           });
  db.query("SELECT COUNT(*) FROM trips t WHERE state = 'completed' AND NOT EXISTS "
           "(SELECT 1 FROM payments p WHERE p.trip_id = t.id)",
           {}, [&](const core::sql_row& r) { t.payments["pending"] = static_cast<uint64_t>(r.integer(0)); });
  return t;
}

// (1) Conservation.
void check_conservation(const audit_input& in, const trip_table& t, const replay& ev,
                        Checks* checks) {
  uint64_t acked = 0, missing = 0;
  for (const auto& c : in.clients)
    for (uint64_t id : c.acked_rides()) {
      ++acked;
      missing += t.state.count(id) ? 0 : 1;
    }
  uint64_t state_mismatch = 0;
  for (const auto& [id, s] : t.state) {
    auto it = ev.last.find(id);
    if (it == ev.last.end() || name(it->second) != s) ++state_mismatch;
  }
  add_check(checks, "requests_conserved", missing == 0 && state_mismatch == 0,
            fmt::format("{} rides acknowledged, {} missing from trips; {} trips, {} whose state "
                        "is not their last event's",
                        acked, missing, t.state.size(), state_mismatch));
}

// (2)-(4) The replay.
void check_replay(const replay& ev, Checks* checks) {
  add_check(checks, "transitions_legal", ev.illegal == 0 && ev.broken_chain == 0,
            fmt::format("{} events replayed: {} illegal, {} out of chain{}", ev.events, ev.illegal,
                        ev.broken_chain, ev.first_problem.empty() ? "" : "; " + ev.first_problem));
  add_check(checks, "one_match_per_request", ev.double_match == 0,
            fmt::format("{} trips matched twice", ev.double_match));
  add_check(checks, "one_active_trip_per_driver", ev.double_booked == 0,
            fmt::format("{} times a driver was bound to a second trip while holding one",
                        ev.double_booked));
}

// (5) The match book, (6) surge bounds.
void check_book_and_surge(const audit_input& in, Checks* checks) {
  bool consistent = !in.matching.empty();
  for (const auto& m : in.matching) consistent = consistent && m.book_consistent();
  add_check(checks, "match_book_consistent", consistent,
            consistent ? "each matched driver holds exactly his ride" : "the book's maps disagree");
  double lo = 1, hi = 1, cap = 0;
  for (const auto& p : in.pricing) {
    lo = std::min(lo, p.min_multiplier());
    hi = std::max(hi, p.max_multiplier());
    cap = p.cap();
  }
  add_check(checks, "surge_within_bounds", lo >= 1 && hi <= cap + 1e-9,
            fmt::format("multipliers quoted within [{:.2f}, {:.2f}], bound [1, {:.2f}]", lo, hi, cap));
}

void add_match_figures(const audit_input& in, DesignReport* out) {
  MatchingFacts m;
  core::histogram ttm, eta;
  for (const auto& x : in.matching) {
    m.set_requests(m.requests() + x.requests());
    m.set_matched(m.matched() + x.matched());
    m.set_unmatched(m.unmatched() + x.unmatched());
    m.set_offers(m.offers() + x.offers());
    m.set_offer_timeouts(m.offer_timeouts() + x.offer_timeouts());
    m.set_refused_taken(m.refused_taken() + x.refused_taken());
    m.set_cancelled_before_match(m.cancelled_before_match() + x.cancelled_before_match());
    ttm.merge(core::histogram::from_proto(x.time_to_match_ns()));
    eta.merge(core::histogram::from_proto(x.pickup_eta_s()));
  }
  const uint64_t decided = m.matched() + m.unmatched();
  add_figure(out, "match_rate", decided ? static_cast<double>(m.matched()) / decided : 0);
  add_figure(out, "rides_matched", static_cast<double>(m.matched()));
  add_figure(out, "rides_unmatched", static_cast<double>(m.unmatched()));
  add_figure(out, "time_to_match_p50", ttm.count() ? ttm.quantile(0.5) / 1e9 : 0, "s");
  add_figure(out, "time_to_match_p99", ttm.count() ? ttm.quantile(0.99) / 1e9 : 0, "s");
  add_figure(out, "pickup_eta_p50", eta.count() ? eta.quantile(0.5) : 0, "s");
  add_figure(out, "pickup_eta_p99", eta.count() ? eta.quantile(0.99) : 0, "s");
  add_figure(out, "offers", static_cast<double>(m.offers()));
  add_figure(out, "offer_timeouts", static_cast<double>(m.offer_timeouts()));
  add_figure(out, "accepts_too_late", static_cast<double>(m.refused_taken()));
}

void add_trip_figures(trip_table& t, DesignReport* out) {
  add_figure(out, "trips", static_cast<double>(t.state.size()));
  for (const char* s : {"completed", "cancelled"})
    add_figure(out, std::string("trips_") + s, static_cast<double>(t.by_state[s]));
  uint64_t active = 0;
  for (const char* s : {"requested", "matched", "en_route", "picked_up", "in_trip"})
    active += t.by_state[s];
  add_figure(out, "trips_in_progress_at_end", static_cast<double>(active));
  // Of those, the ones waiting for a driver: the last seconds' requests, and any whose
  // match was never answered.
  add_figure(out, "trips_requested_at_end", static_cast<double>(t.by_state["requested"]));
  for (const auto& [reason, n] : t.cancel_reasons)
    add_figure(out, "cancelled_" + reason, static_cast<double>(n));
}

// Each hot spot's peak, and over time the one that reached the highest multiplier first
// (where a crowd showed up, rather than a spot drained slowly later).
void add_surge_figures(const PricingFacts& p, DesignReport* out) {
  add_figure(out, "surge_max", p.max_multiplier());
  add_figure(out, "surge_cells_above_1_at_end", p.cells_surging());
  if (!p.hottest_cell().empty())
    add_figure(out, "surge_hottest_cell_" + p.hottest_cell(), p.hottest_multiplier());
  const SpotSurge* hottest = nullptr;
  double top = 0;
  int top_at = 0;
  for (const auto& s : p.spots()) {
    if (s.by_10s().empty()) continue;
    const auto peak_it = std::max_element(s.by_10s().begin(), s.by_10s().end());
    const int at = static_cast<int>(peak_it - s.by_10s().begin());
    add_figure(out, "surge_peak_" + s.name(), *peak_it);
    if (*peak_it > top || (*peak_it == top && at < top_at)) {
      top = *peak_it;
      top_at = at;
      hottest = &s;
    }
  }
  if (hottest && top > 1)
    for (int i = 0; i < hottest->by_10s_size(); ++i)
      add_figure(out, fmt::format("surge_{}_t{:04d}s", hottest->name(), i * 10),
                 hottest->by_10s(i));
}

void add_fleet_figures(const audit_input& in, DesignReport* out) {
  for (const auto& c : in.cities) {
    const auto& u = c.utilization_by_10s();
    if (u.empty()) continue;
    add_figure(out, "driver_utilization_mean",
               std::accumulate(u.begin(), u.end(), 0.0) / u.size());
    add_figure(out, "driver_utilization_max", *std::max_element(u.begin(), u.end()));
  }
  uint64_t pings = 0, queries = 0, examined = 0, indexed = 0;
  std::string index;
  for (const auto& l : in.locations) {
    pings += l.pings();
    queries += l.queries();
    examined += l.candidates_examined();
    indexed += l.drivers_indexed();
    index = l.index();
  }
  if (in.window_s > 0) add_figure(out, "pings_per_s", pings / in.window_s, "1/s");
  add_figure(out, "location_queries", static_cast<double>(queries));
  if (queries) add_figure(out, "candidates_per_query", static_cast<double>(examined) / queries);
  add_figure(out, "drivers_available_at_end", static_cast<double>(indexed));
  if (!index.empty()) add_figure(out, "index_" + index, 1);
}

// Payments from the store (a trip service spawned again counts only its own settlements);
// the rest from the trip services that answered.
void add_payment_figures(const audit_input& in, trip_table& t, DesignReport* out) {
  add_figure(out, "payments_confirmed", static_cast<double>(t.payments["confirmed"]));
  add_figure(out, "payments_failed", static_cast<double>(t.payments["failed"]));
  // Completed trips whose charge has no answer yet: the last seconds' and any lost charge.
  add_figure(out, "payments_pending_at_end", static_cast<double>(t.payments["pending"]));
  uint64_t illegal = 0, sent = 0, accepted = 0;
  for (const auto& f : in.trips) {
    illegal += f.illegal_moves_refused();
    sent += f.notifies_sent();
    accepted += f.notifies_ok();
  }
  add_figure(out, "illegal_moves_refused", static_cast<double>(illegal));
  if (sent) {
    add_figure(out, "notifications_sent", static_cast<double>(sent));
    add_figure(out, "notifications_accepted", static_cast<double>(accepted));
  }
}

}  // namespace

void audit(const audit_input& in, DesignReport* out) {
  auto* checks = out->mutable_checks();
  std::string error;
  auto db = core::sqlite_store::open(in.trip_db, "", &error);
  if (!db) {
    add_check(checks, "trip_db_readable", false, error);
    return;
  }
  // One snapshot for every read: under the real clock the trip service may still be writing
  // (late answers drain) while the audit runs, and the trips and their events must agree.
  db->exec("BEGIN");
  auto trips = read_trips(*db);
  const replay ev = replay_events(*db);
  check_conservation(in, trips, ev, checks);
  check_replay(ev, checks);
  check_book_and_surge(in, checks);
  add_check(checks, "trip_db_integrity", db->integrity_check(), "PRAGMA integrity_check");  // (7)
  db->exec("COMMIT");
  add_match_figures(in, out);
  add_trip_figures(trips, out);
  for (const auto& p : in.pricing) add_surge_figures(p, out);
  add_fleet_figures(in, out);
  add_payment_figures(in, trips, out);
}

}  // namespace sdsim::ride_hailing
