// Nearby queries over the location shards from an actor that asks them (pricing, matching),
// where a shard may live on a node that dies and comes back: a shard that is down answers
// "no drivers" at once, the queries waiting on a shard that died get that answer too, and a
// shard spawned again on its node is asked from then on.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <caf/event_based_actor.hpp>

#include "actors/cluster/shard_handles.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/nearby_gather.hpp"

namespace sdsim::ride_hailing {

/// Owned by the asking actor `self`, whose `hits_atom` handler passes the answers to add().
template <class Ctx>
class location_asker {
 public:
  location_asker(caf::event_based_actor* self, const region_map& regions,
                 std::vector<caf::actor> shards, uint32_t k)
      : self_(self), shards_(std::move(shards)), k_(k),
        gather_(regions, k, [this](uint32_t shard, uint64_t tag, geo_point at, double radius_m) {
          ask(shard, tag, at, radius_m);
        }) {
    for (const auto& s : shards_.all()) self_->monitor(s);
  }

  /// Opens a query: the k nearest drivers within `radius_m` of `center`.
  void scatter(geo_point center, double radius_m, Ctx ctx) {
    gather_.scatter(center, radius_m, std::move(ctx));
  }

  /// Shard `shard` answered `tag`: the context and the k nearest once every shard asked has.
  std::optional<std::pair<Ctx, std::vector<driver_hit>>> add(uint64_t tag, uint32_t shard,
                                                             const std::string& hits,
                                                             double radius_m) {
    return gather_.add(tag, shard, hits, radius_m);
  }

  /// From the down handler: if `who` was a shard, the queries waiting on it get no drivers.
  void lost(const caf::actor_addr& who) {
    if (auto i = shards_.lost(who))
      for (uint64_t tag : gather_.waiting_on(*i)) no_drivers(*i, tag);
  }

  /// Shard `i` was spawned again (`location_atom`).
  void replace(uint32_t i, caf::actor a) {
    self_->monitor(a);
    shards_.replace(i, std::move(a));
  }

  uint64_t cross_shard() const { return gather_.cross_shard(); }
  void clear() { shards_.clear(); }

 private:
  void ask(uint32_t shard, uint64_t tag, geo_point at, double radius_m) {
    if (!shards_.up(shard)) return no_drivers(shard, tag);
    self_->send(shards_.at(shard), near_atom::value, tag, at.lat, at.lon, radius_m, k_);
  }

  // Through the mailbox, as a shard's answer would come: the gather is never re-entered.
  void no_drivers(uint32_t shard, uint64_t tag) {
    self_->send(self_, hits_atom::value, tag, shard, std::string{});
  }

  caf::event_based_actor* self_;
  cluster::shard_handles shards_;
  uint32_t k_;
  nearby_gather<Ctx> gather_;
};

}  // namespace sdsim::ride_hailing
