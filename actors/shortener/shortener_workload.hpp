// The shortener's client side: what each create, redirect and delete carries (Zipf-popular
// keys, a viral key, expiring links, hostile URLs, bad API keys), and what the replies prove.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "actors/core/workload.hpp"
#include "actors/core/zipf.hpp"
#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

/// Short names of the APIs (ShortenerApi in shortener.proto orders them).
constexpr uint32_t create_api = SHORTENER_API_CREATE_URL;
constexpr uint32_t redirect_api = SHORTENER_API_REDIRECT;
constexpr uint32_t delete_api = SHORTENER_API_DELETE_URL;

/// The API key of user `user` in a run with `seed` (deterministic: the users table and the
/// workload derive the same keys).
std::string api_key_for(uint64_t seed, uint32_t user);

/// The `i`-th mapping created before traffic starts: its key and URL.
std::string preload_key(uint32_t i);
std::string preload_url(uint32_t i);

/// URLs the abuse checks must refuse, one per kind of attack.
const std::vector<std::string>& hostile_urls();

/// Parameters the workload draws from.
struct workload_params {
  uint64_t seed = 0;
  uint32_t users = 1000;
  uint32_t gateways = 1;
  uint32_t preload = 0;
  double zipf_s = 1.0;
  double expiring_fraction = 0;
  double expire_after_s = 60;
  double hostile_fraction = 0;
  double bad_key_fraction = 0;
  double viral_share = 0;
};

/// Invariants: `keys_` holds every acknowledged key once, in acknowledgement order (rank 1 =
/// the oldest = the most popular); `index_` maps each key to its place there.
/// Not thread-safe: owned by one client actor.
class shortener_workload : public core::workload {
 public:
  explicit shortener_workload(workload_params p);

  uint32_t prepare(core::request_envelope& env, core::rng& r) override;
  void on_outcome(uint64_t id, uint32_t api, core::outcome o, const std::string& reply) override;
  std::string extra() const override;

  /// What the replies proved so far.
  const ShortenerFacts& facts() const { return facts_; }

 private:
  struct key_state {
    std::string key, url;
    uint32_t owner = 0;
    int64_t expire_at_ns = 0;
    bool delete_issued = false;
    bool deleted = false;  // the delete was acknowledged
  };
  struct pending {
    uint32_t api = 0;
    std::size_t key = 0;       // redirect/delete: index into keys_
    bool deleted_before = false;
    int64_t scheduled = 0;
    std::string url;           // create: what was asked for
  };

  void prepare_create(core::request_envelope& env, core::rng& r, pending& p);
  void prepare_redirect(core::request_envelope& env, core::rng& r, pending& p);
  void prepare_delete(core::request_envelope& env, core::rng& r, pending& p);
  void acknowledge(const std::string& key, const std::string& url, uint32_t owner,
                   int64_t expire_at_ns);

  workload_params p_;
  core::zipf_sampler zipf_;
  std::vector<key_state> keys_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<uint64_t, pending> pending_;
  std::unordered_map<uint64_t, uint32_t> create_owner_;
  ShortenerFacts facts_;
};

}  // namespace sdsim::shortener
