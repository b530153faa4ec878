// The phones behind a push provider: a device displays a notification once, however many
// times the provider hands it over (a retry after a lost answer delivers it again).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace sdsim::notification {

/// Invariant: shown() == number of distinct (device, key) pairs ever offered.
/// Not thread-safe: owned by one provider actor.
class device_model {
 public:
  /// Offers a notification to `device`; true when displayed, false (and counted) when the
  /// device already displayed one with `key`.
  bool offer(uint64_t device, std::string_view key);

  uint64_t shown() const { return shown_.size(); }
  uint64_t duplicates_dropped() const { return duplicates_; }

  /// "device/key" of every displayed notification, sorted.
  std::vector<std::string> shown_keys() const;

  /// The name `offer` files a (device, key) pair under.
  static std::string pair_name(uint64_t device, std::string_view key);

 private:
  std::unordered_set<std::string> shown_;
  uint64_t duplicates_ = 0;
};

}  // namespace sdsim::notification
