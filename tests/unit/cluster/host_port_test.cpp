#include "actors/cluster/host_port.hpp"

#include <gtest/gtest.h>

using sdsim::cluster::parse_host_port;

TEST(host_port, parses_host_and_port) {
  std::string why;
  auto a = parse_host_port("127.0.0.1:7000", &why);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 7000);
  EXPECT_EQ(a->str(), "127.0.0.1:7000");
  auto b = parse_host_port("node-2.example:0", &why);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, 0);
}

TEST(host_port, refuses_what_is_not_an_address) {
  for (const char* bad : {"", "7000", ":7000", "host:", "host:70000", "host:12a", "a b:1",
                          "host:123456"}) {
    std::string why;
    EXPECT_FALSE(parse_host_port(bad, &why)) << bad;
    EXPECT_FALSE(why.empty()) << bad;
  }
}
