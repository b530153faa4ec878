// A least-recently-used cache bounded by entry count, with hit/miss/eviction counters
// (the CDN edge and the shortener's redirect cache).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <optional>
#include <unordered_map>
#include <utility>

namespace sdsim::core {

/// An LRU cache of at most capacity() entries.
///
/// Invariants:
/// (1) `items_` and `index_` hold the same keys; index_[k] points at k's node in items_.
/// (2) items_ is ordered by recency: front is the most recently used, back the next victim.
/// (3) size() <= capacity(), and capacity() >= 1.
///
/// Thread-safety: none; one owner (an actor) at a time. Even get() mutates (recency).
///
/// `Hash` only locates keys: the unordered map is never iterated, so recency order, not
/// hash order, decides every observable result, and std::hash is safe here.
template <class K, class V, class Hash = std::hash<K>>
class lru_cache {
 public:
  /// A cache holding at most `capacity` entries; capacity must be at least 1.
  explicit lru_cache(std::size_t capacity) : capacity_(capacity) {
    assert(capacity >= 1);
    index_.reserve(capacity);
  }

  /// The value for `key`, promoted to most recently used; nullptr on a miss. Counts a hit or
  /// a miss. The pointer stays valid until `key` is erased or evicted.
  V* get(const K& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    items_.splice(items_.begin(), items_, it->second);  // O(1), iterators stay valid
    return &it->second->second;
  }

  /// The value for `key` without promoting it or counting; nullptr if absent.
  const V* peek(const K& key) const {
    const auto it = index_.find(key);
    return it == index_.end() ? nullptr : &it->second->second;
  }

  /// True when `key` is cached (no promotion, no counting).
  bool contains(const K& key) const { return index_.count(key) != 0; }

  /// Inserts or replaces `key`'s value and makes it most recently used. When a new key finds
  /// the cache full, the least recently used entry is evicted and its key returned.
  std::optional<K> put(K key, V value) {
    const auto it = index_.find(key);
    if (it != index_.end()) {
      it->second->second = std::move(value);
      items_.splice(items_.begin(), items_, it->second);
      return std::nullopt;
    }
    std::optional<K> evicted;
    if (items_.size() == capacity_) {
      evicted = std::move(items_.back().first);
      index_.erase(*evicted);
      items_.pop_back();
      ++evictions_;
    }
    items_.emplace_front(std::move(key), std::move(value));
    index_.emplace(items_.front().first, items_.begin());
    return evicted;
  }

  /// Removes `key`; false if it was not cached. Not counted as an eviction.
  bool erase(const K& key) {
    const auto it = index_.find(key);
    if (it == index_.end()) return false;
    items_.erase(it->second);
    index_.erase(it);
    return true;
  }

  /// Removes every entry; the counters keep counting.
  void clear() {
    index_.clear();
    items_.clear();
  }

  /// The least recently used key (the next victim), if any.
  std::optional<K> lru_key() const {
    if (items_.empty()) return std::nullopt;
    return items_.back().first;
  }

  /// Number of cached entries.
  std::size_t size() const { return items_.size(); }

  /// Maximum number of entries.
  std::size_t capacity() const { return capacity_; }

  /// get() calls that found their key.
  uint64_t hits() const { return hits_; }

  /// get() calls that did not.
  uint64_t misses() const { return misses_; }

  /// Entries pushed out by put() to make room.
  uint64_t evictions() const { return evictions_; }

 private:
  using list_type = std::list<std::pair<K, V>>;

  std::size_t capacity_;
  list_type items_;
  std::unordered_map<K, typename list_type::iterator, Hash> index_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
  uint64_t evictions_ = 0;
};

}  // namespace sdsim::core
