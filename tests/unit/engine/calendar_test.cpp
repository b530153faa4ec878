// The scenario's calendar: `start_time` parsed as an RFC 3339 UTC instant, and what is refused.
#include "engine/calendar.hpp"

#include <gtest/gtest.h>

namespace sdsim::scenarios {
namespace {

TEST(Calendar, ParsesUtcInstants) {
  EXPECT_EQ(parse_utc("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_utc("1970-01-02T00:00:01Z"), 86401);
  EXPECT_EQ(parse_utc("2000-03-01T12:30:45Z"), 951913845);
  EXPECT_EQ(parse_utc("2024-02-29T23:59:59Z"), 1709251199);  // a leap day
  EXPECT_EQ(parse_utc("2038-01-19T03:14:08Z"), 2147483648);   // past 32-bit time_t
}

TEST(Calendar, DefaultStartIsAMondayMidnight) {
  const auto t = parse_utc(default_start_time);
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, 1767571200);
  EXPECT_EQ(*t % 86400, 0);
  // 1970-01-01 was a Thursday; Monday is 4 days later in the week.
  EXPECT_EQ((*t / 86400 + 3) % 7, 0);
}

TEST(Calendar, RefusesAMissingOrDifferentZone) {
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00"));
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00z"));
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00+01:00"));
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00.5Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00Z "));
  EXPECT_FALSE(parse_utc("2026-01-05T00:00:00ZZ"));
}

TEST(Calendar, RefusesDaysThatDoNotExist) {
  EXPECT_FALSE(parse_utc("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-02-29T00:00:00Z"));  // 2026 is not a leap year
  EXPECT_FALSE(parse_utc("2100-02-29T00:00:00Z"));  // nor is 2100
  EXPECT_FALSE(parse_utc("2026-04-31T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-00-10T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-13-10T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-00T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-32T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T24:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T12:60:00Z"));
}

TEST(Calendar, RefusesGarbage) {
  EXPECT_FALSE(parse_utc(""));
  EXPECT_FALSE(parse_utc("yesterday"));
  EXPECT_FALSE(parse_utc("2026-01-05"));
  EXPECT_FALSE(parse_utc("2026-01-05 00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026/01/05T00:00:00Z"));
  EXPECT_FALSE(parse_utc("1969-12-31T23:59:59Z"));
}

TEST(Calendar, RefusesFieldsNotWrittenAsTheirDigits) {
  // sscanf's %d would take signs, spaces and short fields; RFC 3339 has fixed-width digits.
  EXPECT_FALSE(parse_utc("2026-01-05T05:-1:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T-1:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T+5:00:00Z"));
  EXPECT_FALSE(parse_utc(" 2026-01-05T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T 5:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-1-5T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2026-01-05T5:0:0Z"));
}

}  // namespace
}  // namespace sdsim::scenarios
