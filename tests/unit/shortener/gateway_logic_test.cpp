// The gateway's refusals, each a definite error kind: unknown API keys (I9), bursts over the
// rate limit (I9) with bounded limiter memory, and hostile URLs (I7) via the abuse checks.
#include "actors/shortener/gateway_logic.hpp"

#include <gtest/gtest.h>

#include "actors/shortener/shortener_workload.hpp"

namespace sdsim::shortener {
namespace {

using core::outcome;

gateway_config config() {
  gateway_config c;
  c.seed = 7;
  c.users = 100;
  c.rate_limit_per_s = 5;
  c.rate_limit_burst = 10;
  c.buckets = 16;
  return c;
}

CreateUrlRequest create(const std::string& key, const std::string& url) {
  CreateUrlRequest r;
  r.set_api_key(key);
  r.set_original_url(url);
  return r;
}

TEST(GatewayLogic, UnknownOrMissingApiKeyIsUnauthenticated) {
  gateway_logic g(config());
  uint32_t user = 0;
  EXPECT_EQ(g.check_create(create("", "https://a.example/"), 0, &user), outcome::unauthenticated);
  EXPECT_EQ(g.check_create(create("k1-1", "https://a.example/"), 0, &user),
            outcome::unauthenticated);
  EXPECT_EQ(g.check_create(create(api_key_for(7, 3), "https://a.example/"), 0, &user),
            outcome::ok);
  EXPECT_EQ(user, 3u);
  EXPECT_EQ(g.check_create(create(api_key_for(8, 3), "https://a.example/"), 0, &user),
            outcome::unauthenticated);  // another run's key
}

TEST(GatewayLogic, BurstOfTenTimesTheLimitIsRateLimited) {
  gateway_logic g(config());
  uint32_t user = 0;
  const auto req = create(api_key_for(7, 1), "https://a.example/");
  int ok = 0, limited = 0;
  // 100 requests in one second against 5/s with a burst of 10.
  for (int i = 0; i < 100; ++i) {
    const auto o = g.check_create(req, i * core::ns_per_s / 100, &user);
    ok += o == outcome::ok;
    limited += o == outcome::rate_limited;
  }
  EXPECT_EQ(ok + limited, 100);
  EXPECT_GE(ok, 10);
  EXPECT_LE(ok, 16);
  // Another key is not affected.
  EXPECT_EQ(g.check_create(create(api_key_for(7, 2), "https://a.example/"), core::ns_per_s, &user),
            outcome::ok);
}

TEST(GatewayLogic, LimiterMemoryIsBoundedByItsLru) {
  gateway_logic g(config());
  uint32_t user = 0;
  for (uint32_t u = 0; u < 100; ++u)
    EXPECT_EQ(g.check_create(create(api_key_for(7, u), "https://a.example/"), 0, &user),
              outcome::ok);
  // 100 users passed through 16 buckets; nothing grew without bound and everyone got in.
}

TEST(GatewayLogic, HostileUrlsAreRefusedWithDefiniteKinds) {
  gateway_logic g(config());
  uint32_t user = 0;
  uint32_t u = 0;  // a user each, so that the rate limit stays out of the way
  for (const auto& url : hostile_urls()) {
    const auto o = g.check_create(create(api_key_for(7, u++), url), 0, &user);
    EXPECT_NE(o, outcome::ok) << url;
    EXPECT_TRUE(core::is_definite(o)) << url;
  }
  EXPECT_EQ(g.check_create(create(api_key_for(7, u), "https://example.com/" +
                                                          std::string(2100, 'a')), 0, &user),
            outcome::too_large);
  EXPECT_EQ(g.refused_urls(), hostile_urls().size() + 1);
}

TEST(GatewayLogic, BlocklistedHostRefused) {
  auto c = config();
  c.policy.blocklist = {"malware.example"};
  gateway_logic g(c);
  uint32_t user = 0;
  EXPECT_EQ(g.check_create(create(api_key_for(7, 1), "https://cdn.malware.example/x"), 0, &user),
            outcome::invalid_argument);
}

TEST(GatewayLogic, DeleteNeedsAValidKey) {
  gateway_logic g(config());
  uint32_t user = 0;
  DeleteUrlRequest d;
  d.set_api_key("bogus");
  EXPECT_EQ(g.check_delete(d, 0, &user), outcome::unauthenticated);
  d.set_api_key(api_key_for(7, 9));
  EXPECT_EQ(g.check_delete(d, 0, &user), outcome::ok);
  EXPECT_EQ(user, 9u);
}

}  // namespace
}  // namespace sdsim::shortener
