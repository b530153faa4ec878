// A ride's life here:
//
//   match ──► scatter to location shards ──gather──► rank ──► offer batch ──► drivers
//   accept ──► first one: matched (trip told); later ones: conflict
//   deny / offer timeout ──► others still thinking: wait; none: next batch, or unmatched
//   release ──► a matched ride ended (driver free), or an open one was cancelled (closed)
#include "actors/ride_hailing/matching_actor.hpp"

#include <unordered_map>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/histogram.hpp"
#include "actors/ride_hailing/driver_ranking.hpp"
#include "actors/ride_hailing/match_book.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/ride_hailing/location_asker.hpp"
#include "actors/ride_hailing/offer_log.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/core/service_actor.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

struct seeking {
  uint64_t ride = 0;
  geo_point pickup;
  sim_ns requested_at = 0;
};

struct open_ride {
  geo_point pickup;
  sim_ns requested_at = 0;
  std::unordered_map<uint64_t, double> distance;  // candidates' distances to the pickup
};

struct counts {
  uint64_t requests = 0, matched = 0, unmatched = 0, cancelled_before_match = 0;
  uint64_t refused_taken = 0, refused_busy = 0, offers = 0, offer_timeouts = 0;
  uint64_t busy_offers_skipped = 0;
};

class matching_actor : public core::service_actor {
 public:
  matching_actor(caf::actor_config& cfg, std::shared_ptr<const matching_params> p)
      : service_actor(cfg, {"ride_hailing/matching", 0}, p->capacity, p->basics), p_(std::move(p)),
        trip_(p_->trip),
        regions_(static_cast<uint32_t>(p_->locations.size()), static_cast<int>(p_->region_precision)),
        gather_(this, regions_, p_->locations, p_->candidates) {
    set_down_handler([this](const caf::down_msg& m) { gather_.lost(m.source); });
    for (const auto& [ride, driver] : p_->seats) book_.seat(ride, driver);
  }

  caf::behavior make_behavior() override {
    return with_common({
        [this](match_atom, uint64_t ride, double lat, double lon, sim_ns requested_at) {
          on_match(ride, {lat, lon}, requested_at);
        },
        [this](hits_atom, uint64_t tag, uint32_t shard, const std::string& bytes) {
          on_hits(tag, shard, bytes);
        },
        [this](location_atom, uint32_t i, caf::actor a) { gather_.replace(i, std::move(a)); },
        [this](cluster::primary_atom, uint32_t, uint32_t copy, uint64_t epoch, caf::actor a) {
          trip_.announce(copy, epoch, std::move(a));  // trip's copies' group named its primary
        },
        [this](peers_atom, caf::actor city) { city_ = std::move(city); },

        [this](seat_atom, uint64_t ride, uint64_t driver) { seat(ride, driver); },
        [this](call_atom, request_envelope& env) { on_call(std::move(env)); },
        [this](release_atom, uint64_t ride) {
          if (book_.driver_of(ride)) {
            book_.release(ride);
          } else if (rides_.erase(ride) > 0) {
            book_.close(ride);
            ++f_.cancelled_before_match;
            log_.record(ride, clock().now(), "closed", "cancelled before a driver accepted");
          }
        },
        [this](ratings_atom, const std::string& bytes) {
          Ratings r;
          if (!r.ParseFromString(bytes)) return;
          for (int i = 0; i < r.driver_size() && i < r.average_size(); ++i)
            rating_[r.driver(i)] = r.average(i);
        },
        // A viewer's question: answered at once, outside the modeled servers, so looking
        // changes nothing the report measures.
        [this](trace_atom, uint64_t ride) { return encode_hops(log_.hops(ride)); },
        [this](collect_atom) { return collect(); },
    });
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    gather_.clear();
    p_.reset();
    trip_.clear();
    city_ = nullptr;
  }

 private:
  void on_match(uint64_t ride, geo_point pickup, sim_ns requested_at) {
    serve(
        [this, ride, pickup, requested_at] {
          if (asked_before(ride)) return;
          if (measured(requested_at)) ++f_.requests;
          rides_[ride] = open_ride{pickup, requested_at, {}};
          log_.record(ride, clock().now(), "search",
                      "drivers within " + std::to_string(static_cast<int>(p_->radius_m)) +
                          " m of the pickup, asked of the location shards");
          gather_.scatter(pickup, p_->radius_m, seeking{ride, pickup, requested_at});
        },
        [this, ride] { unmatched(ride); });
  }

  // A ride asked for again (the trip service spawned again asks for every ride it holds as
  // requested): one this book matched is answered again, one still open goes on.
  bool asked_before(uint64_t ride) {
    if (auto d = book_.driver_of(ride)) {
      send(trip_.actor(), matched_atom::value, ride, *d, 0.0);
      return true;
    }
    return rides_.count(ride) != 0;
  }

  // A ride the trip service holds as matched, which this book lacks (it was spawned again, or
  // the match came from one lost with its node): its driver is taken.
  void seat(uint64_t ride, uint64_t driver) {
    if (rides_.erase(ride) > 0) book_.close(ride);
    book_.seat(ride, driver);  // refused, changing nothing, if either holds another: the
                               // book's invariant stands, and the trip store decides
  }

  void on_hits(uint64_t tag, uint32_t shard, const std::string& bytes) {
    auto done = gather_.add(tag, shard, bytes, p_->radius_m);
    if (!done) return;
    const auto& [s, hits] = *done;
    auto it = rides_.find(s.ride);
    if (it == rides_.end()) return;  // cancelled meanwhile
    std::vector<double> ratings;
    for (const auto& x : hits) {
      auto r = rating_.find(x.driver);
      ratings.push_back(r == rating_.end() ? 0.0 : r->second);
      it->second.distance[x.driver] = x.distance_m;
    }
    std::vector<uint64_t> ranked;
    for (const auto& r : rank(hits, ratings, p_->speed_mps)) ranked.push_back(r.driver);
    const std::size_t near = ranked.size();
    log_.record(s.ride, clock().now(), "ranked", std::to_string(near) + " drivers near");
    auto batch = book_.open(s.ride, std::move(ranked), p_->offer_batch);
    f_.busy_offers_skipped += near > 0 && batch.empty() ? near : 0;
    if (batch.empty()) return unmatched(s.ride);
    offer(s.ride, batch);
  }

  void offer(uint64_t ride, const std::vector<uint64_t>& drivers) {
    const auto& r = rides_.at(ride);
    log_.record(ride, clock().now(), "offer", "broadcast to " + list_ids("driver", drivers));
    for (uint64_t d : drivers) {
      ++f_.offers;
      send(city_, offer_atom::value, ride, d, r.pickup.lat, r.pickup.lon);
      at(clock().now() + p_->offer_timeout, [this, ride, d] {
        if (book_.deny(ride, d) == offer_result::refused_unknown) return;  // answered
        ++f_.offer_timeouts;
        log_.record(ride, clock().now(), "offer timed out", "driver " + std::to_string(d));
        follow_up(ride, book_.after_refusal(ride));
      });
    }
  }

  // What to do once an answer left nobody thinking about the ride.
  void follow_up(uint64_t ride, offer_result r) {
    if (r == offer_result::next_batch) {
      auto batch = book_.next_offer(ride);
      if (!batch.empty()) return offer(ride, batch);
      r = offer_result::exhausted;
    }
    if (r == offer_result::exhausted) {
      book_.close(ride);
      unmatched(ride);
    }
  }

  void unmatched(uint64_t ride) {
    auto it = rides_.find(ride);
    if (it != rides_.end() && measured(it->second.requested_at)) ++f_.unmatched;
    rides_.erase(ride);
    book_.close(ride);
    log_.record(ride, clock().now(), "unmatched", "no driver accepted");
    send(trip_.actor(), unmatched_atom::value, ride);
  }

  void on_call(request_envelope env) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    serve([this, from, env = std::move(env)] { answer_driver(from, env); },
          [this, from, id = env.id] { answer(from, id, outcome::overloaded); });
  }

  void answer_driver(const caf::actor& from, const request_envelope& env) {
    RideAnswerRequest r;
    if (!r.ParseFromString(env.payload)) return answer(from, env.id, outcome::malformed_request);
    if (env.api == deny_ride_api) {
      // Always honored: a ride no longer open (taken, cancelled, timed out) has nothing left
      // to deny, and the driver stays free either way.
      const auto res = book_.deny(r.ride_id(), r.driver_id());
      if (res != offer_result::refused_unknown)
        log_.record(r.ride_id(), clock().now(), "denied", "driver " + std::to_string(r.driver_id()));
      answer(from, env.id, outcome::ok);
      if (res != offer_result::refused_unknown) follow_up(r.ride_id(), res);
      return;
    }
    if (env.api != accept_ride_api) return answer(from, env.id, outcome::not_supported);
    switch (book_.accept(r.ride_id(), r.driver_id())) {
      case offer_result::matched: {
        auto node = rides_.extract(r.ride_id());
        const auto& ride = node.mapped();
        const double dist = ride.distance.count(r.driver_id()) ? ride.distance.at(r.driver_id()) : 0;
        if (measured(ride.requested_at)) {
          ++f_.matched;
          time_to_match_.record(clock().now() - ride.requested_at);
          pickup_eta_.record(static_cast<int64_t>(dist / p_->speed_mps));
        }
        answer(from, env.id, outcome::ok);
        log_.record(r.ride_id(), clock().now(), "accepted",
                    "driver " + std::to_string(r.driver_id()) + ", " +
                        std::to_string(static_cast<int>(dist)) + " m from the pickup");
        send(trip_.actor(), matched_atom::value, r.ride_id(), r.driver_id(), dist / p_->speed_mps);
        return;
      }
      case offer_result::refused_taken:
        ++f_.refused_taken;
        log_.record(r.ride_id(), clock().now(), "accept refused",
                    "driver " + std::to_string(r.driver_id()) + ": already taken");
        return answer(from, env.id, outcome::conflict);
      case offer_result::refused_busy:
        ++f_.refused_busy;
        answer(from, env.id, outcome::conflict);
        return follow_up(r.ride_id(), book_.after_refusal(r.ride_id()));
      default:
        return answer(from, env.id, outcome::not_found);  // not offered, or no longer open
    }
  }

  bool measured(sim_ns t) const { return t >= p_->basics.window_start; }

  std::string collect() {
    RideHailingExtra x;
    auto* m = x.mutable_matching();
    m->set_requests(f_.requests);
    m->set_matched(f_.matched);
    m->set_unmatched(f_.unmatched);
    m->set_cancelled_before_match(f_.cancelled_before_match);
    m->set_refused_taken(f_.refused_taken);
    m->set_refused_busy(f_.refused_busy);
    m->set_offers(f_.offers);
    m->set_offer_timeouts(f_.offer_timeouts);
    m->set_busy_offers_skipped(f_.busy_offers_skipped);
    time_to_match_.to_proto(m->mutable_time_to_match_ns());
    pickup_eta_.to_proto(m->mutable_pickup_eta_s());
    m->set_book_consistent(book_.consistent());
    return metrics(x.SerializeAsString());
  }

  std::shared_ptr<const matching_params> p_;
  cluster::primary_route trip_;
  caf::actor city_;  // by peers_atom
  region_map regions_;
  location_asker<seeking> gather_;
  match_book book_;
  // The last rides' offers for a viewer's trace: at the documented booking rate (~120 a sim
  // second) a few minutes of sim time, ~1 KB a ride.
  offer_log log_{20000};
  std::unordered_map<uint64_t, open_ride> rides_;   // requested, not yet matched
  std::unordered_map<uint64_t, double> rating_;     // driver -> average
  counts f_;
  histogram time_to_match_;
  histogram pickup_eta_;
};

}  // namespace

caf::actor spawn_matching(caf::actor_system& sys, std::shared_ptr<const matching_params> p) {
  return sys.spawn<matching_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
