#include "actors/notification/live_figures.hpp"

#include <gtest/gtest.h>

#include "actors/notification/notification.pb.h"

namespace sdsim::notification {
namespace {

ActorMetrics queue(uint64_t depth, uint64_t dead) {
  NotificationExtra x;
  x.mutable_queue()->set_depth(depth);
  x.mutable_queue()->set_dead_lettered(dead);
  ActorMetrics m;
  m.set_extra(x.SerializeAsString());
  return m;
}

TEST(NotificationLiveFigures, DepthAndDeadLettersSummedOverTheQueueShards) {
  NotificationExtra worker;
  worker.mutable_worker()->set_sent(7);
  ActorMetrics w;
  w.set_extra(worker.SerializeAsString());
  const auto f = live_figures({queue(3, 1), queue(4, 0), w});
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "queue depth");
  EXPECT_EQ(f[0].value, 7);
  EXPECT_EQ(f[1].value, 1);
  EXPECT_TRUE(live_figures({w}).empty());
}

}  // namespace
}  // namespace sdsim::notification
