// A region quadtree over the city: a leaf holds up to `capacity` drivers and splits into four
// quadrants when one more arrives (down to a depth limit). A query walks nodes nearest first
// and stops once the next node is farther than the k-th driver found or than the radius.
#pragma once

#include <array>
#include <memory>
#include <unordered_map>
#include <vector>

#include "actors/ride_hailing/geo_index.hpp"

namespace sdsim::ride_hailing {

/// Invariants: (1) a driver lives in exactly one leaf, the one whose box contains its point;
/// (2) a leaf above `capacity` drivers is at the depth limit; (3) inner nodes hold no drivers.
/// Removal leaves emptied leaves in place (a city's drivers come back to the same streets).
class quadtree_index : public geo_index {
 public:
  /// Covers `bounds` (points outside are clamped to its edge); splits leaves above `capacity`.
  explicit quadtree_index(geo_box bounds, std::size_t capacity = 32, int max_depth = 24);
  ~quadtree_index() override;

  std::string name() const override { return "quadtree"; }
  void upsert(uint64_t driver, geo_point p) override;
  void remove(uint64_t driver) override;
  std::vector<driver_hit> nearest(geo_point center, double radius_m, std::size_t k) override;
  std::size_t size() const override { return points_.size(); }

  /// Nodes in the tree (for tests and memory estimates).
  std::size_t nodes() const { return nodes_; }

 private:
  struct node;
  struct entry {
    uint64_t driver;
    geo_point p;
  };

  geo_point clamp(geo_point p) const;
  node* leaf_for(geo_point p) const;
  void insert(node* n, const entry& e);
  void split(node* n);

  std::unique_ptr<node> root_;
  std::size_t capacity_;
  int max_depth_;
  std::size_t nodes_ = 1;
  std::unordered_map<uint64_t, geo_point> points_;
};

}  // namespace sdsim::ride_hailing
