// Items each visited once a period, spread over the period's ticks: a wheel with one slot a
// tick, turned once a tick. A million riders polling every 10 s cost no timer each — adding
// an item and visiting it are a few instructions.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace sdsim::core {

/// Invariant: every item is in exactly one slot, and is visited once each full turn.
/// Not thread-safe: one owner.
template <class T>
class poll_wheel {
 public:
  /// A wheel of `slots` ticks (the period divided by the tick; at least 1).
  explicit poll_wheel(std::size_t slots) : slots_(slots > 0 ? slots : 1) {}

  /// Adds `x`, first visited `after` turns from now (0: on the next turn; taken modulo the
  /// wheel's size).
  void add(T x, std::size_t after) { slots_[(next_ + after) % slots_.size()].push_back(std::move(x)); }

  /// One tick: visits the items of the current slot — `visit(x)` returns false to drop x —
  /// and moves on to the next.
  template <class F>
  void turn(F&& visit) {
    auto& slot = slots_[next_];
    next_ = (next_ + 1) % slots_.size();
    for (std::size_t i = 0; i < slot.size();) {
      if (visit(slot[i])) {
        ++i;
      } else {
        slot[i] = std::move(slot.back());
        slot.pop_back();
      }
    }
  }

  /// The items held.
  std::size_t size() const {
    std::size_t n = 0;
    for (const auto& s : slots_) n += s.size();
    return n;
  }

 private:
  std::vector<std::vector<T>> slots_;
  std::size_t next_ = 0;  // the slot the next turn visits
};

}  // namespace sdsim::core
