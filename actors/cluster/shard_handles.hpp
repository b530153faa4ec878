// The shards of a service as one of its callers holds them, when shards may live on nodes
// that die and come back. Header-only: the callers are designs' actors.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace sdsim::cluster {

/// Shard i's handle and whether it is up. The owning actor monitors the shards and calls
/// lost() from its down handler; a shard spawned again (its node came back) is announced to
/// the callers, which call replace().
class shard_handles {
 public:
  explicit shard_handles(std::vector<caf::actor> shards)
      : shards_(std::move(shards)), up_(shards_.size(), true) {}

  std::size_t size() const { return shards_.size(); }
  const caf::actor& at(uint32_t i) const { return shards_.at(i); }
  bool up(uint32_t i) const { return up_.at(i); }
  const std::vector<caf::actor>& all() const { return shards_; }

  /// Marks the shard whose actor was `who` down; its index, or nothing when none was.
  std::optional<uint32_t> lost(const caf::actor_addr& who) {
    for (uint32_t i = 0; i < shards_.size(); ++i)
      if (shards_[i].address() == who && up_[i]) {
        up_[i] = false;
        return i;
      }
    return std::nullopt;
  }

  /// Shard `i` is now `a`, up (the caller monitors it); false for an unknown shard.
  bool replace(uint32_t i, caf::actor a) {
    if (i >= shards_.size()) return false;
    shards_[i] = std::move(a);
    up_[i] = true;
    return true;
  }

  /// Drops every handle (an actor's on_exit: handles may form cycles).
  void clear() { shards_.clear(); up_.clear(); }

 private:
  std::vector<caf::actor> shards_;
  std::vector<bool> up_;
};

}  // namespace sdsim::cluster
