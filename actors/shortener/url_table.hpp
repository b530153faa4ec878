// One shard's durable mappings: the Users and URLs tables in its own SQLite database (WAL,
// synchronous=NORMAL through core::sqlite_store). A create is acknowledged only after its
// COMMIT returned ok, so an acknowledged mapping survives the killing of any process.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/core/error_kind.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/core/sqlite_store.hpp"
#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

/// What a create did.
struct create_result {
  core::outcome outcome = core::outcome::ok;  ///< ok, storage_full, io_error
  bool collision = false;   ///< the key belongs to another mapping: make another key
  std::string key;          ///< the stored key (a retried request id gets its first key back)
  int64_t expire_at_ns = 0;
};

/// What a lookup found.
struct lookup_result {
  core::outcome outcome = core::outcome::ok;  ///< ok, not_found, expired, io_error
  std::string url;
  int64_t expire_at_ns = 0;  ///< 0: never
};

/// A write's place in its shard's history (the primary's epoch, the write's sequence), stored
/// with a copy's data so that a copy coming back is sent only what it missed.
struct write_position {
  uint64_t epoch = 0;
  uint64_t seq = 0;
};

/// Invariants:
/// (1) `hash` is unique (UNIQUE index): one key, one mapping.
/// (2) `request_id` is unique: a create retried with the same id stores one mapping.
/// (3) A row whose expiration is at or before `now` is never returned (passive expiry).
/// Thread-safety: none; one shard actor owns it.
class url_table {
 public:
  /// Opens (creating if needed) the database at `path` with the schema; nullptr + `error`.
  static std::unique_ptr<url_table> open(const std::string& path, std::string* error);

  /// Adds users (id, name, email, API key) in one transaction; existing ids are kept.
  core::status add_users(uint32_t count, uint64_t seed, core::sim_ns now);

  /// Stores the preloaded mappings numbered `numbers` (see preload_key) in one transaction.
  core::status preload(const std::vector<uint32_t>& numbers, uint32_t users, core::sim_ns now);

  /// Stores `key` → `url` for `user_id`, idempotent by `request_id` (0: none).
  create_result create(const std::string& key, const std::string& url, int64_t expire_at_ns,
                       uint64_t user_id, uint64_t request_id, core::sim_ns now);

  /// The URL of `key` at `now`: not_found if absent or deleted, expired if past its expiry.
  lookup_result lookup(const std::string& key, core::sim_ns now);

  /// Deletes `key` if `user_id` owns it; anyone else gets not_found (existence is not leaked).
  core::outcome remove(const std::string& key, uint64_t user_id);

  /// Deletes up to `limit` expired rows (active expiry); returns how many.
  uint64_t sweep_expired(core::sim_ns now, uint32_t limit);

  /// Rows in the URLs table.
  uint64_t rows();

  // Replication: a copy applies the primary's writes as they are, and a copy coming back
  // takes the primary's whole table.

  /// Stores `row` as given (replacing what holds its key or request id), and in the same
  /// transaction `at`, the write's place in the shard's history (nothing: unknown).
  core::status put(const UrlRow& row, const std::optional<write_position>& at = std::nullopt);

  /// Deletes `key` whoever owns it, and stores `at` with it.
  core::status erase(const std::string& key,
                     const std::optional<write_position>& at = std::nullopt);

  /// The position stored with the last write applied as a copy (nothing: unknown).
  std::optional<write_position> position();

  /// Forgets the stored position (this copy leads: its own writes are not positioned).
  core::status forget_position();

  /// Up to `limit` rows in storage order after position `*cursor` (0: from the start);
  /// advances `*cursor`. Fewer than `limit` rows: the end.
  std::vector<UrlRow> scan(int64_t* cursor, uint32_t limit);

  /// Replaces every row by `rows` (first part, `first`) or adds `rows` (later parts), in one
  /// transaction each; the last part stores `last_at`, the others leave the position unknown.
  core::status restore(const std::vector<UrlRow>& rows, bool first,
                       const std::optional<write_position>& last_at = std::nullopt);

  /// Runs `PRAGMA integrity_check`.
  bool intact() { return store_->integrity_check(); }

 private:
  explicit url_table(std::unique_ptr<core::sqlite_store> s) : store_(std::move(s)) {}
  core::status save_position(const std::optional<write_position>& at);

  std::unique_ptr<core::sqlite_store> store_;
};

}  // namespace sdsim::shortener
