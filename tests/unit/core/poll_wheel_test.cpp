#include "actors/core/poll_wheel.hpp"

#include <map>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

TEST(PollWheel, EachItemOncePerTurnOfTheWheelFromItsFirstSlot) {
  poll_wheel<int> w(4);
  w.add(1, 0);  // visited on the next turn
  w.add(2, 2);
  w.add(3, 5);  // modulo the size: slot 1
  std::map<int, std::vector<int>> seen;  // item -> turns it was visited on
  for (int turn = 0; turn < 8; ++turn)
    w.turn([&](int x) {
      seen[x].push_back(turn);
      return true;
    });
  EXPECT_EQ(seen[1], (std::vector<int>{0, 4}));
  EXPECT_EQ(seen[2], (std::vector<int>{2, 6}));
  EXPECT_EQ(seen[3], (std::vector<int>{1, 5}));
  EXPECT_EQ(w.size(), 3u);
}

TEST(PollWheel, AnItemDroppedOnAVisitIsNeverVisitedAgain) {
  poll_wheel<int> w(2);
  for (int x = 0; x < 10; ++x) w.add(x, 0);
  int visits = 0;
  w.turn([&](int x) {
    ++visits;
    return x % 2 == 0;  // odd ones stop
  });
  EXPECT_EQ(visits, 10);
  EXPECT_EQ(w.size(), 5u);
  w.turn([](int) { return true; });  // the empty slot
  visits = 0;
  w.turn([&](int x) {
    EXPECT_EQ(x % 2, 0);
    ++visits;
    return true;
  });
  EXPECT_EQ(visits, 5);
}

}  // namespace
}  // namespace sdsim::core
