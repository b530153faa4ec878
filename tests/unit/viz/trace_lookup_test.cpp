#include "viz/trace_lookup.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

using core::encode_hops;

TEST(TraceLookup, AnAskIsTakenOnceAndAnsweredWithTheMergedHops) {
  trace_lookup t;
  EXPECT_FALSE(t.take_ask().has_value());
  t.ask(7);
  EXPECT_EQ(t.trace().id, 7u);
  EXPECT_FALSE(t.trace().ready);
  ASSERT_EQ(t.take_ask(), 7u);
  EXPECT_FALSE(t.take_ask().has_value());
  t.answer(7, {encode_hops({{1, "trip", "requested", ""}, {5, "trip", "matched", ""}}),
               encode_hops({{3, "matching", "offer", "driver 4"}}), std::nullopt});
  const auto r = t.trace();
  EXPECT_TRUE(r.ready);
  ASSERT_EQ(r.hops.size(), 3u);
  EXPECT_EQ(r.hops[1].what, "offer");
  EXPECT_EQ(r.unanswered, 1u);
  const std::string text = format_trace(r);
  EXPECT_NE(text.find("request 7"), std::string::npos);
  EXPECT_NE(text.find("driver 4"), std::string::npos);
  EXPECT_NE(text.find("did not answer"), std::string::npos);
}

TEST(TraceLookup, AnAnswerForAnOlderAskIsDropped) {
  trace_lookup t;
  t.ask(1);
  ASSERT_EQ(t.take_ask(), 1u);
  t.ask(2);
  t.answer(1, {encode_hops({{1, "trip", "requested", ""}})});
  EXPECT_EQ(t.trace().id, 2u);
  EXPECT_FALSE(t.trace().ready);
  EXPECT_TRUE(t.trace().hops.empty());
}

TEST(TraceLookup, AskingAgainKeepsTheLastHopsUntilTheNewAnswer) {
  trace_lookup t;
  t.ask(3);
  t.take_ask();
  t.answer(3, {encode_hops({{1, "trip", "requested", ""}})});
  t.ask(3);
  EXPECT_TRUE(t.trace().ready);
  EXPECT_EQ(t.trace().hops.size(), 1u);
  t.clear();
  EXPECT_EQ(t.trace().id, 0u);
  EXPECT_FALSE(t.take_ask().has_value());
}

}  // namespace
}  // namespace sdsim::viz
