#include "actors/ride_hailing/quadtree_index.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <queue>

namespace sdsim::ride_hailing {

struct quadtree_index::node {
  geo_box box;
  double cos_far = 1;                         // min_cos_lat(box), for distance bounds
  node* parent = nullptr;
  int depth = 0;
  std::array<std::unique_ptr<node>, 4> kids;  // all set, or none (a leaf)
  std::vector<entry> drivers;                 // leaves only; a left driver's slot is a hole
  std::vector<uint32_t> holes;                // those slots, reused first
  std::size_t live() const { return drivers.size() - holes.size(); }
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

// True when `p` lies in [min, max) of `b`: where descending from an ancestor of `b` puts it.
// (A point on the city's north or east edge lies in no such box but the root's.)
bool inside(const geo_box& b, geo_point p) {
  return p.lat >= b.min_lat && p.lat < b.max_lat && p.lon >= b.min_lon && p.lon < b.max_lon;
}

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
  if (inside(leaf.box, p)) return true;
  return leaf.box.contains(p) && leaf_for(p) == &leaf;
}

void quadtree_index::split(node* n) {
  const auto& b = n->box;
  const double mid_lat = (b.min_lat + b.max_lat) / 2, mid_lon = (b.min_lon + b.max_lon) / 2;
  for (int q = 0; q < 4; ++q) {
    auto k = std::make_unique<node>();
    k->parent = n;
    k->depth = n->depth + 1;
    k->box = {(q & 2) ? mid_lat : b.min_lat, (q & 2) ? b.max_lat : mid_lat,
              (q & 1) ? mid_lon : b.min_lon, (q & 1) ? b.max_lon : mid_lon};
    k->cos_far = min_cos_lat(k->box);
    n->kids[static_cast<std::size_t>(q)] = std::move(k);
  }
  nodes_ += 4;
  auto drivers = std::move(n->drivers);
  n->drivers.clear();
  n->holes.clear();
  for (const auto& e : drivers)
    if (e.driver != hole) put(n, e, places_.find(e.driver)->second);
}

void quadtree_index::put(node* n, const entry& e, place& at) {
  while (!n->leaf()) n = n->kids[static_cast<std::size_t>(n->quadrant(e.p))].get();
  if (n->holes.empty()) {
    at = {n, static_cast<uint32_t>(n->drivers.size())};
    n->drivers.push_back(e);
  } else {
    at = {n, n->holes.back()};
    n->holes.pop_back();
    n->drivers[at.slot] = e;
  }
  if (n->live() > capacity_ && n->depth < max_depth_) split(n);
}

// The slot becomes a hole rather than being filled by the last driver: filling it would
// mean finding that driver's place too, another lookup at a random address.
void quadtree_index::take_out(const place& at) {
  at.leaf->drivers[at.slot].driver = hole;
  at.leaf->holes.push_back(at.slot);
}

// A driver who left his leaf has mostly moved to a neighboring one: the descent starts at the
// nearest ancestor that holds the new point, not at the root.
void quadtree_index::upsert(uint64_t driver, geo_point p) {
  assert(driver != hole);
  p = clamp(p);
  auto [it, fresh] = places_.try_emplace(driver);
  node* from = root_.get();
  if (!fresh) {
    const place at = it->second;
    if (holds(*at.leaf, p)) {  // moved within its leaf
      at.leaf->drivers[at.slot].p = p;
      return;
    }
    take_out(at);
    for (from = at.leaf; from->parent && !inside(from->box, p);) from = from->parent;
  }
  put(from, entry{driver, p}, it->second);
}

void quadtree_index::remove(uint64_t driver) {
  auto it = places_.find(driver);
  if (it == places_.end()) return;
  take_out(it->second);
  places_.erase(it);
}

void quadtree_index::prefetch(uint64_t driver, int stage) const {
  if (stage == 0) return places_.prefetch(driver);
  auto it = places_.find(driver);
  if (it == places_.end()) return;
  __builtin_prefetch(it->second.leaf);
  __builtin_prefetch(it->second.leaf->drivers.data() + it->second.slot, 1);
}

void quadtree_index::for_each(const std::function<void(uint64_t, geo_point)>& f) const {
  std::vector<const node*> stack{root_.get()};
  while (!stack.empty()) {
    const node* n = stack.back();
    stack.pop_back();
    for (const auto& e : n->drivers)
      if (e.driver != hole) f(e.driver, e.p);
    if (!n->leaf())
      for (const auto& kid : n->kids) stack.push_back(kid.get());
  }
}

// One query's state: the k nearest so far as a heap, farthest on top, and the distance a
// driver or node must not exceed to matter (the radius, then the k-th's distance).
struct quadtree_index::search {
  geo_point center;
  std::size_t k;
  double kth;
  double cos_center;
  std::vector<driver_hit>& best;
};

void quadtree_index::scan(const node& leaf, search& s) {
  examined_ += leaf.live();
  const double cos_min = std::min(s.cos_center, leaf.cos_far);
  for (const auto& e : leaf.drivers) {
    if (e.driver == hole || surely_farther_m(s.center, e.p, cos_min, s.kth)) continue;
    const driver_hit h{e.driver, distance_m(s.center, e.p)};
    if (h.distance_m > s.kth) continue;
    if (s.best.size() == s.k) {
      if (!farther{}(h, s.best.front())) continue;
      std::pop_heap(s.best.begin(), s.best.end(), farther{});
      s.best.pop_back();
    }
    s.best.push_back(h);
    std::push_heap(s.best.begin(), s.best.end(), farther{});
    if (s.best.size() == s.k) s.kth = s.best.front().distance_m;
  }
}

// The leaf under the center first: its drivers usually fill the list, so that the best-first
// walk from the root after it (nodes nearest first; a node's distance, and a driver's before
// the exact one, a cheap lower bound) prunes nearly everything.
std::vector<driver_hit> quadtree_index::nearest(geo_point center, double radius_m, std::size_t k) {
  if (k == 0) return {};
  best_.clear();
  search s{center, k, radius_m, std::cos(center.lat * pi / 180), best_};
  const node* home = leaf_for(clamp(center));
  scan(*home, s);
  auto bound_to = [&](const node& n) {
    const geo_point q{std::clamp(center.lat, n.box.min_lat, n.box.max_lat),
                      std::clamp(center.lon, n.box.min_lon, n.box.max_lon)};
    return distance_lower_bound_m(center, q, std::min(s.cos_center, n.cos_far));
  };
  auto nearer = [](const open_node& a, const open_node& b) { return a.first > b.first; };
  open_.assign(1, {bound_to(*root_), root_.get()});
  while (!open_.empty()) {
    std::pop_heap(open_.begin(), open_.end(), nearer);
    const auto [d, n] = open_.back();
    open_.pop_back();
    if (d > s.kth) break;  // every node left is at least this far
    if (n->leaf()) {
      if (n != home) scan(*n, s);
      continue;
    }
    for (const auto& kid : n->kids) {
      if (const double dk = bound_to(*kid); dk <= s.kth) {
        open_.emplace_back(dk, kid.get());
        std::push_heap(open_.begin(), open_.end(), nearer);
      }
    }
  }
  std::sort_heap(best_.begin(), best_.end(), farther{});
  return best_;
}

}  // namespace sdsim::ride_hailing
