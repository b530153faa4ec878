// The provider model's answers (quota, unknown tokens, failures, lost answers), the devices'
// dedup, and the sender's pacing.
#include <gtest/gtest.h>

#include "actors/notification/device_model.hpp"
#include "actors/notification/pacer.hpp"
#include "actors/notification/provider_model.hpp"
#include "actors/notification/sender_throttle.hpp"

namespace sdsim::notification {
namespace {

using core::from_s;

TEST(ProviderModel, OverQuotaIsThrottledWithAWholeSecondRetryAfter) {
  ProviderConfig c;
  c.set_quota_per_minute(600);  // 10/s, burst of one second
  provider_model m(c);
  core::rng r(1);
  int ok = 0, throttled = 0;
  for (int i = 0; i < 30; ++i) {
    const auto a = m.push(0, "fcm:1:0", r);
    if (a.outcome == PUSH_OK) ++ok;
    if (a.outcome == PUSH_THROTTLED) {
      ++throttled;
      EXPECT_EQ(a.retry_after % from_s(1), 0);
      EXPECT_GE(a.retry_after, from_s(1));
      EXPECT_FALSE(a.delivered);
    }
  }
  EXPECT_EQ(ok, 10);
  EXPECT_EQ(throttled, 20);
  EXPECT_EQ(m.push(from_s(1), "fcm:1:0", r).outcome, PUSH_OK);  // refilled
}

TEST(ProviderModel, InvalidTokensAreAFixedShareAndPermanent) {
  ProviderConfig c;
  c.set_invalid_token_rate(0.1);
  provider_model m(c);
  core::rng r(2);
  int invalid = 0;
  for (int u = 0; u < 10'000; ++u) {
    const std::string token = "fcm:" + std::to_string(u) + ":0";
    const bool bad = m.token_invalid(token);
    invalid += bad;
    EXPECT_EQ(m.push(0, token, r).outcome == PUSH_INVALID_TOKEN, bad);
    EXPECT_EQ(m.push(0, token, r).outcome == PUSH_INVALID_TOKEN, bad);  // same answer again
  }
  EXPECT_NEAR(invalid, 1000, 120);
}

TEST(ProviderModel, OutageFailsEverythingAndEnds) {
  ProviderConfig c;
  provider_model m(c);
  core::rng r(3);
  m.set_outage(1.0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m.push(0, "t", r).outcome, PUSH_FAILED);
  m.set_outage(0);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(m.push(0, "t", r).outcome, PUSH_OK);
}

TEST(ProviderModel, ALostAnswerStillDelivers) {
  ProviderConfig c;
  c.set_ambiguous_rate(1.0);
  provider_model m(c);
  core::rng r(4);
  const auto a = m.push(0, "t", r);
  EXPECT_EQ(a.outcome, PUSH_OK);
  EXPECT_TRUE(a.delivered);
  EXPECT_TRUE(a.answer_lost);
}

TEST(DeviceModel, ShowsEachKeyOncePerDevice) {
  device_model d;
  EXPECT_TRUE(d.offer(1, "e1"));
  EXPECT_FALSE(d.offer(1, "e1"));   // delivered again after a lost answer: not shown again
  EXPECT_TRUE(d.offer(2, "e1"));    // the user's other phone shows it too
  EXPECT_TRUE(d.offer(1, "e2"));
  EXPECT_EQ(d.shown(), 3u);
  EXPECT_EQ(d.duplicates_dropped(), 1u);
  EXPECT_EQ(d.shown_keys(), (std::vector<std::string>{"1/e1", "1/e2", "2/e1"}));
}

TEST(Pacer, AllowsTheBurstThenOneEveryInterval) {
  pacer p(10, 3);  // 100 ms apart, bursts of 3
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(p.earliest(0), 0);
    p.book(0);
  }
  EXPECT_EQ(p.earliest(0), core::from_ms(100));
  p.book(core::from_ms(100));
  EXPECT_EQ(p.earliest(0), core::from_ms(200));
  EXPECT_EQ(p.earliest(core::from_s(5)), core::from_s(5));  // idle time refills the burst
}

TEST(SenderThrottle, HoldsBrieflyOrHandsBack) {
  sender_throttle t(2, 2);  // 2/s per user, burst 2
  core::sim_ns wait = 0;
  EXPECT_EQ(*t.book(1, 0, from_s(1), &wait), 0);
  EXPECT_EQ(*t.book(1, 0, from_s(1), &wait), 0);
  EXPECT_EQ(*t.book(1, 0, from_s(1), &wait), from_s(0.5));
  EXPECT_EQ(*t.book(1, 0, from_s(1), &wait), from_s(1));
  EXPECT_FALSE(t.book(1, 0, from_s(1), &wait));  // would wait 1.5 s
  EXPECT_EQ(wait, from_s(1.5));
  EXPECT_EQ(*t.book(2, 0, from_s(1), &wait), 0);  // other users are not affected
}

}  // namespace
}  // namespace sdsim::notification
