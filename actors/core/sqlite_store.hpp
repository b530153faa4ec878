// A thin store over the SQLite3 C API: WAL, bound parameters only, cached prepared statements,
// batched writes acknowledged only after COMMIT, errors returned as `status`.
//
// Durability promise: a write acknowledged by write_batch() (or a lone write statement)
// survives the killing of any process, sdsim's included; it may be lost on power loss or an
// OS crash. This is WAL with synchronous=NORMAL: commits are appended to the WAL without an
// fsync (SQLite's pragma.html: "durable across application crashes regardless of the
// synchronous setting"). It matches the faults sdsim injects: process kills, not power cuts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "actors/core/store_status.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sdsim::core {

/// One bound parameter: null, integer, real, text or blob. Text and blob are views: the
/// caller keeps the bytes alive for the duration of the call that binds them.
class sql_param {
 public:
  /// What the parameter holds.
  enum class kind : uint8_t { null, integer, real, text, blob };

  /// SQL NULL.
  sql_param(std::nullptr_t = nullptr) {}

  /// An integer; any integral type, stored as int64 (a uint64 hash keeps its bits).
  template <class T, std::enable_if_t<std::is_integral_v<T>, int> = 0>
  sql_param(T v) : kind_(kind::integer), integer_(static_cast<int64_t>(v)) {}

  /// A real.
  sql_param(double v) : kind_(kind::real), real_(v) {}

  /// Text with an explicit length, so embedded NUL bytes round-trip.
  sql_param(std::string_view text) : kind_(kind::text), bytes_(text) {}

  /// Text from a std::string (all of its bytes, NULs included).
  sql_param(const std::string& text) : sql_param(std::string_view(text)) {}

  /// Text from a NUL-terminated literal.
  sql_param(const char* text) : sql_param(std::string_view(text)) {}

  /// A blob of the bytes in `bytes`.
  static sql_param blob(std::string_view bytes) {
    sql_param p(bytes);
    p.kind_ = kind::blob;
    return p;
  }

  /// The kind held.
  kind type() const { return kind_; }

  /// The integer; only for kind::integer.
  int64_t integer() const { return integer_; }

  /// The real; only for kind::real.
  double real() const { return real_; }

  /// The bytes; only for kind::text and kind::blob.
  std::string_view bytes() const { return bytes_; }

 private:
  kind kind_ = kind::null;
  int64_t integer_ = 0;
  double real_ = 0;
  std::string_view bytes_;
};

/// The current row of a query, valid only inside the row callback. Columns count from 0.
class sql_row {
 public:
  /// Wraps a statement positioned on a row.
  explicit sql_row(sqlite3_stmt* stmt) : stmt_(stmt) {}

  /// Number of columns.
  int columns() const;

  /// True when column `col` is NULL.
  bool is_null(int col) const;

  /// The storage class of column `col` in this row (SQLite's dynamic typing: per value).
  sql_param::kind type(int col) const;

  /// Column `col` as an integer (SQLite's conversions apply).
  int64_t integer(int col) const;

  /// Column `col` as a real.
  double real(int col) const;

  /// Column `col` as text, with its exact length (NULs included); valid in the callback only.
  std::string_view text(int col) const;

  /// Column `col` as blob bytes; valid in the callback only.
  std::string_view blob(int col) const;

 private:
  sqlite3_stmt* stmt_;
};

/// How to open a store.
struct sqlite_store_options {
  /// SQL run once after opening (CREATE TABLE IF NOT EXISTS ...); may hold several statements.
  std::string schema_sql;
  /// How long a statement waits on another connection's lock before answering busy.
  int busy_timeout_ms = 5000;
};

/// One connection to a SQLite database file (or ":memory:").
///
/// Invariants:
/// (1) db_ is open for the store's whole life; the destructor finalizes every cached
///     statement before closing it.
/// (2) Every cached statement is reset, with bindings cleared, whenever no call is using it.
/// (3) in_batch_ is true exactly while write_batch() runs its body.
///
/// Thread-safety: none. One owner (a store actor) at a time; the connection is opened without
/// SQLite's mutex. Several stores (connections) may share a file, in one process or many.
/// Never use a store in a child after fork(): open a new one there.
class sqlite_store {
 public:
  /// Opens (creating if needed) `path`, sets WAL, synchronous=NORMAL and the busy timeout,
  /// then runs the schema. On success `*out` holds the store; otherwise it is left empty.
  static status open(const std::string& path, const sqlite_store_options& options,
                     std::unique_ptr<sqlite_store>* out);

  /// The same with default options and `schema_sql`: the store, or nullptr with the reason
  /// in `*error`.
  static std::unique_ptr<sqlite_store> open(const std::string& path,
                                            const std::string& schema_sql, std::string* error);

  /// Finalizes cached statements and closes the connection (a checkpoint may run).
  ~sqlite_store();

  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  /// Runs SQL text without parameters, several statements allowed: schema and pragmas only.
  /// Never splice values into it; use query() with parameters.
  status exec(const std::string& sql);

  /// Runs one statement with `params` bound to ?1, ?2, ... and calls `on_row` for each row
  /// (`on_row` may be empty for writes). More than one statement in `sql` is refused.
  /// The prepared statement is cached by its text, so `sql` should be a constant.
  status query(const std::string& sql, const std::vector<sql_param>& params = {},
               const std::function<void(const sql_row&)>& on_row = {});

  /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT. Returns ok only once COMMIT returned
  /// SQLITE_OK; if `body` returns an error, or COMMIT fails, everything is rolled back and
  /// that error returned. Not nestable: a write_batch() inside a body answers `other`.
  status write_batch(const std::function<status()>& body);

  /// True when PRAGMA integrity_check answers "ok".
  bool integrity_check();

  /// Rowid of the latest successful INSERT on this connection.
  int64_t last_insert_rowid() const;

  /// Rows changed by the latest INSERT, UPDATE or DELETE on this connection.
  int64_t changes() const;

  /// Number of prepared statements held in the cache.
  std::size_t cached_statements() const { return cache_.size(); }

  /// The path the store was opened with.
  const std::string& path() const { return path_; }

  /// Statements run by every store of this process so far (each query() and exec() call,
  /// BEGIN and COMMIT included): the work a request costs in SQL, which the cost gate counts.
  /// Safe from any thread.
  static uint64_t statements_run();

 private:
  sqlite_store(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  /// The error for result code `rc`, with the connection's current message.
  status error(int rc) const;

  /// A prepared statement for `sql`, from the cache when it is idle there.
  status prepare(const std::string& sql, sqlite3_stmt** stmt, bool* cached);

  status bind_all(sqlite3_stmt* stmt, const std::vector<sql_param>& params);

  /// Rolls back the open transaction, if SQLite has not already done so.
  void rollback();

  sqlite3* db_;
  std::string path_;
  // Keyed by SQL text, looked up only (never iterated where order matters).
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  bool in_batch_ = false;
};

}  // namespace sdsim::core
