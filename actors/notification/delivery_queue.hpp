// The in-memory side of a queue shard: which delivery leaves next, which wait for a retry,
// and which are leased to a worker. The durable side is the shard's SQLite store; after a
// restart this queue is rebuilt from it.
//
// Order: high priority before normal. Within a priority, retries that are due go first, then
// first attempts in the order they were accepted. A delivery waiting for its retry sits in a
// timer heap, not in the line, so it never holds up the ones behind it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/core/sim_time.hpp"

namespace sdsim::notification {

/// One notification to one device.
struct delivery_key {
  uint64_t notification_id = 0;
  uint64_t device_id = 0;
  bool operator==(const delivery_key& o) const {
    return notification_id == o.notification_id && device_id == o.device_id;
  }
};

/// A delivery with what a worker needs to push it.
struct delivery {
  delivery_key key;
  uint64_t user_id = 0;
  bool high = false;
  int platform = 0;               ///< Platform enum value
  std::string token;
  std::string device_key;         ///< what the device deduplicates on
  std::string payload;
  core::sim_ns accepted = 0;      ///< sim time the notify was sent (latency starts here)
  uint32_t tries = 0;             ///< attempts whose outcome is recorded
  uint32_t failures = 0;          ///< of those, the ones that count toward the cap
  uint32_t throttles = 0;         ///< provider 429s in a row since the last restart
  bool dispatched = false;        ///< has left the queue at least once
};

/// Invariants:
/// (1) every delivery is in exactly one place: the first-attempt line, the timer heap, or
///     the lease table;
/// (2) lease numbers are unique for the life of the queue and start at `first_lease`, so a
///     restarted shard (a new queue with a higher `first_lease`) never mistakes an old lease.
/// Not thread-safe: owned by one queue shard actor.
class delivery_queue {
 public:
  explicit delivery_queue(uint64_t first_lease = 1) : next_lease_(first_lease) {}

  /// A new delivery's first attempt, behind the ones accepted before it.
  void push_first(delivery d);

  /// A delivery that waits until `due` (a retry, or a push the sender throttled).
  void push_at(delivery d, core::sim_ns due);

  /// The next delivery that may leave at `now`, or nullopt.
  std::optional<delivery> pop(core::sim_ns now);

  /// The earliest due time in the timer heap, or -1 when it is empty.
  core::sim_ns next_due() const;

  /// Hands `d` to a worker; returns its lease number.
  uint64_t lease(delivery d);

  /// Takes back the delivery of `lease`, or nullopt when it is unknown (already returned,
  /// or from before a restart).
  std::optional<delivery> release(uint64_t lease);

  /// Deliveries waiting in the line or the heap.
  std::size_t waiting() const;

  /// Deliveries leased to workers.
  std::size_t leased() const { return leases_.size(); }

  /// Forgets every delivery, waiting or leased (the queue is reloaded from its store); lease
  /// numbers go on from where they were, so no old lease is ever taken for a new one.
  void clear() {
    high_ = {};
    normal_ = {};
    leases_.clear();
  }

 private:
  struct timed {
    core::sim_ns due;
    uint64_t seq;   // ties leave in the order they were pushed
    delivery d;
  };
  struct later {
    bool operator()(const timed& a, const timed& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };
  struct lane {
    std::deque<delivery> first;
    std::priority_queue<timed, std::vector<timed>, later> timers;
  };

  lane& lane_of(const delivery& d) { return d.high ? high_ : normal_; }

  lane high_;
  lane normal_;
  uint64_t next_seq_ = 0;
  uint64_t next_lease_;
  std::unordered_map<uint64_t, delivery> leases_;
};

}  // namespace sdsim::notification
