// Authentication, rate limiting and abuse checks, in the order a request meets them.
#include "actors/shortener/gateway_logic.hpp"

#include "actors/shortener/shortener_workload.hpp"

namespace sdsim::shortener {

gateway_logic::gateway_logic(gateway_config cfg)
    : cfg_(std::move(cfg)), policy_(cfg_.policy), buckets_(cfg_.buckets) {
  for (uint32_t u = 0; u < cfg_.users; ++u) users_.emplace(api_key_for(cfg_.seed, u), u);
}

std::optional<uint32_t> gateway_logic::authenticate(const std::string& api_key) const {
  auto it = users_.find(api_key);
  if (it == users_.end()) return std::nullopt;
  return it->second;
}

bool gateway_logic::admit(uint32_t user, core::sim_ns now) {
  auto* bucket = buckets_.get(user);
  if (!bucket) {
    buckets_.put(user, core::token_bucket{cfg_.rate_limit_per_s, cfg_.rate_limit_burst});
    bucket = buckets_.get(user);
  }
  return bucket->try_take(now);
}

core::outcome gateway_logic::check_create(const CreateUrlRequest& req, core::sim_ns now,
                                          uint32_t* user) {
  auto u = authenticate(req.api_key());
  if (!u) return core::outcome::unauthenticated;
  if (!admit(*u, now)) return core::outcome::rate_limited;
  if (!(req.expire_after_s() >= 0) || req.expire_after_s() > 10 * 365 * 86400.0)
    return core::outcome::invalid_argument;
  const auto verdict = policy_.check_url(req.original_url());
  if (!verdict.ok()) {
    ++refused_urls_;
    return to_outcome(verdict.verdict);
  }
  if (!req.custom_alias().empty() && !policy_.check_alias(req.custom_alias()).ok())
    return core::outcome::invalid_argument;
  *user = *u;
  return core::outcome::ok;
}

core::outcome gateway_logic::check_delete(const DeleteUrlRequest& req, core::sim_ns now,
                                          uint32_t* user) {
  auto u = authenticate(req.api_key());
  if (!u) return core::outcome::unauthenticated;
  if (!admit(*u, now)) return core::outcome::rate_limited;
  *user = *u;
  return core::outcome::ok;
}

}  // namespace sdsim::shortener
