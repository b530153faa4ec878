// A trip's life here (every arrow a committed SQLite transaction, then the phones told):
//
//   quote (from pricing) ──► requested ──► rider answered, matching asked
//   matched ──► matched ──► driver's phone: the pickup ──heading──► en_route
//   unmatched ──► cancelled (no_driver)          cancel_ride ──► cancelled (rider's reason)
//   start_trip ──► picked_up ──► in_trip ──► driver's phone: the destination
//   end_trip ──► completed ──► payment charged ──settled──► paid ──► rate_trip allowed
#include "actors/ride_hailing/trip_actor.hpp"

#include <algorithm>

#include <absl/container/flat_hash_map.h>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/cluster/held_answers.hpp"
#include "actors/cluster/replica.hpp"
#include "actors/cluster/replicated_tables.hpp"
#include "actors/notification/messages.hpp"
#include "actors/notification/notification.pb.h"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/core/service_actor.hpp"
#include "actors/ride_hailing/trip_recovery.hpp"
#include "actors/ride_hailing/trip_store.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

// The tables copies keep equal, in the order replicated_tables numbers them.
enum trip_table : uint32_t { customers, cabs, drivers, trips, trip_events, payments, ratings };
const std::vector<std::string> replicated = {"customers", "cabs", "drivers", "trips",
                                             "trip_events", "payments", "ratings"};

struct counts {
  uint64_t illegal_moves_refused = 0, notifies_sent = 0, notifies_ok = 0;
  uint64_t payments_confirmed = 0, payments_failed = 0;
};

class trip_service : public core::service_actor, private cluster::tables_state {
 public:
  trip_service(caf::actor_config& cfg, std::shared_ptr<const trip_params> p)
      : service_actor(cfg, {"ride_hailing/trip", 0}, p->capacity, p->basics), p_(std::move(p)),
        replica_(this, *this, cluster::identity_of(0, p_->replica, p_->replicas, p_->rejoin),
                 clock()),
        held_(replica_, p_->replicas) {
    std::string error;
    store_ = trip_store::open(p_->db_path, &error);
    if (store_) tables_ = cluster::replicated_tables::open(store_->db(), replicated, &error);
    if (!tables_) throw std::runtime_error("trip service: " + error);
    held_.set_tables(tables_.get());
    set_down_handler([this](const caf::down_msg& dm) { replica_.on_down(dm.source); });
    if (replica_.leading()) load();
  }

  caf::behavior make_behavior() override {
    return with_common(caf::message_handler{
        [this](quote_atom, request_envelope& env, caf::actor rider, double surge, double fare) {
          if (!leading()) return answer(rider, env.id, outcome::shard_down);
          serve_primary([this, env = std::move(env), rider, surge, fare] { create(env, rider, surge, fare); },
                        [this, rider, id = env.id] { answer(rider, id, outcome::overloaded); });
        },
        [this](matched_atom, uint64_t ride, uint64_t driver, double) {
          auto from = caf::actor_cast<caf::actor>(current_sender());
          serve_primary([this, ride, driver, from] { on_matched(ride, driver, from); }, nullptr);
        },
        [this](unmatched_atom, uint64_t ride) {
          serve_primary([this, ride] { end_unmatched(ride); }, nullptr);
        },
        [this](heading_atom, uint64_t ride, uint64_t driver) {
          serve_primary([this, ride, driver] { on_heading(ride, driver); }, nullptr);
        },
        [this](call_atom, request_envelope& env) { on_call(std::move(env)); },
        [this](positions_atom, const std::string& bytes) { on_positions(bytes); },
        [this](settled_atom, uint64_t ride, bool confirmed) {
          serve_primary([this, ride, confirmed] { on_settled(ride, confirmed); }, nullptr);
        },
        [this](may_rate_atom, uint64_t tag, const std::string& bytes) {
          auto from = caf::actor_cast<caf::actor>(current_sender());
          auto refuse = [this, from, tag](outcome o) {
            send(from, rated_atom::value, tag, static_cast<uint8_t>(o), uint64_t{0});
          };
          if (!leading()) return refuse(outcome::shard_down);
          serve_primary([this, from, tag, bytes] { on_rate(from, tag, bytes); },
                        [refuse] { refuse(outcome::overloaded); });
        },
        [this](notify_to_atom, std::vector<caf::actor> gateways) {
          gateways_ = std::move(gateways);
        },
        [this](peers_atom, caf::actor matching, caf::actor city) {
          matching_ = std::move(matching);
          city_ = std::move(city);
        },
        [this](moved_atom, uint8_t peer, caf::actor a) {
          if (peer != static_cast<uint8_t>(ride_peer::matching)) return;
          matching_ = std::move(a);
          if (leading()) ask_again(false);
        },
        [](start_atom) {},  // a copy's group starts what it brings back: trip has no timers
        // Recovery reads, answered at once: the asker is a service spawned again.
        [this](totals_atom) { return rating_totals(); },
        [this](reply_atom, const reply_envelope& r) {
          if (r.outcome == static_cast<uint8_t>(outcome::ok)) ++f_.notifies_ok;
        },
        // A viewer's question: answered at once, outside the modeled servers, so looking
        // changes nothing the report measures.
        [this](trace_atom, uint64_t ride) { return encode_hops(trace(ride)); },
        [this](collect_atom) { return collect(); },
    }.or_else(replica_.handlers()));
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    p_.reset();
    gateways_.clear();
    matching_ = nullptr;
    city_ = nullptr;
    replica_.clear();
  }

 private:
  bool leading() const { return replica_.leading(); }

  // Serves `work` as the primary (a copy drops what a stale sender still sends it); what
  // work wrote goes to the copies, its answers once they hold it.
  template <class Work, class Refused>
  void serve_primary(Work work, Refused refused) {
    if (!leading()) return;
    serve([this, work = std::move(work)] {
      work();
      held_.flush();
    }, std::move(refused));
  }

  // A copy that becomes primary reads its file and asks again what may have gone unanswered.
  void on_lead() override {
    load();
    ask_again(true);
  }

  // What the file holds: a warm start's rides (seeded before the first spawn), or everything
  // committed before this service's node was lost, or what its primary sent this copy.
  void load() {
    trips_.clear();
    active_.clear();
    std::vector<trip_row> rows;
    if (auto st = store_->load(&rows); !st.ok())
      throw std::runtime_error("trip service: cannot read its trips: " + st.message());
    for (const auto& t : rows) {
      trips_.emplace(t.id, t);
      if (!terminal(t.state)) active_[t.customer] = t.id;
      last_id_ = std::max(last_id_, t.id);
    }
  }

  // A matching spawned again knows nothing: seat the rides that hold a driver, ask again
  // for those still waiting for one (matching ignores a ride it already has). This service
  // spawned again (`charges`): what its predecessor's peers answered to a dead actor is asked
  // again too: charges with no outcome (idempotent by trip id at the processor). It seats as
  // well, so that a matching spawned in the same return, in whichever order, gets every seat.
  void ask_again(bool charges) {
    const auto a = what_to_ask_again(trips_);
    for (const auto& [ride, driver] : a.seats) send(matching_, seat_atom::value, ride, driver);
    for (const auto* t : a.waiting)
      send(matching_, match_atom::value, t->id, t->source.lat, t->source.lon, t->requested_at);
    if (charges)
      for (const auto* t : a.unsettled) send(p_->payment, charge_atom::value, t->id, t->fare);
  }

  std::string rating_totals() {
    RatingTotals out;
    store_->rating_totals(&out);  // a failed read rebuilds fewer averages, nothing worse
    return out.SerializeAsString();
  }

  // --- Riders' requests --------------------------------------------------------------------

  void create(const request_envelope& env, const caf::actor& rider, double surge, double fare) {
    RequestRideRequest r;
    if (!r.ParseFromString(env.payload)) return answer(rider, env.id, outcome::malformed_request);
    if (active_.count(r.customer_id()))  // one ride at a time per customer
      return answer(rider, env.id, outcome::conflict);
    trip_row t;
    t.id = ++last_id_;
    t.customer = r.customer_id();
    t.source = {r.source().lat(), r.source().lon()};
    t.destination = {r.destination().lat(), r.destination().lon()};
    t.cab_type = r.cab_type();
    t.payment_method = r.payment_method();
    t.surge = surge;
    t.fare = fare;
    t.requested_at = env.scheduled;
    const sim_ns now = clock().now();
    if (auto st = store_->create(t, now); !st.ok()) return answer(rider, env.id, outcome_of(st));
    held_.touch(customers, {t.customer});
    held_.touch(trips, {t.id});
    held_.touch(trip_events, {t.id, uint32_t{1}});
    auto& row = trips_.emplace(t.id, t).first->second;
    active_[t.customer] = t.id;
    held_.answer([this, rider, id = env.id, ride = ride_of(row).SerializeAsString()] {
      answer(rider, id, outcome::ok, ride);
    });
    send(matching_, match_atom::value, t.id, t.source.lat, t.source.lon, t.requested_at);
    tell_phones(row);
  }

  void on_call(request_envelope env) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    if (!leading()) return answer(from, env.id, outcome::shard_down);
    serve_primary(
        [this, from, env = std::move(env)] {
          std::string payload;
          const outcome o = handle(env, &payload);
          held_.answer([this, from, id = env.id, o, payload = std::move(payload)] {
            answer(from, id, o, payload);
          });
        },
        [this, from, id = env.id] { answer(from, id, outcome::overloaded); });
  }

  // Carries out a call: the outcome to answer, and its payload in `*payload`.
  outcome handle(const request_envelope& env, std::string* payload) {
    switch (env.api) {
      case cancel_ride_api: {
        CancelRideRequest r;
        if (!r.ParseFromString(env.payload)) return outcome::malformed_request;
        if (r.reason().size() > 500) return outcome::too_large;
        auto a = active_.find(r.customer_id());
        if (a == active_.end()) return outcome::not_found;
        auto& t = trips_.at(a->second);
        return cancel(t, trip_actor::rider, r.reason().empty() ? "rider" : r.reason());
      }
      case start_trip_api:
      case end_trip_api: {
        TripRequest r;
        if (!r.ParseFromString(env.payload)) return outcome::malformed_request;
        auto it = trips_.find(r.ride_id());
        if (it == trips_.end() || it->second.driver != r.driver_id()) return outcome::not_found;
        auto& t = it->second;
        if (env.api == start_trip_api)
          return move(t, {trip_state::picked_up, trip_state::in_trip}, trip_actor::driver);
        const auto o = move(t, trip_state::completed, trip_actor::driver);
        if (o == outcome::ok) {
          send(matching_, release_atom::value, t.id);
          send(p_->payment, charge_atom::value, t.id, t.fare);
        }
        return o;
      }
      case track_trip_api: {
        TrackTripRequest r;
        if (!r.ParseFromString(env.payload)) return outcome::malformed_request;
        auto it = trips_.find(r.ride_id());
        if (it == trips_.end() || it->second.customer != r.customer_id()) return outcome::not_found;
        *payload = ride_of(it->second).SerializeAsString();
        return outcome::ok;
      }
      default:
        return outcome::not_supported;
    }
  }

  // --- Matching and the driver's phone ------------------------------------------------------

  // `from` is the matching that matched: the current one, or one lost with its node whose
  // answer arrived late (the current one then learns the seat, so it never offers the driver
  // a second ride).
  void on_matched(uint64_t ride, uint64_t driver, const caf::actor& from) {
    auto it = trips_.find(ride);
    // Told twice: a ride asked for again (ask_again) while the first answer was on its
    // way. Releasing it would free a driver this trip holds.
    if (it != trips_.end() && it->second.driver == driver && holds_driver(it->second.state))
      return;
    if (it == trips_.end() || it->second.state != trip_state::requested) {
      // Cancelled while matching went on: free the driver again, on both sides.
      send(from, release_atom::value, ride);
      send(city_, event_atom::value, ride, uint64_t{0}, driver,
           static_cast<uint8_t>(trip_state::cancelled), 0.0, 0.0);
      return;
    }
    it->second.driver = driver;
    if (move(it->second, trip_state::matched, trip_actor::system) != outcome::ok)
      it->second.driver = 0;
    else if (from != matching_)
      send(matching_, seat_atom::value, ride, driver);
  }

  void end_unmatched(uint64_t ride) {
    auto it = trips_.find(ride);
    if (it != trips_.end() && it->second.state == trip_state::requested)
      cancel(it->second, trip_actor::system, "no_driver");
  }

  void on_heading(uint64_t ride, uint64_t driver) {
    auto it = trips_.find(ride);
    if (it != trips_.end() && it->second.driver == driver)
      move(it->second, trip_state::en_route, trip_actor::driver);
  }

  outcome cancel(trip_row& t, trip_actor who, const std::string& reason) {
    const auto o = move(t, trip_state::cancelled, who, reason);
    if (o == outcome::ok) send(matching_, release_atom::value, t.id);
    return o;
  }

  // One legal move, committed, then the phones (and the rider's notifications) told.
  outcome move(trip_row& t, trip_state to, trip_actor who, const std::string& reason = {}) {
    return move(t, std::vector<trip_state>{to}, who, reason);
  }

  // Legal moves through `path`, committed together, then the phones told of each state.
  outcome move(trip_row& t, const std::vector<trip_state>& path, trip_actor who,
               const std::string& reason = {}) {
    trip_state at = t.state;
    for (trip_state to : path) {
      if (!legal(at, to, who)) {
        ++f_.illegal_moves_refused;
        return outcome::invalid_argument;
      }
      at = to;
    }
    const uint32_t events_before = t.events;
    if (auto st = store_->move_along(t, path, who, clock().now(), reason); !st.ok())
      return outcome_of(st);
    touch_moved(t, path, events_before);
    if (terminal(t.state)) active_.erase(t.customer);
    for (trip_state s : path) {
      trip_row then = t;
      then.state = s;
      tell_phones(then);
    }
    return outcome::ok;
  }

  // The rows a committed move wrote: the trip, its new events, and its driver and cab when
  // it was matched.
  void touch_moved(const trip_row& t, const std::vector<trip_state>& path, uint32_t events_before) {
    held_.touch(trips, {t.id});
    for (uint32_t seq = events_before + 1; seq <= t.events; ++seq) held_.touch(trip_events, {t.id, seq});
    if (std::find(path.begin(), path.end(), trip_state::matched) != path.end()) {
      held_.touch(drivers, {t.driver});
      held_.touch(cabs, {t.driver});
    }
  }

  // The trip's rows, and the pushes `tell_phones` sent after the moves that notify the rider.
  std::vector<trace_hop> trace(uint64_t ride) {
    auto hops = store_->trace(ride);
    if (gateways_.empty()) return hops;
    std::vector<trace_hop> out;
    for (auto& h : hops) {
      out.push_back(h);
      if (h.what == "matched" || h.what == "completed" || h.what == "cancelled")
        out.push_back({h.at, h.service, "notify", "push to the rider via notification/gateway"});
    }
    return out;
  }

  void tell_phones(const trip_row& t) {
    const geo_point where = t.state == trip_state::in_trip ? t.destination : t.source;
    send(city_, event_atom::value, t.id, t.customer, t.driver, static_cast<uint8_t>(t.state),
         where.lat, where.lon);
    switch (t.state) {
      case trip_state::matched: return notify(t, "driver_assigned");
      case trip_state::completed: return notify(t, "trip_completed");
      case trip_state::cancelled: return notify(t, "ride_cancelled");
      default: return;
    }
  }

  // A push to the rider through the notification service, when this run has one.
  void notify(const trip_row& t, const char* kind) {
    if (gateways_.empty()) return;
    NotifyRequest n;
    n.set_user_id(t.customer);
    n.set_kind("ride_update");
    n.set_payload(std::string(kind) + " ride " + std::to_string(t.id));
    n.set_dedup_key(std::string(kind) + "/" + std::to_string(t.id));
    n.set_priority(HIGH);
    n.set_sender("ride_hailing/trip");
    request_envelope env{(uint64_t{0xfe} << 40) | ++notifies_, notification::notify_api,
                         clock().now(), n.SerializeAsString()};
    ++f_.notifies_sent;
    send(gateways_[t.customer % gateways_.size()], call_atom::value, std::move(env));
  }

  void on_positions(const std::string& bytes) {
    PingBatch b;
    if (!b.ParseFromString(bytes)) return;
    for (int i = 0; i < b.driver_size() && i < b.lat_size() && i < b.lon_size(); ++i)
      position_[b.driver(i)] = {b.lat(i), b.lon(i)};
  }

  Ride ride_of(const trip_row& t) const {
    Ride r;
    r.set_ride_id(t.id);
    r.set_state(std::string(ride_hailing::name(t.state)));
    r.set_driver_id(t.driver);
    r.set_surge(t.surge);
    r.set_fare_estimate(t.fare);
    if (auto p = position_.find(t.driver); t.driver && p != position_.end()) {
      r.mutable_driver_position()->set_lat(p->second.lat);
      r.mutable_driver_position()->set_lon(p->second.lon);
      const geo_point goal = t.state == trip_state::in_trip ? t.destination : t.source;
      r.set_eta_s(distance_m(p->second, goal) / p_->speed_mps);
    }
    return r;
  }

  // --- Payment and rating ---------------------------------------------------------------------

  void on_settled(uint64_t ride, bool confirmed) {
    auto it = trips_.find(ride);
    if (it == trips_.end() || it->second.settled) return;  // a redelivered webhook
    if (!store_->paid(it->second, confirmed, clock().now()).ok()) return;
    held_.touch(payments, {ride});
    ++(confirmed ? f_.payments_confirmed : f_.payments_failed);
    send(city_, paid_atom::value, ride, it->second.customer, confirmed);
  }

  void on_rate(const caf::actor& from, uint64_t tag, const std::string& bytes) {
    RateTripRequest r;
    auto reply = [&](outcome o, uint64_t driver) {
      held_.answer([this, from, tag, o, driver] {
        send(from, rated_atom::value, tag, static_cast<uint8_t>(o), driver);
      });
    };
    if (!r.ParseFromString(bytes)) return reply(outcome::malformed_request, 0);
    auto it = trips_.find(r.trip_id());
    if (it == trips_.end() || it->second.customer != r.customer_id())
      return reply(outcome::not_found, 0);
    auto& t = it->second;
    if (t.state != trip_state::completed || !t.paid || t.rated)
      return reply(outcome::invalid_argument, 0);  // only once, and only a paid trip
    if (auto st = store_->rate(t, r.rating(), r.feedback(), clock().now()); !st.ok())
      return reply(outcome_of(st), 0);
    held_.touch(ratings, {t.id});
    reply(outcome::ok, t.driver);
  }

  std::string collect() {
    RideHailingExtra x;
    auto* t = x.mutable_trip();
    t->set_db_path(p_->db_path);
    t->set_illegal_moves_refused(f_.illegal_moves_refused);
    t->set_notifies_sent(f_.notifies_sent);
    t->set_notifies_ok(f_.notifies_ok);
    t->set_payments_confirmed(f_.payments_confirmed);
    t->set_payments_failed(f_.payments_failed);
    t->set_replica(p_->replica);
    const auto r = replica_.figures();
    t->set_leading(r.leading);
    t->set_epoch(r.epoch);
    t->set_replicated(r.replicated);
    return metrics(x.SerializeAsString());
  }

  std::shared_ptr<const trip_params> p_;
  std::unique_ptr<trip_store> store_;
  // Looked up on every call and every busy driver's ping: flat tables, never iterated.
  absl::flat_hash_map<uint64_t, trip_row> trips_;
  absl::flat_hash_map<uint64_t, uint64_t> active_;     // customer -> ride not yet ended
  absl::flat_hash_map<uint64_t, geo_point> position_;  // busy drivers' last pings
  std::vector<caf::actor> gateways_;
  caf::actor matching_, city_;
  uint64_t last_id_ = 0;
  uint64_t notifies_ = 0;
  counts f_;
  cluster::replica replica_;   // after the state it refers to
  cluster::held_answers held_;
};

}  // namespace

caf::actor spawn_trip(caf::actor_system& sys, std::shared_ptr<const trip_params> p) {
  return sys.spawn<trip_service>(std::move(p));
}

}  // namespace sdsim::ride_hailing
