#include "actors/ride_hailing/quadtree_index.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <queue>

namespace sdsim::ride_hailing {

struct quadtree_index::node {
  geo_box box;
  double cos_far = 1;                         // min_cos_lat(box), for distance bounds
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

namespace {

// The k nearest so far, farthest on top (ties: the larger id is farther, as keep_nearest).
struct farther {
  bool operator()(const driver_hit& a, const driver_hit& b) const {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m : a.driver < b.driver;
  }
};

}  // namespace

quadtree_index::quadtree_index(geo_box bounds, std::size_t capacity, int max_depth)
    : root_(std::make_unique<node>()), capacity_(std::max<std::size_t>(1, capacity)),
      max_depth_(max_depth) {
  root_->box = bounds;
  root_->cos_far = min_cos_lat(bounds);
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

// True when `p` belongs in `leaf`. Children's bounds are their parent's mid lines, so a point
// inside [min, max) is where descending puts it; on the city's north or east edge it is asked
// of the descent itself.
bool quadtree_index::holds(const node& leaf, geo_point p) const {
  const auto& b = leaf.box;
  if (p.lat >= b.min_lat && p.lat < b.max_lat && p.lon >= b.min_lon && p.lon < b.max_lon)
    return true;
  return b.contains(p) && leaf_for(p) == &leaf;
}

void quadtree_index::split(node* n) {
  const auto& b = n->box;
  const double mid_lat = (b.min_lat + b.max_lat) / 2, mid_lon = (b.min_lon + b.max_lon) / 2;
  for (int q = 0; q < 4; ++q) {
    auto k = std::make_unique<node>();
    k->depth = n->depth + 1;
    k->box = {(q & 2) ? mid_lat : b.min_lat, (q & 2) ? b.max_lat : mid_lat,
              (q & 1) ? mid_lon : b.min_lon, (q & 1) ? b.max_lon : mid_lon};
    k->cos_far = min_cos_lat(k->box);
    n->kids[static_cast<std::size_t>(q)] = std::move(k);
  }
  nodes_ += 4;
  auto drivers = std::move(n->drivers);
  n->drivers.clear();
  for (const auto& e : drivers) put(n, e, places_.find(e.driver)->second);
}

void quadtree_index::put(node* n, const entry& e, place& at) {
  while (!n->leaf()) n = n->kids[static_cast<std::size_t>(n->quadrant(e.p))].get();
  at = {n, static_cast<uint32_t>(n->drivers.size())};
  n->drivers.push_back(e);
  if (n->drivers.size() > capacity_ && n->depth < max_depth_) split(n);
}

void quadtree_index::take_out(const place& at) {
  auto& list = at.leaf->drivers;
  if (at.slot + 1 != list.size()) {  // the last one fills the hole
    list[at.slot] = list.back();
    places_.find(list[at.slot].driver)->second.slot = at.slot;
  }
  list.pop_back();
}

void quadtree_index::upsert(uint64_t driver, geo_point p) {
  p = clamp(p);
  auto [it, fresh] = places_.try_emplace(driver);
  if (!fresh) {
    const place at = it->second;
    if (holds(*at.leaf, p)) {  // moved within its leaf
      at.leaf->drivers[at.slot].p = p;
      return;
    }
    take_out(at);
  }
  put(root_.get(), entry{driver, p}, it->second);
}

void quadtree_index::remove(uint64_t driver) {
  auto it = places_.find(driver);
  if (it == places_.end()) return;
  take_out(it->second);
  places_.erase(it);
}

// Nodes nearest first; a node's distance, and a driver's before the exact one, is a cheap
// lower bound (distance_lower_bound_m), so only drivers that may make the list cost the
// haversine.
std::vector<driver_hit> quadtree_index::nearest(geo_point center, double radius_m, std::size_t k) {
  if (k == 0) return {};
  std::priority_queue<driver_hit, std::vector<driver_hit>, farther> best;
  double kth = radius_m;  // nothing farther than this can still make the list
  const double cos_center = std::cos(center.lat * pi / 180);
  auto bound_to = [&](const node& n) {
    const geo_point q{std::clamp(center.lat, n.box.min_lat, n.box.max_lat),
                      std::clamp(center.lon, n.box.min_lon, n.box.max_lon)};
    return distance_lower_bound_m(center, q, std::min(cos_center, n.cos_far));
  };
  using item = std::pair<double, const node*>;
  std::priority_queue<item, std::vector<item>, std::greater<item>> open;
  open.emplace(bound_to(*root_), root_.get());
  while (!open.empty()) {
    const auto [d, n] = open.top();
    open.pop();
    if (d > kth) break;  // every node left is at least this far
    if (!n->leaf()) {
      for (const auto& kid : n->kids)
        if (const double dk = bound_to(*kid); dk <= kth) open.emplace(dk, kid.get());
      continue;
    }
    examined_ += n->drivers.size();
    const double cos_min = std::min(cos_center, n->cos_far);
    for (const auto& e : n->drivers) {
      if (distance_lower_bound_m(center, e.p, cos_min) > kth) continue;
      const driver_hit h{e.driver, distance_m(center, e.p)};
      if (h.distance_m > kth) continue;
      if (best.size() == k) {
        if (!farther{}(h, best.top())) continue;
        best.pop();
      }
      best.push(h);
      if (best.size() == k) kth = best.top().distance_m;
    }
  }
  std::vector<driver_hit> out;
  for (; !best.empty(); best.pop()) out.push_back(best.top());
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace sdsim::ride_hailing
