// Tests for actors/shortener/url_store.hpp: idempotent and batched creates, collisions,
// passive expiry at the boundary, the sweep, owner-only deletes, hostile text, a full disk,
// a busy lock, and durability across a child process that exits without closing.
#include "actors/shortener/url_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace sdsim::shortener {
namespace {

namespace fs = std::filesystem;
using create_outcome = url_store::create_outcome;
using lookup_outcome = url_store::lookup_outcome;
using remove_outcome = url_store::remove_outcome;
using add_user_outcome = url_store::add_user_outcome;

constexpr core::sim_ns t0 = 1'000;

class UrlStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "sdsim_url_store_XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "shard.sqlite").string();
    store_ = open_store();
    ASSERT_NE(store_, nullptr);
    alice_ = add("alice");
    bob_ = add("bob");
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<url_store> open_store(int busy_timeout_ms = 5000) {
    std::unique_ptr<url_store> s;
    const core::status st = url_store::open(path_, &s, busy_timeout_ms);
    EXPECT_TRUE(st.ok()) << st.to_string();
    return s;
  }

  int64_t add(const std::string& name) {
    const auto r = store_->add_user(name, name + "@example.com", "key-" + name, t0);
    EXPECT_EQ(r.outcome, add_user_outcome::added) << r.status.to_string();
    return r.user_id;
  }

  uint64_t rows() {
    uint64_t n = 0;
    const core::status st = store_->count(&n);
    EXPECT_TRUE(st.ok()) << st.to_string();
    return n;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<url_store> store_;
  int64_t alice_ = 0;
  int64_t bob_ = 0;
};

TEST_F(UrlStoreTest, CreateThenLookupReturnsEveryField) {
  const auto c = store_->create("abc123", "https://example.com/a", t0 + 500, alice_, 7u, t0);
  ASSERT_EQ(c.outcome, create_outcome::created) << c.status.to_string();
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE(c.definite());
  EXPECT_EQ(c.hash, "abc123");
  EXPECT_EQ(c.expiration, t0 + 500);
  const auto l = store_->lookup("abc123", t0);
  ASSERT_EQ(l.outcome, lookup_outcome::found);
  EXPECT_EQ(l.url.hash, "abc123");
  EXPECT_EQ(l.url.original_url, "https://example.com/a");
  EXPECT_EQ(l.url.expiration, t0 + 500);
  EXPECT_EQ(l.url.user_id, alice_);
  EXPECT_EQ(l.url.created_at, t0);
  EXPECT_EQ(store_->lookup("nope", t0).outcome, lookup_outcome::not_found);
  EXPECT_EQ(rows(), 1u);
  EXPECT_TRUE(store_->integrity_check());
}

TEST_F(UrlStoreTest, AnonymousNeverExpiringCreate) {
  const auto c = store_->create("anon", "https://example.com/", std::nullopt, std::nullopt,
                                std::nullopt, t0);
  ASSERT_EQ(c.outcome, create_outcome::created);
  const auto l = store_->lookup("anon", INT64_MAX);
  ASSERT_EQ(l.outcome, lookup_outcome::found);
  EXPECT_FALSE(l.url.expiration.has_value());
  EXPECT_FALSE(l.url.user_id.has_value());
}

TEST_F(UrlStoreTest, CreateRetriedThreeTimesStoresOneRow) {
  const auto first = store_->create("key-1", "https://example.com/x", std::nullopt, alice_,
                                    42u, t0);
  ASSERT_EQ(first.outcome, create_outcome::created);
  // Retries may come with fresh keys from the KGS; they still get the first key back.
  for (const char* retry_key : {"key-1", "key-2", "key-3"}) {
    const auto again = store_->create(retry_key, "https://example.com/x", std::nullopt, alice_,
                                      42u, t0 + 10);
    EXPECT_EQ(again.outcome, create_outcome::replayed) << retry_key;
    EXPECT_TRUE(again.ok());
    EXPECT_EQ(again.hash, "key-1");
  }
  EXPECT_EQ(rows(), 1u);
  EXPECT_EQ(store_->lookup("key-2", t0).outcome, lookup_outcome::not_found);
  // A request id's full 64 bits are kept: the top bit set is a different id, not an overflow.
  EXPECT_EQ(store_->create("key-4", "u", std::nullopt, alice_, UINT64_MAX, t0).outcome,
            create_outcome::created);
  EXPECT_EQ(store_->create("key-5", "u", std::nullopt, alice_, UINT64_MAX, t0).hash, "key-4");
}

TEST_F(UrlStoreTest, CollisionIsDistinctDefiniteAndRetryable) {
  ASSERT_EQ(store_->create("dup", "https://a.example/", std::nullopt, alice_, 1u, t0).outcome,
            create_outcome::created);
  const auto c = store_->create("dup", "https://b.example/", std::nullopt, bob_, 2u, t0);
  EXPECT_EQ(c.outcome, create_outcome::collision);
  EXPECT_FALSE(c.ok());
  EXPECT_TRUE(c.definite());
  EXPECT_EQ(store_->lookup("dup", t0).url.original_url, "https://a.example/");
  // The same request with another key succeeds: the collision stored nothing for id 2.
  EXPECT_EQ(store_->create("dup2", "https://b.example/", std::nullopt, bob_, 2u, t0).outcome,
            create_outcome::created);
  EXPECT_EQ(rows(), 2u);
}

TEST_F(UrlStoreTest, UnknownUserIsRefusedDefinitely) {
  const auto c = store_->create("k", "https://example.com/", std::nullopt, 999, 5u, t0);
  EXPECT_EQ(c.outcome, create_outcome::unknown_user);
  EXPECT_TRUE(c.definite());
  EXPECT_EQ(rows(), 0u);
}

TEST_F(UrlStoreTest, PassiveExpiryAtTheExactBoundary) {
  const core::sim_ns expiry = 60 * core::ns_per_s;
  ASSERT_TRUE(store_->create("e", "https://example.com/e", expiry, alice_, 1u, t0).ok());
  EXPECT_EQ(store_->lookup("e", expiry - 1).outcome, lookup_outcome::found);
  const auto at = store_->lookup("e", expiry);
  EXPECT_EQ(at.outcome, lookup_outcome::expired);
  EXPECT_TRUE(at.url.original_url.empty());  // the URL is never handed out once expired
  EXPECT_EQ(store_->lookup("e", expiry + 1).outcome, lookup_outcome::expired);
  // A read never deletes: the row waits for the sweep.
  EXPECT_EQ(rows(), 1u);
}

TEST_F(UrlStoreTest, SweepHardDeletesExpiredRowsUpToTheLimit) {
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(store_->create("x" + std::to_string(i), "u", i * 100, alice_, std::nullopt, 0)
                    .ok());
  ASSERT_TRUE(store_->create("forever", "u", std::nullopt, alice_, std::nullopt, 0).ok());
  uint64_t removed = 99;
  ASSERT_TRUE(store_->sweep_expired(350, 0, &removed).ok());
  EXPECT_EQ(removed, 0u);
  ASSERT_TRUE(store_->sweep_expired(350, 2, &removed).ok());
  EXPECT_EQ(removed, 2u);  // the earliest two: x1 and x2
  EXPECT_EQ(store_->lookup("x3", 0).outcome, lookup_outcome::found);
  EXPECT_EQ(store_->lookup("x1", 0).outcome, lookup_outcome::not_found);
  ASSERT_TRUE(store_->sweep_expired(350, 100, &removed).ok());
  EXPECT_EQ(removed, 1u);  // x3 (expiration 300); x4, x5 and forever stay
  EXPECT_EQ(rows(), 3u);
  ASSERT_TRUE(store_->sweep_expired(INT64_MAX, 100, &removed).ok());
  EXPECT_EQ(removed, 2u);
  EXPECT_EQ(store_->lookup("forever", INT64_MAX).outcome, lookup_outcome::found);
  // A swept key is free again.
  EXPECT_EQ(store_->create("x1", "new", std::nullopt, bob_, std::nullopt, 400).outcome,
            create_outcome::created);
}

TEST_F(UrlStoreTest, SweepUsesTheExpirationIndex) {
  std::unique_ptr<core::sqlite_store> raw;
  ASSERT_TRUE(core::sqlite_store::open(path_, {}, &raw).ok());
  std::string plan;
  ASSERT_TRUE(raw->query("EXPLAIN QUERY PLAN SELECT short_url_id FROM urls WHERE expiration "
                         "<= ?1 ORDER BY expiration, short_url_id LIMIT ?2",
                         {1, 1}, [&](const core::sql_row& r) { plan += std::string(r.text(3)); })
                  .ok());
  EXPECT_NE(plan.find("urls_by_expiration"), std::string::npos) << plan;
}

TEST_F(UrlStoreTest, OnlyTheOwnerRemovesAndTheKeyStaysReserved) {
  ASSERT_TRUE(store_->create("mine", "https://example.com/m", std::nullopt, alice_, 1u, t0).ok());
  const auto by_bob = store_->remove("mine", bob_);
  EXPECT_EQ(by_bob.outcome, remove_outcome::not_found);  // same answer as a missing key
  EXPECT_EQ(store_->remove("missing", bob_).outcome, remove_outcome::not_found);
  EXPECT_EQ(store_->lookup("mine", t0).outcome, lookup_outcome::found);
  EXPECT_EQ(store_->remove("mine", alice_).outcome, remove_outcome::removed);
  EXPECT_EQ(store_->lookup("mine", t0).outcome, lookup_outcome::not_found);
  EXPECT_EQ(store_->remove("mine", alice_).outcome, remove_outcome::not_found);
  // The tombstone keeps the key: reusing it would let a stale cache redirect elsewhere.
  EXPECT_EQ(store_->create("mine", "https://evil.example/", std::nullopt, bob_, 2u, t0).outcome,
            create_outcome::collision);
  // A retry of the create that made it is still recognised.
  EXPECT_EQ(store_->create("other", "https://example.com/m", std::nullopt, alice_, 1u, t0).hash,
            "mine");
  // Nobody owns an anonymous mapping, so nobody can remove it.
  ASSERT_TRUE(store_->create("anon", "u", std::nullopt, std::nullopt, std::nullopt, t0).ok());
  EXPECT_EQ(store_->remove("anon", alice_).outcome, remove_outcome::not_found);
}

TEST_F(UrlStoreTest, HostileTextRoundTripsByteExact) {
  const std::string drop = "'); DROP TABLE urls;--";
  const std::string url = std::string("https://example.com/\0nul", 24) +
                          "?q=\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\r\nSet-Cookie: x=" +
                          drop;
  ASSERT_EQ(url.size(), 24 + 3 + 11 + 2 + 14 + drop.size());  // the NUL is kept
  ASSERT_TRUE(store_->create(drop, url, std::nullopt, alice_, 1u, t0).ok());
  const std::string nul_key("a\0b", 3);
  ASSERT_TRUE(store_->create(nul_key, "with-nul", std::nullopt, alice_, 2u, t0).ok());
  // "a" is a prefix of "a\0b" only to C strings: a different key here.
  ASSERT_EQ(store_->create("a", "plain", std::nullopt, alice_, 3u, t0).outcome,
            create_outcome::created);
  const auto l = store_->lookup(drop, t0);
  ASSERT_EQ(l.outcome, lookup_outcome::found);
  EXPECT_EQ(l.url.original_url, url);
  EXPECT_EQ(l.url.hash, drop);
  EXPECT_EQ(store_->lookup(nul_key, t0).url.original_url, "with-nul");
  EXPECT_EQ(store_->lookup("a", t0).url.original_url, "plain");

  const std::string evil_key = std::string("k\0", 2) + drop + "\xF0\x9F\x98\x80";
  const auto u = store_->add_user(drop, drop + "@x", evil_key, t0);
  ASSERT_EQ(u.outcome, add_user_outcome::added);
  std::optional<url_store::user_record> found;
  ASSERT_TRUE(store_->user_by_api_key(evil_key, &found).ok());
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->api_key, evil_key);
  EXPECT_EQ(found->name, drop);
  EXPECT_EQ(found->user_id, u.user_id);
  ASSERT_TRUE(store_->user_by_api_key("k", &found).ok());
  EXPECT_FALSE(found.has_value());
  EXPECT_EQ(rows(), 3u);  // the table is still there
  EXPECT_TRUE(store_->integrity_check());
}

TEST_F(UrlStoreTest, UsersAreUniqueByEmailAndApiKey) {
  std::optional<url_store::user_record> u;
  ASSERT_TRUE(store_->user_by_api_key("key-alice", &u).ok());
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->user_id, alice_);
  EXPECT_EQ(u->email, "alice@example.com");
  EXPECT_EQ(u->created_at, t0);
  EXPECT_NE(alice_, bob_);
  EXPECT_EQ(store_->add_user("x", "alice@example.com", "fresh", t0).outcome,
            add_user_outcome::conflict);
  EXPECT_EQ(store_->add_user("x", "fresh@example.com", "key-bob", t0).outcome,
            add_user_outcome::conflict);
  EXPECT_EQ(store_->add_user("x", "fresh@example.com", "fresh", t0).outcome,
            add_user_outcome::added);
}

TEST_F(UrlStoreTest, BatchGivesEachItemItsOwnOutcome) {
  ASSERT_TRUE(store_->create("taken", "u", std::nullopt, alice_, 1u, t0).ok());
  const std::vector<url_store::create_request> batch = {
      {"b1", "https://example.com/1", std::nullopt, alice_, 10u},
      {"taken", "https://example.com/2", std::nullopt, alice_, 11u},
      {"b3", "https://example.com/3", std::nullopt, 12345, 12u},
      {"b4", "https://example.com/1", std::nullopt, alice_, 10u},  // item 0 retried
      {"b5", "https://example.com/5", t0 + 1, bob_, 1u},           // an earlier create retried
      {"b6", "https://example.com/6", t0 + 1, bob_, std::nullopt},
  };
  const auto r = store_->create_batch(batch, t0);
  ASSERT_EQ(r.size(), batch.size());
  EXPECT_EQ(r[0].outcome, create_outcome::created);
  EXPECT_EQ(r[1].outcome, create_outcome::collision);
  EXPECT_EQ(r[2].outcome, create_outcome::unknown_user);
  EXPECT_EQ(r[3].outcome, create_outcome::replayed);
  EXPECT_EQ(r[3].hash, "b1");
  EXPECT_EQ(r[4].outcome, create_outcome::replayed);
  EXPECT_EQ(r[4].hash, "taken");
  EXPECT_EQ(r[5].outcome, create_outcome::created);
  EXPECT_EQ(r[5].expiration, t0 + 1);
  EXPECT_EQ(rows(), 3u);
  EXPECT_TRUE(store_->create_batch({}, t0).empty());
}

TEST_F(UrlStoreTest, StorageFullIsDefiniteAndLeavesNothingPartial) {
  ASSERT_TRUE(store_->create("small", "u", std::nullopt, alice_, 1u, t0).ok());
  ASSERT_TRUE(store_->set_max_pages(1).ok());  // capped at the current size
  const std::string big(64 * 1024, 'x');  // needs overflow pages the cap forbids
  const auto c = store_->create("big", big, std::nullopt, alice_, 2u, t0);
  ASSERT_EQ(c.outcome, create_outcome::failed);
  EXPECT_EQ(c.status.code(), core::store_code::full) << c.status.to_string();
  EXPECT_TRUE(c.definite());
  EXPECT_EQ(store_outcome(c.status), core::outcome::storage_full);
  // A batch hitting the cap fails every item, the ones that fit included.
  const auto b = store_->create_batch({{"fits", "u", std::nullopt, alice_, 3u},
                                       {"big", big, std::nullopt, alice_, 2u}},
                                      t0);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0].status.code(), core::store_code::full);
  EXPECT_EQ(b[1].status.code(), core::store_code::full);
  EXPECT_TRUE(store_->integrity_check());
  EXPECT_EQ(rows(), 1u);
  EXPECT_EQ(store_->lookup("big", t0).outcome, lookup_outcome::not_found);
  EXPECT_EQ(store_->lookup("fits", t0).outcome, lookup_outcome::not_found);
  // Once the disk has room, the same request id creates afresh: nothing of it was stored.
  ASSERT_TRUE(store_->set_max_pages(1 << 20).ok());
  EXPECT_EQ(store_->create("big", big, std::nullopt, alice_, 2u, t0).outcome,
            create_outcome::created);
  EXPECT_EQ(store_->lookup("big", t0).url.original_url, big);
  EXPECT_TRUE(store_->integrity_check());
}

TEST_F(UrlStoreTest, BusyLockIsDefiniteAndStoresNothing) {
  store_.reset();
  auto impatient = open_store(/*busy_timeout_ms=*/0);
  std::unique_ptr<core::sqlite_store> other;
  ASSERT_TRUE(core::sqlite_store::open(path_, {}, &other).ok());
  ASSERT_TRUE(other->query("BEGIN IMMEDIATE").ok());
  const auto c = impatient->create("k", "u", std::nullopt, alice_, 1u, t0);
  EXPECT_EQ(c.status.code(), core::store_code::busy) << c.status.to_string();
  EXPECT_TRUE(c.definite());
  EXPECT_EQ(store_outcome(c.status), core::outcome::overloaded);
  EXPECT_EQ(impatient->remove("k", alice_).outcome, remove_outcome::failed);
  ASSERT_TRUE(other->query("ROLLBACK").ok());
  EXPECT_EQ(impatient->lookup("k", t0).outcome, lookup_outcome::not_found);
  EXPECT_EQ(impatient->create("k", "u", std::nullopt, alice_, 1u, t0).outcome,
            create_outcome::created);
}

TEST_F(UrlStoreTest, AcknowledgedCreateSurvivesAChildThatExitsWithoutClosing) {
  store_.reset();  // the child must not inherit a connection in use
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::unique_ptr<url_store> s;
    if (!url_store::open(path_, &s).ok()) _exit(2);
    const auto c = s->create("durable", "https://example.com/d", std::nullopt, std::nullopt,
                             77u, t0);
    if (c.outcome != create_outcome::created) _exit(3);
    _exit(0);  // acknowledged; no close, no checkpoint, no destructors
  }
  int wstatus = 0;
  ASSERT_EQ(waitpid(pid, &wstatus, 0), pid);
  ASSERT_TRUE(WIFEXITED(wstatus));
  ASSERT_EQ(WEXITSTATUS(wstatus), 0);
  EXPECT_TRUE(fs::exists(path_ + "-wal"));  // the commit lives in the WAL, not yet checkpointed
  store_ = open_store();
  ASSERT_NE(store_, nullptr);
  const auto l = store_->lookup("durable", t0);
  ASSERT_EQ(l.outcome, lookup_outcome::found);
  EXPECT_EQ(l.url.original_url, "https://example.com/d");
  EXPECT_EQ(store_->create("retry", "https://example.com/d", std::nullopt, std::nullopt, 77u, t0)
                .hash,
            "durable");
  EXPECT_TRUE(store_->integrity_check());
}

TEST(StoreOutcomeTest, MapsEveryCodeKeepingCertainty) {
  using core::store_code;
  for (auto code : {store_code::ok, store_code::full, store_code::io_error, store_code::busy,
                    store_code::constraint, store_code::corrupt, store_code::other}) {
    const core::status st(code, "m");
    EXPECT_EQ(core::is_definite(store_outcome(st)), st.definite()) << core::name(code);
  }
  EXPECT_EQ(store_outcome(core::status(store_code::io_error, "m")), core::outcome::io_error);
}

}  // namespace
}  // namespace sdsim::shortener
