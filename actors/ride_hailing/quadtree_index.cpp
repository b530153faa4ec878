#include "actors/ride_hailing/quadtree_index.hpp"

#include <algorithm>
#include <queue>

namespace sdsim::ride_hailing {

struct quadtree_index::node {
  geo_box box;
  int depth = 0;
  std::array<std::unique_ptr<node>, 4> kids;  // all set, or none (a leaf)
  std::vector<entry> drivers;                 // leaves only
  bool leaf() const { return !kids[0]; }
  // The quadrant of `p`: bit 0 east half, bit 1 north half.
  int quadrant(geo_point p) const {
    const double mid_lat = (box.min_lat + box.max_lat) / 2, mid_lon = (box.min_lon + box.max_lon) / 2;
    return (p.lon >= mid_lon ? 1 : 0) | (p.lat >= mid_lat ? 2 : 0);
  }
};

quadtree_index::quadtree_index(geo_box bounds, std::size_t capacity, int max_depth)
    : root_(std::make_unique<node>()), capacity_(std::max<std::size_t>(1, capacity)),
      max_depth_(max_depth) {
  root_->box = bounds;
}

quadtree_index::~quadtree_index() = default;

geo_point quadtree_index::clamp(geo_point p) const {
  const auto& b = root_->box;
  return {std::clamp(p.lat, b.min_lat, b.max_lat), std::clamp(p.lon, b.min_lon, b.max_lon)};
}

quadtree_index::node* quadtree_index::leaf_for(geo_point p) const {
  node* n = root_.get();
  while (!n->leaf()) n = n->kids[static_cast<std::size_t>(n->quadrant(p))].get();
  return n;
}

void quadtree_index::split(node* n) {
  const auto& b = n->box;
  const double mid_lat = (b.min_lat + b.max_lat) / 2, mid_lon = (b.min_lon + b.max_lon) / 2;
  for (int q = 0; q < 4; ++q) {
    auto k = std::make_unique<node>();
    k->depth = n->depth + 1;
    k->box = {(q & 2) ? mid_lat : b.min_lat, (q & 2) ? b.max_lat : mid_lat,
              (q & 1) ? mid_lon : b.min_lon, (q & 1) ? b.max_lon : mid_lon};
    n->kids[static_cast<std::size_t>(q)] = std::move(k);
  }
  nodes_ += 4;
  auto drivers = std::move(n->drivers);
  n->drivers.clear();
  for (const auto& e : drivers) insert(n, e);
}

void quadtree_index::insert(node* n, const entry& e) {
  while (!n->leaf()) n = n->kids[static_cast<std::size_t>(n->quadrant(e.p))].get();
  n->drivers.push_back(e);
  if (n->drivers.size() > capacity_ && n->depth < max_depth_) split(n);
}

void quadtree_index::upsert(uint64_t driver, geo_point p) {
  p = clamp(p);
  auto it = points_.find(driver);
  if (it != points_.end()) {
    node* leaf = leaf_for(it->second);
    if (leaf == leaf_for(p)) {  // moved within its leaf
      for (auto& e : leaf->drivers)
        if (e.driver == driver) e.p = p;
      it->second = p;
      return;
    }
    remove(driver);
  }
  points_[driver] = p;
  insert(root_.get(), entry{driver, p});
}

void quadtree_index::remove(uint64_t driver) {
  auto it = points_.find(driver);
  if (it == points_.end()) return;
  auto& list = leaf_for(it->second)->drivers;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].driver != driver) continue;
    list[i] = list.back();
    list.pop_back();
    break;
  }
  points_.erase(it);
}

std::vector<driver_hit> quadtree_index::nearest(geo_point center, double radius_m, std::size_t k) {
  std::vector<driver_hit> best;  // the k nearest so far, unsorted but bounded
  double kth = radius_m;         // nothing farther than this can still make the list
  using item = std::pair<double, const node*>;
  std::priority_queue<item, std::vector<item>, std::greater<item>> open;
  open.emplace(distance_to_box_m(center, root_->box), root_.get());
  while (!open.empty()) {
    const auto [d, n] = open.top();
    open.pop();
    if (d > kth) break;  // every node left is at least this far
    if (!n->leaf()) {
      for (const auto& kid : n->kids) {
        const double dk = distance_to_box_m(center, kid->box);
        if (dk <= kth) open.emplace(dk, kid.get());
      }
      continue;
    }
    examined_ += n->drivers.size();
    for (const auto& e : n->drivers) {
      const double de = distance_m(center, e.p);
      if (de > kth) continue;
      best.push_back(driver_hit{e.driver, de});
      if (best.size() >= 2 * k + 16) {  // trim now and then; tighten the bound
        keep_nearest(best, k);
        if (best.size() == k) kth = best.back().distance_m;
      }
    }
  }
  keep_nearest(best, k);
  return best;
}

}  // namespace sdsim::ride_hailing
