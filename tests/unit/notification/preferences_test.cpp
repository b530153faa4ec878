#include "actors/notification/preferences.hpp"

#include <gtest/gtest.h>

namespace sdsim::notification {
namespace {

TEST(Preferences, NothingSetMeansEverythingAtAnyHour) {
  user_preferences p;
  EXPECT_EQ(decide(p, "promo", false, 3 * 60), preference_verdict::send);
}

TEST(Preferences, DisabledKindNeverGoesEvenWhenHigh) {
  user_preferences p{true, {"chat_message"}, 0, 0};
  EXPECT_EQ(decide(p, "chat_message", false, 600), preference_verdict::send);
  EXPECT_EQ(decide(p, "promo", false, 600), preference_verdict::kind_disabled);
  EXPECT_EQ(decide(p, "promo", true, 600), preference_verdict::kind_disabled);
}

TEST(Preferences, QuietHoursWrapPastMidnightAndLetHighPriorityThrough) {
  user_preferences p{true, {"chat_message", "ride_update"}, 22 * 60, 7 * 60};
  EXPECT_EQ(decide(p, "chat_message", false, 23 * 60), preference_verdict::quiet_hours);
  EXPECT_EQ(decide(p, "chat_message", false, 6 * 60 + 59), preference_verdict::quiet_hours);
  EXPECT_EQ(decide(p, "chat_message", false, 7 * 60), preference_verdict::send);  // end excluded
  EXPECT_EQ(decide(p, "chat_message", false, 21 * 60 + 59), preference_verdict::send);
  EXPECT_EQ(decide(p, "ride_update", true, 23 * 60), preference_verdict::send);
}

TEST(Preferences, QuietHoursWithinADay) {
  EXPECT_TRUE(in_quiet_hours(60, 120, 60));
  EXPECT_FALSE(in_quiet_hours(60, 120, 120));
  EXPECT_FALSE(in_quiet_hours(60, 60, 60));  // equal bounds: none
}

TEST(Preferences, KindNames) {
  EXPECT_TRUE(valid_kind("ride_update"));
  EXPECT_FALSE(valid_kind(""));
  EXPECT_FALSE(valid_kind("Ride"));
  EXPECT_FALSE(valid_kind("a,b"));
  EXPECT_FALSE(valid_kind(std::string(33, 'a')));
  EXPECT_EQ(split_kinds(join_kinds({"a", "b_c"})), (std::vector<std::string>{"a", "b_c"}));
  EXPECT_TRUE(split_kinds("").empty());
}

}  // namespace
}  // namespace sdsim::notification
