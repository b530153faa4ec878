// A push provider (FCM, APNS) as the sender sees it: a per-project quota answered with a
// throttle and a retry-after when exceeded, transient failures, tokens it no longer knows,
// and answers lost on the way back (the push went through, the sender cannot know).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "actors/core/rng.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/core/token_bucket.hpp"
#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

/// The answer to one push.
struct provider_answer {
  PushOutcome outcome = PUSH_OK;
  core::sim_ns retry_after = 0;   ///< throttled: how long to wait, whole seconds as in HTTP
  bool delivered = false;         ///< the device got it (ok, or ok with the answer lost)
  bool answer_lost = false;       ///< the sender will see no answer
};

/// Counters of what the provider answered.
struct provider_counts {
  uint64_t accepted = 0, failed = 0, throttled = 0, invalid_token = 0, answers_lost = 0;
};

/// Not thread-safe: owned by one provider actor.
class provider_model {
 public:
  /// `config` is validated (rates within [0, 1], quota >= 0).
  explicit provider_model(const ProviderConfig& config);

  /// Decides the fate of a push of `token` at `now`, in this order: quota (429), unknown
  /// token (permanent), transient failure, then success, whose answer may be lost.
  provider_answer push(core::sim_ns now, std::string_view token, core::rng& r);

  /// An outage: every push fails with this probability on top of the modeled rate
  /// (0 ends it).
  void set_outage(double failure_rate) { outage_ = failure_rate; }

  /// True for a token this provider rejects as unregistered: a fixed share of all tokens,
  /// decided by the token alone so that every retry gets the same answer.
  bool token_invalid(std::string_view token) const;

  const provider_counts& counts() const { return counts_; }

 private:
  ProviderConfig config_;
  std::optional<core::token_bucket> quota_;
  double outage_ = 0;
  provider_counts counts_;
};

}  // namespace sdsim::notification
