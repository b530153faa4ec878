// The shortener's checker: what the workload's replies proved, plus an audit of every shard
// database against every acknowledged mapping at the end of the run.
#pragma once

#include <string>
#include <vector>

#include "actors/core/hash_ring.hpp"
#include "actors/core/report.pb.h"
#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

/// Everything the checker reads.
struct audit_input {
  std::vector<std::string> db_paths;        ///< shard i's database
  const core::hash_ring* ring = nullptr;    ///< key → "shard-i"
  std::vector<ShortenerFacts> clients;
  std::vector<ShardFacts> shards;
};

/// Adds the design's checks and figures to `out`.
void audit(const audit_input& in, DesignReport* out);

}  // namespace sdsim::shortener
