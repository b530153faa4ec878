// Request generation and reply checking for the shortener.
#include "actors/shortener/shortener_workload.hpp"

#include "actors/core/hash.hpp"

namespace sdsim::shortener {

using core::outcome;

std::string api_key_for(uint64_t seed, uint32_t user) {
  return "k" + std::to_string(core::hash_combine(seed, user) % 1'000'000'007ULL) + "-" +
         std::to_string(user);
}

std::string preload_key(uint32_t i) { return "pre-" + std::to_string(i); }

std::string preload_url(uint32_t i) {
  return "https://site" + std::to_string(i % 997) + ".example.com/preloaded/" + std::to_string(i);
}

const std::vector<std::string>& hostile_urls() {
  static const std::vector<std::string> urls = {
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      " https://example.com/leading-space",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "http://127.0.0.1/admin",
      "http://169.254.169.254/latest/meta-data/",
      "http://user:pass@example.com/",
      "https://example.com/%0d%0aSet-Cookie:x=1",
      "https://example.com/" + std::string(2100, 'a'),
      "'); DROP TABLE urls;--",
  };
  return urls;
}

shortener_workload::shortener_workload(workload_params p) : p_(p), zipf_(p.zipf_s) {
  for (uint32_t i = 0; i < p_.preload; ++i)
    acknowledge(preload_key(i), preload_url(i), i % std::max(1u, p_.users), 0);
}

void shortener_workload::acknowledge(const std::string& key, const std::string& url,
                                     uint32_t owner, int64_t expire_at_ns) {
  if (index_.count(key)) {
    facts_.set_duplicate_keys(facts_.duplicate_keys() + 1);
    return;
  }
  index_.emplace(key, keys_.size());
  keys_.push_back(key_state{key, url, owner, expire_at_ns, false, false});
}

uint32_t shortener_workload::prepare(core::request_envelope& env, core::rng& r) {
  pending p;
  p.api = env.api;
  p.scheduled = env.scheduled;
  switch (env.api) {
    case create_api: prepare_create(env, r, p); break;
    case redirect_api: prepare_redirect(env, r, p); break;
    default: prepare_delete(env, r, p); break;
  }
  pending_.emplace(env.id, std::move(p));
  return p_.gateways <= 1 ? 0 : static_cast<uint32_t>(r.below(p_.gateways));
}

void shortener_workload::prepare_create(core::request_envelope& env, core::rng& r, pending& p) {
  CreateUrlRequest req;
  const auto user = static_cast<uint32_t>(r.below(std::max(1u, p_.users)));
  req.set_api_key(r.uniform() < p_.bad_key_fraction ? "not-a-key-" + std::to_string(env.id)
                                                    : api_key_for(p_.seed, user));
  if (r.uniform() < p_.hostile_fraction) {
    const auto& h = hostile_urls();
    req.set_original_url(h[r.below(h.size())]);
  } else {
    req.set_original_url("https://site" + std::to_string(r.below(997)) + ".example.com/a/" +
                         std::to_string(env.id));
  }
  if (r.uniform() < p_.expiring_fraction) req.set_expire_after_s(p_.expire_after_s);
  p.url = req.original_url();
  create_owner_.emplace(env.id, user);
  env.payload = req.SerializeAsString();
}

void shortener_workload::prepare_redirect(core::request_envelope& env, core::rng& r,
                                          pending& p) {
  RedirectRequest req;
  if (keys_.empty()) {
    req.set_short_key("none-yet");
    p.key = SIZE_MAX;
  } else {
    const bool viral = p_.viral_share > 0 && r.uniform() < p_.viral_share;
    p.key = viral ? 0 : static_cast<std::size_t>(zipf_.sample(r, keys_.size()) - 1);
    req.set_short_key(keys_[p.key].key);
    p.deleted_before = keys_[p.key].deleted;
  }
  env.payload = req.SerializeAsString();
}

void shortener_workload::prepare_delete(core::request_envelope& env, core::rng& r, pending& p) {
  DeleteUrlRequest req;
  if (keys_.empty()) {
    req.set_api_key(api_key_for(p_.seed, 0));
    req.set_short_key("none-yet");
    p.key = SIZE_MAX;
  } else {
    // Never the viral key or the head of the popularity curve: deleting those would empty
    // the redirect traffic the scenario is about.
    const std::size_t keep = std::min<std::size_t>(keys_.size() - 1, 100);
    p.key = keep + static_cast<std::size_t>(r.below(keys_.size() - keep));
    auto& k = keys_[p.key];
    k.delete_issued = true;
    req.set_api_key(r.uniform() < p_.bad_key_fraction ? "not-a-key"
                                                      : api_key_for(p_.seed, k.owner));
    req.set_short_key(k.key);
  }
  env.payload = req.SerializeAsString();
}

void shortener_workload::on_outcome(uint64_t id, uint32_t api, outcome o,
                                    const std::string& reply) {
  auto it = pending_.find(id);
  if (it == pending_.end()) return;
  const pending p = std::move(it->second);
  pending_.erase(it);
  if (api == create_api) {
    const uint32_t owner = create_owner_[id];
    create_owner_.erase(id);
    CreateUrlReply rep;
    if (o == outcome::ok && rep.ParseFromString(reply))
      acknowledge(rep.short_key(), p.url, owner, rep.expire_at_ns());
    return;
  }
  if (p.key == SIZE_MAX) return;
  auto& k = keys_[p.key];
  if (api == delete_api) {
    if (o == outcome::ok) k.deleted = true;
    return;
  }
  // A redirect: what came back must agree with what was acknowledged.
  RedirectReply rep;
  if (o == outcome::ok && rep.ParseFromString(reply)) {
    facts_.set_redirects_checked(facts_.redirects_checked() + 1);
    if (rep.original_url() != k.url) facts_.set_wrong_url(facts_.wrong_url() + 1);
    if (p.deleted_before) facts_.set_resolved_after_delete(facts_.resolved_after_delete() + 1);
    if (k.expire_at_ns != 0 && p.scheduled > k.expire_at_ns)
      facts_.set_resolved_after_expiry(facts_.resolved_after_expiry() + 1);
  } else if (o == outcome::not_found && k.expire_at_ns == 0 && !k.delete_issued) {
    facts_.set_lost(facts_.lost() + 1);
  }
}

std::string shortener_workload::extra() const {
  ShortenerExtra x;
  ShortenerFacts& out = *x.mutable_client();
  out = facts_;
  for (const auto& k : keys_) {
    auto* a = out.add_acked();
    a->set_key(k.key);
    a->set_url(k.url);
    a->set_expire_at_ns(k.expire_at_ns);
    a->set_deleted(k.deleted || k.delete_issued);
  }
  return x.SerializeAsString();
}

}  // namespace sdsim::shortener
