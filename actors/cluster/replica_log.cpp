// A bounded log: the suffix a returning copy needs is a slice of it, found by sequence.
#include "actors/cluster/replica_log.hpp"

#include <cassert>

namespace sdsim::cluster {

replica_log::replica_log(std::size_t capacity, std::optional<log_position> base)
    : capacity_(capacity) {
  reset(base);
}

log_position replica_log::last() const { return last_; }

void replica_log::append(log_position at, std::string write) {
  assert(at.seq == last_.seq + 1);
  last_ = at;
  entries_.push_back({at, std::move(write)});
  if (entries_.size() <= capacity_) return;
  if (base_) base_ = entries_.front().at;
  entries_.pop_front();
}

std::optional<std::vector<log_entry>> replica_log::after(log_position from) const {
  if (!base_ || from.seq < base_->seq || from.seq > last_.seq) return std::nullopt;
  const std::size_t k = from.seq - base_->seq;   // entries at or before `from`
  const log_position held = k == 0 ? *base_ : entries_[k - 1].at;
  if (!(held == from)) return std::nullopt;    // it holds writes this history does not
  return std::vector<log_entry>(entries_.begin() + static_cast<std::ptrdiff_t>(k),
                                entries_.end());
}

void replica_log::reset(std::optional<log_position> at) {
  entries_.clear();
  base_ = at;
  // An unknown history still numbers on from where a snapshot would: seq 0 of no epoch.
  last_ = at.value_or(log_position{});
}

}  // namespace sdsim::cluster
