#include "viz/frame_pacer.hpp"

#include <gtest/gtest.h>

namespace sdsim::viz {
namespace {

TEST(FramePacer, StartsAtThirtyFramesAndFivePicturesASecond) {
  frame_pacer p;
  EXPECT_DOUBLE_EQ(p.frame_interval_s(), 1.0 / 30);
  EXPECT_DOUBLE_EQ(p.picture_interval_s(), 0.2);
}

TEST(FramePacer, LateArrivalsStepItDownToTenFramesAndNoFurther) {
  frame_pacer p;
  for (int i = 0; i < 10; ++i) p.observe(1000, 10);  // 1 % late
  EXPECT_DOUBLE_EQ(p.frame_interval_s(), 1.0 / 10);
  EXPECT_DOUBLE_EQ(p.picture_interval_s(), 2.0);
}

TEST(FramePacer, AFewLateAmongManyDoNotCount) {
  frame_pacer p;
  p.observe(10000, 5);  // 0.05 %
  EXPECT_EQ(p.level(), 0u);
}

TEST(FramePacer, StepsBackUpOnlyAfterACalmSpell) {
  frame_pacer p;
  p.observe(1000, 100);
  p.observe(1000, 100);
  ASSERT_EQ(p.level(), 2u);
  for (int i = 1; i < frame_pacer::calm_seconds; ++i) p.observe(1000, 0);
  EXPECT_EQ(p.level(), 2u);
  p.observe(1000, 0);
  EXPECT_EQ(p.level(), 1u);
  p.observe(1000, 100);  // late again: the calm count starts over
  for (int i = 1; i < frame_pacer::calm_seconds; ++i) p.observe(1000, 0);
  EXPECT_EQ(p.level(), 2u);
}

TEST(FramePacer, SecondsWithoutArrivalsChangeNothing) {
  frame_pacer p;
  p.observe(1000, 100);
  for (int i = 0; i < 20; ++i) p.observe(0, 0);
  EXPECT_EQ(p.level(), 1u);
}

}  // namespace
}  // namespace sdsim::viz
