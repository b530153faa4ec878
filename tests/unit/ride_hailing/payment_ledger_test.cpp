#include "actors/ride_hailing/payment_ledger.hpp"

#include <gtest/gtest.h>

namespace sdsim::ride_hailing {
namespace {

TEST(PaymentLedger, ARetriedChargeNeverChargesTwice) {
  payment_ledger p(0);
  core::rng r(1);
  bool repeat = true;
  EXPECT_EQ(p.charge(7, 20.0, &repeat), charge_state::pending);
  EXPECT_FALSE(repeat);
  EXPECT_EQ(p.charge(7, 99.0, &repeat), charge_state::pending);  // a retry, another amount
  EXPECT_TRUE(repeat);
  EXPECT_EQ(p.settle(7, r), charge_state::confirmed);
  EXPECT_EQ(p.settle(7, r), charge_state::confirmed);           // a redelivered webhook
  EXPECT_EQ(p.charge(7, 20.0, &repeat), charge_state::confirmed);
  EXPECT_DOUBLE_EQ(p.charged_total(), 20.0);                    // once, the first amount
  EXPECT_EQ(p.repeats(), 2u);
}

TEST(PaymentLedger, FailuresAtTheModeledRateAndFinal) {
  payment_ledger p(0.1);
  core::rng r(2);
  int failed = 0;
  bool repeat = false;
  for (uint64_t t = 0; t < 10'000; ++t) {
    p.charge(t, 1.0, &repeat);
    if (p.settle(t, r) == charge_state::failed) ++failed;
  }
  EXPECT_NEAR(failed, 1000, 120);
  EXPECT_DOUBLE_EQ(p.charged_total(), 10'000.0 - failed);
  EXPECT_EQ(p.settle(123'456, r), charge_state::failed);  // never charged
  EXPECT_FALSE(p.state(123'456));
}

}  // namespace
}  // namespace sdsim::ride_hailing
