#include "viz/figure_series.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

TEST(FigureSeries, EachFigureGetsACurveInTheOrderFirstSeen) {
  figure_series s;
  s.update({{"queue depth", 3, ""}, {"hottest keys", 0, "a (4)"}});
  s.update({{"queue depth", 5, ""}, {"dead-lettered", 1, ""}});
  ASSERT_EQ(s.lines().size(), 3u);
  EXPECT_EQ(s.lines()[0].name, "queue depth");
  EXPECT_EQ(s.lines()[0].history, (std::vector<float>{3, 5}));
  EXPECT_EQ(s.lines()[0].value, 5);
  EXPECT_EQ(s.lines()[1].text, "a (4)");
  EXPECT_TRUE(s.lines()[1].history.empty());  // text figures have no curve
  EXPECT_EQ(s.lines()[2].history, (std::vector<float>{1}));
}

TEST(FigureSeries, KeepsTheLastTwoMinutes) {
  figure_series s;
  for (int i = 0; i < 200; ++i) s.update({{"x", static_cast<double>(i), ""}});
  ASSERT_EQ(s.lines()[0].history.size(), figure_series::keep);
  EXPECT_EQ(s.lines()[0].history.back(), 199);
  EXPECT_EQ(s.lines()[0].history.front(), 200 - static_cast<float>(figure_series::keep));
}

}  // namespace
}  // namespace sdsim::viz
