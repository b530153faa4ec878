// The API gateway's decisions, without an actor: who is calling (API key → user), whether they
// may (a token bucket per key, memory bounded by an LRU), and whether the request is
// acceptable (the abuse checks) — each refusal a definite error kind.
#pragma once

#include <string>
#include <unordered_map>

#include "actors/core/error_kind.hpp"
#include "actors/core/lru_cache.hpp"
#include "actors/core/token_bucket.hpp"
#include "actors/shortener/shortener.pb.h"
#include "actors/shortener/url_policy.hpp"

namespace sdsim::shortener {

/// What the gateway is configured with.
struct gateway_config {
  uint64_t seed = 0;
  uint32_t users = 1000;
  double rate_limit_per_s = 5;
  double rate_limit_burst = 20;
  std::size_t buckets = 100'000;  ///< token buckets kept (least recently used dropped)
  url_policy_config policy;
};

/// Invariants: (1) a user's bucket exists only while in the LRU: a dropped bucket comes back
/// full, which costs at most one burst per eviction. Not thread-safe: one gateway actor.
class gateway_logic {
 public:
  explicit gateway_logic(gateway_config cfg);

  /// The user behind `api_key`, or nullopt (unauthenticated).
  std::optional<uint32_t> authenticate(const std::string& api_key) const;

  /// Takes a token for `user` at `now`; false when over the rate (rate_limited).
  bool admit(uint32_t user, core::sim_ns now);

  /// Everything a create must pass before a key is made: ok, or the definite error. Fills
  /// `user` on success.
  core::outcome check_create(const CreateUrlRequest& req, core::sim_ns now, uint32_t* user);

  /// Same for a delete.
  core::outcome check_delete(const DeleteUrlRequest& req, core::sim_ns now, uint32_t* user);

  /// Requests refused by the abuse checks, by reason kind (for the report).
  uint64_t refused_urls() const { return refused_urls_; }

 private:
  gateway_config cfg_;
  url_policy policy_;
  std::unordered_map<std::string, uint32_t> users_;
  core::lru_cache<uint32_t, core::token_bucket> buckets_;
  uint64_t refused_urls_ = 0;
};

}  // namespace sdsim::shortener
