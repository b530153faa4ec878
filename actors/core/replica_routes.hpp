// Where a router sends a keyed request when each shard has several copies (replicas): to the
// shard's primary, one live copy that every router picks the same way. Plain class; the
// gateway actor owns one.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_addr.hpp>

namespace sdsim::core {

/// Invariants: (1) a shard's primary, when it has one, is a live copy; (2) the primary changes
/// only when it dies — a copy that comes back serves as a backup, so every router that saw the
/// same deaths picks the same primary; (3) a shard with no live copy has no primary.
/// Thread-safety: none.
class replica_routes {
 public:
  /// `copies[i]` are shard i's copies; copy 0 starts as the primary.
  explicit replica_routes(std::vector<std::vector<caf::actor>> copies);

  std::size_t shards() const { return copies_.size(); }
  std::size_t copies(std::size_t shard) const { return copies_.at(shard).size(); }

  /// Shard `shard`'s primary, or nullptr when none of its copies is live.
  const caf::actor* primary(std::size_t shard) const;

  /// Which copy the primary is (valid only while it has one).
  std::size_t primary_copy(std::size_t shard) const { return primary_.at(shard); }

  /// The copy `who` as it died: its shard, which copy, and whether it was the primary (the
  /// next live copy after it takes over). nullopt when `who` is no live copy.
  struct lost {
    std::size_t shard = 0;
    std::size_t copy = 0;
    bool was_primary = false;
    caf::actor actor;   ///< its handle, to tell the other copies
  };
  std::optional<lost> down(const caf::actor_addr& who);

  /// Copy `copy` of `shard` serves again as `actor` (caught up); it becomes the primary only
  /// when the shard has none.
  void up(std::size_t shard, std::size_t copy, caf::actor actor);

  /// Copy `copy` of `shard` while it is live, else nullptr.
  const caf::actor* live_copy(std::size_t shard, std::size_t copy) const;

  /// The live copies of `shard`.
  std::vector<caf::actor> live(std::size_t shard) const;

 private:
  struct copy_state {
    caf::actor actor;
    bool live = true;
  };
  static constexpr std::size_t none = static_cast<std::size_t>(-1);
  std::vector<std::vector<copy_state>> copies_;
  std::vector<std::size_t> primary_;
};

}  // namespace sdsim::core
