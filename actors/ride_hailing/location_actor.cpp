#include "actors/ride_hailing/location_actor.hpp"

#include <algorithm>
#include <deque>

#include <absl/container/flat_hash_map.h>
#include <caf/actor_system.hpp>
#include <fmt/format.h>

#include "actors/core/messages.hpp"
#include "actors/ride_hailing/geohash.hpp"
#include "actors/ride_hailing/geohash_index.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/cluster/primary_route.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/ride_hailing/quadtree_index.hpp"
#include "actors/ride_hailing/rtree_index.hpp"
#include "actors/core/service_actor.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

constexpr sim_ns supply_period = 10 * ns_per_s;
constexpr sim_ns first_supply = 5 * ns_per_s;
// A ping batch is applied in steps of about this much modeled work, each its own message:
// at 1M drivers one shard's batch holds thousands of pings, and an SQLite R*Tree upsert costs
// ~25 us, so in one handler it would hold a worker thread for tens of milliseconds and every
// actor due on that thread would run late.
constexpr double step_us = 1000;
// Drivers a quadtree leaf holds before it splits. Where drivers are dense, a ping moves a
// driver out of a small leaf more often than not, and each move is a removal and an insert;
// larger leaves make queries scan more drivers instead. At the documented 1,400 drivers a km2
// the virtual clock measured (sim s per wall s, median of 3): 32: 3.38, 64: 3.62, 128: 3.89,
// 256: 3.85, 512: 3.72.
constexpr std::size_t leaf_capacity = 128;

std::unique_ptr<geo_index> make_index(const location_params& p) {
  switch (p.kind) {
    case GEOHASH:
      return std::make_unique<geohash_index>(geohash_precision_for(2000, p.city.min_lat));
    case SQLITE_RTREE: {
      std::string error;
      auto r = rtree_index::open(":memory:", &error);
      if (!r) throw std::runtime_error("cannot open the SQLite R*Tree: " + error);
      return r;
    }
    default:
      return std::make_unique<quadtree_index>(p.city, leaf_capacity);
  }
}

class location_actor : public core::service_actor {
 public:
  location_actor(caf::actor_config& cfg, std::shared_ptr<const location_params> p)
      : service_actor(cfg, {"ride_hailing/location", p->index}, p->capacity, p->basics),
        p_(std::move(p)), index_(make_index(*p_)) {
    for (const auto& [driver, at] : p_->prefill) index_->upsert(driver, at);
  }

  caf::behavior make_behavior() override {
    return with_common({
        // The first count once every driver has pinged, then every period.
        [this](start_atom) { delayed_send(this, clock().to_wall(first_supply), tick_atom::value); },
        [this](cluster::primary_atom, uint32_t, uint32_t copy, uint64_t epoch, caf::actor a) {
          trip_.announce(copy, epoch, std::move(a));  // trip's copies' group named its primary
        },
        [this](peers_atom, caf::actor pricing, caf::actor trip) {
          pricing_ = std::move(pricing);
          trip_.set(std::move(trip));
        },
        [this](pings_atom, const std::string& bytes) { on_pings(bytes); },
        [this](step_atom) { apply_step(); },
        [this](near_atom, uint64_t tag, double lat, double lon, double radius_m, uint32_t k) {
          on_near(tag, {lat, lon}, radius_m, k);
        },
        [this](tick_atom) {
          send_supply();
          delayed_send(this, clock().to_wall(supply_period), tick_atom::value);
        },
        [this](collect_atom) { return collect(); },
    });
  }

 protected:
  // The peers hold our handle: break the cycle on exit.
  void on_exit() override {
    service_actor::on_exit();
    pricing_ = nullptr;
    trip_.clear();
    p_.reset();
  }

 private:
  // Work done now whose modeled cost is `us`; over a queue limit the scenario set it is
  // counted as rejected and answered at once.
  void charge(double us, std::function<void()> done) {
    auto d = done ? done : [] {};
    serve(static_cast<sim_ns>(us * 1000), d, d);
  }

  void on_pings(const std::string& bytes) {
    PingBatch b;
    if (!b.ParseFromString(bytes)) return;
    pending_.push_back(std::move(b));
    if (pending_.size() == 1) {
      next_ping_ = 0;
      send(this, step_atom::value);
    }
  }

  // Applies the next step of the oldest pending batch; the batch's departures come last.
  void apply_step() {
    if (pending_.empty()) return;
    const PingBatch& b = pending_.front();
    const int n = b.driver_size();
    const int step = std::max(16, static_cast<int>(step_us / std::max(p_->cost.ping_us, 0.01)));
    const int end = std::min(n, next_ping_ + step);
    PingBatch busy;
    for (int i = next_ping_; i < end; ++i) {
      if (i + 16 < n) index_->prefetch(b.driver(i + 16), 0);
      if (i + 8 < n) index_->prefetch(b.driver(i + 8), 1);
      const uint64_t d = b.driver(i);
      const geo_point pos{b.lat(i), b.lon(i)};
      const bool free = i < b.available_size() && b.available(i);
      if (free) {
        index_->upsert(d, pos);
      } else {
        index_->remove(d);
        busy.add_driver(d);
        busy.add_lat(pos.lat);
        busy.add_lon(pos.lon);
      }
    }
    pings_ += static_cast<uint64_t>(end - next_ping_);
    if (busy.driver_size() > 0) send(trip_.actor(), positions_atom::value, busy.SerializeAsString());
    charge(p_->cost.ping_us * (end - next_ping_), nullptr);
    next_ping_ = end;
    if (end == n) {
      for (uint64_t d : b.left()) index_->remove(d);  // crossed into another shard's region
      pending_.pop_front();
      next_ping_ = 0;
    }
    if (!pending_.empty()) send(this, step_atom::value);
  }

  void on_near(uint64_t tag, geo_point center, double radius_m, uint32_t k) {
    auto from = caf::actor_cast<caf::actor>(current_sender());
    const uint64_t before = index_->examined();
    const auto hits = index_->nearest(center, radius_m, k);
    const uint64_t examined = index_->examined() - before;
    examined_ += examined;
    ++queries_;
    Hits h;
    for (const auto& x : hits) {
      h.add_driver(x.driver);
      h.add_distance_m(x.distance_m);
    }
    charge(p_->cost.query_us + p_->cost.candidate_us * static_cast<double>(examined),
           [this, from, tag, bytes = h.SerializeAsString()] {
             send(from, hits_atom::value, tag, p_->index, bytes);
           });
  }

  // The free drivers per surge cell, counted from the index (it holds the free ones only):
  // once a period for every driver, rather than on each of their pings. A cell counted
  // before and empty now is sent as 0, so pricing hears it emptied.
  void send_supply() {
    absl::flat_hash_map<uint64_t, uint32_t> free_in;  // a count for each of ~250K drivers
    for (uint64_t cell : counted_) free_in[cell] = 0;
    index_->for_each([&](uint64_t, geo_point p) { ++free_in[geohash_bits(p, p_->surge_precision)]; });
    std::vector<std::pair<uint64_t, uint32_t>> cells(free_in.begin(), free_in.end());
    std::sort(cells.begin(), cells.end());  // the message in cell order, whatever the table's
    Supply s;
    counted_.clear();
    for (const auto& [cell, n] : cells) {
      s.add_cell(cell);
      s.add_available(n);
      if (n > 0) counted_.push_back(cell);
    }
    send(pricing_, supply_atom::value, s.SerializeAsString());
  }

  std::string collect() {
    RideHailingExtra x;
    auto* f = x.mutable_location();
    f->set_shard(p_->index);
    f->set_pings(pings_);
    f->set_queries(queries_);
    f->set_candidates_examined(examined_);
    f->set_drivers_indexed(index_->size());
    f->set_index(index_->name());
    return metrics(x.SerializeAsString());
  }

  std::shared_ptr<const location_params> p_;
  caf::actor pricing_;
  cluster::primary_route trip_;
  std::unique_ptr<geo_index> index_;
  std::deque<PingBatch> pending_;  // batches received, applied step by step in order
  int next_ping_ = 0;              // the front batch's first ping not yet applied
  std::vector<uint64_t> counted_;  // the surge cells that had free drivers at the last count
  uint64_t pings_ = 0, queries_ = 0, examined_ = 0;
};

}  // namespace

caf::actor spawn_location(caf::actor_system& sys, std::shared_ptr<const location_params> p) {
  return sys.spawn<location_actor>(std::move(p));
}

}  // namespace sdsim::ride_hailing
