// What one handler of a replicated actor wrote and answered: the rows it touched go to the
// copies as one write, and its answers leave once every copy in sync holds it — so nothing is
// acknowledged that a failover could lose. A lone copy notes no rows and answers at once.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <utility>
#include <vector>

#include "actors/cluster/replica.hpp"
#include "actors/cluster/replicated_tables.hpp"

namespace sdsim::cluster {

/// Not thread-safe: owned by one actor, used inside one handler at a time.
class held_answers {
 public:
  /// `copies`: of the actor's shard. `tables` may be null while the store is not open (then
  /// nothing is replicated and answers leave at once).
  held_answers(replica& r, uint32_t copies) : replica_(r), copies_(copies) {}

  void set_tables(replicated_tables* t) { tables_ = t; }

  /// A row this handler wrote (table index and key, as replicated_tables takes them). The key
  /// is a list on the caller's stack: a lone copy allocates nothing for it.
  void touch(uint32_t table, std::initializer_list<core::sql_param> key) {
    if (copies_ > 1 && tables_) rows_.push_back({table, std::vector<core::sql_param>(key)});
  }

  /// An answer to send once what this handler wrote is on every copy in sync.
  template <class F>
  void answer(F&& send) {
    if (copies_ > 1 && tables_) answers_.emplace_back(std::forward<F>(send));
    else send();
  }

  /// Ends the handler: its rows go to the copies; its answers follow them.
  void flush() {
    if (rows_.empty()) {
      for (auto& a : answers_) a();
      answers_.clear();
      return;
    }
    const auto write = tables_->describe(rows_);
    rows_.clear();
    replica_.commit(write, [answers = std::move(answers_)] {
      for (const auto& a : answers) a();
    });
    answers_.clear();
  }

 private:
  replica& replica_;
  uint32_t copies_;
  replicated_tables* tables_ = nullptr;
  std::vector<touched_row> rows_;
  std::vector<std::function<void()>> answers_;
};

}  // namespace sdsim::cluster
