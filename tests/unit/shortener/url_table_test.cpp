// The shard's tables: idempotent creates, collisions, passive and active expiry, owner-only
// deletes, hostile text stored verbatim, durability across reopening.
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
