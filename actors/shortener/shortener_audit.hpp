// The shortener's checker: what the workload's replies proved, plus an audit of every shard
// database against every acknowledged mapping at the end of the run.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/shard_group.hpp"
#include "actors/core/hash_ring.hpp"
#include "actors/core/report.pb.h"
#include "actors/shortener/shortener.pb.h"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {

/// Checks one copy's table against the acknowledged mappings its shard owns (`table`
/// nullptr: it cannot be opened). Runs where the table is: in the copy's own process.
AuditReply audit_copy(url_table* table, const AuditRequest& req);

/// Everything the checker reads. The copies audited are those that report themselves in sync
/// at the end (`shards`: index, replica); `copies` is how many there are in all, so the ones
/// not audited (down, or still catching up) are counted.
struct audit_input {
  const core::hash_ring* ring = nullptr;    ///< key → "shard-i"
  std::vector<ShortenerFacts> clients;
  std::vector<ShardFacts> shards;
  std::size_t copies = 0;
  bool replicated = false;                  ///< shards have several copies
  cluster::group_figures group;             ///< what the shards' group went through
  /// Audits copy `replica` of shard `index` against `req`; nullopt when it does not answer.
  std::function<std::optional<AuditReply>(const ShardFacts& copy, const AuditRequest& req)>
      audit;
};

/// Adds the design's checks and figures to `out`.
void audit(const audit_input& in, DesignReport* out);

}  // namespace sdsim::shortener
