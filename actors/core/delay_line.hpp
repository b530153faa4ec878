// A delay line: work due at sim times, released in time order. An actor keeps one and arms a
// single timer for its earliest entry, so timers per second stay bounded however many
// requests are in flight (CAF's timer thread tops out at a few hundred thousand a second).
#pragma once

#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

/// Invariants: entries leave in (due, insertion) order, so equal due times keep FIFO order and
/// runs replay exactly. Not thread-safe: owned by one actor.
class delay_line {
 public:
  /// Adds `fn`, due at `due`.
  void add(sim_ns due, std::function<void()> fn);

  /// True when an entry is due at or before `now`.
  bool has_due(sim_ns now) const { return !heap_.empty() && heap_.top().due <= now; }

  /// Removes and returns the earliest entry's work; precondition: not empty.
  std::function<void()> pop(sim_ns* due);

  /// The earliest due time; precondition: not empty.
  sim_ns next_due() const { return heap_.top().due; }

  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  struct entry {
    sim_ns due;
    uint64_t seq;
    std::function<void()> fn;
  };
  struct later {
    bool operator()(const entry& a, const entry& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };
  std::priority_queue<entry, std::vector<entry>, later> heap_;
  uint64_t seq_ = 0;
};

}  // namespace sdsim::core
