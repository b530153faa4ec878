// A design's SQLite tables as a replicated state, row by row: a write is what one of the
// primary's transactions left in the rows it touched — each row as it now is, or gone — and a
// copy puts those rows as they are, so copies never decide differently. A full copy is every
// table scanned in key order. The design names its tables once, and after each transaction
// the rows it touched (`touched`); how rows travel, apply, and carry their log position is
// here, once, for every design whose state is SQLite.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/replica.hpp"
#include "actors/cluster/replication.pb.h"
#include "actors/core/sqlite_store.hpp"

namespace sdsim::cluster {

/// A row one transaction touched: the table's index (in the order given to open()) and the
/// values of its primary key, in key order.
struct touched_row {
  uint32_t table = 0;
  std::vector<core::sql_param> key;   ///< views: kept alive by the caller until describe()
};

/// Invariants: (1) every table has a primary key; (2) the position stored is the one of the
/// last write applied as a copy, or none (unknown, or this copy led since).
/// Not thread-safe: owned by one actor, with the store.
class replicated_tables : public replicated_state {
 public:
  /// Reads the columns and primary keys of `tables` in `db` (which must outlive this) and
  /// adds the position's own table; nullptr and `*error` when a table is missing or keyless.
  static std::unique_ptr<replicated_tables> open(core::sqlite_store& db,
                                                 const std::vector<std::string>& tables,
                                                 std::string* error);

  /// The write that gives copies the rows under `rows` as they are now (read after the
  /// primary's transaction committed): a row that is not there any more goes as gone.
  RowWrite describe(const std::vector<touched_row>& rows);

  bool apply(const std::string& write, log_position at) override;
  std::string snapshot_part(int64_t* cursor, bool* last) override;
  int64_t restore_part(const std::string& part, bool first,
                       std::optional<log_position> last_at) override;
  std::optional<log_position> stored_position() override;
  bool forget_position() override;

  /// Rows per snapshot part.
  static constexpr int64_t part_rows = 2'000;

 private:
  struct table_sql {
    std::string name;
    std::vector<int> key_columns;   // indexes into the columns, in key order
    std::string select_one, upsert, erase, scan;
  };
  replicated_tables(core::sqlite_store& db, std::vector<table_sql> tables)
      : db_(db), tables_(std::move(tables)) {}
  core::status put(const RowChange& c);
  core::status save_position(const std::optional<log_position>& at);

  core::sqlite_store& db_;
  std::vector<table_sql> tables_;
};

/// The replicated_state of an actor whose state is its SQLite tables: what the replica asks,
/// forwarded to `tables_`, which the actor opens with its store. Without them (the store did
/// not open) a copy applies nothing and copies nothing: it falls out of sync, never wrong.
class tables_state : public replicated_state {
 protected:
  bool apply(const std::string& write, log_position at) override {
    return tables_ && tables_->apply(write, at);
  }
  std::string snapshot_part(int64_t* cursor, bool* last) override {
    *last = true;
    return tables_ ? tables_->snapshot_part(cursor, last) : std::string();
  }
  int64_t restore_part(const std::string& part, bool first,
                       std::optional<log_position> last_at) override {
    return tables_ ? tables_->restore_part(part, first, last_at) : -1;
  }
  std::optional<log_position> stored_position() override {
    return tables_ ? tables_->stored_position() : std::nullopt;
  }
  bool forget_position() override { return tables_ && tables_->forget_position(); }

  std::unique_ptr<replicated_tables> tables_;
};

}  // namespace sdsim::cluster
