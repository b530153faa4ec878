// Scatter-gather of a nearby query over the location shards: the circle is asked of every
// shard holding a region it touches, and the answer is the k nearest of all their hits —
// so a driver just across a shard's boundary is found like any other.
#pragma once

#include <cstdint>
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
  nearby_gather(const region_map& regions, std::size_t k) : regions_(regions), k_(k) {}

  /// Opens a query and calls `ask(shard, tag)` for each shard to ask.
  template <class Ask>
  void scatter(geo_point center, double radius_m, Ctx ctx, Ask&& ask) {
    const auto shards = regions_.shards_near(center, radius_m);
    const uint64_t tag = ++last_tag_;
    open_.emplace(tag, entry{shards.size(), {}, std::move(ctx)});
    if (shards.size() > 1) ++cross_shard_;
    for (uint32_t s : shards) ask(s, tag);
  }

  /// A shard answered `tag` with `hits` (Hits bytes): the context and the k nearest overall
  /// once every shard has.
  std::optional<std::pair<Ctx, std::vector<driver_hit>>> add(uint64_t tag, const std::string& hits) {
    Hits h;
    h.ParseFromString(hits);  // a damaged answer counts as no drivers from that shard
    auto it = open_.find(tag);
    if (it == open_.end()) return std::nullopt;
    auto& e = it->second;
    for (int i = 0; i < h.driver_size() && i < h.distance_m_size(); ++i)
      e.hits.push_back(driver_hit{h.driver(i), h.distance_m(i)});
    if (--e.waiting > 0) return std::nullopt;
    keep_nearest(e.hits, k_);
    std::pair<Ctx, std::vector<driver_hit>> done{std::move(e.ctx), std::move(e.hits)};
    open_.erase(it);
    return done;
  }

  /// Queries that asked more than one shard.
  uint64_t cross_shard() const { return cross_shard_; }

 private:
  struct entry {
    std::size_t waiting = 0;
    std::vector<driver_hit> hits;
    Ctx ctx;
  };
  const region_map& regions_;
  std::size_t k_;
  uint64_t last_tag_ = 0;
  uint64_t cross_shard_ = 0;
  std::unordered_map<uint64_t, entry> open_;
};

}  // namespace sdsim::ride_hailing
