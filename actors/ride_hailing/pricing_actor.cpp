// A request's life here:
//
//   nearby_cabs ──admit──► scatter to the location shards near it ──gather──► reply
//   request_ride ──admit──► demand recorded, multiplier quoted ──► trip (answers the rider)
//   bad point or ids ──► invalid_argument; unparsable ──► malformed_request
#include "actors/ride_hailing/pricing_actor.hpp"

#include <algorithm>
#include <cmath>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>

#include "actors/core/histogram.hpp"
#include "actors/ride_hailing/geohash.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/ride_hailing/location_asker.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"
#include "actors/core/service_actor.hpp"

namespace sdsim::ride_hailing {

bool inside(const geo_box& city, double lat, double lon) {
  return std::isfinite(lat) && std::isfinite(lon) && city.contains({lat, lon});
}

namespace {

using namespace sdsim::core;

struct asking {
  caf::actor client;
  uint64_t id = 0;
  geo_point point, destination;
};

class pricing_actor : public core::service_actor {
 public:
  pricing_actor(caf::actor_config& cfg, std::shared_ptr<const pricing_params> p)
      : service_actor(cfg, {"ride_hailing/pricing", 0}, p->capacity, p->basics), p_(std::move(p)),
        regions_(static_cast<uint32_t>(p_->locations.size()), static_cast<int>(p_->region_precision), p_->city),
        gather_(this, regions_, p_->locations, p_->candidates), surge_(p_->surge) {
    set_down_handler([this](const caf::down_msg& m) { gather_.lost(m.source); });
  }

  caf::behavior make_behavior() override {
    return with_common({
        [this](call_atom, request_envelope& env) { on_call(std::move(env)); },
        [this](hits_atom, uint64_t tag, uint32_t shard, const std::string& bytes) {
          on_hits(tag, shard, bytes);
        },
        [this](location_atom, uint32_t i, caf::actor a) { gather_.replace(i, std::move(a)); },
        [this](supply_atom, const std::string& bytes) { on_supply(bytes); },
        // Where quotes and surge maps go (trip, the drivers' phones): before any traffic.
        [this](cluster::primary_atom, uint32_t, uint32_t copy, uint64_t epoch, caf::actor a) {
          trip_.announce(copy, epoch, std::move(a));  // trip's copies' group named its primary
        },
        [this](peers_atom, caf::actor trip, caf::actor phones) {
          trip_.set(std::move(trip));
          phones_ = std::move(phones);
        },
        [this](start_atom) { sample(); },
        [this](tick_atom) { sample(); },
        [this](collect_atom) { return collect(); },
    });
  }

 protected:
  // The params hold the peers' handles and the peers hold ours: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    gather_.clear();
    trip_.clear();
    phones_ = nullptr;
    p_.reset();
  }

 private:
  void on_call(request_envelope env) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    serve(
        [this, from, env = std::move(env)]() mutable {
          if (env.api == nearby_cabs_api) return nearby(from, env);
          if (env.api == request_ride_api) return request(from, std::move(env));
          answer(from, env.id, outcome::not_supported);
        },
        [this, from, id = env.id] { answer(from, id, outcome::overloaded); });
  }

  void nearby(const caf::actor& from, const request_envelope& env) {
    NearbyCabsRequest r;
    if (!r.ParseFromString(env.payload)) return answer(from, env.id, outcome::malformed_request);
    if (!inside(p_->city, r.point().lat(), r.point().lon()) ||
        !inside(p_->city, r.destination().lat(), r.destination().lon()))
      return answer(from, env.id, outcome::invalid_argument);
    const geo_point at{r.point().lat(), r.point().lon()};
    gather_.scatter(at, p_->radius_m,
                    asking{from, env.id, at, {r.destination().lat(), r.destination().lon()}});
  }

  void on_hits(uint64_t tag, uint32_t shard, const std::string& bytes) {
    auto done = gather_.add(tag, shard, bytes, p_->radius_m);
    if (!done) return;
    const auto& [a, hits] = *done;
    NearbyCabsReply reply;
    for (const auto& x : hits) {
      auto* c = reply.add_cabs();
      c->set_driver_id(x.driver);
      c->set_distance_m(x.distance_m);
      c->set_eta_s(x.distance_m / p_->speed_mps);
    }
    const double m = quote(a.point);
    const double trip_m = distance_m(a.point, a.destination);
    reply.set_surge(m);
    reply.set_price(surge_.fare(trip_m, trip_m / p_->speed_mps, m));
    answer(a.client, a.id, outcome::ok, reply.SerializeAsString());
  }

  void request(const caf::actor& from, request_envelope env) {
    RequestRideRequest r;
    if (!r.ParseFromString(env.payload)) return answer(from, env.id, outcome::malformed_request);
    if (!inside(p_->city, r.source().lat(), r.source().lon()) ||
        !inside(p_->city, r.destination().lat(), r.destination().lon()) ||
        r.customer_id() >= p_->customers || !CabType_IsValid(r.cab_type()) ||
        !PaymentMethod_IsValid(r.payment_method()))
      return answer(from, env.id, outcome::invalid_argument);
    const geo_point src{r.source().lat(), r.source().lon()};
    surge_.request(src, clock().now());
    const double m = quote(src);
    const double trip_m = distance_m(src, {r.destination().lat(), r.destination().lon()});
    send(trip_.actor(), quote_atom::value, std::move(env), from, m,
         surge_.fare(trip_m, trip_m / p_->speed_mps, m));
  }

  // The multiplier at `p` now, recorded for the checker's bounds and the surge figures.
  double quote(geo_point p) {
    const double m = surge_.multiplier(p, clock().now());
    ++quotes_;
    min_ = std::min(min_, m);
    max_ = std::max(max_, m);
    if (m > hottest_) {
      hottest_ = m;
      hottest_cell_ = geohash(p, p_->surge.precision);
    }
    return m;
  }

  // The surge at each watched hot spot, every 10 s: the surge map over time.
  void sample() {
    spots_.resize(p_->watch.size());
    SurgeMap map;
    for (std::size_t i = 0; i < p_->watch.size(); ++i) {
      spots_[i].push_back(surge_.multiplier(p_->watch[i].second, clock().now()));
      map.add_multiplier(spots_[i].back());
    }
    if (phones_) send(phones_, surge_map_atom::value, map.SerializeAsString());
    if (p_->live) p_->live->publish(heat());
    delayed_send(this, clock().to_wall(10 * ns_per_s), tick_atom::value);
  }

  // The surge of every cell above 1, for the live map: a copy made on this actor's thread.
  std::shared_ptr<const map_heat> heat() {
    auto h = std::make_shared<map_heat>();
    h->sim_s = to_s(static_cast<double>(clock().now()));
    h->max = static_cast<float>(p_->surge.max_multiplier);
    for (const auto& [bits, m] : surge_.hot_cells(clock().now())) {
      const geo_box b = geohash_box(bits, p_->surge.precision);
      h->cells.push_back({static_cast<float>(b.min_lat), static_cast<float>(b.max_lat),
                          static_cast<float>(b.min_lon), static_cast<float>(b.max_lon),
                          static_cast<float>(m)});
    }
    return h;
  }

  void on_supply(const std::string& bytes) {
    Supply s;
    if (!s.ParseFromString(bytes)) return;
    for (int i = 0; i < s.cell_size() && i < s.available_size(); ++i)
      surge_.supply_cell(s.cell(i), s.available(i));
  }

  std::string collect() {
    RideHailingExtra x;
    auto* f = x.mutable_pricing();
    f->set_quotes(quotes_);
    f->set_min_multiplier(quotes_ ? min_ : 1.0);
    f->set_max_multiplier(quotes_ ? max_ : 1.0);
    f->set_cap(p_->surge.max_multiplier);
    f->set_cells_surging(surge_.cells_above_one(clock().now()));
    for (std::size_t i = 0; i < spots_.size(); ++i) {
      auto* s = f->add_spots();
      s->set_name(p_->watch[i].first);
      for (double v : spots_[i]) s->add_by_10s(v);
    }
    f->set_hottest_cell(hottest_cell_);
    f->set_hottest_multiplier(hottest_);
    return metrics(x.SerializeAsString());
  }

  std::shared_ptr<const pricing_params> p_;
  cluster::primary_route trip_;
  caf::actor phones_;
  region_map regions_;
  location_asker<asking> gather_;
  surge_pricing surge_;
  uint64_t quotes_ = 0;
  double min_ = 1e9, max_ = 0, hottest_ = 0;
  std::string hottest_cell_;
  std::vector<std::vector<double>> spots_;  // per watched spot, every 10 s
};

}  // namespace

caf::actor spawn_pricing(caf::actor_system& sys, std::shared_ptr<const pricing_params> p) {
  return sys.spawn<pricing_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
