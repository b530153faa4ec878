// The command line's flags become `--set` assignments only once they are checked.
#include "app/commands.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace sdsim::scenarios {
namespace {

namespace fs = std::filesystem;

TEST(Commands, TlsFlagsAreCheckedBeforeTheyBecomeAssignments) {
  const auto cert = fs::temp_directory_path() / ("sdsim_cert_" + std::to_string(::getpid()));
  std::ofstream(cert) << "x";
  run_args a;
  a.tls.enabled = true;
  a.tls.cert = cert.string();
  std::string error;
  EXPECT_FALSE(effective_sets(a, &error));
  EXPECT_NE(error.find("missing: --tls-key, --tls-ca"), std::string::npos) << error;
  a.tls.enabled = false;
  EXPECT_FALSE(effective_sets(a, &error));
  EXPECT_EQ(error, "--tls-cert is given without --tls");
  fs::remove(cert);
}

}  // namespace
}  // namespace sdsim::scenarios
