// `--set path=value` through reflection: every scalar kind, messages created on the way, list
// elements by index, and the messages a user sees for each kind of mistake.
#include "engine/field_path.hpp"

#include <string>

#include <google/protobuf/wrappers.pb.h>
#include <gtest/gtest.h>

#include "scenarios/scenario.pb.h"

namespace sdsim::scenarios {
namespace {

bool mentions(const std::optional<std::string>& error, const std::string& what) {
  return error && error->find(what) != std::string::npos;
}

// A scenario with one queueing workload holding one constant shape.
Scenario with_one_workload() {
  Scenario s;
  auto* w = s.mutable_queueing()->add_workload();
  w->add_shape()->mutable_constant()->set_rate_per_s(10);
  return s;
}

TEST(FieldPath, SetsADouble) {
  Scenario s;
  EXPECT_EQ(set_field(s, "duration_s", "12.5"), std::nullopt);
  EXPECT_EQ(s.duration_s(), 12.5);
  EXPECT_EQ(set_field(s, "duration_s", "1e3"), std::nullopt);
  EXPECT_EQ(s.duration_s(), 1000);
  EXPECT_EQ(set_field(s, "warmup_s", "0"), std::nullopt);
  EXPECT_TRUE(s.has_warmup_s());  // an explicit optional, set to zero
}

TEST(FieldPath, SetsUnsignedIntegers) {
  Scenario s;
  EXPECT_EQ(set_field(s, "seed", "18446744073709551615"), std::nullopt);
  EXPECT_EQ(s.seed(), 18446744073709551615ULL);
  EXPECT_EQ(set_field(s, "host.worker_threads", "8"), std::nullopt);
  EXPECT_EQ(s.host().worker_threads(), 8u);
}

TEST(FieldPath, SetsAnEnumByName) {
  Scenario s;
  EXPECT_EQ(set_field(s, "clock", "VIRTUAL"), std::nullopt);
  EXPECT_EQ(s.clock(), VIRTUAL);
  const auto e = set_field(s, "clock", "FAST");
  EXPECT_TRUE(mentions(e, "FAST")) << e.value_or("");
  EXPECT_TRUE(mentions(e, "REAL, VIRTUAL")) << e.value_or("");  // the choices are listed
  EXPECT_EQ(s.clock(), VIRTUAL);
  EXPECT_TRUE(set_field(s, "clock", "1"));  // by name, not by number
}

TEST(FieldPath, SetsABool) {
  google::protobuf::BoolValue b;
  EXPECT_EQ(set_field(b, "value", "true"), std::nullopt);
  EXPECT_TRUE(b.value());
  EXPECT_EQ(set_field(b, "value", "0"), std::nullopt);
  EXPECT_FALSE(b.value());
  EXPECT_EQ(set_field(b, "value", "1"), std::nullopt);
  EXPECT_TRUE(b.value());
  EXPECT_EQ(set_field(b, "value", "false"), std::nullopt);
  EXPECT_FALSE(b.value());
  EXPECT_TRUE(mentions(set_field(b, "value", "yes"), "'yes'"));
  EXPECT_FALSE(b.value());
}

TEST(FieldPath, SetsAStringVerbatim) {
  Scenario s;
  EXPECT_EQ(set_field(s, "name", "peak hour = 3x"), std::nullopt);
  EXPECT_EQ(s.name(), "peak hour = 3x");
  EXPECT_EQ(set_field(s, "start_time", ""), std::nullopt);
  EXPECT_EQ(s.start_time(), "");
}

TEST(FieldPath, CreatesSingularMessagesOnTheWay) {
  Scenario s;
  ASSERT_FALSE(s.has_host());
  EXPECT_EQ(set_field(s, "host.lag_threshold_ms", "7.5"), std::nullopt);
  EXPECT_TRUE(s.has_host());
  EXPECT_EQ(s.host().lag_threshold_ms(), 7.5);

  // Several levels below a list element: capacity, service_time and its exponential kind.
  s.mutable_topology()->add_service()->set_name("queueing/station");
  EXPECT_EQ(set_field(s, "topology.service[0].capacity.service_time.exponential.mean_ms", "4"),
            std::nullopt);
  const auto& capacity = s.topology().service(0).capacity();
  EXPECT_TRUE(s.topology().service(0).has_capacity());
  EXPECT_TRUE(capacity.service_time().has_exponential());
  EXPECT_EQ(capacity.service_time().exponential().mean_ms(), 4);
}

TEST(FieldPath, SetsInsideAnExistingListElement) {
  Scenario s = with_one_workload();
  EXPECT_EQ(set_field(s, "queueing.workload[0].shape[0].constant.rate_per_s", "50"), std::nullopt);
  EXPECT_EQ(s.queueing().workload(0).shape(0).constant().rate_per_s(), 50);
  EXPECT_EQ(set_field(s, "queueing.workload[0].arrivals", "UNIFORM"), std::nullopt);
  EXPECT_EQ(s.queueing().workload(0).arrivals(), UNIFORM);
  EXPECT_EQ(set_field(s, "queueing.workload[00].timeout_s", "3"), std::nullopt);
  EXPECT_EQ(s.queueing().workload(0).timeout_s(), 3);
  EXPECT_EQ(s.queueing().workload_size(), 1);  // nothing added
}

TEST(FieldPath, ListIndexOutOfRangeIsRefusedWithTheSize) {
  Scenario s = with_one_workload();
  const auto e = set_field(s, "queueing.workload[1].timeout_s", "3");
  EXPECT_TRUE(mentions(e, "'workload' has 1 element(s); there is no [1]")) << e.value_or("");
  EXPECT_EQ(s.queueing().workload_size(), 1);  // not grown to fit

  Scenario empty;
  EXPECT_TRUE(mentions(set_field(empty, "topology.service[0].shards", "2"), "has 0 element(s)"));
}

TEST(FieldPath, HugeListIndexIsAnErrorNotACrash) {
  Scenario s = with_one_workload();
  std::optional<std::string> e;
  EXPECT_NO_THROW(e = set_field(s, "queueing.workload[99999999999].timeout_s", "3"));
  EXPECT_TRUE(mentions(e, "99999999999")) << e.value_or("");
  EXPECT_FALSE(s.queueing().workload(0).has_timeout_s());
}

TEST(FieldPath, ListsNeedAnIndexAndIndicesNeedAList) {
  Scenario s = with_one_workload();
  EXPECT_TRUE(mentions(set_field(s, "queueing.workload.timeout_s", "3"), "workload[0]"));
  EXPECT_TRUE(mentions(set_field(s, "duration_s[0]", "3"), "'duration_s' is not a list"));
  // Lists of values are not changed one element at a time.
  s.add_variant()->add_set("duration_s=1");
  EXPECT_TRUE(mentions(set_field(s, "variant[0].set", "x"), "is a list"));
  for (const char* bad : {"queueing.workload[].timeout_s", "queueing.workload[a].timeout_s",
                          "queueing.workload[-1].timeout_s", "queueing.workload[0.timeout_s",
                          "queueing..workload", "[0]"})
    EXPECT_TRUE(mentions(set_field(s, bad, "3"), "malformed path element")) << bad;
}

TEST(FieldPath, UnknownFieldNamesTheField) {
  Scenario s;
  const auto top = set_field(s, "durration_s", "5");
  EXPECT_TRUE(mentions(top, "no field named 'durration_s'")) << top.value_or("");
  const auto nested = set_field(s, "host.lag_ms", "5");
  EXPECT_TRUE(mentions(nested, "HostLimits has no field named 'lag_ms'")) << nested.value_or("");
}

TEST(FieldPath, MessagesAndValuesAreNotConfused) {
  Scenario s;
  EXPECT_TRUE(mentions(set_field(s, "host", "5"), "host is a message, not a value"));
  EXPECT_TRUE(mentions(set_field(s, "duration_s.x", "5"), "'duration_s' is a value, not a message"));
}

TEST(FieldPath, BadValuesAreRefusedAndLeaveTheFieldAlone) {
  Scenario s;
  s.set_duration_s(60);
  s.set_seed(7);
  for (const char* bad : {"abc", "nan", "NaN", "inf", "-inf", "1e999", "", "5s", "1,5"}) {
    const auto e = set_field(s, "duration_s", bad);
    EXPECT_TRUE(mentions(e, std::string("'") + bad + "' is not a valid double for duration_s"))
        << bad << ": " << e.value_or("accepted");
  }
  EXPECT_EQ(s.duration_s(), 60);
  for (const char* bad : {"-5", "abc", "1.5", "", "18446744073709551616", "0x10"})
    EXPECT_TRUE(mentions(set_field(s, "seed", bad), "not a valid uint64")) << bad;
  EXPECT_EQ(s.seed(), 7u);
  // uint32 is range-checked against its own width.
  EXPECT_TRUE(set_field(s, "host.worker_threads", "4294967296"));
  EXPECT_EQ(set_field(s, "host.worker_threads", "4294967295"), std::nullopt);
  EXPECT_TRUE(set_field(s, "host.worker_threads", "-1"));
  EXPECT_EQ(s.host().worker_threads(), 4294967295u);
}

TEST(FieldPath, ApplyAssignmentSplitsAtTheFirstEquals) {
  Scenario s;
  EXPECT_EQ(apply_assignment(s, "duration_s=30"), std::nullopt);
  EXPECT_EQ(s.duration_s(), 30);
  EXPECT_EQ(apply_assignment(s, "name=a=b"), std::nullopt);
  EXPECT_EQ(s.name(), "a=b");
  EXPECT_EQ(apply_assignment(s, "name="), std::nullopt);
  EXPECT_EQ(s.name(), "");
}

TEST(FieldPath, ApplyAssignmentRefusesAMissingEqualsOrPath) {
  Scenario s;
  EXPECT_EQ(apply_assignment(s, "duration_s"), "'duration_s': expected path=value");
  EXPECT_EQ(apply_assignment(s, "=5"), "'=5': expected path=value");
  EXPECT_EQ(apply_assignment(s, ""), "'': expected path=value");
  EXPECT_EQ(s.duration_s(), 0);
}

TEST(FieldPath, ApplyAssignmentErrorsNameTheAssignment) {
  Scenario s;
  const auto e = apply_assignment(s, "duration_s=abc");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->rfind("'duration_s=abc': ", 0), 0u) << *e;
  EXPECT_TRUE(mentions(e, "'abc' is not a valid double")) << *e;
}

TEST(FieldPath, PaddedNumbersAreRefusedNotWrapped) {
  Scenario s;
  EXPECT_TRUE(set_field(s, "seed", " -5"));
  EXPECT_TRUE(set_field(s, "seed", "5 "));
  EXPECT_TRUE(set_field(s, "duration_s", " 5"));
  EXPECT_FALSE(s.has_seed());
  EXPECT_FALSE(set_field(s, "seed", "5"));
  EXPECT_EQ(s.seed(), 5u);
}

}  // namespace
}  // namespace sdsim::scenarios
