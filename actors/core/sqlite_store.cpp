// SQLite store: open with WAL, run bound statements from a cache, batch writes in BEGIN
// IMMEDIATE ... COMMIT, and turn result codes into `status`.
#include "actors/core/sqlite_store.hpp"

#include <atomic>

#include <sqlite3.h>

namespace sdsim::core {

namespace {

// Every store's statements, for statements_run(): relaxed, as the count orders nothing.
std::atomic<uint64_t> statements{0};

store_code code_of(int rc) {
  switch (rc & 0xff) {  // primary code: SQLITE_IOERR_WRITE and friends are SQLITE_IOERR
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return store_code::ok;
    case SQLITE_FULL: return store_code::full;
    case SQLITE_IOERR: return store_code::io_error;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return store_code::busy;
    case SQLITE_CONSTRAINT: return store_code::constraint;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return store_code::corrupt;
    default: return store_code::other;
  }
}

// A statement borrowed for one call: a cached one goes back reset with its bindings cleared
// (invariant (2)), so no bound view outlives the call; an uncached one is finalized.
struct stmt_lease {
  sqlite3_stmt* stmt;
  bool cached;
  ~stmt_lease() {
    if (cached) {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    } else {
      sqlite3_finalize(stmt);
    }
  }
};

// Keeps the first column of the first row, for pragmas that answer with a row.
int first_cell(void* out, int columns, char** values, char**) {
  auto* s = static_cast<std::string*>(out);
  if (columns > 0 && values[0] != nullptr && s->empty()) *s = values[0];
  return 0;
}

// SQLite binds a null data pointer as NULL; empty text or blob must stay non-NULL.
const char* non_null(std::string_view bytes) { return bytes.empty() ? "" : bytes.data(); }

}  // namespace

// --- sql_row ---

int sql_row::columns() const { return sqlite3_column_count(stmt_); }

bool sql_row::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

sql_param::kind sql_row::type(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER: return sql_param::kind::integer;
    case SQLITE_FLOAT: return sql_param::kind::real;
    case SQLITE_TEXT: return sql_param::kind::text;
    case SQLITE_BLOB: return sql_param::kind::blob;
    default: return sql_param::kind::null;
  }
}

int64_t sql_row::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

double sql_row::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string_view sql_row::text(int col) const {
  // Fetch the pointer before the length, as SQLite's docs require.
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string_view() : std::string_view(p, static_cast<std::size_t>(n));
}

std::string_view sql_row::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  const int n = sqlite3_column_bytes(stmt_, col);
  return p == nullptr ? std::string_view() : std::string_view(p, static_cast<std::size_t>(n));
}

// --- sqlite_store ---

std::unique_ptr<sqlite_store> sqlite_store::open(const std::string& path,
                                                const std::string& schema_sql,
                                                std::string* error) {
  sqlite_store_options opts;
  opts.schema_sql = schema_sql;
  std::unique_ptr<sqlite_store> s;
  if (auto st = open(path, opts, &s); !st.ok()) *error = st.to_string();
  return s;
}

status sqlite_store::open(const std::string& path, const sqlite_store_options& options,
                          std::unique_ptr<sqlite_store>* out) {
  out->reset();
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
  if (db == nullptr) return status(store_code::other, "out of memory opening " + path, rc);
  std::unique_ptr<sqlite_store> store(new sqlite_store(db, path));  // closes db on any return
  if (rc != SQLITE_OK) return store->error(rc);
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // journal_mode answers with the mode in force; an in-memory database can only be "memory".
  std::string mode;
  int prc = sqlite3_exec(db, "PRAGMA journal_mode=WAL", first_cell, &mode, nullptr);
  if (prc != SQLITE_OK) return store->error(prc);
  if (mode != "wal" && mode != "memory")
    return status(store_code::other, "journal_mode is '" + mode + "', not wal", 0);
  // Per connection, and Debian's build defaults WAL to FULL: set it on every open.
  if (auto st = store->exec("PRAGMA synchronous=NORMAL"); !st.ok()) return st;
  if (!options.schema_sql.empty()) {
    if (auto st = store->exec(options.schema_sql); !st.ok()) return st;
  }
  *out = std::move(store);
  return {};
}

sqlite_store::~sqlite_store() {
  for (auto& entry : cache_) sqlite3_finalize(entry.second);  // order does not matter
  sqlite3_close_v2(db_);
}

status sqlite_store::error(int rc) const {
  // The connection's message belongs to its latest error; fall back to the generic text when
  // `rc` came from elsewhere.
  const bool current = sqlite3_extended_errcode(db_) == rc;
  return status(code_of(rc), current ? sqlite3_errmsg(db_) : sqlite3_errstr(rc), rc);
}

uint64_t sqlite_store::statements_run() { return statements.load(std::memory_order_relaxed); }

status sqlite_store::exec(const std::string& sql) {
  statements.fetch_add(1, std::memory_order_relaxed);
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? status() : error(rc);
}

status sqlite_store::prepare(const std::string& sql, sqlite3_stmt** stmt, bool* cached) {
  const auto it = cache_.find(sql);
  // A cached statement is busy only when a row callback re-enters with the same SQL; that
  // call gets a private statement instead of clobbering the outer one.
  if (it != cache_.end() && !sqlite3_stmt_busy(it->second)) {
    *stmt = it->second;
    *cached = true;
    return {};
  }
  const bool keep = it == cache_.end();
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()) + 1,
                              keep ? SQLITE_PREPARE_PERSISTENT : 0, stmt, &tail);
  if (rc != SQLITE_OK) return error(rc);
  if (*stmt == nullptr) return status(store_code::other, "no statement in SQL text", 0);
  // Refuse a second statement rather than silently ignore it; comments and spaces are fine.
  sqlite3_stmt* extra = nullptr;
  rc = sqlite3_prepare_v2(db_, tail, -1, &extra, nullptr);
  sqlite3_finalize(extra);
  if (rc != SQLITE_OK || extra != nullptr) {
    sqlite3_finalize(*stmt);
    *stmt = nullptr;
    return status(store_code::other, "query() takes exactly one SQL statement", 0);
  }
  if (keep) cache_.emplace(sql, *stmt);
  *cached = keep;
  return {};
}

status sqlite_store::bind_all(sqlite3_stmt* stmt, const std::vector<sql_param>& params) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != params.size())
    return status(store_code::other,
                  "statement takes " + std::to_string(expected) + " parameters, got " +
                      std::to_string(params.size()),
                  SQLITE_RANGE);
  for (int i = 0; i < expected; ++i) {
    const sql_param& p = params[static_cast<std::size_t>(i)];
    const std::string_view b = p.bytes();
    int rc = SQLITE_OK;
    // SQLITE_STATIC: the views outlive the call, and the lease clears bindings before return.
    switch (p.type()) {
      case sql_param::kind::null: rc = sqlite3_bind_null(stmt, i + 1); break;
      case sql_param::kind::integer: rc = sqlite3_bind_int64(stmt, i + 1, p.integer()); break;
      case sql_param::kind::real: rc = sqlite3_bind_double(stmt, i + 1, p.real()); break;
      case sql_param::kind::text:
        rc = sqlite3_bind_text64(stmt, i + 1, non_null(b), b.size(), SQLITE_STATIC, SQLITE_UTF8);
        break;
      case sql_param::kind::blob:
        rc = sqlite3_bind_blob64(stmt, i + 1, non_null(b), b.size(), SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) return error(rc);
  }
  return {};
}

status sqlite_store::query(const std::string& sql, const std::vector<sql_param>& params,
                           const std::function<void(const sql_row&)>& on_row) {
  statements.fetch_add(1, std::memory_order_relaxed);
  sqlite3_stmt* stmt = nullptr;
  bool cached = false;
  if (auto st = prepare(sql, &stmt, &cached); !st.ok()) return st;
  const stmt_lease lease{stmt, cached};
  if (auto st = bind_all(stmt, params); !st.ok()) return st;
  for (;;) {
    const int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) return {};
    if (rc != SQLITE_ROW) return error(rc);
    if (on_row) on_row(sql_row(stmt));
  }
}

void sqlite_store::rollback() {
  // After SQLITE_FULL, IOERR, BUSY or NOMEM SQLite may already have rolled back.
  if (sqlite3_get_autocommit(db_) == 0) query("ROLLBACK");
}

status sqlite_store::write_batch(const std::function<status()>& body) {
  if (in_batch_) return status(store_code::other, "write_batch is not nestable", 0);
  // IMMEDIATE takes the write lock now, so a busy database fails here, before any work.
  if (auto st = query("BEGIN IMMEDIATE"); !st.ok()) return st;
  // Rolls back on every path that does not commit, a throwing body included.
  struct guard {
    sqlite_store* self;
    bool done = false;
    ~guard() {
      self->in_batch_ = false;
      if (!done) self->rollback();
    }
  } g{this};
  in_batch_ = true;
  status st = body();
  if (!st.ok()) return st;
  if (sqlite3_get_autocommit(db_) != 0)  // SQLite rolled back after an error the body ignored
    return status(store_code::other, "transaction was rolled back inside the batch", 0);
  st = query("COMMIT");
  if (!st.ok()) return st;  // not acknowledged; the guard rolls back if still open
  g.done = true;
  return {};
}

bool sqlite_store::integrity_check() {
  std::vector<std::string> rows;
  const status st = query("PRAGMA integrity_check", {},
                          [&](const sql_row& r) { rows.emplace_back(r.text(0)); });
  return st.ok() && rows.size() == 1 && rows[0] == "ok";
}

int64_t sqlite_store::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int64_t sqlite_store::changes() const { return sqlite3_changes64(db_); }

}  // namespace sdsim::core
