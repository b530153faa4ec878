// Space-Saving over an ordered set: O(log capacity) per click, the minimum always at hand.
#include "actors/shortener/click_analytics.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace sdsim::shortener {

click_analytics::click_analytics(std::size_t capacity) : capacity_(capacity) {
  assert(capacity >= 1);
  index_.reserve(capacity);
}

void click_analytics::record(const std::string& key) {
  ++total_;
  const auto it = index_.find(key);
  if (it != index_.end()) {
    // Re-rank by moving the set node: no allocation, the key pointer stays the same.
    auto node = order_.extract(ranked{it->second.count, &it->first});
    assert(!node.empty());
    node.value().count = ++it->second.count;
    order_.insert(std::move(node));
    return;
  }
  if (index_.size() < capacity_) {
    const auto added = index_.emplace(key, counter{1, 0}).first;
    order_.insert(ranked{1, &added->first});
    return;
  }
  // Full: the newcomer replaces the minimum and inherits its count, which may all be the
  // victim's clicks rather than its own, hence the error bound.
  auto node = order_.extract(order_.begin());
  const uint64_t inherited = node.value().count;
  index_.erase(*node.value().key);
  const auto added = index_.emplace(key, counter{inherited + 1, inherited}).first;
  node.value() = ranked{inherited + 1, &added->first};
  order_.insert(std::move(node));
}

uint64_t click_analytics::count(const std::string& key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? 0 : it->second.count;
}

uint64_t click_analytics::max_error(const std::string& key) const {
  const auto it = index_.find(key);
  return it == index_.end() ? 0 : it->second.error;
}

std::vector<click_analytics::entry> click_analytics::top(std::size_t n) const {
  std::vector<entry> out;
  out.reserve(std::min(n, order_.size()));
  for (auto it = order_.rbegin(); it != order_.rend() && out.size() < n; ++it)
    out.push_back({*it->key, it->count, index_.at(*it->key).error});
  return out;
}

uint64_t click_analytics::min_count() const {
  return index_.size() < capacity_ || order_.empty() ? 0 : order_.begin()->count;
}

}  // namespace sdsim::shortener
