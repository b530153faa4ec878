// SQL for the shard's tables; every value goes through bound parameters.
#include "actors/shortener/url_table.hpp"

#include "actors/shortener/shortener_workload.hpp"

namespace sdsim::shortener {
namespace {

constexpr const char* schema = R"sql(
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
  request_id INTEGER UNIQUE);
CREATE INDEX IF NOT EXISTS urls_expiration ON urls(expiration) WHERE expiration IS NOT NULL;
CREATE TABLE IF NOT EXISTS replica_position (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL);
)sql";

}  // namespace

std::unique_ptr<url_table> url_table::open(const std::string& path, std::string* error) {
  auto s = core::sqlite_store::open(path, schema, error);
  return s ? std::unique_ptr<url_table>(new url_table(std::move(s))) : nullptr;
}

core::status url_table::add_users(uint32_t count, uint64_t seed, core::sim_ns now) {
  return store_->write_batch([&]() -> core::status {
    for (uint32_t u = 0; u < count; ++u) {
      const std::string name = "user " + std::to_string(u);
      const std::string email = "user" + std::to_string(u) + "@example.com";
      auto st = store_->query(
          "INSERT OR IGNORE INTO users (user_id, name, email, api_key, created_at) "
          "VALUES (?, ?, ?, ?, ?)",
          {u, name, email, api_key_for(seed, u), now});
      if (!st.ok()) return st;
    }
    return core::status{};
  });
}

core::status url_table::preload(const std::vector<uint32_t>& numbers, uint32_t users,
                                core::sim_ns now) {
  return store_->write_batch([&]() -> core::status {
    for (uint32_t i : numbers) {
      auto st = store_->query(
          "INSERT OR IGNORE INTO urls (hash, original_url, user_id, created_at) VALUES (?,?,?,?)",
          {preload_key(i), preload_url(i), i % std::max(1u, users), now});
      if (!st.ok()) return st;
    }
    return core::status{};
  });
}

create_result url_table::create(const std::string& key, const std::string& url,
                                int64_t expire_at_ns, uint64_t user_id, uint64_t request_id,
                                core::sim_ns now) {
  create_result out;
  // A retry of a request already stored gets the same answer, and stores nothing new.
  if (request_id != 0) {
    auto st = store_->query("SELECT hash, coalesce(expiration, 0) FROM urls WHERE request_id = ?",
                            {static_cast<int64_t>(request_id)}, [&](const core::sql_row& r) {
                              out.key = std::string(r.text(0));
                              out.expire_at_ns = r.integer(1);
                            });
    if (!st.ok()) return {core::outcome_of(st), false, {}, 0};
    if (!out.key.empty()) return out;
  }
  bool taken = false;
  auto st = store_->query("SELECT 1 FROM urls WHERE hash = ?", {key},
                          [&](const core::sql_row&) { taken = true; });
  if (!st.ok()) return {core::outcome_of(st), false, {}, 0};
  if (taken) return {core::outcome::ok, true, {}, 0};
  st = store_->write_batch([&] {
    return store_->query(
        "INSERT INTO urls (hash, original_url, expiration, user_id, created_at, request_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {key, url, expire_at_ns == 0 ? core::sql_param{} : core::sql_param{expire_at_ns},
         static_cast<int64_t>(user_id), now,
         request_id == 0 ? core::sql_param{} : core::sql_param{static_cast<int64_t>(request_id)}});
  });
  if (!st.ok()) return {core::outcome_of(st), false, {}, 0};
  return {core::outcome::ok, false, key, expire_at_ns};
}

lookup_result url_table::lookup(const std::string& key, core::sim_ns now) {
  lookup_result out{core::outcome::not_found, {}, 0};
  auto st = store_->query(
      "SELECT original_url, coalesce(expiration, 0) FROM urls WHERE hash = ?", {key},
      [&](const core::sql_row& r) {
        const int64_t expiration = r.integer(1);
        if (expiration != 0 && expiration <= now) {
          out.outcome = core::outcome::expired;
          return;
        }
        out.outcome = core::outcome::ok;
        out.url = std::string(r.text(0));
        out.expire_at_ns = expiration;
      });
  if (!st.ok()) return {core::outcome_of(st), {}, 0};
  return out;
}

core::outcome url_table::remove(const std::string& key, uint64_t user_id) {
  auto st = store_->write_batch([&] {
    return store_->query("DELETE FROM urls WHERE hash = ? AND user_id = ?",
                         {key, static_cast<int64_t>(user_id)});
  });
  if (!st.ok()) return core::outcome_of(st);
  return store_->changes() > 0 ? core::outcome::ok : core::outcome::not_found;
}

uint64_t url_table::sweep_expired(core::sim_ns now, uint32_t limit) {
  uint64_t removed = 0;
  store_->write_batch([&] {
    auto st = store_->query(
        "DELETE FROM urls WHERE short_url_id IN (SELECT short_url_id FROM urls "
        "WHERE expiration IS NOT NULL AND expiration <= ? LIMIT ?)",
        {now, static_cast<int64_t>(limit)});
    removed = st.ok() ? static_cast<uint64_t>(store_->changes()) : 0;
    return st;
  });
  return removed;
}

uint64_t url_table::rows() {
  uint64_t n = 0;
  store_->query("SELECT count(*) FROM urls", {},
                [&](const core::sql_row& r) { n = static_cast<uint64_t>(r.integer(0)); });
  return n;
}

namespace {

core::sql_param or_null(int64_t x) { return x == 0 ? core::sql_param{} : core::sql_param{x}; }

core::status insert_row(core::sqlite_store& store, const UrlRow& r) {
  return store.query(
      "INSERT OR REPLACE INTO urls (hash, original_url, expiration, user_id, created_at, "
      "request_id) VALUES (?, ?, ?, ?, ?, ?)",
      {r.key(), r.original_url(), or_null(r.expire_at_ns()), static_cast<int64_t>(r.user_id()),
       r.created_at_ns(), or_null(static_cast<int64_t>(r.request_id()))});
}

}  // namespace

core::status url_table::save_position(const std::optional<write_position>& at) {
  if (!at) return store_->query("DELETE FROM replica_position");
  return store_->query("INSERT OR REPLACE INTO replica_position (id, epoch, seq) VALUES (0, ?, ?)",
                       {static_cast<int64_t>(at->epoch), static_cast<int64_t>(at->seq)});
}

core::status url_table::put(const UrlRow& row, const std::optional<write_position>& at) {
  return store_->write_batch([&] {
    auto st = insert_row(*store_, row);
    return st.ok() ? save_position(at) : st;
  });
}

core::status url_table::erase(const std::string& key, const std::optional<write_position>& at) {
  return store_->write_batch([&] {
    auto st = store_->query("DELETE FROM urls WHERE hash = ?", {key});
    return st.ok() ? save_position(at) : st;
  });
}

std::optional<write_position> url_table::position() {
  std::optional<write_position> out;
  store_->query("SELECT epoch, seq FROM replica_position WHERE id = 0", {},
                [&](const core::sql_row& r) {
                  out = write_position{static_cast<uint64_t>(r.integer(0)),
                                       static_cast<uint64_t>(r.integer(1))};
                });
  return out;
}

core::status url_table::forget_position() {
  return store_->write_batch([&] { return save_position(std::nullopt); });
}

std::vector<UrlRow> url_table::scan(int64_t* cursor, uint32_t limit) {
  std::vector<UrlRow> out;
  store_->query(
      "SELECT short_url_id, hash, original_url, coalesce(expiration, 0), user_id, created_at, "
      "coalesce(request_id, 0) FROM urls WHERE short_url_id > ? ORDER BY short_url_id LIMIT ?",
      {*cursor, static_cast<int64_t>(limit)}, [&](const core::sql_row& r) {
        *cursor = r.integer(0);
        UrlRow row;
        row.set_key(std::string(r.text(1)));
        row.set_original_url(std::string(r.text(2)));
        row.set_expire_at_ns(r.integer(3));
        row.set_user_id(static_cast<uint64_t>(r.integer(4)));
        row.set_created_at_ns(r.integer(5));
        row.set_request_id(static_cast<uint64_t>(r.integer(6)));
        out.push_back(std::move(row));
      });
  return out;
}

core::status url_table::restore(const std::vector<UrlRow>& rows, bool first,
                                const std::optional<write_position>& last_at) {
  return store_->write_batch([&]() -> core::status {
    if (first) {
      auto st = store_->query("DELETE FROM urls");
      if (!st.ok()) return st;
    }
    for (const auto& r : rows) {
      auto st = insert_row(*store_, r);
      if (!st.ok()) return st;
    }
    // Part of a copy is no known history: the position comes with the last part only.
    return save_position(last_at);
  });
}

}  // namespace sdsim::shortener
