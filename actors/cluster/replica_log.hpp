// The writes a copy of a shard applied, in order, each at its position (the epoch of the
// primary that made it, and a sequence number that runs on across epochs), so that a copy
// coming back can be sent only what it missed. Plain class; a replica owns one.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace sdsim::cluster {

/// Where a write stands in a shard's history. Two copies that hold a write at the same
/// position hold the same writes before it: only one primary makes writes in an epoch.
struct log_position {
  uint64_t epoch = 0;
  uint64_t seq = 0;
  bool operator==(const log_position& o) const { return epoch == o.epoch && seq == o.seq; }
};

/// One write, as the primary described it.
struct log_entry {
  log_position at;
  std::string write;
};

/// Invariants: (1) entries are in sequence order without gaps, the first right after the
/// base; (2) at most `capacity` entries are kept (older ones are forgotten, and a copy that
/// needs them gets a full snapshot instead); (3) an unknown base (a copy that restarted and
/// lost its history) matches no position.
/// Thread-safety: none.
class replica_log {
 public:
  explicit replica_log(std::size_t capacity, std::optional<log_position> base = log_position{});

  /// The position of the last write held (the base when there is none).
  log_position last() const;
  /// Whether the history up to `last()` is known (false after a restart, until a snapshot).
  bool known() const { return base_.has_value(); }

  /// Appends the write made at `at`; `at.seq` must be `last().seq + 1`.
  void append(log_position at, std::string write);

  /// The writes after `from` when this log holds `from` (or it is the base) and everything
  /// after it; nullopt when a copy at `from` needs a full snapshot instead.
  std::optional<std::vector<log_entry>> after(log_position from) const;

  /// Forgets every entry: the history is now known up to `at` (a snapshot taken there was
  /// applied), or unknown.
  void reset(std::optional<log_position> at);

 private:
  std::size_t capacity_;
  std::optional<log_position> base_;
  log_position last_;
  std::deque<log_entry> entries_;
};

}  // namespace sdsim::cluster
