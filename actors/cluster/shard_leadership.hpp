// Who leads one shard's copies, and which copies hold every write the shard acknowledged (the
// in-sync set). Plain class; the shard group's actor owns one per shard and is its only writer.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sdsim::cluster {

/// Invariants:
/// (1) every acknowledged write is on every copy of the in-sync set, which is never empty;
/// (2) the primary, when there is one, is live and in sync;
/// (3) the epoch grows by one with each new primary, and only the primary of the current epoch
///     changes the in-sync set (`shrink` before it acknowledges a write without a copy,
///     `grow` once a copy caught up);
/// (4) a copy out of sync never becomes primary: with no live copy in sync the shard has no
///     primary, and waits for one that is in sync to come back.
/// Thread-safety: none.
class shard_leadership {
 public:
  /// `copies` copies, all live and in sync (they start from the same data); copy 0 leads at
  /// epoch 1.
  explicit shard_leadership(uint32_t copies);

  /// What a change asks of the group: whether a new primary was chosen, and which live copies
  /// must now catch up from it (every live copy out of sync).
  struct change {
    bool new_primary = false;
    std::vector<uint32_t> to_catch_up;
  };

  /// Copy `copy` died. When it was the primary, the next live in-sync copy after it (in copy
  /// order) leads at the next epoch, alone in the in-sync set until the others catch up.
  change down(uint32_t copy);

  /// Copy `copy` is live again with the data it had when it died. It leads when the shard
  /// has no primary and it is in sync; else it catches up from the primary, or waits for one.
  change up(uint32_t copy);

  /// The primary of `epoch` no longer waits for `copy`; false (nothing changes) when `epoch`
  /// is not the current one or `copy` is the primary.
  bool shrink(uint64_t epoch, uint32_t copy);

  /// `copy` caught up from the primary of `epoch` and gets its writes: it is in sync. False
  /// when `epoch` is not the current one or `copy` is not live.
  bool grow(uint64_t epoch, uint32_t copy);

  std::optional<uint32_t> primary() const;
  uint64_t epoch() const { return epoch_; }
  bool live(uint32_t copy) const { return copies_.at(copy).live; }
  bool in_sync(uint32_t copy) const { return copies_.at(copy).in_sync; }
  uint32_t copies() const { return static_cast<uint32_t>(copies_.size()); }
  /// Copies that came back while no in-sync copy was live, and so had to wait.
  uint64_t waited() const { return waited_; }

 private:
  struct copy_state {
    bool live = true;
    bool in_sync = true;
  };
  static constexpr uint32_t none = UINT32_MAX;
  change elect_after(uint32_t copy);
  std::vector<uint32_t> out_of_sync_live() const;

  std::vector<copy_state> copies_;
  uint32_t primary_ = 0;
  uint64_t epoch_ = 1;
  uint64_t waited_ = 0;
};

}  // namespace sdsim::cluster
