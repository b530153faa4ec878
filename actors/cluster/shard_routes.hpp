// Where a router sends a keyed request: to its shard's primary, as the shard group last named
// it. Plain class; a router actor (a gateway) owns one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace sdsim::cluster {

/// Invariants: (1) a shard's primary is the one of the newest epoch the group announced, until
/// it dies; (2) a shard whose primary died has none until the group names the next.
/// Thread-safety: none.
class shard_routes {
 public:
  /// `first[i]` leads shard i at epoch 1 (copy 0).
  explicit shard_routes(std::vector<caf::actor> first);

  std::size_t shards() const { return shards_.size(); }

  /// Shard `shard`'s primary, or nullptr while it has none.
  const caf::actor* primary(std::size_t shard) const;

  /// Which copy the primary is (valid only while it has one).
  uint32_t primary_copy(std::size_t shard) const { return shards_.at(shard).copy; }

  /// The group named `actor`, copy `copy`, primary of `shard` at `epoch`; false (ignored)
  /// when a newer epoch is known.
  bool announce(std::size_t shard, uint32_t copy, uint64_t epoch, caf::actor actor);

  /// A primary that died: its shard and copy; nullopt when `who` is no current primary.
  struct lost {
    std::size_t shard = 0;
    uint32_t copy = 0;
  };
  std::optional<lost> down(const caf::actor_addr& who);

  /// Forgets every route (its router is exiting).
  void clear() { shards_.clear(); }

 private:
  struct route {
    caf::actor primary;   // invalid while the shard has none
    uint32_t copy = 0;
    uint64_t epoch = 1;
  };
  std::vector<route> shards_;
};

}  // namespace sdsim::cluster
