// The shard's tables: idempotent creates, collisions, passive and active expiry, owner-only
// deletes, hostile text stored verbatim, durability across reopening, the stored position.
#include "actors/shortener/url_table.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sdsim::shortener {
namespace {

namespace fs = std::filesystem;
using core::outcome;

class UrlTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sdsim_url_table_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    table_ = open();
    ASSERT_TRUE(table_);
    ASSERT_TRUE(table_->add_users(10, 1, 0).ok());
  }
  void TearDown() override {
    table_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<url_table> open() {
    std::string error;
    auto t = url_table::open((dir_ / "shard.sqlite").string(), &error);
    EXPECT_TRUE(t) << error;
    return t;
  }

  fs::path dir_;
  std::unique_ptr<url_table> table_;
};

TEST_F(UrlTableTest, CreateThenLookup) {
  auto r = table_->create("abc1234", "https://example.com/x", 0, 3, 100, 5);
  EXPECT_EQ(r.outcome, outcome::ok);
  EXPECT_FALSE(r.collision);
  EXPECT_EQ(r.key, "abc1234");
  auto l = table_->lookup("abc1234", 10);
  EXPECT_EQ(l.outcome, outcome::ok);
  EXPECT_EQ(l.url, "https://example.com/x");
  EXPECT_EQ(table_->lookup("nope", 10).outcome, outcome::not_found);
}

TEST_F(UrlTableTest, RetriedCreateStoresOneMapping) {
  for (int i = 0; i < 3; ++i) {
    // A retry may even come with another key: the request id decides, the first key stands.
    auto r = table_->create(i == 0 ? "first01" : "other0" + std::to_string(i),
                            "https://example.com/r", 0, 1, 42, i);
    EXPECT_EQ(r.outcome, outcome::ok);
    EXPECT_EQ(r.key, "first01");
  }
  EXPECT_EQ(table_->rows(), 1u);
}

TEST_F(UrlTableTest, TakenKeyIsACollision) {
  ASSERT_EQ(table_->create("same123", "https://a.example/", 0, 1, 1, 0).outcome, outcome::ok);
  auto r = table_->create("same123", "https://b.example/", 0, 2, 2, 0);
  EXPECT_TRUE(r.collision);
  EXPECT_EQ(table_->lookup("same123", 0).url, "https://a.example/");
}

TEST_F(UrlTableTest, ExpiresExactlyAtItsExpiration) {
  ASSERT_EQ(table_->create("exp0001", "https://e.example/", 1000, 1, 7, 0).outcome, outcome::ok);
  EXPECT_EQ(table_->lookup("exp0001", 999).outcome, outcome::ok);
  EXPECT_EQ(table_->lookup("exp0001", 1000).outcome, outcome::expired);
  EXPECT_EQ(table_->sweep_expired(999, 100), 0u);
  EXPECT_EQ(table_->sweep_expired(1000, 100), 1u);
  EXPECT_EQ(table_->lookup("exp0001", 0).outcome, outcome::not_found);
}

TEST_F(UrlTableTest, OnlyTheOwnerDeletes) {
  ASSERT_EQ(table_->create("own0001", "https://o.example/", 0, 4, 8, 0).outcome, outcome::ok);
  EXPECT_EQ(table_->remove("own0001", 5), outcome::not_found);  // existence not leaked
  EXPECT_EQ(table_->lookup("own0001", 0).outcome, outcome::ok);
  EXPECT_EQ(table_->remove("own0001", 4), outcome::ok);
  EXPECT_EQ(table_->lookup("own0001", 0).outcome, outcome::not_found);
  EXPECT_EQ(table_->remove("own0001", 4), outcome::not_found);
}

TEST_F(UrlTableTest, HostileTextIsStoredVerbatim) {
  const std::string hostile = std::string("'); DROP TABLE urls;--\0tail \xF0\x9F\x98\x80", 30);
  ASSERT_EQ(table_->create("h000001", hostile, 0, 1, 9, 0).outcome, outcome::ok);
  EXPECT_EQ(table_->lookup("h000001", 0).url, hostile);
  EXPECT_EQ(table_->rows(), 1u);
  EXPECT_TRUE(table_->intact());
}

TEST_F(UrlTableTest, ACopyRestoredFromAScanHoldsExactlyTheSameRows) {
  for (int i = 0; i < 25; ++i)
    ASSERT_EQ(table_->create("key" + std::to_string(i), "https://example.com/" + std::to_string(i),
                             i % 2 ? 1000 : 0, i % 10, 500 + i, 1).outcome, outcome::ok);
  ASSERT_EQ(table_->remove("key3", 3), outcome::ok);
  std::string error;
  auto copy = url_table::open((dir_ / "copy.sqlite").string(), &error);
  ASSERT_TRUE(copy) << error;
  ASSERT_TRUE(copy->add_users(10, 1, 0).ok());
  ASSERT_EQ(copy->create("stale", "https://example.com/stale", 0, 1, 9, 1).outcome, outcome::ok);
  int64_t cursor = 0;
  bool first = true;
  for (;;) {   // parts of 10 rows, as a primary sends them
    auto rows = table_->scan(&cursor, 10);
    ASSERT_TRUE(copy->restore(rows, first).ok());
    first = false;
    if (rows.size() < 10) break;
  }
  EXPECT_EQ(copy->rows(), 24u);
  EXPECT_EQ(copy->lookup("stale", 0).outcome, outcome::not_found);   // replaced, not merged
  EXPECT_EQ(copy->lookup("key3", 0).outcome, outcome::not_found);
  auto l = copy->lookup("key7", 10);
  EXPECT_EQ(l.outcome, outcome::ok);
  EXPECT_EQ(l.url, "https://example.com/7");
  EXPECT_EQ(l.expire_at_ns, 1000);
  // The request id travels too: a retried create on the copy gets the first key back.
  EXPECT_EQ(copy->create("another", "https://example.com/7", 0, 7, 507, 2).key, "key7");
}

TEST_F(UrlTableTest, ReplicatedWritesApplyAsGivenAndAreIdempotent) {
  UrlRow row;
  row.set_key("rep0001");
  row.set_original_url("https://example.com/rep");
  row.set_user_id(2);
  row.set_created_at_ns(5);
  row.set_request_id(77);
  ASSERT_TRUE(table_->put(row).ok());
  ASSERT_TRUE(table_->put(row).ok());   // a write applied twice stores one row
  EXPECT_EQ(table_->rows(), 1u);
  EXPECT_EQ(table_->lookup("rep0001", 10).url, "https://example.com/rep");
  ASSERT_TRUE(table_->erase("rep0001").ok());   // whoever owns it: the primary checked
  ASSERT_TRUE(table_->erase("rep0001").ok());
  EXPECT_EQ(table_->rows(), 0u);
}

// A copy's place in its shard's history is stored with its data, in the same transaction,
// and survives reopening; a snapshot in progress, or a copy that leads, has none.
TEST_F(UrlTableTest, TheWritePositionIsStoredWithTheDataItDescribes) {
  EXPECT_FALSE(table_->position());
  UrlRow row;
  row.set_key("pos0001");
  row.set_original_url("https://example.com/pos");
  row.set_user_id(1);
  ASSERT_TRUE(table_->put(row, write_position{2, 7}).ok());
  ASSERT_TRUE(table_->erase("gone", write_position{2, 8}).ok());
  table_ = open();   // a restarted copy reads it back
  ASSERT_TRUE(table_->position());
  EXPECT_EQ(table_->position()->epoch, 2u);
  EXPECT_EQ(table_->position()->seq, 8u);
  ASSERT_TRUE(table_->restore({row}, true).ok());   // the first of several parts
  EXPECT_FALSE(table_->position());
  ASSERT_TRUE(table_->restore({}, false, write_position{3, 40}).ok());   // the last part
  EXPECT_EQ(table_->position()->seq, 40u);
  ASSERT_TRUE(table_->forget_position().ok());
  EXPECT_FALSE(table_->position());
}

TEST_F(UrlTableTest, AcknowledgedMappingsSurviveAKilledProcess) {
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    std::string error;
    auto t = url_table::open((dir_ / "shard.sqlite").string(), &error);
    const bool ok = t && t->create("kill001", "https://k.example/", 0, 1, 77, 0).outcome ==
                             outcome::ok;
    ::_exit(ok ? 0 : 1);  // no close, no destructor: as if killed after the acknowledgement
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_EQ(WEXITSTATUS(status), 0);
  auto reopened = open();
  EXPECT_EQ(reopened->lookup("kill001", 0).url, "https://k.example/");
}

}  // namespace
}  // namespace sdsim::shortener
