// Invariants of the shortener, each a named check:
// (1) every acknowledged, unexpired, undeleted key resolves to its exact URL (in the store);
// (2) no redirect answered ok for a key deleted or expired before it was sent;
// (3) no key acknowledged for two different creates; no redirect returned another URL;
// (4) every shard database passes PRAGMA integrity_check.
// With replicas, (1) and (4) hold for every copy in sync at the end, each on its own; a
// shard none of whose copies in sync answers leaves its mappings unverified, which fails (1).
#include "actors/shortener/shortener_audit.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "actors/core/report_entries.hpp"
#include "actors/shortener/url_table.hpp"

namespace sdsim::shortener {

AuditReply audit_copy(url_table* table, const AuditRequest& req) {
  AuditReply out;
  out.set_intact(table && table->intact());
  if (!table) return out;
  for (const auto& a : req.acked()) {
    out.set_checked(out.checked() + 1);
    // Sim time 0: the stored row regardless of expiry; an expiring link may be swept.
    auto r = table->lookup(a.key(), 0);
    if (r.outcome != core::outcome::ok) {
      if (a.expire_at_ns() == 0) out.set_missing(out.missing() + 1);
    } else if (r.url != a.url()) {
      out.set_wrong(out.wrong() + 1);
    }
  }
  return out;
}

namespace {

// What the clients saw, summed, and the acknowledged undeleted mappings by owning shard.
struct client_view {
  std::map<uint32_t, AuditRequest> owned;
  ShortenerFacts total;
};

client_view read_clients(const audit_input& in) {
  client_view v;
  auto& total = v.total;
  for (const auto& c : in.clients) {
    for (const auto& a : c.acked()) {
      if (a.deleted()) continue;
      const auto& owner = in.ring->owner(a.key());
      *v.owned[static_cast<uint32_t>(std::stoul(owner.substr(6)))].add_acked() = a;
    }
    total.set_redirects_checked(total.redirects_checked() + c.redirects_checked());
    total.set_wrong_url(total.wrong_url() + c.wrong_url());
    total.set_resolved_after_delete(total.resolved_after_delete() + c.resolved_after_delete());
    total.set_resolved_after_expiry(total.resolved_after_expiry() + c.resolved_after_expiry());
    total.set_lost(total.lost() + c.lost());
    total.set_duplicate_keys(total.duplicate_keys() + c.duplicate_keys());
  }
  return v;
}

// What the copies in sync hold of the mappings their shard owns, each in its own table; the
// mappings of a shard none of whose copies in sync answered are not verifiable.
struct store_view {
  uint64_t checked = 0, missing = 0, wrong = 0, broken_dbs = 0, unverified = 0;
  std::size_t audited = 0;
};

store_view audit_stores(const audit_input& in, std::map<uint32_t, AuditRequest>& owned) {
  store_view v;
  std::map<uint32_t, bool> verified;
  for (const auto& copy : in.shards) {
    if (!copy.in_sync()) continue;
    auto reply = in.audit(copy, owned[copy.index()]);
    if (!reply) continue;
    ++v.audited;
    verified[copy.index()] = true;
    v.checked += reply->checked();
    v.missing += reply->missing();
    v.wrong += reply->wrong();
    if (!reply->intact()) ++v.broken_dbs;
  }
  for (const auto& [shard, req] : owned)
    if (!verified[shard]) v.unverified += static_cast<uint64_t>(req.acked_size());
  return v;
}

void add_checks(const audit_input& in, const ShortenerFacts& total, const store_view& v,
                DesignReport* out) {
  auto* checks = out->mutable_checks();
  core::add_check(checks, "every acknowledged mapping resolves to its URL",
        v.missing == 0 && v.wrong == 0 && v.unverified == 0 && total.lost() == 0 &&
            total.wrong_url() == 0,
        fmt::format("{} mappings audited in {} of {} stores: {} missing, {} wrong{}; {} "
                    "redirects checked: {} lost, {} wrong URL",
                    v.checked, v.audited, in.copies, v.missing, v.wrong,
                    v.unverified ? fmt::format(", {} not verifiable (no copy in sync answered)",
                                               v.unverified)
                                 : std::string{},
                    total.redirects_checked(), total.lost(), total.wrong_url()));
  core::add_check(checks, "deleted and expired keys never redirect",
        total.resolved_after_delete() == 0 && total.resolved_after_expiry() == 0,
        fmt::format("{} after delete, {} after expiry", total.resolved_after_delete(),
                    total.resolved_after_expiry()));
  core::add_check(checks, "keys are unique", total.duplicate_keys() == 0,
        fmt::format("{} keys acknowledged twice", total.duplicate_keys()));
  core::add_check(checks, "shard databases intact", v.broken_dbs == 0,
        fmt::format("{} of {} failed integrity_check", v.broken_dbs, v.audited));
}

void add_figures(const audit_input& in, DesignReport* out) {
  uint64_t hits = 0, misses = 0, rows = 0, clicks = 0, swept = 0, expired_read = 0, top = 0;
  uint64_t degraded = 0, caught_up = 0, caught_up_writes = 0;
  std::map<uint32_t, uint64_t> shard_rows;   // a shard's rows: its fullest copy's
  std::vector<std::pair<uint64_t, std::string>> hottest;  // shards own disjoint keys: no overlap
  for (const auto& s : in.shards) {
    for (const auto& h : s.hottest()) hottest.emplace_back(h.clicks(), h.key());
    hits += s.cache_hits();
    misses += s.cache_misses();
    shard_rows[s.index()] = std::max(shard_rows[s.index()], s.rows());
    degraded += s.degraded_writes();
    caught_up += s.caught_up_rows();
    caught_up_writes += s.caught_up_writes();
    clicks += s.clicks();
    swept += s.expired_swept();
    expired_read += s.expired_on_read();
    if (s.hottest_size() > 0) top = std::max<uint64_t>(top, s.hottest(0).clicks());
  }
  for (const auto& [shard, n] : shard_rows) rows += n;
  core::add_figure(out, "cache_hit_ratio",
                   hits + misses ? static_cast<double>(hits) / (hits + misses) : 0);
  core::add_figure(out, "hottest_key_share", clicks ? static_cast<double>(top) / clicks : 0);
  core::add_figure(out, "stored_mappings", static_cast<double>(rows));
  std::sort(hottest.begin(), hottest.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t i = 0; i < std::min<std::size_t>(5, hottest.size()); ++i)
    core::add_figure(out, "clicks[" + hottest[i].second + "]",
                     static_cast<double>(hottest[i].first), "clicks");
  core::add_figure(out, "expired_swept", static_cast<double>(swept));
  core::add_figure(out, "expired_on_read", static_cast<double>(expired_read));
  if (in.replicated) {   // what the copies went through
    core::add_figure(out, "degraded_writes", static_cast<double>(degraded));
    core::add_figure(out, "caught_up_rows", static_cast<double>(caught_up));
    core::add_figure(out, "caught_up_writes", static_cast<double>(caught_up_writes));
    core::add_figure(out, "elections", static_cast<double>(in.group.elections));
    core::add_figure(out, "copies_that_waited", static_cast<double>(in.group.waited));
    core::add_figure(out, "shards_without_primary", static_cast<double>(in.group.leaderless));
  }
}

}  // namespace

void audit(const audit_input& in, DesignReport* out) {
  auto clients = read_clients(in);
  const auto stores = audit_stores(in, clients.owned);
  add_checks(in, clients.total, stores, out);
  add_figures(in, out);
}

}  // namespace sdsim::shortener
