// Tests for actors/core/sqlite_store.hpp: pragmas in force, exact round-trips, atomic batches,
// a full disk, and durability across close/reopen and across a killed process.
#include "actors/core/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace sdsim::core {
namespace {

namespace fs = std::filesystem;

const char* const schema =
    "CREATE TABLE IF NOT EXISTS urls (key TEXT PRIMARY KEY, long_url TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS kv (k INTEGER PRIMARY KEY, v);";

const std::string insert_url = "INSERT INTO urls (key, long_url) VALUES (?1, ?2)";
const std::string count_urls = "SELECT count(*) FROM urls";

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "sdsim_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "test.sqlite").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<sqlite_store> open_store(int busy_timeout_ms = 5000) {
    std::unique_ptr<sqlite_store> s;
    const status st = sqlite_store::open(path_, {schema, busy_timeout_ms}, &s);
    EXPECT_TRUE(st.ok()) << st.to_string();
    return s;
  }

  static int64_t scalar(sqlite_store& s, const std::string& sql) {
    int64_t v = -1;
    const status st = s.query(sql, {}, [&](const sql_row& r) { v = r.integer(0); });
    EXPECT_TRUE(st.ok()) << st.to_string();
    return v;
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(SqliteStoreTest, WalAndSynchronousNormalInEffect) {
  auto s = open_store();
  std::string mode;
  ASSERT_TRUE(s->query("PRAGMA journal_mode", {}, [&](const sql_row& r) {
                 mode = std::string(r.text(0));
               }).ok());
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(scalar(*s, "PRAGMA synchronous"), 1);  // 0 OFF, 1 NORMAL, 2 FULL
  EXPECT_EQ(scalar(*s, "PRAGMA busy_timeout"), 5000);
  EXPECT_TRUE(s->integrity_check());
}

TEST_F(SqliteStoreTest, InMemoryOpens) {
  std::unique_ptr<sqlite_store> s;
  ASSERT_TRUE(sqlite_store::open(":memory:", {schema}, &s).ok());
  ASSERT_TRUE(s->query(insert_url, {"k", "v"}).ok());
  EXPECT_EQ(scalar(*s, count_urls), 1);
}

TEST_F(SqliteStoreTest, TextWithNulAndHostileSqlRoundTripsVerbatim) {
  auto s = open_store();
  const std::string hostile = "'); DROP TABLE urls;--";
  const std::string with_nul = std::string("a\0b", 3) + hostile;
  ASSERT_TRUE(s->query(insert_url, {hostile, with_nul}).ok());
  std::string key, url;
  ASSERT_TRUE(s->query("SELECT key, long_url, length(CAST(long_url AS BLOB)) FROM urls", {},
                       [&](const sql_row& r) {
                         key = std::string(r.text(0));
                         url = std::string(r.text(1));
                         EXPECT_EQ(r.integer(2), static_cast<int64_t>(with_nul.size()));
                       })
                  .ok());
  EXPECT_EQ(key, hostile);
  EXPECT_EQ(url, with_nul);
  EXPECT_EQ(scalar(*s, count_urls), 1);  // the table is still there
}

TEST_F(SqliteStoreTest, AllParameterKindsRoundTrip) {
  auto s = open_store();
  const std::string bytes("\x00\xff\x01", 3);
  const std::string put = "INSERT INTO kv (k, v) VALUES (?1, ?2)";
  ASSERT_TRUE(s->query(put, {1, INT64_MIN}).ok());
  ASSERT_TRUE(s->query(put, {2, 2.5}).ok());
  ASSERT_TRUE(s->query(put, {3, sql_param::blob(bytes)}).ok());
  ASSERT_TRUE(s->query(put, {4, nullptr}).ok());
  ASSERT_TRUE(s->query(put, {5, ""}).ok());
  ASSERT_TRUE(s->query(put, {6, UINT64_MAX}).ok());  // a hash keeps its bits
  EXPECT_EQ(s->last_insert_rowid(), 6);
  std::vector<std::string> types;
  ASSERT_TRUE(s->query("SELECT k, v, typeof(v) FROM kv ORDER BY k", {}, [&](const sql_row& r) {
                 types.emplace_back(r.text(2));
                 switch (r.integer(0)) {
                   case 1: EXPECT_EQ(r.integer(1), INT64_MIN); break;
                   case 2: EXPECT_EQ(r.real(1), 2.5); break;
                   case 3: EXPECT_EQ(r.blob(1), bytes); break;
                   case 4: EXPECT_TRUE(r.is_null(1)); break;
                   case 5: EXPECT_FALSE(r.is_null(1)); EXPECT_EQ(r.text(1), ""); break;
                   case 6: EXPECT_EQ(static_cast<uint64_t>(r.integer(1)), UINT64_MAX); break;
                 }
               }).ok());
  EXPECT_EQ(types, (std::vector<std::string>{"integer", "real", "blob", "null", "text",
                                             "integer"}));
}

TEST_F(SqliteStoreTest, StatementsAreCachedAndReentrant) {
  auto s = open_store();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s->query(insert_url, {std::to_string(i), "u"}).ok());
  EXPECT_EQ(s->cached_statements(), 1u);
  // A row callback re-running the same SQL gets its own statement.
  const std::string select = "SELECT key FROM urls ORDER BY key";
  int outer = 0, inner = 0;
  ASSERT_TRUE(s->query(select, {}, [&](const sql_row&) {
                 ++outer;
                 EXPECT_TRUE(s->query(select, {}, [&](const sql_row&) { ++inner; }).ok());
               }).ok());
  EXPECT_EQ(outer, 10);
  EXPECT_EQ(inner, 100);
  EXPECT_EQ(s->cached_statements(), 2u);
}

TEST_F(SqliteStoreTest, RefusesSecondStatementAndWrongParameterCount) {
  auto s = open_store();
  status st = s->query("SELECT 1; DROP TABLE urls", {});
  EXPECT_EQ(st.code(), store_code::other);
  EXPECT_TRUE(s->query("SELECT 1; -- a trailing comment", {}).ok());
  st = s->query(insert_url, {"only one"});
  EXPECT_EQ(st.code(), store_code::other);
  EXPECT_EQ(scalar(*s, count_urls), 0);
  EXPECT_EQ(s->query("SELEKT nonsense", {}).code(), store_code::other);
}

TEST_F(SqliteStoreTest, BatchCommitsAtomically) {
  auto s = open_store();
  auto reader = open_store();
  const status st = s->write_batch([&] {
    for (int i = 0; i < 100; ++i) {
      if (auto e = s->query(insert_url, {std::to_string(i), "u"}); !e.ok()) return e;
    }
    EXPECT_EQ(scalar(*reader, count_urls), 0);  // another connection sees nothing yet
    return status();
  });
  ASSERT_TRUE(st.ok()) << st.to_string();
  EXPECT_EQ(scalar(*reader, count_urls), 100);
}

TEST_F(SqliteStoreTest, FailingStatementRollsBackTheWholeBatch) {
  auto s = open_store();
  ASSERT_TRUE(s->query(insert_url, {"dup", "first"}).ok());
  const status st = s->write_batch([&] {
    for (int i = 0; i < 10; ++i) {
      if (auto e = s->query(insert_url, {std::to_string(i), "u"}); !e.ok()) return e;
    }
    return s->query(insert_url, {"dup", "second"});
  });
  EXPECT_EQ(st.code(), store_code::constraint) << st.to_string();
  EXPECT_TRUE(st.definite());
  EXPECT_EQ(scalar(*s, count_urls), 1);
  // The connection is usable afterwards, and a body's own error rolls back too.
  const status own = s->write_batch([&] {
    EXPECT_TRUE(s->query(insert_url, {"x", "u"}).ok());
    return status(store_code::other, "changed my mind");
  });
  EXPECT_EQ(own.message(), "changed my mind");
  EXPECT_EQ(scalar(*s, count_urls), 1);
}

TEST_F(SqliteStoreTest, BatchesDoNotNestAndBusyIsReported) {
  auto s = open_store();
  auto other = open_store(/*busy_timeout_ms=*/0);
  const status st = s->write_batch([&] {
    EXPECT_EQ(s->write_batch([] { return status(); }).code(), store_code::other);
    const status busy = other->write_batch([] { return status(); });
    EXPECT_EQ(busy.code(), store_code::busy) << busy.to_string();
    return s->query(insert_url, {"k", "v"});
  });
  ASSERT_TRUE(st.ok()) << st.to_string();
  EXPECT_EQ(scalar(*other, count_urls), 1);
}

TEST_F(SqliteStoreTest, FullDiskReportsFullAndLeavesNoPartialRows) {
  auto s = open_store();
  ASSERT_TRUE(s->exec("PRAGMA max_page_count=8").ok());
  const std::string padding(200, 'x');
  // One big batch, and one statement inserting many rows: both all-or-nothing.
  const status batch = s->write_batch([&] {
    for (int i = 0; i < 2000; ++i) {
      if (auto e = s->query(insert_url, {std::to_string(i), padding}); !e.ok()) return e;
    }
    return status();
  });
  EXPECT_EQ(batch.code(), store_code::full) << batch.to_string();
  const status one = s->query(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
      "INSERT INTO urls SELECT i, ?1 FROM n",
      {padding});
  EXPECT_EQ(one.code(), store_code::full) << one.to_string();
  EXPECT_TRUE(s->integrity_check());
  EXPECT_EQ(scalar(*s, count_urls), 0);
  // Small writes still fit.
  EXPECT_TRUE(s->query(insert_url, {"small", "u"}).ok());
}

TEST_F(SqliteStoreTest, CommittedDataSurvivesReopen) {
  {
    auto s = open_store();
    ASSERT_TRUE(s->write_batch([&] { return s->query(insert_url, {"k", "v"}); }).ok());
  }
  auto s = open_store();
  EXPECT_EQ(scalar(*s, count_urls), 1);
  EXPECT_TRUE(s->integrity_check());
}

TEST_F(SqliteStoreTest, CommittedDataSurvivesAKilledProcess) {
  // The child opens its own connection (never carry one across fork), commits, and dies
  // without closing: no checkpoint, no WAL cleanup, no destructors.
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::unique_ptr<sqlite_store> s;
    if (!sqlite_store::open(path_, {schema}, &s).ok()) _exit(2);
    const status st = s->write_batch([&] {
      for (int i = 0; i < 50; ++i) {
        if (auto e = s->query(insert_url, {std::to_string(i), "u"}); !e.ok()) return e;
      }
      return status();
    });
    if (!st.ok()) _exit(3);
    kill(getpid(), SIGKILL);  // acknowledged, then killed
    _exit(4);
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wstatus)) << "child exited with " << WEXITSTATUS(wstatus);
  EXPECT_EQ(WTERMSIG(wstatus), SIGKILL);
  EXPECT_TRUE(fs::exists(path_ + "-wal"));  // the rows live in the WAL, not yet checkpointed
  auto s = open_store();
  EXPECT_EQ(scalar(*s, count_urls), 50);
  EXPECT_TRUE(s->integrity_check());
}

TEST_F(SqliteStoreTest, GarbageFileIsCorrupt) {
  std::ofstream(path_) << std::string(4096, 'g');
  std::unique_ptr<sqlite_store> s;
  const status st = sqlite_store::open(path_, {schema}, &s);
  EXPECT_EQ(st.code(), store_code::corrupt) << st.to_string();
  EXPECT_FALSE(st.definite());
  EXPECT_EQ(s, nullptr);
}

TEST(StoreStatusTest, Basics) {
  EXPECT_TRUE(status().ok());
  EXPECT_EQ(status().to_string(), "ok");
  const status full(store_code::full, "database or disk is full", 13);
  EXPECT_FALSE(full.ok());
  EXPECT_TRUE(full.definite());
  EXPECT_EQ(full.engine_code(), 13);
  EXPECT_EQ(full.to_string(), "full: database or disk is full");
  EXPECT_FALSE(status(store_code::io_error, "disk I/O error").definite());
}

}  // namespace
}  // namespace sdsim::core
