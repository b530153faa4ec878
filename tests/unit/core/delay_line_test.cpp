// The delay line releases work in due-time order, FIFO among equals.
#include "actors/core/delay_line.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sdsim::core {
namespace {

TEST(DelayLine, ReleasesInDueOrderAndFifoAmongEquals) {
  delay_line line;
  std::string order;
  line.add(30, [&] { order += "c"; });
  line.add(10, [&] { order += "a"; });
  line.add(20, [&] { order += "b1"; });
  line.add(20, [&] { order += "b2"; });
  EXPECT_EQ(line.size(), 4u);
  EXPECT_EQ(line.next_due(), 10);
  EXPECT_FALSE(line.has_due(9));
  EXPECT_TRUE(line.has_due(10));
  sim_ns due = 0;
  while (!line.empty()) line.pop(&due)();
  EXPECT_EQ(order, "ab1b2c");
  EXPECT_EQ(due, 30);
}

TEST(DelayLine, OnlyWhatIsDueLeaves) {
  delay_line line;
  int ran = 0;
  for (sim_ns t : {5, 15, 25}) line.add(t, [&] { ++ran; });
  while (line.has_due(20)) line.pop(nullptr)();
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(line.next_due(), 25);
}

}  // namespace
}  // namespace sdsim::core
