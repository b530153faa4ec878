#include "actors/core/trace_hop.hpp"

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

TEST(TraceHop, HopsSurviveEncodingWithTabsAndLineBreaksFlattened) {
  const std::vector<trace_hop> hops = {{5, "ride_hailing/trip", "requested", "by rider"},
                                       {7, "ride_hailing/matching", "offer", "a\tb\nc"},
                                       {9, "x", "", ""}};
  const auto back = decode_hops(encode_hops(hops));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_EQ(back[0], hops[0]);
  EXPECT_EQ(back[1].detail, "a b c");
  EXPECT_EQ(back[2], hops[2]);
}

TEST(TraceHop, LinesThatDoNotParseAreSkipped) {
  const auto back = decode_hops("12\ta\tb\tc\nnot a number\ta\tb\tc\n3\ttoo few\n4\ta\tb\tc");
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].at, 12);
  EXPECT_EQ(back[1].at, 4);
  EXPECT_TRUE(decode_hops("").empty());
}

TEST(TraceHop, MergeOrdersByTimeAndKeepsEachServicesOrderAmongEqualTimes) {
  const auto merged = merge_hops({{{3, "trip", "quote", ""}, {3, "trip", "requested", ""},
                                   {9, "trip", "matched", ""}},
                                  {{4, "matching", "search", ""}, {8, "matching", "accepted", ""}}});
  std::vector<std::string> what;
  for (const auto& h : merged) what.push_back(h.what);
  EXPECT_EQ(what, (std::vector<std::string>{"quote", "requested", "search", "accepted", "matched"}));
}

}  // namespace
}  // namespace sdsim::core
