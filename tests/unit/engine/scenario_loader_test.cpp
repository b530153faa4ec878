// A malformed scenario is refused with file:line:column before anything starts: one test per
// kind of bad input, each asserting the exact position.
#include "engine/scenario_loader.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/designs.hpp"

namespace sdsim::scenarios {
namespace {

namespace fs = std::filesystem;

class ScenarioLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sdsim_loader_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  // Loads and returns the errors (empty when the scenario is accepted).
  std::vector<std::string> errors_of(const std::string& path,
                                     const std::vector<std::string>& sets = {}) {
    std::vector<std::string> errors;
    auto s = load_scenario(path, sets, all_designs(), errors);
    EXPECT_EQ(s.has_value(), errors.empty());
    return errors;
  }

  // The first error, with the temp directory stripped.
  std::string first_error(const std::string& name, const std::string& text,
                          const std::vector<std::string>& sets = {}) {
    auto errors = errors_of(write(name, text), sets);
    if (errors.empty()) return "";
    auto e = errors.front();
    const auto prefix = dir_.string() + "/";
    if (e.rfind(prefix, 0) == 0) e = e.substr(prefix.size());
    return e;
  }

  fs::path dir_;
};

const std::string valid =
    "name: \"ok\"\n"
    "duration_s: 10\n"
    "queueing {\n"
    "  workload { shape { constant { rate_per_s: 100 } } }\n"
    "}\n";

TEST_F(ScenarioLoaderTest, AcceptsAValidScenario) {
  EXPECT_TRUE(errors_of(write("ok.textproto", valid)).empty());
}

TEST_F(ScenarioLoaderTest, ShippedScenariosAreValid) {
  for (const auto& e : fs::recursive_directory_iterator(SDSIM_SOURCE_DIR "/scenarios")) {
    if (e.path().extension() != ".textproto") continue;
    EXPECT_TRUE(errors_of(e.path().string()).empty()) << e.path();
  }
}

TEST_F(ScenarioLoaderTest, SyntaxErrorGivesLineAndColumn) {
  EXPECT_EQ(first_error("s.textproto", "name: \"x\"\nduration_s: 12abc\n"),
            "s.textproto:2:15: Need space between number and identifier.");
}

TEST_F(ScenarioLoaderTest, MissingClosingBrace) {
  EXPECT_EQ(first_error("s.textproto", "duration_s: 10\nqueueing {\n"),
            "s.textproto:3:1: Expected identifier, got: ");
}

TEST_F(ScenarioLoaderTest, UnknownFieldPointsAtItsName) {
  EXPECT_EQ(first_error("s.textproto", "duration_s: 10\n  nope: 3\n"),
            "s.textproto:2:3: Message type \"sdsim.Scenario\" has no field named \"nope\". "
            "(not a scenario field; the designs built in are: notification, queueing, ride_hailing, shortener)");
}

TEST_F(ScenarioLoaderTest, UnknownDesignNamesTheKnownOnes) {
  const auto e = first_error("s.textproto", "duration_s: 10\nchat { }\n");
  EXPECT_EQ(e.substr(0, 15), "s.textproto:2:1");
  EXPECT_NE(e.find("the designs built in are: notification, queueing, ride_hailing, shortener"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, WrongType) {
  EXPECT_EQ(first_error("s.textproto", "duration_s: \"ten\"\n"),
            "s.textproto:1:13: Expected double, got: \"ten\"");
}

TEST_F(ScenarioLoaderTest, NegativeRateAtTheValue) {
  auto text = valid;
  text.replace(text.find("100"), 3, "-5");
  EXPECT_EQ(first_error("s.textproto", text),
            "s.textproto:4:33: rate_per_s must be finite and >= 0");
}

TEST_F(ScenarioLoaderTest, NanRateRefused) {
  auto text = valid;
  text.replace(text.find("100"), 3, "nan");
  EXPECT_EQ(first_error("s.textproto", text),
            "s.textproto:4:33: rate_per_s must be finite and >= 0");
}

TEST_F(ScenarioLoaderTest, SpeedZeroRefused) {
  EXPECT_EQ(first_error("s.textproto", valid + "speed: 0\n"),
            "s.textproto:6:1: speed must be > 0 and at most 1000");
}

TEST_F(ScenarioLoaderTest, FaultAfterTheEnd) {
  EXPECT_EQ(first_error("s.textproto",
                        valid + "fault {\n  at_s: 11\n  slow { service: \"queueing/station\" "
                                "factor: 2 }\n}\n"),
            "s.textproto:7:3: the fault at 11 s comes after the end of the run (duration_s 10)");
}

TEST_F(ScenarioLoaderTest, ShardsBelowOneAndDuplicateAndUnknownServices) {
  auto errors = errors_of(write(
      "t.textproto", valid + "topology {\n"
                             "  service { name: \"queueing/station\" shards: 0 }\n"
                             "  service { name: \"queueing/station\" }\n"
                             "  service { name: \"x/y\" }\n"
                             "}\n"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("t.textproto:7:38: shards must be within 1..4096"), std::string::npos);
  EXPECT_NE(errors[1].find("t.textproto:8:13: service 'queueing/station' is configured twice"),
            std::string::npos);
  EXPECT_NE(errors[2].find("t.textproto:9:13: unknown service 'x/y'"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, NegativeRestartWindowRefused) {
  EXPECT_EQ(first_error("s.textproto",
                        valid + "topology { service { name: \"queueing/station\"\n"
                                "  supervisor { max_restarts: 3 window_s: -1 } } }\n"),
            "s.textproto:7:32: window_s must be within 0..1000000");
}

TEST_F(ScenarioLoaderTest, EmptyFileRunsNoDesign) {
  auto errors = errors_of(write("e.textproto", ""));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].find("e.textproto:1:1: the scenario runs no design"), std::string::npos);
  EXPECT_NE(errors[1].find("duration_s must be > 0"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, InvalidUtf8AtItsByte) {
  EXPECT_EQ(first_error("u.textproto", "duration_s: 1\nname: \"caf\xe9\"\n"),
            "u.textproto:2:11: invalid UTF-8 byte");
}

TEST_F(ScenarioLoaderTest, HugeFileRefusedWithoutParsing) {
  const auto path = write("big.textproto", std::string(max_scenario_bytes + 1, ' '));
  auto errors = errors_of(path);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("over the 4 MiB limit"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, DirectoryAndMissingFile) {
  auto dir_errors = errors_of(dir_.string());
  ASSERT_EQ(dir_errors.size(), 1u);
  EXPECT_NE(dir_errors[0].find("is a directory"), std::string::npos);
  auto missing = errors_of((dir_ / "nope.textproto").string());
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_NE(missing[0].find("no such file"), std::string::npos);
}

TEST_F(ScenarioLoaderTest, BadSetPathNamesTheFlag) {
  const auto path = write("ok.textproto", valid);
  auto errors = errors_of(path, {"queueing.workloadz=1"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "--set 'queueing.workloadz=1': QueueingConfig has no field named 'workloadz'");
  errors = errors_of(path, {"duration_s=abc"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "--set 'duration_s=abc': 'abc' is not a valid double for duration_s");
}

TEST_F(ScenarioLoaderTest, SemanticErrorFromSetNamesTheFlag) {
  auto errors =
      errors_of(write("ok.textproto", valid), {"queueing.workload[0].shape[0].constant.rate_per_s=-1"});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "--set queueing.workload[0].shape[0].constant.rate_per_s=-1: rate_per_s must be "
            "finite and >= 0");
}

TEST_F(ScenarioLoaderTest, SetOverridesTheFile) {
  std::vector<std::string> errors;
  auto s = load_scenario(write("ok.textproto", valid), {"duration_s=42", "clock=VIRTUAL"},
                         all_designs(), errors);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->scenario.duration_s(), 42);
  EXPECT_EQ(s->scenario.clock(), VIRTUAL);
}

TEST_F(ScenarioLoaderTest, VariantWithBadSetPointsAtIt) {
  auto e = first_error("v.textproto", valid + "variant { name: \"a\" set: \"nope=1\" }\n");
  EXPECT_EQ(e, "v.textproto:6:21: 'nope=1': Scenario has no field named 'nope'");
}

TEST_F(ScenarioLoaderTest, UnknownThresholdApi) {
  auto e = first_error("t.textproto", valid + "threshold { api: \"fly\" latency_ms_p99_max: 1 }\n");
  EXPECT_EQ(e, "t.textproto:6:13: unknown api 'fly' (queueing has: serve)");
}

TEST_F(ScenarioLoaderTest, ClusterTlsNeedsThreeReadableFiles) {
  const auto cert = write("c.pem", "not checked further: the key is missing");
  const auto absent = (dir_ / "absent.pem").string();
  auto errors = errors_of(write("tls.textproto", valid + "topology {\n"
                                                       "  cluster {\n"
                                                       "    tls { cert: \"" + cert + "\" ca: \"" +
                                                       absent + "\" }\n"
                                                       "  }\n"
                                                       "}\n"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].rfind(dir_.string() + "/tls.textproto:8:5: topology.cluster.tls.key: tls "
                            "key is not given (mutual TLS needs cert, key and ca", 0), 0u)
      << errors[0];
  EXPECT_NE(errors[1].find("tls.textproto:8:"), std::string::npos) << errors[1];
  EXPECT_NE(errors[1].find(": tls ca '" + absent + "': no such file"), std::string::npos)
      << errors[1];
}

}  // namespace
}  // namespace sdsim::scenarios
