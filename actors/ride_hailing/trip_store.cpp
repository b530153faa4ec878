#include "actors/ride_hailing/trip_store.hpp"

#include <algorithm>
#include <cstdio>

namespace sdsim::ride_hailing {

using namespace sdsim::core;

namespace {

const char* const schema = R"sql(
CREATE TABLE IF NOT EXISTS customers (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS cabs (
  id INTEGER PRIMARY KEY, registration TEXT NOT NULL, type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS drivers (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL,
  cab_id INTEGER NOT NULL REFERENCES cabs(id));
CREATE TABLE IF NOT EXISTS trips (
  id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
  driver_id INTEGER REFERENCES drivers(id),
  source_lat REAL NOT NULL, source_lon REAL NOT NULL,
  destination_lat REAL NOT NULL, destination_lon REAL NOT NULL,
  cab_type INTEGER NOT NULL, payment_method INTEGER NOT NULL,
  state TEXT NOT NULL, surge REAL NOT NULL, fare REAL NOT NULL,
  cancel_reason TEXT, requested_at_ns INTEGER NOT NULL, updated_at_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS trip_events (
  trip_id INTEGER NOT NULL REFERENCES trips(id), seq INTEGER NOT NULL,
  from_state TEXT, to_state TEXT NOT NULL, who TEXT NOT NULL, driver_id INTEGER,
  at_ns INTEGER NOT NULL, PRIMARY KEY (trip_id, seq)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS payments (
  trip_id INTEGER PRIMARY KEY REFERENCES trips(id), amount REAL NOT NULL,
  status TEXT NOT NULL, at_ns INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS ratings (
  trip_id INTEGER PRIMARY KEY REFERENCES trips(id), customer_id INTEGER NOT NULL,
  driver_id INTEGER NOT NULL, rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  feedback TEXT NOT NULL, at_ns INTEGER NOT NULL);
)sql";

status event(sqlite_store& db, const trip_row& t, const char* from, trip_state to,
             trip_actor who, sim_ns now) {
  return db.query(
      "INSERT INTO trip_events (trip_id, seq, from_state, to_state, who, driver_id, at_ns) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.events + 1, from ? sql_param(from) : sql_param(), std::string(name(to)),
       std::string(name(who)), t.driver ? sql_param(t.driver) : sql_param(), now});
}

std::string fmt_amount(double amount) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", amount);
  return buf;
}

std::string fmt_quote(double surge, double fare) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "surge %.2fx, fare %.2f", surge, fare);
  return buf;
}

// The rows a trip needs besides its own: its customer, once.
status add_customer(sqlite_store& db, uint64_t customer) {
  return db.query("INSERT OR IGNORE INTO customers (id, name, email) VALUES (?, ?, ?)",
                  {customer, "customer " + std::to_string(customer),
                   "c" + std::to_string(customer) + "@example.com"});
}

// ... and its driver with his cab, once.
status add_driver(sqlite_store& db, uint64_t driver, uint32_t cab_type) {
  auto s = db.query("INSERT OR IGNORE INTO cabs (id, registration, type) VALUES (?, ?, ?)",
                    {driver, "SD-" + std::to_string(driver), cab_type ? "XL" : "GO"});
  if (!s.ok()) return s;
  return db.query("INSERT OR IGNORE INTO drivers (id, name, email, cab_id) VALUES (?, ?, ?, ?)",
                  {driver, "driver " + std::to_string(driver),
                   "d" + std::to_string(driver) + "@example.com", driver});
}

status insert_trip(sqlite_store& db, const trip_row& t, sim_ns requested_at, sim_ns updated_at) {
  return db.query(
      "INSERT INTO trips (id, customer_id, driver_id, source_lat, source_lon, destination_lat, "
      "destination_lon, cab_type, payment_method, state, surge, fare, requested_at_ns, "
      "updated_at_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.customer, t.driver ? sql_param(t.driver) : sql_param(), t.source.lat,
       t.source.lon, t.destination.lat, t.destination.lon, t.cab_type, t.payment_method,
       std::string(name(t.state)), t.surge, t.fare, requested_at, updated_at});
}

}  // namespace

std::string_view name(trip_actor who) {
  switch (who) {
    case trip_actor::rider: return "rider";
    case trip_actor::driver: return "driver";
    case trip_actor::system: return "system";
  }
  return "unknown";
}

std::unique_ptr<trip_store> trip_store::open(const std::string& path, std::string* error) {
  auto db = sqlite_store::open(path, schema, error);
  return db ? std::unique_ptr<trip_store>(new trip_store(std::move(db))) : nullptr;
}

namespace {

// One row of load()'s query as the trip it is; false when its state is not a known one.
bool row_to_trip(const sql_row& r, trip_row* t) {
  const auto state = state_named(r.text(9));
  if (!state) return false;
  t->id = static_cast<uint64_t>(r.integer(0));
  t->customer = static_cast<uint64_t>(r.integer(1));
  t->driver = r.is_null(2) ? 0 : static_cast<uint64_t>(r.integer(2));
  t->source = {r.real(3), r.real(4)};
  t->destination = {r.real(5), r.real(6)};
  t->cab_type = static_cast<uint32_t>(r.integer(7));
  t->payment_method = static_cast<uint32_t>(r.integer(8));
  t->state = *state;
  t->surge = r.real(10);
  t->fare = r.real(11);
  t->events = static_cast<uint32_t>(r.integer(12));
  t->settled = !r.is_null(13);
  t->paid = !r.is_null(13) && r.text(13) == "confirmed";
  t->rated = r.integer(14) != 0;
  t->requested_at = r.integer(15);
  return true;
}

}  // namespace

status trip_store::load(std::vector<trip_row>* rows) {
  rows->clear();
  bool bad = false;
  auto st = db_->query(
      "SELECT t.id, t.customer_id, t.driver_id, t.source_lat, t.source_lon, t.destination_lat, "
      "t.destination_lon, t.cab_type, t.payment_method, t.state, t.surge, t.fare, "
      "(SELECT COUNT(*) FROM trip_events e WHERE e.trip_id = t.id), p.status, "
      "r.trip_id IS NOT NULL, t.requested_at_ns FROM trips t "
      "LEFT JOIN payments p ON p.trip_id = t.id LEFT JOIN ratings r ON r.trip_id = t.id "
      "ORDER BY t.id",
      {}, [&](const sql_row& r) {
        trip_row t;
        if (row_to_trip(r, &t)) rows->push_back(t);
        else bad = true;
      });
  if (st.ok() && bad) return status(store_code::corrupt, "a trip in an unknown state");
  return st;
}

status trip_store::rating_totals(RatingTotals* out) {
  out->Clear();
  return db_->query("SELECT driver_id, SUM(rating), COUNT(*) FROM ratings GROUP BY driver_id "
                    "ORDER BY driver_id",
                    {}, [&](const sql_row& r) {
                      out->add_driver(static_cast<uint64_t>(r.integer(0)));
                      out->add_stars(static_cast<uint64_t>(r.integer(1)));
                      out->add_count(static_cast<uint64_t>(r.integer(2)));
                    });
}

status trip_store::create(trip_row& t, sim_ns now) {
  auto st = db_->write_batch([&] {
    auto s = add_customer(*db_, t.customer);
    if (!s.ok()) return s;
    s = insert_trip(*db_, t, now, now);
    if (!s.ok()) return s;
    return event(*db_, t, nullptr, trip_state::requested, trip_actor::rider, now);
  });
  if (st.ok()) t.events = 1;
  return st;
}

// A warm ride's trip as if it had lived through its moves: requested by the rider, matched,
// heading to the pickup, and (in trip) picked up and under way.
status trip_store::seed(const std::vector<warm_ride>& rides, std::vector<trip_row>* rows) {
  rows->clear();
  auto st = db_->write_batch([&] {
    for (const auto& w : rides) {
      trip_row t;
      t.id = w.id;
      t.customer = w.customer;
      t.driver = uint64_t{w.driver} + 1;
      t.source = w.pickup;
      t.destination = w.destination;
      t.cab_type = w.cab_type;
      t.payment_method = w.payment_method;
      t.state = w.state;
      t.fare = w.fare;
      t.requested_at = w.requested_at;
      const sim_ns updated = w.state == trip_state::in_trip ? w.picked_up_at : w.matched_at;
      auto s = add_customer(*db_, t.customer);
      if (s.ok()) s = add_driver(*db_, t.driver, t.cab_type);
      if (s.ok()) s = insert_trip(*db_, t, w.requested_at, updated);
      if (!s.ok()) return s;
      if (auto e = seed_events(t, w); !e.ok()) return e;
      rows->push_back(t);
    }
    return status();
  });
  if (!st.ok()) rows->clear();
  return st;
}

status trip_store::seed_events(trip_row& t, const warm_ride& w) {
  struct move_at {
    trip_state to;
    trip_actor who;
    sim_ns at;
  };
  std::vector<move_at> moves = {{trip_state::requested, trip_actor::rider, w.requested_at},
                                {trip_state::matched, trip_actor::system, w.matched_at},
                                {trip_state::en_route, trip_actor::driver, w.matched_at}};
  if (w.state == trip_state::in_trip) {
    moves.push_back({trip_state::picked_up, trip_actor::driver, w.picked_up_at});
    moves.push_back({trip_state::in_trip, trip_actor::driver, w.picked_up_at});
  }
  t.events = 0;
  const char* from = nullptr;
  for (const auto& m : moves) {
    if (auto s = event(*db_, t, from, m.to, m.who, m.at); !s.ok()) return s;
    ++t.events;
    from = name(m.to).data();
  }
  return status();
}

status trip_store::move(trip_row& t, trip_state to, trip_actor who, sim_ns now,
                        const std::string& reason) {
  return move_along(t, std::vector<trip_state>{to}, who, now, reason);
}

// Every step in one transaction: a request that makes several moves is one commit.
status trip_store::move_along(trip_row& t, const std::vector<trip_state>& path, trip_actor who,
                              sim_ns now, const std::string& reason) {
  trip_row after = t;
  auto st = db_->write_batch([&] {
    for (trip_state to : path) {
      if (to == trip_state::matched) {  // the driver and his cab, once
        if (auto s = add_driver(*db_, after.driver, after.cab_type); !s.ok()) return s;
      }
      auto s = db_->query(
          "UPDATE trips SET state = ?, driver_id = ?, cancel_reason = ?, updated_at_ns = ? "
          "WHERE id = ?",
          {std::string(name(to)), after.driver ? sql_param(after.driver) : sql_param(),
           reason.empty() ? sql_param() : sql_param(reason), now, after.id});
      if (!s.ok()) return s;
      if (s = event(*db_, after, name(after.state).data(), to, who, now); !s.ok()) return s;
      after.state = to;
      ++after.events;
    }
    return status();
  });
  if (st.ok()) t = after;
  return st;
}

status trip_store::paid(trip_row& t, bool confirmed, sim_ns now) {
  auto st = db_->query(
      "INSERT OR REPLACE INTO payments (trip_id, amount, status, at_ns) VALUES (?, ?, ?, ?)",
      {t.id, t.fare, confirmed ? "confirmed" : "failed", now});
  if (st.ok()) {
    t.settled = true;
    t.paid = confirmed;
  }
  return st;
}

status trip_store::rate(trip_row& t, uint32_t rating, const std::string& feedback, sim_ns now) {
  auto st = db_->query(
      "INSERT INTO ratings (trip_id, customer_id, driver_id, rating, feedback, at_ns) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {t.id, t.customer, t.driver, rating, feedback, now});
  if (st.ok()) t.rated = true;
  return st;
}

std::vector<trace_hop> trip_store::trace(uint64_t id) {
  static const std::string service = "ride_hailing/trip";
  std::vector<trace_hop> out;
  std::string cancel_reason;
  // Reads never fail for a reason the viewer could act on; a failed one leaves the trace short.
  db_->query("SELECT surge, fare, cancel_reason FROM trips WHERE id = ?", {id},
             [&](const sql_row& r) {
               cancel_reason = r.is_null(2) ? "" : std::string(r.text(2));
               out.push_back({0, service, "quote",
                              fmt_quote(r.real(0), r.real(1))});
             });
  if (out.empty()) return out;
  db_->query("SELECT to_state, who, driver_id, at_ns FROM trip_events WHERE trip_id = ? "
             "ORDER BY seq",
             {id}, [&](const sql_row& r) {
               std::string detail = "by " + std::string(r.text(1));
               if (!r.is_null(2)) detail += ", driver " + std::to_string(r.integer(2));
               const std::string to(r.text(0));
               if (to == "cancelled" && !cancel_reason.empty()) detail += ": " + cancel_reason;
               out.push_back({r.integer(3), service, to, detail});
             });
  // The quote came with the request: it takes the request's time.
  if (out.size() > 1) out.front().at = out[1].at;
  db_->query("SELECT amount, status, at_ns FROM payments WHERE trip_id = ?", {id},
             [&](const sql_row& r) {
               out.push_back({r.integer(2), service, "payment " + std::string(r.text(1)),
                              fmt_amount(r.real(0))});
             });
  db_->query("SELECT rating, at_ns FROM ratings WHERE trip_id = ?", {id}, [&](const sql_row& r) {
    out.push_back({r.integer(1), service, "rated", std::to_string(r.integer(0)) + " stars"});
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const trace_hop& a, const trace_hop& b) { return a.at < b.at; });
  return out;
}

}  // namespace sdsim::ride_hailing
