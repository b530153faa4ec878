// Click analytics for one shard: redirects counted per key, and the hottest keys.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sdsim::shortener {

/// Exact counts (a shard sees its own keys only, so shards' counts add without overlap).
/// Not thread-safe: one shard actor.
class click_counter {
 public:
  /// One click on `key`.
  void record(const std::string& key) {
    ++counts_[key];
    ++total_;
  }

  /// Clicks on `key` so far.
  uint64_t count(const std::string& key) const {
    auto it = counts_.find(key);
    return it == counts_.end() ? 0 : it->second;
  }

  /// The `n` most clicked keys, most first, ties by key (deterministic).
  std::vector<std::pair<std::string, uint64_t>> top(std::size_t n) const;

  uint64_t total() const { return total_; }

 private:
  std::unordered_map<std::string, uint64_t> counts_;
  uint64_t total_ = 0;
};

}  // namespace sdsim::shortener
