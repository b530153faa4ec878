#include "actors/cluster/replicated_tables.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace sdsim::cluster {
namespace {

using core::sql_param;
using core::sql_row;
using core::status;

constexpr const char* position_schema = R"sql(
CREATE TABLE IF NOT EXISTS replica_position (
  id INTEGER PRIMARY KEY CHECK (id = 0),
  epoch INTEGER NOT NULL,
  seq INTEGER NOT NULL);
)sql";

void add_value(const sql_row& r, int col, RowChange* c) {
  auto* v = c->add_value();
  switch (r.type(col)) {
    case sql_param::kind::integer: v->set_integer(r.integer(col)); break;
    case sql_param::kind::real: v->set_real(r.real(col)); break;
    case sql_param::kind::text: v->set_text(std::string(r.text(col))); break;
    case sql_param::kind::blob: v->set_blob(std::string(r.blob(col))); break;
    case sql_param::kind::null: break;
  }
}

void add_value(const sql_param& p, RowChange* c) {
  auto* v = c->add_value();
  switch (p.type()) {
    case sql_param::kind::integer: v->set_integer(p.integer()); break;
    case sql_param::kind::real: v->set_real(p.real()); break;
    case sql_param::kind::text: v->set_text(std::string(p.bytes())); break;
    case sql_param::kind::blob: v->set_blob(std::string(p.bytes())); break;
    case sql_param::kind::null: break;
  }
}

// A view of `v` to bind: valid while `v` lives.
sql_param param_of(const SqlValue& v) {
  switch (v.v_case()) {
    case SqlValue::kInteger: return v.integer();
    case SqlValue::kReal: return v.real();
    case SqlValue::kText: return std::string_view(v.text());
    case SqlValue::kBlob: return sql_param::blob(v.blob());
    default: return nullptr;
  }
}

std::vector<sql_param> params_of(const RowChange& c) {
  std::vector<sql_param> out;
  out.reserve(static_cast<std::size_t>(c.value_size()));
  for (const auto& v : c.value()) out.push_back(param_of(v));
  return out;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

std::unique_ptr<replicated_tables> replicated_tables::open(core::sqlite_store& db,
                                                           const std::vector<std::string>& tables,
                                                           std::string* error) {
  if (auto st = db.exec(position_schema); !st.ok()) {
    *error = "cannot add the replica position: " + st.message();
    return nullptr;
  }
  std::vector<table_sql> out;
  for (const auto& name : tables) {
    std::vector<std::string> columns;
    std::vector<std::pair<int64_t, int>> keys;   // (position in the key, column)
    db.query("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", {name},
             [&](const sql_row& r) {
               if (r.integer(1) > 0) keys.emplace_back(r.integer(1), static_cast<int>(columns.size()));
               columns.push_back(quoted(std::string(r.text(0))));
             });
    if (columns.empty() || keys.empty()) {
      *error = "table '" + name + "' " + (columns.empty() ? "does not exist" : "has no primary key");
      return nullptr;
    }
    std::sort(keys.begin(), keys.end());
    table_sql t;
    t.name = name;
    std::vector<std::string> where, order;
    for (std::size_t i = 0; i < keys.size(); ++i) {
      t.key_columns.push_back(keys[i].second);
      where.push_back(fmt::format("{} = ?{}", columns[keys[i].second], i + 1));
      order.push_back(columns[keys[i].second]);
    }
    std::vector<std::string> slots;
    for (std::size_t i = 0; i < columns.size(); ++i) slots.push_back(fmt::format("?{}", i + 1));
    const auto cols = fmt::format("{}", fmt::join(columns, ", "));
    const auto keyed = fmt::format("{}", fmt::join(where, " AND "));
    t.select_one = fmt::format("SELECT {} FROM {} WHERE {}", cols, quoted(name), keyed);
    t.upsert = fmt::format("INSERT OR REPLACE INTO {} ({}) VALUES ({})", quoted(name), cols,
                           fmt::join(slots, ", "));
    t.erase = fmt::format("DELETE FROM {} WHERE {}", quoted(name), keyed);
    t.scan = fmt::format("SELECT {} FROM {} ORDER BY {} LIMIT ?1 OFFSET ?2", cols, quoted(name),
                         fmt::join(order, ", "));
    out.push_back(std::move(t));
  }
  return std::unique_ptr<replicated_tables>(new replicated_tables(db, std::move(out)));
}

RowWrite replicated_tables::describe(const std::vector<touched_row>& rows) {
  RowWrite w;
  for (const auto& t : rows) {
    auto* c = w.add_change();
    c->set_table(t.table);
    bool found = false;
    // A failed read describes the row as gone: the copies then lack a row the primary holds,
    // which the audit of copies counts; it is never made up.
    db_.query(tables_.at(t.table).select_one, t.key, [&](const sql_row& r) {
      found = true;
      for (int i = 0; i < r.columns(); ++i) add_value(r, i, c);
    });
    if (found) continue;
    c->set_gone(true);
    for (const auto& k : t.key) add_value(k, c);
  }
  return w;
}

status replicated_tables::put(const RowChange& c) {
  if (c.table() >= tables_.size()) return status(core::store_code::other, "no such table");
  const auto& t = tables_[c.table()];
  return db_.query(c.gone() ? t.erase : t.upsert, params_of(c));
}

status replicated_tables::save_position(const std::optional<log_position>& at) {
  if (!at) return db_.query("DELETE FROM replica_position");
  return db_.query("INSERT OR REPLACE INTO replica_position (id, epoch, seq) VALUES (0, ?, ?)",
                   {static_cast<int64_t>(at->epoch), static_cast<int64_t>(at->seq)});
}

bool replicated_tables::apply(const std::string& bytes, log_position at) {
  RowWrite w;
  if (!w.ParseFromString(bytes)) return false;
  return db_.write_batch([&] {
              for (const auto& c : w.change())
                if (auto st = put(c); !st.ok()) return st;
              return save_position(at);
            }).ok();
}

// The cursor: the table in the high 16 bits, the rows of it already sent below.
std::string replicated_tables::snapshot_part(int64_t* cursor, bool* last) {
  RowWrite part;
  auto table = static_cast<uint32_t>(*cursor >> 48);
  int64_t offset = *cursor & ((int64_t{1} << 48) - 1);
  while (table < tables_.size() && part.change_size() < part_rows) {
    int64_t got = 0;
    db_.query(tables_[table].scan, {part_rows - part.change_size(), offset},
              [&](const sql_row& r) {
                auto* c = part.add_change();
                c->set_table(table);
                for (int i = 0; i < r.columns(); ++i) add_value(r, i, c);
                ++got;
              });
    offset += got;
    if (part.change_size() < part_rows) {  // this table is done
      ++table;
      offset = 0;
    }
  }
  *cursor = (static_cast<int64_t>(table) << 48) | offset;
  *last = table >= tables_.size();
  return part.SerializeAsString();
}

int64_t replicated_tables::restore_part(const std::string& bytes, bool first,
                                        std::optional<log_position> last_at) {
  RowWrite part;
  if (!part.ParseFromString(bytes)) return -1;
  const auto st = db_.write_batch([&] {
    if (first)
      for (auto t = tables_.rbegin(); t != tables_.rend(); ++t)
        if (auto s = db_.query("DELETE FROM " + quoted(t->name)); !s.ok()) return s;
    for (const auto& c : part.change())
      if (auto s = put(c); !s.ok()) return s;
    return save_position(last_at);
  });
  return st.ok() ? part.change_size() : -1;
}

std::optional<log_position> replicated_tables::stored_position() {
  std::optional<log_position> out;
  db_.query("SELECT epoch, seq FROM replica_position WHERE id = 0", {}, [&](const sql_row& r) {
    out = log_position{static_cast<uint64_t>(r.integer(0)), static_cast<uint64_t>(r.integer(1))};
  });
  return out;
}

bool replicated_tables::forget_position() {
  return db_.write_batch([&] { return save_position(std::nullopt); }).ok();
}

}  // namespace sdsim::cluster
