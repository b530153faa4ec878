// The notification service's checker: reads every queue shard's database at the end of a run
// and holds it against what clients were told and what devices displayed.
#pragma once

#include <string>
#include <vector>

#include "actors/core/report.pb.h"
#include "actors/notification/backoff_schedule.hpp"
#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

struct audit_input {
  std::vector<std::string> db_paths;          ///< shard i's database
  std::vector<NotifyFacts> clients;
  std::vector<QueueFacts> queues;             ///< one per shard actor that reported
  std::vector<WorkerFacts> workers;
  std::vector<ProviderFacts> providers;
  const backoff_schedule* backoff = nullptr;
};

/// Adds the checks and figures to `out`.
void audit(const audit_input& in, DesignReport* out);

}  // namespace sdsim::notification
