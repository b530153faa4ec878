// A region quadtree over the city: a leaf holds up to `capacity` drivers and splits into four
// quadrants when one more arrives (down to a depth limit). A query walks nodes nearest first
// and stops once the next node is farther than the k-th driver found or than the radius.
#pragma once

#include <memory>
#include <utility>
#include <absl/container/flat_hash_map.h>
#include <vector>

#include "actors/ride_hailing/geo_index.hpp"

namespace sdsim::ride_hailing {

/// Invariants: (1) a driver lives in exactly one leaf, the one whose box contains its point
/// (the one `leaf_for` finds), at the slot `places_` records for it; (2) a leaf above
/// `capacity` drivers is at the depth limit; (3) inner nodes hold no drivers; (4) a leaf's
/// slots that hold no driver are listed in its holes. Driver id 2^64 - 1 is reserved.
/// Removal leaves emptied leaves in place (a city's drivers come back to the same streets).
/// A driver moving within its leaf — most pings — costs one lookup and a write.
class quadtree_index : public geo_index {
 public:
  /// Covers `bounds` (points outside are clamped to its edge); splits leaves above `capacity`.
  explicit quadtree_index(geo_box bounds, std::size_t capacity = 32, int max_depth = 24);
  ~quadtree_index() override;

  std::string name() const override { return "quadtree"; }
  void upsert(uint64_t driver, geo_point p) override;
  void remove(uint64_t driver) override;
  std::vector<driver_hit> nearest(geo_point center, double radius_m, std::size_t k) override;
  std::size_t size() const override { return places_.size(); }
  void for_each(const std::function<void(uint64_t, geo_point)>& f) const override;
  void prefetch(uint64_t driver, int stage) const override;

  /// Nodes in the tree (for tests and memory estimates).
  std::size_t nodes() const { return nodes_; }

 private:
  struct node;
  struct entry {
    uint64_t driver;
    geo_point p;
  };
  static constexpr uint64_t hole = ~uint64_t{0};  // the id of an empty slot
  struct place {
    node* leaf = nullptr;
    uint32_t slot = 0;  // index in the leaf's drivers
  };
  struct search;
  using open_node = std::pair<double, const node*>;  // a node to visit, by its distance

  geo_point clamp(geo_point p) const;
  node* leaf_for(geo_point p) const;
  bool holds(const node& leaf, geo_point p) const;
  void put(node* n, const entry& e, place& at);
  void take_out(const place& at);
  void split(node* n);
  void scan(const node& leaf, search& s);

  std::unique_ptr<node> root_;
  std::size_t capacity_;
  int max_depth_;
  std::size_t nodes_ = 1;
  absl::flat_hash_map<uint64_t, place> places_;
  // A query's scratch space, kept so that queries allocate nothing once warm.
  std::vector<open_node> open_;
  std::vector<driver_hit> best_;
};

}  // namespace sdsim::ride_hailing
