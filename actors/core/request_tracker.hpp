// A caller's record of its requests in flight: each one ends in exactly one outcome (a reply
// or a timeout), and the per-API statistics see every ending once. Shared by the open-loop
// client and by workloads that call services in reaction to events (a driver's app).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/core/api_stats.hpp"
#include "actors/core/metrics.pb.h"

namespace sdsim::core {

// Request lifecycle, per id:
//
//   sent ──reply──────────────► outcome (ok / error kind)
//     └──expire past timeout──► outcome timeout ──reply──► late reply (counted only)
//   (still sent when collected: outcome timeout, counted in flight at end)
//
// Not thread-safe: owned by one actor.
class request_tracker {
 public:
  struct pending {
    sim_ns scheduled = 0;
    uint32_t api = 0;
  };

  request_tracker(const std::string& design, const std::vector<std::string>& api_names,
                  sim_ns window_start);

  /// Request `id` of `api`, scheduled at `scheduled`, was sent.
  void on_sent(uint64_t id, uint32_t api, sim_ns scheduled);

  /// A reply with `o` came for `id` at `now`: what was pending, or nullopt when it had
  /// already ended (a late reply, counted) or was never sent.
  std::optional<pending> on_reply(uint64_t id, outcome o, sim_ns now);

  /// Ends as timeouts every request scheduled at or before `deadline`, oldest first, calling
  /// `each(id, api)` for each.
  void expire(sim_ns deadline, sim_ns now,
              const std::function<void(uint64_t, uint32_t)>& each = {});

  /// Exports the APIs `used` says to include, ending what is still in flight as timeouts
  /// (counted in flight at end; `each` as in expire()).
  void to_proto(ActorMetrics* out, sim_ns now, const std::function<bool(uint32_t)>& used,
                const std::function<void(uint64_t, uint32_t)>& each = {});

  /// Exports the APIs `used` says to include as they stand, ending nothing: what a live view
  /// reads while the run goes on.
  void peek(ActorMetrics* out, const std::function<bool(uint32_t)>& used) const;

  api_stats& stats(uint32_t api) { return stats_[api]; }
  bool empty() const { return pending_.empty(); }
  std::size_t size() const { return pending_.size(); }

 private:
  std::vector<api_stats> stats_;
  std::unordered_map<uint64_t, pending> pending_;
  std::deque<uint64_t> order_;                         // ids in send order, for timeouts
  std::unordered_map<uint64_t, uint32_t> timed_out_;   // id -> api, until a late reply comes
};

}  // namespace sdsim::core
