// Scatter-gather of a nearby query over the location shards. The shard holding the center's
// region is asked first; its k-th nearest driver bounds where a nearer one could still be, and
// only the shards holding a region within that distance are asked next, with it as their
// radius. So a driver just across a shard's boundary is found like any other, and a query
// whose nearest drivers are all in its own region — nearly all, where drivers are dense —
// costs one shard one question.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/ride_hailing/geo_index.hpp"
#include "actors/ride_hailing/region_map.hpp"
#include "actors/ride_hailing/ride_hailing.pb.h"

namespace sdsim::ride_hailing {

/// `Ctx` is what the asker needs back with the answer. Not thread-safe: one owner.
template <class Ctx>
class nearby_gather {
 public:
  /// How a shard is asked: `ask(shard, tag, center, radius_m)`; its answer comes back to add().
  using ask_fn = std::function<void(uint32_t, uint64_t, geo_point, double)>;

  nearby_gather(const region_map& regions, std::size_t k, ask_fn ask)
      : regions_(regions), k_(k), ask_(std::move(ask)) {}

  /// Opens a query: the k nearest drivers within `radius_m` of `center`.
  void scatter(geo_point center, double radius_m, Ctx ctx) {
    const uint64_t tag = ++last_tag_;
    const uint32_t home = regions_.shard_of(center);
    open_.emplace(tag, entry{{home}, home, false, center, {}, std::move(ctx)});
    ask_(home, tag, center, radius_m);
  }

  /// Shard `shard` answered `tag` with `hits` (Hits bytes; empty from a shard that is down):
  /// the context and the k nearest overall once every shard asked has.
  std::optional<std::pair<Ctx, std::vector<driver_hit>>> add(uint64_t tag, uint32_t shard,
                                                             const std::string& hits,
                                                             double radius_m) {
    auto it = open_.find(tag);
    if (it == open_.end()) return std::nullopt;
    auto& e = it->second;
    auto asked = std::find(e.pending.begin(), e.pending.end(), shard);
    if (asked == e.pending.end()) return std::nullopt;  // answered already (it died meanwhile)
    e.pending.erase(asked);
    Hits h;
    h.ParseFromString(hits);  // a damaged answer counts as no drivers from that shard
    for (int i = 0; i < h.driver_size() && i < h.distance_m_size(); ++i)
      e.hits.push_back(driver_hit{h.driver(i), h.distance_m(i)});
    if (!e.pending.empty()) return std::nullopt;
    keep_nearest(e.hits, k_);
    if (!e.widened && widen(tag, e, radius_m)) return std::nullopt;
    std::pair<Ctx, std::vector<driver_hit>> done{std::move(e.ctx), std::move(e.hits)};
    open_.erase(it);
    return done;
  }

  /// The open queries still waiting for `shard`, oldest first.
  std::vector<uint64_t> waiting_on(uint32_t shard) const {
    std::vector<uint64_t> out;
    for (const auto& [tag, e] : open_)
      if (std::find(e.pending.begin(), e.pending.end(), shard) != e.pending.end())
        out.push_back(tag);
    std::sort(out.begin(), out.end());
    return out;
  }

  /// Queries that asked more than one shard.
  uint64_t cross_shard() const { return cross_shard_; }

 private:
  struct entry {
    std::vector<uint32_t> pending;   // shards asked that have not answered
    uint32_t home = 0;
    bool widened = false;
    geo_point center;
    std::vector<driver_hit> hits;
    Ctx ctx;
  };

  // After the home shard's answer: asks the other shards within the k-th distance (the radius
  // while fewer than k were found); false when there are none.
  bool widen(uint64_t tag, entry& e, double radius_m) {
    e.widened = true;
    const double reach = e.hits.size() >= k_ ? e.hits.back().distance_m : radius_m;
    auto shards = regions_.shards_near(e.center, reach);
    shards.erase(std::remove(shards.begin(), shards.end(), e.home), shards.end());
    if (shards.empty()) return false;
    ++cross_shard_;
    e.pending = shards;
    for (uint32_t s : shards) ask_(s, tag, e.center, reach);
    return true;
  }

  const region_map& regions_;
  std::size_t k_;
  ask_fn ask_;
  uint64_t last_tag_ = 0;
  uint64_t cross_shard_ = 0;
  std::unordered_map<uint64_t, entry> open_;
};

}  // namespace sdsim::ride_hailing
