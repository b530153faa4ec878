// SQLite tables replicated by rows: what a primary's transaction left, applied to a copy as it
// is; a full copy in parts; the log position stored with the rows.
#include "actors/cluster/replicated_tables.hpp"

#include <gtest/gtest.h>

#include "actors/core/scratch_dir.hpp"

namespace sdsim::cluster {
namespace {

using core::sql_param;

constexpr const char* schema = R"sql(
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL,
                                  avatar BLOB);
CREATE TABLE IF NOT EXISTS visits (user_id INTEGER NOT NULL, at INTEGER NOT NULL,
                                   page TEXT NOT NULL, PRIMARY KEY (user_id, at)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS loose (note TEXT);
)sql";

struct copy_db {
  explicit copy_db(const std::string& path) {
    std::string error;
    db = core::sqlite_store::open(path, schema, &error);
    EXPECT_TRUE(db) << error;
    tables = replicated_tables::open(*db, {"users", "visits"}, &error);
    EXPECT_TRUE(tables) << error;
  }
  // Every row of both tables, as text, in key order.
  std::string dump() {
    std::string out;
    db->query("SELECT id, name, coalesce(score, -1), length(avatar) FROM users ORDER BY id", {},
              [&](const core::sql_row& r) {
                out += std::to_string(r.integer(0)) + ":" + std::string(r.text(1)) + ":" +
                       std::to_string(r.real(2)) + ":" + std::to_string(r.integer(3)) + ";";
              });
    db->query("SELECT user_id, at, page FROM visits ORDER BY user_id, at", {},
              [&](const core::sql_row& r) {
                out += std::to_string(r.integer(0)) + "@" + std::to_string(r.integer(1)) + "=" +
                       std::string(r.text(2)) + ";";
              });
    return out;
  }
  std::unique_ptr<core::sqlite_store> db;
  std::unique_ptr<replicated_tables> tables;
};

class ReplicatedTablesTest : public ::testing::Test {
 protected:
  core::scratch_dir dir_{"replicated_tables_test"};
  copy_db primary_{dir_.file("primary.sqlite")};
  copy_db copy_{dir_.file("copy.sqlite")};
};

TEST_F(ReplicatedTablesTest, ACopyHoldsWhatThePrimarysTransactionsLeft) {
  auto& db = *primary_.db;
  ASSERT_TRUE(db.query("INSERT INTO users VALUES (1, 'ada', 2.5, x'00ff00')").ok());
  ASSERT_TRUE(db.query("INSERT INTO users VALUES (2, 'bob', NULL, NULL)").ok());
  ASSERT_TRUE(db.query("INSERT INTO visits VALUES (1, 10, 'home')").ok());
  const auto w1 = primary_.tables->describe(
      {{0, {int64_t{1}}}, {0, {int64_t{2}}}, {1, {int64_t{1}, int64_t{10}}}});
  ASSERT_TRUE(copy_.tables->apply(w1.SerializeAsString(), {1, 1}));
  EXPECT_EQ(copy_.dump(), primary_.dump());
  // An update and a delete travel as the row now is, and as gone.
  ASSERT_TRUE(db.query("UPDATE users SET name = 'ada l.' WHERE id = 1").ok());
  ASSERT_TRUE(db.query("DELETE FROM users WHERE id = 2").ok());
  const auto w2 = primary_.tables->describe({{0, {int64_t{1}}}, {0, {int64_t{2}}}});
  EXPECT_TRUE(w2.change(1).gone());
  ASSERT_TRUE(copy_.tables->apply(w2.SerializeAsString(), {1, 2}));
  EXPECT_EQ(copy_.dump(), "1:ada l.:2.500000:3;1@10=home;");
  EXPECT_EQ(copy_.tables->stored_position()->seq, 2u);
  EXPECT_TRUE(copy_.tables->forget_position());
  EXPECT_FALSE(copy_.tables->stored_position());
}

TEST_F(ReplicatedTablesTest, AFullCopyInPartsReplacesEverythingTheCopyHeld) {
  auto& db = *primary_.db;
  ASSERT_TRUE(db.write_batch([&] {
                  for (int64_t i = 1; i <= 2 * replicated_tables::part_rows + 7; ++i) {
                    auto st = db.query("INSERT INTO visits VALUES (?, ?, 'p')", {i % 5, i});
                    if (!st.ok()) return st;
                  }
                  return db.query("INSERT INTO users VALUES (9, 'zed', 1.0, NULL)");
                }).ok());
  ASSERT_TRUE(copy_.db->query("INSERT INTO users VALUES (3, 'stale', NULL, NULL)").ok());
  int64_t cursor = 0;
  bool last = false, first = true;
  int parts = 0;
  while (!last) {
    const auto part = primary_.tables->snapshot_part(&cursor, &last);
    ASSERT_GE(copy_.tables->restore_part(part, first, last ? std::optional<log_position>{{2, 40}}
                                                            : std::nullopt),
              0);
    first = false;
    ++parts;
  }
  EXPECT_EQ(parts, 3);
  EXPECT_EQ(copy_.dump(), primary_.dump());
  EXPECT_EQ(copy_.tables->stored_position()->epoch, 2u);
}

TEST(ReplicatedTables, ATableWithoutAKeyOrMissingIsRefused) {
  core::scratch_dir dir("replicated_tables_refused");
  std::string error;
  auto db = core::sqlite_store::open(dir.file("t.sqlite"), schema, &error);
  ASSERT_TRUE(db) << error;
  EXPECT_FALSE(replicated_tables::open(*db, {"loose"}, &error));
  EXPECT_NE(error.find("no primary key"), std::string::npos) << error;
  EXPECT_FALSE(replicated_tables::open(*db, {"nowhere"}, &error));
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
}

TEST_F(ReplicatedTablesTest, AWriteThatDoesNotParseIsRefusedAndChangesNothing) {
  EXPECT_FALSE(copy_.tables->apply("\xff\xff not a write", {1, 1}));
  EXPECT_EQ(copy_.dump(), "");
  EXPECT_FALSE(copy_.tables->stored_position());
}

}  // namespace
}  // namespace sdsim::cluster
