// Consistent-hash ring: sorted vnode points, binary search for the owner.
#include "actors/core/hash_ring.hpp"

#include <algorithm>
#include <cassert>

#include "actors/core/hash.hpp"

namespace sdsim::core {

namespace {

const std::string& no_owner() {
  static const std::string empty;
  return empty;
}

}  // namespace

bool hash_ring::add(std::string node, uint32_t weight_vnodes) {
  if (node.empty() || weight_vnodes == 0 || contains(node)) return false;
  const auto index = static_cast<uint32_t>(nodes_.size());
  const uint64_t base = hash64(node);
  nodes_.push_back(std::move(node));
  weights_.push_back(weight_vnodes);
  const std::size_t old_size = points_.size();
  points_.reserve(old_size + weight_vnodes);
  for (uint32_t i = 0; i < weight_vnodes; ++i)
    points_.push_back({hash_combine(base, hash64(uint64_t{i})), index});
  sort_points();
  return true;
}

bool hash_ring::remove(std::string_view node) {
  const auto it = std::find(nodes_.begin(), nodes_.end(), node);
  if (it == nodes_.end()) return false;
  const auto index = static_cast<uint32_t>(it - nodes_.begin());
  // Erasing keeps the survivors sorted: their (point, name) keys do not change.
  points_.erase(std::remove_if(points_.begin(), points_.end(),
                               [index](const vnode& v) { return v.node == index; }),
                points_.end());
  for (auto& v : points_)
    if (v.node > index) --v.node;
  nodes_.erase(it);
  weights_.erase(weights_.begin() + index);
  return true;
}

bool hash_ring::contains(std::string_view node) const {
  return std::find(nodes_.begin(), nodes_.end(), node) != nodes_.end();
}

const std::string& hash_ring::owner(std::string_view key) const {
  if (points_.empty()) return no_owner();
  return nodes_[points_[first_vnode(key)].node];
}

std::vector<std::string> hash_ring::owners(std::string_view key, std::size_t n) const {
  std::vector<std::string> out;
  const std::size_t want = std::min(n, nodes_.size());
  if (want == 0) return out;
  out.reserve(want);
  std::vector<bool> seen(nodes_.size(), false);
  const std::size_t start = first_vnode(key);
  // Invariant (2) guarantees every node appears in one lap, so this stops within one lap.
  for (std::size_t step = 0; step < points_.size() && out.size() < want; ++step) {
    const uint32_t node = points_[(start + step) % points_.size()].node;
    if (seen[node]) continue;
    seen[node] = true;
    out.push_back(nodes_[node]);
  }
  assert(out.size() == want);
  return out;
}

std::size_t hash_ring::first_vnode(std::string_view key) const {
  assert(!points_.empty());
  const uint64_t h = hash64(key);
  const auto it = std::lower_bound(points_.begin(), points_.end(), h,
                                   [](const vnode& v, uint64_t x) { return v.point < x; });
  return it == points_.end() ? 0 : static_cast<std::size_t>(it - points_.begin());
}

void hash_ring::sort_points() {
  // Ties on a point (astronomically rare) break on the name, not the index, so the ring is
  // the same whatever order nodes were added in.
  std::sort(points_.begin(), points_.end(), [this](const vnode& a, const vnode& b) {
    if (a.point != b.point) return a.point < b.point;
    return nodes_[a.node] < nodes_[b.node];
  });
}

}  // namespace sdsim::core
