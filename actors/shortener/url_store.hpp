// One shard's durable store of the Users and URLs tables over core::sqlite_store (WAL,
// synchronous=NORMAL): idempotent creates, passive and active expiry, owner-only deletes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/core/error_kind.hpp"
#include "actors/core/sim_time.hpp"
#include "actors/core/sqlite_store.hpp"

namespace sdsim::shortener {

/// The mappings and users of one shard, each create acknowledged only after its COMMIT.
///
/// Invariants:
/// (1) `hash` is unique over every stored row, deleted ones included: a deleted key stays
///     reserved (a tombstone) so a stale cache can never redirect it to someone else's URL.
///     Only sweep_expired() frees a key, and only once it has expired.
/// (2) `request_id` is unique: a create retried with the same id stores one row and answers
///     the first create's key. The promise lasts as long as that row (until it is swept).
/// (3) A row with expiration <= now, or deleted, is never returned by lookup().
/// (4) A create or create_batch answers `created` or `replayed` only after COMMIT returned ok;
///     every row this connection reads is therefore committed.
/// (5) Every value reaches SQLite as a bound parameter: text is stored byte-exact.
///
/// Thread-safety: none. One shard actor owns it; never use it in a child after fork().
class url_store {
 public:
  /// A stored mapping.
  struct url_record {
    std::string hash;                       ///< the short key
    std::string original_url;               ///< the long URL, byte-exact
    std::optional<core::sim_ns> expiration; ///< sim time it expires; none: never
    std::optional<int64_t> user_id;         ///< the creator; none: anonymous
    core::sim_ns created_at = 0;            ///< sim time of the create
  };

  /// A stored user.
  struct user_record {
    int64_t user_id = 0;          ///< primary key
    std::string name;             ///< display name
    std::string email;            ///< unique
    std::string api_key;          ///< unique; the gateway authenticates with it
    core::sim_ns created_at = 0;  ///< sim time it was added
  };

  /// One create: a key for a URL, idempotent by `request_id`.
  struct create_request {
    std::string hash;                        ///< the key to store under
    std::string original_url;                ///< the long URL
    std::optional<core::sim_ns> expiration;  ///< sim time it expires; none: never
    std::optional<int64_t> user_id;          ///< the creator; none: anonymous
    std::optional<uint64_t> request_id;      ///< the client's id; none: not idempotent
  };

  /// How a create ended.
  enum class create_outcome : uint8_t {
    created,       ///< stored and committed
    replayed,      ///< request_id already stored: the first create's key, nothing new stored
    collision,     ///< the key belongs to another mapping: retry with another key (definite)
    unknown_user,  ///< user_id names no user (definite)
    failed,        ///< the store failed; `status` says how, and whether it is definite
  };

  /// What a create did.
  struct create_result {
    create_outcome outcome = create_outcome::failed;  ///< see create_outcome
    std::string hash;  ///< the stored key (created/replayed); on a replay, the first one's
    std::optional<core::sim_ns> expiration;  ///< the stored expiry (created/replayed)
    core::status status;                     ///< the store error when `failed`; ok otherwise

    /// True when the mapping is stored (created now or by the first try).
    bool ok() const {
      return outcome == create_outcome::created || outcome == create_outcome::replayed;
    }

    /// True when the outcome is certain: anything but a failure the store cannot rule out.
    bool definite() const { return outcome != create_outcome::failed || status.definite(); }
  };

  /// What a lookup found.
  enum class lookup_outcome : uint8_t {
    found,      ///< `url` holds the mapping
    not_found,  ///< absent, or deleted
    expired,    ///< present but expiration <= now; the URL is withheld
    failed,     ///< the store failed; see `status`
  };

  /// A lookup's answer.
  struct lookup_result {
    lookup_outcome outcome = lookup_outcome::failed;  ///< see lookup_outcome
    url_record url;                                   ///< only when `found`
    core::status status;                              ///< the store error when `failed`
  };

  /// How a remove ended.
  enum class remove_outcome : uint8_t {
    removed,    ///< the owner's live mapping is now deleted
    not_found,  ///< absent, already deleted, anonymous, or owned by someone else
    failed,     ///< the store failed; see `status`
  };

  /// A remove's answer.
  struct remove_result {
    remove_outcome outcome = remove_outcome::failed;  ///< see remove_outcome
    core::status status;                              ///< the store error when `failed`
  };

  /// How add_user ended.
  enum class add_user_outcome : uint8_t {
    added,     ///< stored; `user_id` is its id
    conflict,  ///< the email or the API key is already taken (definite)
    failed,    ///< the store failed; see `status`
  };

  /// An add_user's answer.
  struct add_user_result {
    add_user_outcome outcome = add_user_outcome::failed;  ///< see add_user_outcome
    int64_t user_id = 0;                                  ///< only when `added`
    core::status status;                                  ///< the store error when `failed`
  };

  /// Opens (creating if needed) the shard database at `path` (":memory:" works) with the
  /// schema and foreign keys on. On success `*out` holds the store; otherwise it is empty.
  static core::status open(const std::string& path, std::unique_ptr<url_store>* out,
                           int busy_timeout_ms = 5000);

  /// Stores `hash` -> `original_url` in its own transaction; see create_batch().
  create_result create(const std::string& hash, const std::string& original_url,
                       std::optional<core::sim_ns> expiration, std::optional<int64_t> user_id,
                       std::optional<uint64_t> request_id, core::sim_ns now);

  /// Stores several creates in one transaction (group commit: one WAL append for all), one
  /// result per request, in order. A per-item outcome (replayed, collision, unknown_user)
  /// leaves the other items alone: each item runs in its own SAVEPOINT. A store error
  /// (full, I/O, busy) rolls the whole transaction back, and every item answers `failed`
  /// with it: nothing is acknowledged that was not committed. Items are applied in order,
  /// so a later item with an earlier one's request_id is `replayed`.
  std::vector<create_result> create_batch(const std::vector<create_request>& requests,
                                          core::sim_ns now);

  /// The mapping of `hash` at `now`. Passive expiry: expiration <= now answers `expired`.
  /// Never writes: expired rows are left for sweep_expired(), so a read takes no write lock.
  lookup_result lookup(const std::string& hash, core::sim_ns now);

  /// Marks `hash` deleted if `user_id` owns it and it is not already deleted; expiry is not
  /// consulted. Anyone else gets `not_found`, never a "forbidden" that would tell a prober
  /// the key exists. The row stays as a tombstone (invariant (1)).
  remove_result remove(const std::string& hash, int64_t user_id);

  /// Active expiry: hard-deletes, in one transaction, up to `limit` rows with expiration
  /// <= now (earliest first, through the expiration index). Sets `*removed` to the count.
  core::status sweep_expired(core::sim_ns now, uint32_t limit, uint64_t* removed);

  /// Adds a user created at `now`.
  add_user_result add_user(const std::string& name, const std::string& email,
                           const std::string& api_key, core::sim_ns now);

  /// The user whose API key is `api_key`; `*out` is empty when there is none.
  core::status user_by_api_key(const std::string& api_key, std::optional<user_record>* out);

  /// Rows in the URLs table, tombstones and unswept expired rows included.
  core::status count(uint64_t* rows);

  /// Caps the database at `pages` pages (PRAGMA max_page_count) on this connection, or at
  /// its current size if that is larger: the disk-full fault (F6). Writes past it answer
  /// `full`.
  core::status set_max_pages(int64_t pages);

  /// True when PRAGMA integrity_check answers "ok".
  bool integrity_check() { return store_->integrity_check(); }

 private:
  explicit url_store(std::unique_ptr<core::sqlite_store> store) : store_(std::move(store)) {}

  /// Runs one create inside the open transaction; a non-ok status aborts the whole batch.
  core::status create_one(const create_request& req, core::sim_ns now, create_result* out);

  std::unique_ptr<core::sqlite_store> store_;
};

/// The client-facing outcome of a store status: full -> storage_full, busy -> overloaded,
/// constraint -> invalid_argument (all definite, as the status is), and io_error, corrupt or
/// other -> io_error (indefinite: the commit may have happened).
core::outcome store_outcome(const core::status& status);

}  // namespace sdsim::shortener
