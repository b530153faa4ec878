// The shortener's checker: what the workload's replies proved, plus an audit of every shard
// database against every acknowledged mapping at the end of the run.
#pragma once

#include <string>
#include <vector>

#include "actors/core/hash_ring.hpp"
#include "actors/core/report.pb.h"
#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

/// Everything the checker reads. The databases audited are those of the copies that report
/// themselves in sync at the end (`shards`: index, db_path); `copies` is how many there are
/// in all, so the ones not audited (down, or still catching up) are counted.
struct audit_input {
  const core::hash_ring* ring = nullptr;    ///< key → "shard-i"
  std::vector<ShortenerFacts> clients;
  std::vector<ShardFacts> shards;
  std::size_t copies = 0;
  bool replicated = false;                  ///< shards have several copies
};

/// Adds the design's checks and figures to `out`.
void audit(const audit_input& in, DesignReport* out);

}  // namespace sdsim::shortener
