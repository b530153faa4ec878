// The traffic of other designs' events as notify calls, plus users changing preferences and
// registering devices; and what the replies acknowledged, for the checker.
#pragma once

#include <string>
#include <vector>

#include "actors/core/workload.hpp"
#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

struct workload_params {
  uint64_t seed = 0;
  uint32_t users = 100'000;
  uint32_t gateways = 1;
  double duplicate_share = 0;       ///< notifies that repeat a recent (user, dedup_key)
  double high_priority_share = 0;   ///< ride updates; the rest are chat messages and promos
  double ios_share = 0.3;           ///< of newly registered devices
};

/// Not thread-safe: owned by one client actor.
class notification_workload : public core::workload {
 public:
  explicit notification_workload(workload_params p) : p_(p) {}

  uint32_t prepare(core::request_envelope& env, core::rng& r) override;
  void on_outcome(uint64_t id, uint32_t api, core::outcome o, const std::string& reply) override;
  std::string extra() const override;

  const NotifyFacts& facts() const { return facts_; }

 private:
  void prepare_notify(core::request_envelope& env, core::rng& r);

  workload_params p_;
  std::vector<NotifyRequest> recent_;   // a ring of recent notifies, for repeats
  std::size_t recent_next_ = 0;
  NotifyFacts facts_;
};

}  // namespace sdsim::notification
