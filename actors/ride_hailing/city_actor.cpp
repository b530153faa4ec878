// A driver's job, as his phone sees it:
//
//   available ──offer──► thinking ──accept ok──► accepted ──matched──► to_pickup
//       ▲                   └─deny / refused─┐                            │ arrived
//       └────────────────────────────────────┴── completed / cancelled ◄─ starting ──ok──►
//                                                                 to_dest ◄── in_trip event
//                                                                   │ arrived
//                                                                   └──► ending ──► completed
#include "actors/ride_hailing/city_actor.hpp"

#include <queue>
#include <absl/container/flat_hash_map.h>

#include <caf/actor_system.hpp>

#include "actors/core/distribution.hpp"
#include "actors/core/poll_wheel.hpp"
#include "actors/core/request_tracker.hpp"
#include "actors/core/timed_actor.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/ride_hailing/region_map.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/ride_hailing/trip_lifecycle.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

enum class phase : uint8_t { thinking, accepted, to_pickup, starting, to_dest, ending };

struct job {
  uint64_t ride = 0;
  phase at = phase::thinking;
  geo_point pickup;
};

struct rider {
  uint64_t customer = 0;
  trip_state state = trip_state::requested;
  geo_point pickup;
};

// Flat tables: looked up on every offer, event and poll; iterated only for a picture.
using job_map = absl::flat_hash_map<uint32_t, job>;

struct counts {
  uint64_t offers_seen = 0, accepts_sent = 0, denies_sent = 0, trips_completed = 0;
};

constexpr uint64_t city_client_index = 0xfd;

// Services know drivers by id, 1 and up (0 means "no driver"); the fleet by index from 0.
uint64_t id_of(uint32_t d) { return uint64_t{d} + 1; }

class city_actor : public timed_actor {
 public:
  city_actor(caf::actor_config& cfg, std::shared_ptr<const city_params> p)
      : timed_actor(cfg, p->basics.clock, p->basics.timer_quantum), p_(std::move(p)),
        rng_(rng::stream(p_->basics.seed, "ride_hailing/city")),
        locations_(p_->locations), matching_(p_->matching), trip_(p_->trip),
        rating_(p_->rating), fleet_owner_(p_->drivers_fleet), fleet_(*fleet_owner_),
        regions_(static_cast<uint32_t>(p_->locations.size()), static_cast<int>(p_->region_precision), p_->fleet.city),
        tracker_(p_->design, p_->api_names, p_->basics.window_start), think_(p_->think),
        used_(p_->api_names.size(), false), phones_(p_->drivers) {
    online_ = p_->drivers - static_cast<uint32_t>(p_->offline_share * p_->drivers);
    if (p_->warm) take_over(*p_->warm);
  }

  caf::behavior make_behavior() override {
    return {
        [this](start_atom) {
          running_ = true;
          if (p_->warm)  // riders of the rides under way watch them from now on
            for (const auto& w : *p_->warm)
              watch(w.id);
          tick();
        },
        [this](tick_atom) { tick(); },
        // A location shard spawned again on its node: drivers' pings go there from now on.
        [this](location_atom, uint32_t i, caf::actor a) {
          if (i < locations_.size()) locations_[i] = std::move(a);
        },
        [this](cluster::primary_atom, uint32_t, uint32_t copy, uint64_t epoch, caf::actor a) {
          trip_.announce(copy, epoch, std::move(a));  // trip's copies' group named its primary
        },
        [this](moved_atom, uint8_t peer, caf::actor a) { moved(static_cast<ride_peer>(peer), a); },
        [this](stop_atom) { running_ = false; },
        [this](offer_atom, uint64_t ride, uint64_t driver, double lat, double lon) {
          if (driver > 0) on_offer(ride, static_cast<uint32_t>(driver - 1), {lat, lon});
        },
        [this](event_atom, uint64_t ride, uint64_t customer, uint64_t driver, uint8_t state,
               double lat, double lon) {
          on_event(ride, customer, driver, static_cast<trip_state>(state), {lat, lon});
        },
        [this](surge_map_atom, const std::string& bytes) {
          SurgeMap m;
          if (!m.ParseFromString(bytes)) return;
          // Drivers chase surge: a spot at 2x pulls four times as many free drivers.
          auto& pull = *p_->pull;
          pull.assign(m.multiplier().begin(), m.multiplier().end());
          surge_ = pull;
          for (double& x : pull) x *= x;
        },
        [this](paid_atom, uint64_t ride, uint64_t customer, bool ok) { on_paid(ride, customer, ok); },
        [this](reply_atom, const reply_envelope& r) { on_reply(r); },
        [this](wake_atom) { on_wake(); },
        [this](collect_atom) { return collect(); },
        [this](peek_atom) {
          ActorMetrics m;
          tracker_.peek(&m, [this](uint32_t a) { return used_[a]; });
          return m.SerializeAsString();
        },
        [this](caf::get_atom) { return static_cast<uint64_t>(tracker_.size()); },
    };
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    timed_actor::on_exit();
    p_.reset();
    locations_.clear();
    matching_ = rating_ = nullptr;
    trip_.clear();
    then_.clear();
  }

 private:
  // --- The fleet's clock --------------------------------------------------------------------

  void tick() {
    const sim_ns now = clock().now();
    if (!running_ || now >= p_->basics.arrivals_end) {
      running_ = false;
      return;
    }
    std::vector<PingBatch> batches(p_->locations.size());
    fleet_.pings(last_tick_, now, [&](uint32_t d) {
      const auto s = fleet_.state(d);
      if (s == driver_state::offline) return;
      const geo_point pos = fleet_.position(d, now);
      const uint32_t shard = regions_.shard_of(pos);
      phone& ph = phones_[d];
      // A driver who crossed into another shard's region leaves the old shard's index.
      if (ph.shard != shard && ph.shard != no_shard) batches[ph.shard].add_left(id_of(d));
      ph.shard = static_cast<uint8_t>(shard);
      auto& b = batches[shard];
      b.add_driver(id_of(d));
      b.add_lat(pos.lat);
      b.add_lon(pos.lon);
      b.add_available(s == driver_state::available && !ph.has_job);
    });
    for (std::size_t i = 0; i < batches.size(); ++i)
      if (batches[i].driver_size() + batches[i].left_size() > 0)
        send(locations_[i], pings_atom::value, batches[i].SerializeAsString());
    on_arrivals(now);
    poll_rides();
    if (now / ns_per_s != last_tick_ / ns_per_s) tracker_.expire(now - p_->timeout, now, timed_out());
    if (now / (10 * ns_per_s) != last_tick_ / (10 * ns_per_s) && online_ > 0)
      utilization_.push_back(static_cast<double>(jobs_.size()) / online_);
    last_tick_ = now;
    if (p_->live && p_->live->take_request()) p_->live->publish(picture(now));
    delayed_send(this, clock().to_wall(p_->tick), tick_atom::value);
  }

  // A warm start: the rides under way are this city's drivers' jobs and riders' trips, and
  // every free driver is already in the index of his region's shard.
  void take_over(const std::vector<warm_ride>& rides) {
    for (const auto& w : rides) {
      const bool to_pickup = w.state == trip_state::en_route;
      jobs_[w.driver] = job{w.id, to_pickup ? phase::to_pickup : phase::to_dest, w.pickup};
      phones_[w.driver].has_job = true;
      arrivals_.push({w.arrives_at, w.driver, w.id});
      riders_[w.id] = rider{w.customer, w.state, w.pickup};
    }
    for (uint32_t d = 0; d < fleet_.size(); ++d)
      if (fleet_.state(d) == driver_state::available)
        phones_[d].shard = static_cast<uint8_t>(regions_.shard_of(fleet_.position(d, 0)));
  }

  // Drivers who reached a pickup or a destination by `now` call the trip service.
  void on_arrivals(sim_ns now) {
    while (!arrivals_.empty() && arrivals_.top().at <= now) {
      const arrival a = arrivals_.top();
      arrivals_.pop();
      auto it = jobs_.find(a.driver);
      if (it == jobs_.end() || it->second.ride != a.ride || !fleet_.arrived(a.driver, now)) continue;
      job& j = it->second;
      if (j.at == phase::to_pickup) {
        j.at = phase::starting;
        call_trip(start_trip_api, a.driver, j.ride);
      } else if (j.at == phase::to_dest) {
        j.at = phase::ending;
        call_trip(end_trip_api, a.driver, j.ride);
      }
    }
  }

  // Sends driver `d` of `ride` to `where`; the tick after he gets there sees him arrive.
  void head_to(uint32_t d, uint64_t ride, geo_point where) {
    arrivals_.push({fleet_.send_to(d, where, clock().now()), d, ride});
  }

  // --- Drivers -------------------------------------------------------------------------------

  void on_offer(uint64_t ride, uint32_t d, geo_point pickup) {
    ++facts_.offers_seen;
    if (!running_) return;  // the phones are off: matching's offer timeout answers
    if (d >= fleet_.size() || fleet_.state(d) != driver_state::available || phones_[d].has_job) {
      answer_offer(deny_ride_api, d, ride);  // busy: the app declines at once
      return;
    }
    jobs_[d] = job{ride, phase::thinking, pickup};
    phones_[d].has_job = true;
    at(clock().now() + think_.sample(rng_), [this, ride, d] {
      auto it = jobs_.find(d);
      if (it == jobs_.end() || it->second.ride != ride || it->second.at != phase::thinking) return;
      if (running_ && rng_.uniform() < p_->accept_probability) {
        answer_offer(accept_ride_api, d, ride);
      } else {
        drop_job(it);
        answer_offer(deny_ride_api, d, ride);
      }
    });
  }

  // A service spawned again on its returned node: the phones call it there from now on.
  void moved(ride_peer peer, caf::actor a) {
    switch (peer) {
      case ride_peer::matching: matching_ = std::move(a); return;
      case ride_peer::rating: rating_ = std::move(a); return;
    }
  }

  void answer_offer(uint32_t api, uint32_t d, uint64_t ride) {
    RideAnswerRequest r;
    r.set_driver_id(id_of(d));
    r.set_ride_id(ride);
    if (api == accept_ride_api) ++facts_.accepts_sent;
    else ++facts_.denies_sent;
    call(api, matching_, r.SerializeAsString(), [this, api, d, ride](outcome o) {
      if (api != accept_ride_api) return;
      auto it = jobs_.find(d);
      if (it == jobs_.end() || it->second.ride != ride) return;
      if (o == outcome::ok) {
        it->second.at = phase::accepted;
        fleet_.set_state(d, driver_state::en_route);
      } else {
        drop_job(it);  // another driver was first: back to cruising
      }
    });
  }

  void call_trip(uint32_t api, uint32_t d, uint64_t ride) {
    TripRequest r;
    r.set_driver_id(id_of(d));
    r.set_ride_id(ride);
    call(api, trip_.actor(), r.SerializeAsString(), [this, d, ride](outcome o) {
      if (o != outcome::ok) free_driver(d, ride);
    });
  }

  void free_driver(uint32_t d, uint64_t ride) {
    auto it = jobs_.find(d);
    if (it == jobs_.end() || it->second.ride != ride) return;
    drop_job(it);
    fleet_.release(d, clock().now());
  }

  void drop_job(job_map::iterator it) {
    phones_[it->first].has_job = false;
    jobs_.erase(it);
  }

  void on_event(uint64_t ride, uint64_t customer, uint64_t driver, trip_state s, geo_point where) {
    const auto d = static_cast<uint32_t>(driver - 1);
    if (auto it = jobs_.find(d); driver != 0 && it != jobs_.end() && it->second.ride == ride) {
      switch (s) {
        case trip_state::matched:
          it->second.at = phase::to_pickup;
          head_to(d, ride, where);
          send(trip_.actor(), heading_atom::value, ride, driver);
          break;
        case trip_state::in_trip:
          it->second.at = phase::to_dest;
          fleet_.set_state(d, driver_state::on_trip);
          head_to(d, ride, where);
          break;
        case trip_state::completed:
          ++facts_.trips_completed;
          free_driver(d, ride);
          break;
        case trip_state::cancelled:
          free_driver(d, ride);
          break;
        default:
          break;
      }
    }
    if (customer == 0) return;
    if (s == trip_state::requested) return on_requested(ride, customer, where);
    if (auto r = riders_.find(ride); r != riders_.end()) {
      r->second.state = s;
      if (s == trip_state::cancelled) riders_.erase(r);
    }
  }

  // --- Riders --------------------------------------------------------------------------------

  void on_requested(uint64_t ride, uint64_t customer, geo_point pickup) {
    riders_[ride] = rider{customer, trip_state::requested, pickup};
    const sim_ns now = clock().now();
    watch(ride);
    if (rng_.uniform() < p_->cancel_share) {
      at(now + from_s(10 + 110 * rng_.uniform()), [this, ride] {
        auto r = riders_.find(ride);
        if (!running_ || r == riders_.end()) return;
        const auto s = r->second.state;
        if (s != trip_state::requested && s != trip_state::matched && s != trip_state::en_route)
          return;
        CancelRideRequest c;
        c.set_customer_id(r->second.customer);
        c.set_reason("changed_plans");
        call(cancel_ride_api, trip_.actor(), c.SerializeAsString(), nullptr);
      });
    }
  }

  // The rider of `ride` polls it every track interval from a random first moment on, until
  // it ends.
  void watch(uint64_t ride) { tracking_.add(ride, rng_.below(tracking_slots())); }

  // This tick's polls, spread evenly over the tick (riders do not poll in step); a ride no
  // longer watched leaves the wheel.
  void poll_rides() {
    std::vector<uint64_t> due;
    tracking_.turn([&](uint64_t ride) {
      auto r = riders_.find(ride);
      if (r == riders_.end() || terminal(r->second.state)) return false;
      due.push_back(ride);
      return true;
    });
    const sim_ns now = clock().now();
    for (std::size_t i = 0; i < due.size(); ++i)
      at(now + static_cast<sim_ns>(p_->tick * i / due.size()), [this, ride = due[i]] { poll(ride); });
  }

  void poll(uint64_t ride) {
    auto r = riders_.find(ride);
    if (!running_ || r == riders_.end() || terminal(r->second.state)) return;
    TrackTripRequest t;
    t.set_customer_id(r->second.customer);
    t.set_ride_id(ride);
    call(track_trip_api, trip_.actor(), t.SerializeAsString(), nullptr);
  }

  std::size_t tracking_slots() const {
    return static_cast<std::size_t>(std::max<sim_ns>(1, p_->track_interval / std::max<sim_ns>(1, p_->tick)));
  }

  void on_paid(uint64_t ride, uint64_t customer, bool ok) {
    riders_.erase(ride);
    if (!ok || !running_ || rng_.uniform() >= p_->rate_share) return;
    at(clock().now() + from_s(5 + 55 * rng_.uniform()), [this, ride, customer] {
      if (!running_) return;
      RateTripRequest r;
      r.set_customer_id(customer);
      r.set_trip_id(ride);
      const double x = rng_.uniform();
      r.set_rating(x < 0.6 ? 5 : x < 0.85 ? 4 : x < 0.95 ? 3 : x < 0.98 ? 2 : 1);
      if (r.rating() <= 3) r.set_feedback("the car could have been cleaner");
      call(rate_trip_api, rating_, r.SerializeAsString(), nullptr);
    });
  }

  // --- The live view ------------------------------------------------------------------------

  // Every driver by state, riders still waiting for a car, drivers heading to a pickup, and
  // the hot spots with their surge: a copy, so the viewer never reads this actor's state.
  std::shared_ptr<const map_points> picture(sim_ns now) {
    auto p = std::make_shared<map_points>();
    p->sim_s = to_s(static_cast<double>(now));
    const auto n = static_cast<uint32_t>(fleet_.size());
    p->lat.resize(n);
    p->lon.resize(n);
    p->kind.resize(n);
    for (uint32_t d = 0; d < n; ++d) {
      const geo_point x = fleet_.position(d, now);
      p->lat[d] = static_cast<float>(x.lat);
      p->lon[d] = static_cast<float>(x.lon);
      p->kind[d] = static_cast<uint8_t>(fleet_.state(d));
    }
    for (const auto& [ride, r] : riders_)
      if (r.state == trip_state::requested || r.state == trip_state::matched ||
          r.state == trip_state::en_route) {
        p->marks.push_back({static_cast<float>(r.pickup.lat), static_cast<float>(r.pickup.lon)});
        p->mark_ids.push_back(ride);
      }
    for (const auto& [d, j] : jobs_)
      if (j.at == phase::to_pickup) {
        const geo_point x = fleet_.position(d, now);
        p->lines.push_back({static_cast<float>(x.lat), static_cast<float>(x.lon),
                            static_cast<float>(j.pickup.lat), static_cast<float>(j.pickup.lon)});
        p->line_ids.push_back(j.ride);
      }
    p->spots = p_->spots;
    for (std::size_t i = 0; i < p->spots.size(); ++i)
      p->spots[i].value = i < surge_.size() ? static_cast<float>(surge_[i]) : 1.0f;
    return p;
  }

  // --- Calls ---------------------------------------------------------------------------------

  void call(uint32_t api, const caf::actor& to, std::string payload,
            std::function<void(outcome)> then) {
    const sim_ns now = clock().now();
    request_envelope env{(city_client_index << 40) | ++seq_, api, now, std::move(payload)};
    tracker_.on_sent(env.id, api, now);
    used_[api] = true;
    if (then) then_.emplace(env.id, std::move(then));
    send(to, call_atom::value, std::move(env));
  }

  void on_reply(const reply_envelope& r) {
    const auto o = static_cast<outcome>(std::min<std::size_t>(r.outcome, outcome_count - 1));
    if (!tracker_.on_reply(r.id, o, clock().now())) return;
    settle(r.id, o);
  }

  std::function<void(uint64_t, uint32_t)> timed_out() {
    return [this](uint64_t id, uint32_t) { settle(id, outcome::timeout); };
  }

  void settle(uint64_t id, outcome o) {
    auto it = then_.find(id);
    if (it == then_.end()) return;  // nothing to do once answered
    auto f = std::move(it->second);
    then_.erase(it);
    f(o);
  }

  std::string collect() {
    ActorMetrics m;
    tracker_.to_proto(&m, clock().now(), [this](uint32_t a) { return used_[a]; }, timed_out());
    RideHailingExtra x;
    auto* f = x.mutable_city();
    f->set_offers_seen(facts_.offers_seen);
    f->set_accepts_sent(facts_.accepts_sent);
    f->set_denies_sent(facts_.denies_sent);
    f->set_trips_completed(facts_.trips_completed);
    for (double u : utilization_) f->add_utilization_by_10s(u);
    m.set_extra(x.SerializeAsString());
    return m.SerializeAsString();
  }

  std::shared_ptr<const city_params> p_;
  rng rng_;
  std::vector<double> surge_;  // per hot spot: the multiplier pricing last sent
  std::vector<caf::actor> locations_;
  caf::actor matching_, rating_;  // spawned again on a returned node: moved()
  cluster::primary_route trip_;
  std::shared_ptr<fleet> fleet_owner_;
  fleet& fleet_;
  region_map regions_;
  request_tracker tracker_;
  distribution think_;
  std::vector<bool> used_;
  // What a ping needs of a driver's phone besides the fleet, together in one place.
  static constexpr uint8_t no_shard = 0xff;
  struct phone {
    uint8_t shard = no_shard;  // the shard he last pinged
    bool has_job = false;      // in jobs_
  };
  std::vector<phone> phones_;                     // by driver
  job_map jobs_;                                  // drivers with an offer or a ride
  // When drivers heading somewhere get there, soonest first (a stale one is skipped).
  struct arrival {
    sim_ns at = 0;
    uint32_t driver = 0;
    uint64_t ride = 0;
    bool operator>(const arrival& o) const { return at > o.at; }
  };
  std::priority_queue<arrival, std::vector<arrival>, std::greater<arrival>> arrivals_;
  absl::flat_hash_map<uint64_t, rider> riders_;   // rides whose rider is watching
  poll_wheel<uint64_t> tracking_{tracking_slots()};  // their polls, one slot a tick
  absl::flat_hash_map<uint64_t, std::function<void(outcome)>> then_;
  uint64_t seq_ = 0;
  uint32_t online_ = 0;
  sim_ns last_tick_ = 0;
  bool running_ = false;
  counts facts_;
  std::vector<double> utilization_;  // busy / online drivers, every 10 s
};

}  // namespace

std::shared_ptr<fleet> make_fleet(const city_params& p) {
  fleet_config c = p.fleet;
  if (p.map) c.cruise = [map = p.map, pull = p.pull](rng& r) { return map->cruise(*pull, r); };
  auto f = std::make_shared<fleet>(p.drivers, c);
  const auto offline = static_cast<uint32_t>(p.offline_share * p.drivers);
  for (uint32_t d = 0; d < offline; ++d) f->set_state(d, driver_state::offline);
  return f;
}

caf::actor spawn_city(caf::actor_system& sys, std::shared_ptr<const city_params> p) {
  return sys.spawn<city_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
