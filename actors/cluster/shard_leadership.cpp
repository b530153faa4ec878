// The election rule: only a copy that holds every acknowledged write may lead. A down copy
// stays in the in-sync set until the primary shrinks it out (it still holds every write
// acknowledged so far), so when the primary dies too the shard waits for a copy that
// really holds everything instead of promoting one that missed writes.
#include "actors/cluster/shard_leadership.hpp"

#include <cassert>

namespace sdsim::cluster {

shard_leadership::shard_leadership(uint32_t copies) : copies_(copies) {
  assert(copies > 0);
}

std::optional<uint32_t> shard_leadership::primary() const {
  if (primary_ == none) return std::nullopt;
  return primary_;
}

shard_leadership::change shard_leadership::down(uint32_t copy) {
  auto& c = copies_.at(copy);
  if (!c.live) return {};
  c.live = false;
  if (primary_ != copy) return {};
  primary_ = none;
  return elect_after(copy);
}

shard_leadership::change shard_leadership::up(uint32_t copy) {
  auto& c = copies_.at(copy);
  if (c.live) return {};
  c.live = true;
  if (primary_ != none) {
    // Whatever it held, it catches up from the primary (it may have missed writes, or hold
    // some its primary never acknowledged).
    c.in_sync = false;
    return {false, {copy}};
  }
  if (!c.in_sync) {
    ++waited_;
    return {};
  }
  return elect_after(copy == 0 ? copies() - 1 : copy - 1);
}

// The next live in-sync copy after `copy` leads; the in-sync set becomes it alone. A live copy
// that was in sync may hold writes of the old primary the new one lacks, so it catches up; a
// down one will miss what the new primary acknowledges without it.
shard_leadership::change shard_leadership::elect_after(uint32_t copy) {
  const uint32_t n = copies();
  for (uint32_t k = 1; k <= n; ++k) {
    const uint32_t next = (copy + k) % n;
    if (!copies_[next].live || !copies_[next].in_sync) continue;
    primary_ = next;
    ++epoch_;
    for (uint32_t i = 0; i < n; ++i)
      if (i != next) copies_[i].in_sync = false;
    return {true, out_of_sync_live()};
  }
  return {};   // no live copy holds everything: wait for one that does
}

std::vector<uint32_t> shard_leadership::out_of_sync_live() const {
  std::vector<uint32_t> out;
  for (uint32_t i = 0; i < copies(); ++i)
    if (copies_[i].live && !copies_[i].in_sync) out.push_back(i);
  return out;
}

bool shard_leadership::shrink(uint64_t epoch, uint32_t copy) {
  if (epoch != epoch_ || primary_ == none || copy == primary_) return false;
  copies_.at(copy).in_sync = false;
  return true;
}

bool shard_leadership::grow(uint64_t epoch, uint32_t copy) {
  if (epoch != epoch_ || primary_ == none || !copies_.at(copy).live) return false;
  copies_[copy].in_sync = true;
  return true;
}

}  // namespace sdsim::cluster
