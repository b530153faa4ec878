// A queue shard's SQLite store: dedup, preferences, devices, attempts and terminal states,
// and recovery of pending deliveries after the process that wrote them died.
#include "actors/notification/notification_store.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sdsim::notification {
namespace {

namespace fs = std::filesystem;
using core::from_s;
using core::outcome;

class NotificationStoreTest : public ::testing::Test {
 protected:
  NotificationStoreTest() {
    dir_ = fs::temp_directory_path() / ("sdsim_nstore_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    path_ = (dir_ / "q.sqlite").string();
    store_ = open();
    preload_plan plan;
    plan.users = {1, 2, 3};
    plan.seed = 5;
    plan.second_device_share = 0;
    plan.ios_share = 0;
    EXPECT_TRUE(store_->preload(plan).ok());
  }
  ~NotificationStoreTest() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::unique_ptr<notification_store> open() {
    std::string error;
    auto s = notification_store::open(path_, 1ull << 50, &error);
    EXPECT_TRUE(s) << error;
    return s;
  }

  static NotifyRequest notify(uint64_t user, const std::string& key, const std::string& kind = "chat_message") {
    NotifyRequest r;
    r.set_user_id(user);
    r.set_kind(kind);
    r.set_dedup_key(key);
    r.set_payload("{\"t\":1}");
    return r;
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<notification_store> store_;
};

TEST_F(NotificationStoreTest, AcceptedNotifyHasOneDeliveryPerActiveDevice) {
  auto r = store_->notify(notify(1, "e1"), 100, 600);
  ASSERT_EQ(r.outcome, outcome::ok);
  EXPECT_EQ(r.disposition, QUEUED);
  ASSERT_EQ(r.deliveries.size(), 1u);
  EXPECT_EQ(r.deliveries[0].key.device_id, 4u);  // user 1, first device
  EXPECT_EQ(r.deliveries[0].token, "fcm:1:0");
  EXPECT_EQ(r.deliveries[0].device_key, "e1");
  EXPECT_EQ(r.deliveries[0].accepted, 100);
}

TEST_F(NotificationStoreTest, SameDedupKeyIsDeduplicatedToTheFirst) {
  auto a = store_->notify(notify(1, "e1"), 0, 0);
  auto b = store_->notify(notify(1, "e1"), 0, 0);
  EXPECT_EQ(b.disposition, DEDUPLICATED);
  EXPECT_EQ(b.id, a.id);
  EXPECT_TRUE(b.deliveries.empty());
  // Keys are per user; an empty key never deduplicates.
  EXPECT_EQ(store_->notify(notify(2, "e1"), 0, 0).disposition, QUEUED);
  EXPECT_EQ(store_->notify(notify(2, ""), 0, 0).disposition, QUEUED);
  EXPECT_EQ(store_->notify(notify(2, ""), 0, 0).disposition, QUEUED);
}

TEST_F(NotificationStoreTest, PreferencesSuppressAndAreStored) {
  SetPreferencesRequest p;
  p.set_user_id(2);
  p.add_kinds_enabled("chat_message");
  p.mutable_quiet_hours()->set_start_minute(22 * 60);
  p.mutable_quiet_hours()->set_end_minute(7 * 60);
  ASSERT_EQ(store_->set_preferences(p), outcome::ok);
  EXPECT_EQ(store_->notify(notify(2, "a", "promo"), 0, 12 * 60).disposition,
            SUPPRESSED_BY_PREFERENCE);
  EXPECT_EQ(store_->notify(notify(2, "b"), 0, 23 * 60).disposition, SUPPRESSED_BY_PREFERENCE);
  EXPECT_EQ(store_->notify(notify(2, "c"), 0, 12 * 60).disposition, QUEUED);
  p.add_kinds_enabled("promo");  // an update replaces the row
  ASSERT_EQ(store_->set_preferences(p), outcome::ok);
  EXPECT_EQ(store_->notify(notify(2, "d", "promo"), 0, 12 * 60).disposition, QUEUED);
}

TEST_F(NotificationStoreTest, UserWithoutDevicesEndsInvalidDevice) {
  EXPECT_EQ(store_->notify(notify(99, "x"), 0, 0).disposition, NO_DEVICE);
}

TEST_F(NotificationStoreTest, RegisteredDevicesGetIdsAboveTheBaseAndReceive) {
  RegisterDeviceRequest d;
  d.set_user_id(99);
  d.set_platform(IOS);
  d.set_token("apns:new");
  uint64_t id = 0, again = 0;
  ASSERT_EQ(store_->register_device(d, &id), outcome::ok);
  EXPECT_EQ(id, 1ull << 50);
  ASSERT_EQ(store_->register_device(d, &again), outcome::ok);  // the same token: same device
  EXPECT_EQ(again, id);
  auto r = store_->notify(notify(99, "x"), 0, 0);
  ASSERT_EQ(r.deliveries.size(), 1u);
  EXPECT_EQ(r.deliveries[0].platform, IOS);
}

TEST_F(NotificationStoreTest, ATerminalStateIsReachedOnce) {
  auto r = store_->notify(notify(1, "e1"), 0, 0);
  const delivery_key k = r.deliveries[0].key;
  bool conflict = true;
  ASSERT_TRUE(store_->record({k, 1, PUSH_FAILED, from_s(1), 0, 10}, {delivery_state::pending, 1, from_s(2)}, &conflict).ok());
  EXPECT_FALSE(conflict);
  ASSERT_TRUE(store_->record({k, 2, PUSH_OK, 0, 0, 20}, {delivery_state::delivered, 1, 0}, &conflict).ok());
  EXPECT_FALSE(conflict);
  // A late second answer would be a second terminal transition: refused and reported.
  ASSERT_TRUE(store_->record({k, 3, PUSH_OK, 0, 0, 30}, {delivery_state::delivered, 1, 0}, &conflict).ok());
  EXPECT_TRUE(conflict);
  int pending = 0;
  ASSERT_TRUE(store_->pending([&](delivery, core::sim_ns) { ++pending; }).ok());
  EXPECT_EQ(pending, 0);
}

TEST_F(NotificationStoreTest, DeadLetterAndInvalidDeviceAreRecorded) {
  auto a = store_->notify(notify(1, "a"), 0, 0);
  auto b = store_->notify(notify(2, "b"), 0, 0);
  bool conflict = false;
  ASSERT_TRUE(store_->record({a.deliveries[0].key, 1, PUSH_FAILED, 0, 0, 5},
                             {delivery_state::dead_lettered, 1, 0}, &conflict).ok());
  ASSERT_TRUE(store_->record({b.deliveries[0].key, 1, PUSH_INVALID_TOKEN, 0, 0, 5},
                             {delivery_state::invalid_device, 0, 0}, &conflict).ok());
  int64_t dlq = -1;
  store_->sql().query("SELECT count(*) FROM dead_letters", {},
                      [&](const core::sql_row& r) { dlq = r.integer(0); });
  EXPECT_EQ(dlq, 1);
  // The invalid device is unregistered: user 2 now has none.
  EXPECT_EQ(store_->notify(notify(2, "c"), 0, 0).disposition, NO_DEVICE);
}

TEST_F(NotificationStoreTest, AcknowledgedWorkSurvivesTheWriterDying) {
  store_.reset();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child opens its own connection, accepts three, records an attempt, and dies
    // without closing anything (as a killed process would).
    std::string error;
    auto s = notification_store::open(path_, 1ull << 50, &error);
    if (!s) ::_exit(2);
    for (int i = 0; i < 3; ++i)
      if (s->notify(notify(3, "k" + std::to_string(i)), i, 0).outcome != outcome::ok) ::_exit(3);
    bool conflict = false;
    if (!s->record({{1, 12}, 1, PUSH_FAILED, from_s(1), 0, 7}, {delivery_state::pending, 1, from_s(3)}, &conflict).ok())
      ::_exit(4);
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  store_ = open();
  std::vector<std::pair<delivery, core::sim_ns>> back;
  ASSERT_TRUE(store_->pending([&](delivery d, core::sim_ns due) { back.emplace_back(d, due); }).ok());
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0].first.key.notification_id, 1u);   // in acceptance order
  EXPECT_EQ(back[0].first.tries, 1u);                 // with its recorded attempt
  EXPECT_EQ(back[0].first.failures, 1u);
  EXPECT_TRUE(back[0].first.dispatched);
  EXPECT_EQ(back[0].second, from_s(3));
  EXPECT_EQ(back[1].first.tries, 0u);
  EXPECT_EQ(back[1].second, 0);
  EXPECT_EQ(back[2].first.device_key, "k2");
  EXPECT_TRUE(store_->intact());
}

}  // namespace
}  // namespace sdsim::notification
