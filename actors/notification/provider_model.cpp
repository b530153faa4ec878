#include "actors/notification/provider_model.hpp"

#include "actors/core/hash.hpp"

namespace sdsim::notification {

provider_model::provider_model(const ProviderConfig& config) : config_(config) {
  const double per_s = config.quota_per_minute() / 60.0;
  // A minute's quota, enforced as a rate with one second of burst: the provider smooths
  // rather than letting a whole minute's allowance through in the first instant.
  if (per_s > 0) quota_.emplace(per_s, std::max(1.0, per_s));
}

bool provider_model::token_invalid(std::string_view token) const {
  const double u = static_cast<double>(core::hash64(token) >> 11) * 0x1.0p-53;
  return u < config_.invalid_token_rate();
}

provider_answer provider_model::push(core::sim_ns now, std::string_view token, core::rng& r) {
  provider_answer a;
  if (quota_ && !quota_->try_take(now)) {
    const core::sim_ns wait = quota_->wait_ns(now);
    const core::sim_ns second = core::from_s(1);
    a.outcome = PUSH_THROTTLED;
    a.retry_after = std::max<core::sim_ns>(second, (wait + second - 1) / second * second);
    ++counts_.throttled;
    return a;
  }
  if (token_invalid(token)) {
    a.outcome = PUSH_INVALID_TOKEN;
    ++counts_.invalid_token;
    return a;
  }
  const double fail = config_.failure_rate() + (1 - config_.failure_rate()) * outage_;
  if (fail > 0 && r.uniform() < fail) {
    a.outcome = PUSH_FAILED;
    ++counts_.failed;
    return a;
  }
  a.outcome = PUSH_OK;
  a.delivered = true;
  ++counts_.accepted;
  if (config_.ambiguous_rate() > 0 && r.uniform() < config_.ambiguous_rate()) {
    a.answer_lost = true;
    ++counts_.answers_lost;
  }
  return a;
}

}  // namespace sdsim::notification
