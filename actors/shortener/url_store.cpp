// SQL for one shard's Users and URLs tables. Every value is a bound parameter; every write
// runs in core::sqlite_store::write_batch, so nothing is acknowledged before COMMIT.
#include "actors/shortener/url_store.hpp"

#include <cassert>

namespace sdsim::shortener {
namespace {

// foreign_keys is per connection and off by default; it is a safety net behind create's
// own user check. The partial index serves the sweep only: never-expiring rows stay out of it.
constexpr const char* schema = R"sql(
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS users (
  user_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT UNIQUE NOT NULL,
  api_key TEXT UNIQUE NOT NULL,
  created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
  short_url_id INTEGER PRIMARY KEY,
  hash TEXT UNIQUE NOT NULL,
  original_url TEXT NOT NULL,
  expiration INTEGER,
  user_id INTEGER REFERENCES users(user_id),
  created_at INTEGER NOT NULL,
  request_id INTEGER UNIQUE,
  deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS urls_by_expiration ON urls(expiration) WHERE expiration IS NOT NULL;
)sql";

core::sql_param optional_param(const std::optional<int64_t>& v) {
  return v ? core::sql_param(*v) : core::sql_param();
}

std::optional<int64_t> optional_column(const core::sql_row& r, int col) {
  if (r.is_null(col)) return std::nullopt;
  return r.integer(col);
}

url_store::create_result failed(const core::status& st) {
  url_store::create_result r;
  r.outcome = url_store::create_outcome::failed;
  r.status = st;
  return r;
}

}  // namespace

core::status url_store::open(const std::string& path, std::unique_ptr<url_store>* out,
                             int busy_timeout_ms) {
  out->reset();
  std::unique_ptr<core::sqlite_store> store;
  const core::status st = core::sqlite_store::open(path, {schema, busy_timeout_ms}, &store);
  if (!st.ok()) return st;
  out->reset(new url_store(std::move(store)));
  return {};
}

url_store::create_result url_store::create(const std::string& hash,
                                           const std::string& original_url,
                                           std::optional<core::sim_ns> expiration,
                                           std::optional<int64_t> user_id,
                                           std::optional<uint64_t> request_id, core::sim_ns now) {
  return create_batch({{hash, original_url, expiration, user_id, request_id}}, now).front();
}

std::vector<url_store::create_result> url_store::create_batch(
    const std::vector<create_request>& requests, core::sim_ns now) {
  std::vector<create_result> results(requests.size());
  if (requests.empty()) return results;
  const core::status st = store_->write_batch([&]() -> core::status {
    for (std::size_t i = 0; i < requests.size(); ++i) {
      // The savepoint keeps an item all-or-nothing without failing its neighbours.
      if (auto s = store_->query("SAVEPOINT create_item"); !s.ok()) return s;
      const core::status s = create_one(requests[i], now, &results[i]);
      // A constraint belongs to this item alone (the statement was undone); full, I/O and
      // busy may have rolled back the whole transaction, so they end the batch.
      if (!s.ok() && s.code() != core::store_code::constraint) return s;
      if (!s.ok()) {
        results[i] = failed(s);
        if (auto r = store_->query("ROLLBACK TO create_item"); !r.ok()) return r;
      }
      if (auto r = store_->query("RELEASE create_item"); !r.ok()) return r;
    }
    return {};
  });
  // Nothing committed: no item may answer created, whatever the body had decided.
  if (!st.ok())
    for (auto& r : results) r = failed(st);
  return results;
}

core::status url_store::create_one(const create_request& req, core::sim_ns now,
                                   create_result* out) {
  assert(!req.hash.empty());
  *out = create_result{};
  // Replay first: a retry may carry a fresh key from the KGS and must still get the first.
  if (req.request_id) {
    bool seen = false;
    auto st = store_->query("SELECT hash, expiration FROM urls WHERE request_id = ?1",
                            {*req.request_id}, [&](const core::sql_row& r) {
                              seen = true;
                              out->hash = std::string(r.text(0));
                              out->expiration = optional_column(r, 1);
                            });
    if (!st.ok()) return st;
    if (seen) {
      out->outcome = create_outcome::replayed;
      return {};
    }
  }
  // Inside BEGIN IMMEDIATE no other connection can write, so these checks stay true until
  // the INSERT; the UNIQUE and foreign-key rules remain the last word.
  bool found = false;
  auto st = store_->query("SELECT 1 FROM urls WHERE hash = ?1", {req.hash},
                          [&](const core::sql_row&) { found = true; });
  if (!st.ok()) return st;
  if (found) {
    out->outcome = create_outcome::collision;
    return {};
  }
  if (req.user_id) {
    bool known = false;
    st = store_->query("SELECT 1 FROM users WHERE user_id = ?1", {*req.user_id},
                       [&](const core::sql_row&) { known = true; });
    if (!st.ok()) return st;
    if (!known) {
      out->outcome = create_outcome::unknown_user;
      return {};
    }
  }
  st = store_->query(
      "INSERT INTO urls (hash, original_url, expiration, user_id, created_at, request_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {req.hash, req.original_url, optional_param(req.expiration), optional_param(req.user_id),
       now, req.request_id ? core::sql_param(*req.request_id) : core::sql_param()});
  if (!st.ok()) return st;
  out->outcome = create_outcome::created;
  out->hash = req.hash;
  out->expiration = req.expiration;
  return {};
}

url_store::lookup_result url_store::lookup(const std::string& hash, core::sim_ns now) {
  lookup_result out;
  out.outcome = lookup_outcome::not_found;
  const core::status st = store_->query(
      "SELECT original_url, expiration, user_id, created_at, deleted FROM urls WHERE hash = ?1",
      {hash}, [&](const core::sql_row& r) {
        if (r.integer(4) != 0) return;  // a tombstone: not_found, as if never created
        const std::optional<int64_t> expiration = optional_column(r, 1);
        // Expired at the instant itself: a key with a 60 s lifetime is gone at exactly 60 s.
        if (expiration && *expiration <= now) {
          out.outcome = lookup_outcome::expired;
          return;
        }
        out.outcome = lookup_outcome::found;
        out.url = {hash, std::string(r.text(0)), expiration, optional_column(r, 2),
                   r.integer(3)};
      });
  if (!st.ok()) {
    out = lookup_result{};
    out.status = st;
  }
  return out;
}

url_store::remove_result url_store::remove(const std::string& hash, int64_t user_id) {
  int64_t changed = 0;
  // `user_id = ?2` is never true for an anonymous (NULL) owner: nobody may delete those.
  const core::status st = store_->write_batch([&] {
    auto s = store_->query("UPDATE urls SET deleted = 1 WHERE hash = ?1 AND user_id = ?2 "
                           "AND deleted = 0",
                           {hash, user_id});
    changed = store_->changes();
    return s;
  });
  if (!st.ok()) return {remove_outcome::failed, st};
  return {changed > 0 ? remove_outcome::removed : remove_outcome::not_found, {}};
}

core::status url_store::sweep_expired(core::sim_ns now, uint32_t limit, uint64_t* removed) {
  *removed = 0;
  if (limit == 0) return {};
  int64_t changed = 0;
  // Earliest first, so a backlog drains in expiry order and the result is deterministic.
  const core::status st = store_->write_batch([&] {
    auto s = store_->query(
        "DELETE FROM urls WHERE short_url_id IN (SELECT short_url_id FROM urls "
        "WHERE expiration <= ?1 ORDER BY expiration, short_url_id LIMIT ?2)",
        {now, limit});
    changed = store_->changes();
    return s;
  });
  if (st.ok()) *removed = static_cast<uint64_t>(changed);
  return st;
}

url_store::add_user_result url_store::add_user(const std::string& name, const std::string& email,
                                               const std::string& api_key, core::sim_ns now) {
  int64_t id = 0;
  const core::status st = store_->write_batch([&] {
    auto s = store_->query(
        "INSERT INTO users (name, email, api_key, created_at) VALUES (?1, ?2, ?3, ?4)",
        {name, email, api_key, now});
    id = store_->last_insert_rowid();
    return s;
  });
  if (st.code() == core::store_code::constraint) return {add_user_outcome::conflict, 0, {}};
  if (!st.ok()) return {add_user_outcome::failed, 0, st};
  return {add_user_outcome::added, id, {}};
}

core::status url_store::user_by_api_key(const std::string& api_key,
                                        std::optional<user_record>* out) {
  out->reset();
  const core::status st = store_->query(
      "SELECT user_id, name, email, api_key, created_at FROM users WHERE api_key = ?1",
      {api_key}, [&](const core::sql_row& r) {
        *out = user_record{r.integer(0), std::string(r.text(1)), std::string(r.text(2)),
                           std::string(r.text(3)), r.integer(4)};
      });
  if (!st.ok()) out->reset();
  return st;
}

core::status url_store::count(uint64_t* rows) {
  *rows = 0;
  return store_->query("SELECT count(*) FROM urls", {}, [&](const core::sql_row& r) {
    *rows = static_cast<uint64_t>(r.integer(0));
  });
}

core::status url_store::set_max_pages(int64_t pages) {
  assert(pages >= 1);
  // A pragma's value cannot be a bound parameter; an integer formatted here is safe to splice.
  return store_->exec("PRAGMA max_page_count = " + std::to_string(pages));
}

core::outcome store_outcome(const core::status& status) {
  switch (status.code()) {
    case core::store_code::ok: return core::outcome::ok;
    case core::store_code::full: return core::outcome::storage_full;
    case core::store_code::busy: return core::outcome::overloaded;
    case core::store_code::constraint: return core::outcome::invalid_argument;
    default: return core::outcome::io_error;
  }
}

}  // namespace sdsim::shortener
