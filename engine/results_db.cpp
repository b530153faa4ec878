// Schema version 1: runs, and one row per API and per service for easy SQL.
#include "engine/results_db.hpp"

#include <filesystem>
#include <memory>

#include "engine/json_text.hpp"

#include "actors/core/sqlite_store.hpp"

namespace sdsim::scenarios {
namespace {

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  stored_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  schema_version INTEGER NOT NULL,
  scenario TEXT NOT NULL, file TEXT NOT NULL, variant TEXT NOT NULL,
  seed INTEGER NOT NULL, clock TEXT NOT NULL, speed REAL NOT NULL,
  duration_s REAL NOT NULL, wall_s REAL NOT NULL,
  saturated INTEGER NOT NULL, partial INTEGER NOT NULL, exit_code INTEGER NOT NULL,
  bottleneck TEXT NOT NULL, commit_id TEXT NOT NULL, host TEXT NOT NULL,
  resolved_scenario TEXT NOT NULL, report_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS run_apis (
  run_id INTEGER NOT NULL REFERENCES runs(id), design TEXT NOT NULL, api TEXT NOT NULL,
  requests INTEGER NOT NULL, ok INTEGER NOT NULL, throughput_rps REAL NOT NULL,
  mean_ms REAL NOT NULL, p50_ms REAL NOT NULL, p99_ms REAL NOT NULL, max_ms REAL NOT NULL);
CREATE TABLE IF NOT EXISTS run_services (
  run_id INTEGER NOT NULL REFERENCES runs(id), name TEXT NOT NULL, instances INTEGER NOT NULL,
  utilization REAL NOT NULL, queue_max INTEGER NOT NULL, unstable INTEGER NOT NULL);
)sql";

}  // namespace

std::string store_run(const std::string& path, const RunReport& r,
                      const std::string& resolved_scenario, int exit_code) {
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot create " + dir.string() + ": " + ec.message();
  std::unique_ptr<core::sqlite_store> db;
  core::sqlite_store_options opts;
  opts.schema_sql = schema;
  if (auto st = core::sqlite_store::open(path, opts, &db); !st.ok()) return st.to_string();
  const std::string json = to_json_text(r, false);
  auto st = db->write_batch([&]() -> core::status {
    auto s = db->query(
        "INSERT INTO runs (schema_version, scenario, file, variant, seed, clock, speed, "
        "duration_s, wall_s, saturated, partial, exit_code, bottleneck, commit_id, host, "
        "resolved_scenario, report_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        {r.schema_version(), r.scenario(), r.file(), r.variant(), static_cast<int64_t>(r.seed()),
         r.clock(), r.speed(), r.duration_s(), r.wall_s(), r.saturated() ? 1 : 0,
         r.partial() ? 1 : 0, exit_code, r.bottleneck(), r.commit(), r.host().host_name(),
         resolved_scenario, json});
    if (!s.ok()) return s;
    const int64_t id = db->last_insert_rowid();
    for (const auto& d : r.designs()) {
      for (const auto& a : d.apis()) {
        const auto& l = a.latency_ms();
        s = db->query("INSERT INTO run_apis VALUES (?,?,?,?,?,?,?,?,?,?)",
                      {id, d.name(), a.name(), static_cast<int64_t>(a.requests()),
                       static_cast<int64_t>(a.ok()), a.throughput_rps(), l.mean(), l.p50(),
                       l.p99(), l.max()});
        if (!s.ok()) return s;
      }
      for (const auto& sv : d.services()) {
        s = db->query("INSERT INTO run_services VALUES (?,?,?,?,?,?)",
                      {id, sv.name(), sv.instances(), sv.utilization(),
                       static_cast<int64_t>(sv.queue_max()), sv.unstable() ? 1 : 0});
        if (!s.ok()) return s;
      }
    }
    return core::status{};
  });
  return st.ok() ? "" : st.to_string();
}

}  // namespace sdsim::scenarios
