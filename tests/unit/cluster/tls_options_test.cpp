// Which TLS settings start a process and what the refusal says, before any OpenSSL parsing.
#include "actors/cluster/tls_options.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include "tests/support/temp_dir.hpp"

namespace sdsim::cluster {
namespace {

namespace fs = std::filesystem;

class TlsOptionsTest : public ::testing::Test {
 protected:
  tls_options on() {
    return {true, dir_.write("c.pem", "cert"), dir_.write("k.pem", "key"),
            dir_.write("ca.pem", "ca")};
  }

  testing::temp_dir dir_{"sdsim_tls_options"};
};

TEST_F(TlsOptionsTest, off_and_nothing_given_is_fine) {
  EXPECT_TRUE(check_tls_options({}).empty());
}

TEST_F(TlsOptionsTest, on_with_three_readable_files_is_fine) {
  EXPECT_TRUE(check_tls_options(on()).empty());
}

TEST_F(TlsOptionsTest, on_without_files_is_refused_naming_all_three) {
  tls_options o;
  o.enabled = true;
  const auto p = check_tls_options(o);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("--tls needs"), std::string::npos) << p[0];
  EXPECT_NE(p[0].find("missing: --tls-cert, --tls-key, --tls-ca"), std::string::npos) << p[0];
  EXPECT_NE(p[0].find("anonymous"), std::string::npos) << p[0];
}

TEST_F(TlsOptionsTest, one_missing_setting_is_named_alone) {
  auto o = on();
  o.ca.clear();
  const auto p = check_tls_options(o);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_NE(p[0].find("missing: --tls-ca."), std::string::npos) << p[0];
}

TEST_F(TlsOptionsTest, files_that_cannot_be_read_are_named_with_the_reason) {
  auto o = on();
  o.cert = (dir_.path() / "absent.pem").string();
  o.key = dir_.path().string();
  o.ca = dir_.write("empty.pem", "");
  const auto p = check_tls_options(o);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0], "--tls-cert: '" + o.cert + "': no such file");
  EXPECT_EQ(p[1], "--tls-key: '" + o.key + "' is a directory, not a PEM file");
  EXPECT_EQ(p[2], "--tls-ca: '" + o.ca + "' is empty");
}

TEST_F(TlsOptionsTest, an_unreadable_file_is_refused) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  auto o = on();
  fs::permissions(o.key, fs::perms::none);
  const auto p = check_tls_options(o);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "--tls-key: '" + o.key + "': Permission denied");
}

TEST_F(TlsOptionsTest, files_without_tls_are_refused_rather_than_ignored) {
  auto o = on();
  o.enabled = false;
  o.key.clear();
  const auto p = check_tls_options(o);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "--tls-cert is given without --tls");
  EXPECT_EQ(p[1], "--tls-ca is given without --tls");
}

TEST_F(TlsOptionsTest, messages_use_the_names_given) {
  tls_options o;
  o.enabled = true;
  o.cert = (dir_.path() / "absent.pem").string();
  const auto p = check_tls_options(o, {"tls", "tls.cert", "tls.key", "tls.ca"});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_NE(p[0].find("missing: tls.key, tls.ca"), std::string::npos) << p[0];
  EXPECT_EQ(p[1].rfind("tls.cert: ", 0), 0u) << p[1];
}

TEST_F(TlsOptionsTest, launched_nodes_get_the_same_files) {
  EXPECT_TRUE(tls_node_flags({}).empty());
  const tls_options o{true, "c.pem", "k.pem", "ca.pem"};
  EXPECT_EQ(tls_node_flags(o), (std::vector<std::string>{"--tls", "--tls-cert", "c.pem",
                                                         "--tls-key", "k.pem", "--tls-ca",
                                                         "ca.pem"}));
}

}  // namespace
}  // namespace sdsim::cluster
