// What the notification API refuses: every case is a definite error, never a crash.
#include "actors/notification/request_rules.hpp"

#include <gtest/gtest.h>

#include "actors/notification/messages.hpp"

namespace sdsim::notification {
namespace {

using core::outcome;

NotifyRequest good() {
  NotifyRequest r;
  r.set_user_id(1);
  r.set_kind("chat_message");
  r.set_payload("{}");
  r.set_dedup_key("e1");
  return r;
}

TEST(RequestRules, AGoodNotifyPasses) { EXPECT_EQ(check(good()), outcome::ok); }

TEST(RequestRules, NotifyRefusals) {
  auto r = good();
  r.set_payload(std::string(max_payload_bytes + 1, 'x'));
  EXPECT_EQ(check(r), outcome::too_large);
  r = good();
  r.set_kind("Not A Kind");
  EXPECT_EQ(check(r), outcome::invalid_argument);
  r = good();
  r.set_dedup_key(std::string(max_dedup_key_bytes + 1, 'k'));
  EXPECT_EQ(check(r), outcome::invalid_argument);
  r = good();
  r.set_dedup_key("has space");
  EXPECT_EQ(check(r), outcome::invalid_argument);
  r = good();
  r.set_priority(static_cast<Priority>(7));
  EXPECT_EQ(check(r), outcome::invalid_argument);
}

TEST(RequestRules, PreferenceAndDeviceRefusals) {
  SetPreferencesRequest p;
  p.add_kinds_enabled("promo");
  EXPECT_EQ(check(p), outcome::ok);
  p.mutable_quiet_hours()->set_start_minute(1440);
  EXPECT_EQ(check(p), outcome::invalid_argument);
  RegisterDeviceRequest d;
  EXPECT_EQ(check(d), outcome::invalid_argument);  // empty token
  d.set_token("fcm:abc");
  EXPECT_EQ(check(d), outcome::ok);
  d.set_platform(static_cast<Platform>(9));
  EXPECT_EQ(check(d), outcome::invalid_argument);
  d.set_platform(IOS);
  d.set_token(std::string(max_token_bytes + 1, 't'));
  EXPECT_EQ(check(d), outcome::invalid_argument);
}

TEST(RequestRules, ParseGivesTheUserOrAnError) {
  uint64_t user = 0;
  auto r = good();
  r.set_user_id(77);
  EXPECT_EQ(parse_and_check(notify_api, r.SerializeAsString(), &user), outcome::ok);
  EXPECT_EQ(user, 77u);
  EXPECT_EQ(parse_and_check(notify_api, std::string("\xff\xff\xff", 3), &user),
            outcome::malformed_request);
  EXPECT_EQ(parse_and_check(9, "", &user), outcome::not_supported);
}

}  // namespace
}  // namespace sdsim::notification
