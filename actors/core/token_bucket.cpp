// Token bucket: refill on forward sim time only, take if enough tokens.
#include "actors/core/token_bucket.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sdsim::core {

namespace {

// Refills are sums of products like 0.1 s * 10/s, which may land a hair under 1.0; this much
// shortfall still counts as enough, so whole-token schedules are not refused by rounding.
constexpr double slack_tokens = 1e-9;

}  // namespace

token_bucket::token_bucket(double rate_per_s, double burst)
    : rate_per_s_(rate_per_s), burst_(burst), tokens_(burst) {
  assert(rate_per_s >= 0 && std::isfinite(rate_per_s));
  assert(burst > 0 && std::isfinite(burst));
}

void token_bucket::refill(sim_ns now_ns) {
  if (!started_) {
    started_ = true;
    last_ns_ = now_ns;
    return;
  }
  if (now_ns <= last_ns_) return;  // invariant (2): backward or equal time grants nothing
  // Unsigned difference: exact even when the signed one would overflow.
  const uint64_t dt_ns = static_cast<uint64_t>(now_ns) - static_cast<uint64_t>(last_ns_);
  tokens_ = std::min(burst_, tokens_ + static_cast<double>(dt_ns) * 1e-9 * rate_per_s_);
  last_ns_ = now_ns;
}

bool token_bucket::try_take(sim_ns now_ns, double tokens) {
  assert(tokens >= 0);
  refill(now_ns);
  if (tokens_ + slack_tokens < tokens) return false;
  tokens_ = std::max(0.0, tokens_ - tokens);
  return true;
}

double token_bucket::available(sim_ns now_ns) {
  refill(now_ns);
  return tokens_;
}

sim_ns token_bucket::wait_ns(sim_ns now_ns, double tokens) {
  assert(tokens >= 0);
  refill(now_ns);
  const double deficit = tokens - tokens_;
  if (deficit <= slack_tokens) return 0;
  if (tokens > burst_ + slack_tokens || rate_per_s_ == 0) return -1;
  const double wait_d = std::ceil(deficit / rate_per_s_ * 1e9);
  if (wait_d >= 9e18) return -1;  // beyond any run, and beyond what sim_ns can hold
  const auto wait = static_cast<sim_ns>(wait_d);
  // Waiting counts from the latest time seen, which may be ahead of a stale `now_ns`.
  return wait + std::max<sim_ns>(0, last_ns_ - now_ns);
}

}  // namespace sdsim::core
