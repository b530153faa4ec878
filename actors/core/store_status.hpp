// The result of a store operation: ok, or an error kind with the storage engine's message.
// Returned, never thrown (LevelDB's Status); independent of SQLite so other stores can use it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "actors/core/error_kind.hpp"

namespace sdsim::core {

/// What went wrong in a store, coarse enough to act on.
enum class store_code : uint8_t {
  ok = 0,
  full,        // the disk or the page limit is full (SQLITE_FULL)
  io_error,    // the storage failed (SQLITE_IOERR and its extended codes)
  busy,        // another connection holds the lock past busy_timeout (SQLITE_BUSY/LOCKED)
  constraint,  // a UNIQUE, NOT NULL, CHECK or foreign-key rule refused the write
  corrupt,     // the file is damaged or not a database (SQLITE_CORRUPT/NOTADB)
  other,       // anything else: bad SQL, misuse, out of memory, ...
};

/// The snake_case name of a code ("ok", "full", "io_error", ...).
constexpr std::string_view name(store_code c) {
  switch (c) {
    case store_code::ok: return "ok";
    case store_code::full: return "full";
    case store_code::io_error: return "io_error";
    case store_code::busy: return "busy";
    case store_code::constraint: return "constraint";
    case store_code::corrupt: return "corrupt";
    case store_code::other: return "other";
  }
  return "unknown";
}

/// Ok, or a store_code with a message and the engine's own (extended) result code.
class status {
 public:
  /// Ok.
  status() = default;

  /// An error (or ok, when `code` is ok) with the engine's message and result code.
  status(store_code code, std::string message, int engine_code = 0)
      : code_(code), engine_code_(engine_code), message_(std::move(message)) {}

  /// True when the operation succeeded.
  bool ok() const { return code_ == store_code::ok; }

  /// The kind of failure; store_code::ok on success.
  store_code code() const { return code_; }

  /// The engine's message ("database or disk is full"); empty on success.
  const std::string& message() const { return message_; }

  /// The engine's extended result code (e.g. SQLITE_IOERR_WRITE), 0 if none.
  int engine_code() const { return engine_code_; }

  /// True when the write certainly did not happen. full, busy and constraint are refused
  /// before commit; io_error, corrupt and other may strike mid-commit, so they stay
  /// indefinite (the conservative answer a checker can rely on).
  bool definite() const {
    return code_ == store_code::ok || code_ == store_code::full || code_ == store_code::busy ||
           code_ == store_code::constraint;
  }

  /// "ok", or "<code>: <message>" for logs and test failures.
  std::string to_string() const {
    if (ok()) return "ok";
    return std::string(name(code_)) + ": " + message_;
  }

 private:
  store_code code_ = store_code::ok;
  int engine_code_ = 0;
  std::string message_;
};

/// The outcome a request gets when its store operation ended with `s`.
inline outcome outcome_of(const status& s) {
  if (s.ok()) return outcome::ok;
  if (s.code() == store_code::full) return outcome::storage_full;
  return outcome::io_error;
}

}  // namespace sdsim::core
