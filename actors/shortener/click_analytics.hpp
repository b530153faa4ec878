// Click analytics for one shard in bounded memory: approximate counts per key and the hottest
// keys, by the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, ICDT 2005).
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace sdsim::shortener {

/// Counts clicks on at most capacity() keys at once. While no more than capacity() distinct
/// keys have been seen every count is exact. Past that, a new key takes the place of the
/// least-counted one and inherits its count + 1, remembering that count as its error; heavy
/// hitters (true count > total() / capacity()) are then always monitored, and under a skewed
/// (Zipf) stream the top of the list is right.
///
/// Invariants:
/// (1) index_ and order_ hold the same keys; order_ is sorted by count ascending, then key
///     descending, so order_.begin() is the next victim and reverse order is the report order.
/// (2) 1 <= capacity() and size() <= capacity().
/// (3) For a monitored key: count - max_error <= true count <= count.
/// (4) The counts sum to total(): every record() adds exactly one to the sum.
/// (5) A key not monitored was clicked at most min_count() times.
///
/// Thread-safety: none; one shard actor owns it.
class click_analytics {
 public:
  /// One reported key.
  struct entry {
    std::string key;     ///< the short key
    uint64_t count;      ///< clicks counted; over-estimates by at most max_error
    uint64_t max_error;  ///< the count inherited on entry: 0 means the count is exact

    /// Equal when every field is.
    bool operator==(const entry& o) const {
      return key == o.key && count == o.count && max_error == o.max_error;
    }
  };

  /// Monitors at most `capacity` keys (>= 1); memory is O(capacity), whatever the stream.
  explicit click_analytics(std::size_t capacity);

  /// One click on `key`.
  void record(const std::string& key);

  /// The count of `key` (an over-estimate by at most max_error(key)); 0 when not monitored.
  uint64_t count(const std::string& key) const;

  /// The error bound of count(key); 0 when exact or not monitored.
  uint64_t max_error(const std::string& key) const;

  /// The `n` (or size(), if fewer) highest counts: count descending, then key ascending.
  std::vector<entry> top(std::size_t n) const;

  /// Clicks recorded, every key included.
  uint64_t total() const { return total_; }

  /// The smallest monitored count once full, else 0: the most an unmonitored key can have.
  uint64_t min_count() const;

  /// Keys monitored now.
  std::size_t size() const { return index_.size(); }

  /// The most keys monitored at once.
  std::size_t capacity() const { return capacity_; }

 private:
  struct counter {
    uint64_t count = 0;
    uint64_t error = 0;
  };
  // Points at a key owned by index_ (unordered_map keys never move).
  struct ranked {
    uint64_t count;
    const std::string* key;
  };
  struct by_count {
    bool operator()(const ranked& a, const ranked& b) const {
      return a.count != b.count ? a.count < b.count : *a.key > *b.key;
    }
  };

  std::size_t capacity_;
  uint64_t total_ = 0;
  // Only looked up, never iterated: order_ decides every output, so std::hash is safe here.
  std::unordered_map<std::string, counter> index_;
  std::set<ranked, by_count> order_;
};

}  // namespace sdsim::shortener
