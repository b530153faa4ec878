// Tests for actors/shortener/url_policy.hpp: the I7 hostile inputs of reliability.md §1, one
// assertion each, and the URLs and aliases that must still pass.
#include "actors/shortener/url_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sdsim::shortener {
namespace {

url_policy make_policy() {
  url_policy_config c;
  c.self_host = "sho.rt";
  c.blocklist = {"Evil.example", "malware.test."};
  return url_policy(c);
}

const url_policy policy = make_policy();

url_verdict verdict(std::string_view url) { return policy.check_url(url).verdict; }

constexpr auto ok = url_verdict::ok;
constexpr auto invalid = url_verdict::invalid_argument;
constexpr auto blocked = url_verdict::blocked_host;

TEST(UrlPolicyTest, AcceptsOrdinaryUrls) {
  EXPECT_EQ(verdict("https://example.com/a?b=c#d"), ok);
  EXPECT_EQ(verdict("HTTP://Example.COM"), ok);
  EXPECT_EQ(verdict("http://example.com"), ok);
  EXPECT_EQ(verdict("https://example.com:8443/x"), ok);
  EXPECT_EQ(verdict("https://example.com./"), ok);
  EXPECT_EQ(verdict("https://sub.example.co.uk/p%20q?x=%7E&y=1"), ok);
  EXPECT_EQ(verdict("http://8.8.8.8/"), ok);
  EXPECT_EQ(verdict("http://172.15.255.255/"), ok);  // just below 172.16/12
  EXPECT_EQ(verdict("http://172.32.0.1/"), ok);      // just above it
  EXPECT_EQ(verdict("http://[2001:4860:4860::8888]/"), ok);
  EXPECT_EQ(verdict("https://example.com/@user"), ok);  // '@' in the path is no userinfo
}

TEST(UrlPolicyTest, PunycodeHostAcceptedAndFlagged) {
  const url_check c = policy.check_url("https://xn--80ak6aa92e.com/");
  EXPECT_EQ(c.verdict, ok);
  EXPECT_TRUE(c.punycode_host);
  EXPECT_TRUE(policy.check_url("https://www.xn--80ak6aa92e.com/").punycode_host);
  EXPECT_FALSE(policy.check_url("https://example.com/xn--").punycode_host);
}

TEST(UrlPolicyTest, SqlTextIsStoredNotJudged) {
  // Accepted as a URL: the store must bind it as a parameter and keep it verbatim (I7).
  EXPECT_EQ(verdict("https://example.com/?q=');DROP+TABLE+urls;--"), ok);
}

TEST(UrlPolicyTest, I7ScriptAndLocalSchemes) {
  EXPECT_EQ(verdict("javascript:alert(1)"), invalid);
  EXPECT_EQ(verdict("JaVaScRiPt:alert(1)"), invalid);
  EXPECT_EQ(verdict("javascript://example.com/%0aalert(1)"), invalid);
  EXPECT_EQ(verdict("data:text/html,<script>alert(1)</script>"), invalid);
  EXPECT_EQ(verdict("data:text/html;base64,PHNjcmlwdD4="), invalid);
  EXPECT_EQ(verdict("vbscript:msgbox(1)"), invalid);
  EXPECT_EQ(verdict("file:///etc/passwd"), invalid);
  EXPECT_EQ(verdict("ftp://example.com/"), invalid);
  EXPECT_EQ(verdict("//example.com/"), invalid);
  EXPECT_EQ(verdict("example.com"), invalid);
  EXPECT_EQ(verdict("http:example.com"), invalid);
  EXPECT_EQ(verdict("http:/example.com"), invalid);
}

TEST(UrlPolicyTest, I7WhitespaceBeforeScheme) {
  EXPECT_EQ(verdict(" javascript:alert(1)"), invalid);
  EXPECT_EQ(verdict("\tjavascript:alert(1)"), invalid);
  EXPECT_EQ(verdict("\njavascript:alert(1)"), invalid);
  EXPECT_EQ(verdict(" https://example.com/"), invalid);
  EXPECT_EQ(verdict("\thttps://example.com/"), invalid);
  EXPECT_EQ(verdict("\nhttps://example.com/"), invalid);
  EXPECT_EQ(verdict("https://example.com/ "), invalid);
  EXPECT_EQ(verdict("https://example.com/\n"), invalid);
  EXPECT_EQ(policy.check_url(" https://example.com/").reason, "leading or trailing whitespace");
}

TEST(UrlPolicyTest, I7ControlCharactersAnywhere) {
  EXPECT_EQ(verdict("https://example.com/a\rb"), invalid);
  EXPECT_EQ(verdict("https://example.com/a\r\nSet-Cookie:x=1"), invalid);
  EXPECT_EQ(verdict("https://exa\tmple.com/"), invalid);
  EXPECT_EQ(verdict(std::string("https://example.com/a\0b", 23)), invalid);
  EXPECT_EQ(verdict("https://example.com/\x7f"), invalid);
  EXPECT_EQ(verdict("https://example.com/\x1b[31m"), invalid);
  EXPECT_EQ(verdict("https://exa mple.com/"), invalid);
}

TEST(UrlPolicyTest, I7PercentEncodedCrLf) {
  EXPECT_EQ(verdict("https://example.com/%0d%0aSet-Cookie:x=1"), invalid);
  EXPECT_EQ(verdict("https://example.com/%0D%0ASet-Cookie:x=1"), invalid);
  EXPECT_EQ(verdict("https://example.com/?a=%0d"), invalid);
  EXPECT_EQ(verdict("https://example.com/#%0A"), invalid);
  EXPECT_EQ(verdict("https://example.com/%00"), invalid);
  EXPECT_EQ(verdict("https://example.com/%7f"), invalid);
  EXPECT_EQ(verdict("https://example.com/%zz"), invalid);
  EXPECT_EQ(verdict("https://example.com/%0"), invalid);
  EXPECT_EQ(verdict("https://example.com/%"), invalid);
  EXPECT_EQ(verdict("https://example.com/%250d"), ok);  // a literal "%0d", decoded once
}

TEST(UrlPolicyTest, I7CharactersOutsideUris) {
  EXPECT_EQ(verdict("https://example.com/<script>"), invalid);
  EXPECT_EQ(verdict("https://example.com/\"onmouseover=\"x"), invalid);
  EXPECT_EQ(verdict("https://evil.example\\@good.com/"), invalid);
  EXPECT_EQ(verdict("https://example.com/\xe2\x80\xae"), invalid);  // U+202E RLO
  EXPECT_EQ(verdict("https://\xd0\xb0pple.com/"), invalid);  // Cyrillic a, not punycoded
}

TEST(UrlPolicyTest, I7PrivateIpv4Literals) {
  EXPECT_EQ(verdict("http://127.0.0.1/"), invalid);
  EXPECT_EQ(verdict("http://127.255.255.254:8080/"), invalid);
  EXPECT_EQ(verdict("http://169.254.169.254/"), invalid);
  EXPECT_EQ(verdict("http://169.254.169.254/latest/meta-data/"), invalid);
  EXPECT_EQ(verdict("http://10.0.0.1/"), invalid);
  EXPECT_EQ(verdict("http://172.16.0.1/"), invalid);
  EXPECT_EQ(verdict("http://172.31.255.255/"), invalid);
  EXPECT_EQ(verdict("http://192.168.1.1/"), invalid);
  EXPECT_EQ(verdict("http://0.0.0.0/"), invalid);
  EXPECT_EQ(verdict("http://100.64.0.1/"), invalid);
  EXPECT_EQ(verdict("http://255.255.255.255/"), invalid);
  EXPECT_EQ(verdict("http://127.0.0.1./"), invalid);
}

TEST(UrlPolicyTest, I7Ipv4SpellingsBrowsersAccept) {
  EXPECT_EQ(verdict("http://2130706433/"), invalid);  // 127.0.0.1 as one number
  EXPECT_EQ(verdict("http://0x7f.0.0.1/"), invalid);
  EXPECT_EQ(verdict("http://0x7f000001/"), invalid);
  EXPECT_EQ(verdict("http://0177.0.0.1/"), invalid);
  EXPECT_EQ(verdict("http://127.1/"), invalid);
  EXPECT_EQ(verdict("http://256.1.1.1/"), invalid);
  EXPECT_EQ(verdict("http://example.123/"), invalid);
}

TEST(UrlPolicyTest, I7Ipv6Literals) {
  EXPECT_EQ(verdict("http://[::1]/"), invalid);
  EXPECT_EQ(verdict("http://[::1]:8080/"), invalid);
  EXPECT_EQ(verdict("http://[0:0:0:0:0:0:0:1]/"), invalid);
  EXPECT_EQ(verdict("http://[::]/"), invalid);
  EXPECT_EQ(verdict("http://[fe80::1]/"), invalid);
  EXPECT_EQ(verdict("http://[FE80::abcd:1]/"), invalid);
  EXPECT_EQ(verdict("http://[fd00::1]/"), invalid);
  EXPECT_EQ(verdict("http://[::ffff:127.0.0.1]/"), invalid);
  EXPECT_EQ(verdict("http://[::ffff:a9fe:a9fe]/"), invalid);  // 169.254.169.254
  EXPECT_EQ(verdict("http://[64:ff9b::10.0.0.1]/"), invalid);
  EXPECT_EQ(verdict("http://[fe80::1%25eth0]/"), invalid);
  EXPECT_EQ(verdict("http://[1:2:3:4:5:6:7:8:9]/"), invalid);
  EXPECT_EQ(verdict("http://[1::2::3]/"), invalid);
  EXPECT_EQ(verdict("http://[::1/"), invalid);
  EXPECT_EQ(verdict("http://[127.0.0.1]/"), invalid);
  EXPECT_EQ(verdict("http://[::ffff:8.8.8.8]/"), ok);
}

TEST(UrlPolicyTest, I7LoopbackAndIntranetNames) {
  EXPECT_EQ(verdict("http://localhost/"), invalid);
  EXPECT_EQ(verdict("http://LOCALHOST:8080/"), invalid);
  EXPECT_EQ(verdict("http://api.localhost/"), invalid);
  EXPECT_EQ(verdict("http://intranet/"), invalid);
}

TEST(UrlPolicyTest, I7Userinfo) {
  EXPECT_EQ(verdict("http://user:pass@host/"), invalid);
  EXPECT_EQ(verdict("http://user:pass@example.com/"), invalid);
  EXPECT_EQ(verdict("https://good.com@evil.example/"), invalid);
  EXPECT_EQ(verdict("https://@example.com/"), invalid);
}

TEST(UrlPolicyTest, I7SqlTextAsUrl) {
  EXPECT_EQ(verdict("'); DROP TABLE urls;--"), invalid);
}

TEST(UrlPolicyTest, I7PointsAtShortenerItself) {
  EXPECT_EQ(verdict("https://sho.rt/abc1234"), blocked);
  EXPECT_EQ(verdict("HTTPS://SHO.RT/abc1234"), blocked);
  EXPECT_EQ(verdict("http://sho.rt./abc1234"), blocked);
  EXPECT_EQ(verdict("https://www.sho.rt/abc1234"), blocked);
  EXPECT_EQ(verdict("https://notsho.rt/abc1234"), ok);
  EXPECT_EQ(policy.check_url("https://sho.rt/x").reason, "URL points at the shortener itself");
}

TEST(UrlPolicyTest, BlocklistMatchesHostAndSubdomains) {
  EXPECT_EQ(verdict("https://evil.example/"), blocked);
  EXPECT_EQ(verdict("https://EVIL.example/"), blocked);
  EXPECT_EQ(verdict("https://a.b.evil.example/x"), blocked);
  EXPECT_EQ(verdict("https://malware.test/"), blocked);
  EXPECT_EQ(verdict("https://x.malware.test./"), blocked);
  EXPECT_EQ(verdict("https://notevil.example/"), ok);  // a suffix, not a subdomain
  EXPECT_EQ(verdict("https://evil.example.com/"), ok);
  EXPECT_EQ(to_outcome(url_verdict::blocked_host), core::outcome::invalid_argument);
}

TEST(UrlPolicyTest, HostAndPortShape) {
  EXPECT_EQ(verdict("http:///x"), invalid);
  EXPECT_EQ(verdict("https://"), invalid);
  EXPECT_EQ(verdict("http://:80/"), invalid);
  EXPECT_EQ(verdict("http://example.com:/"), invalid);
  EXPECT_EQ(verdict("http://example.com:0/"), invalid);
  EXPECT_EQ(verdict("http://example.com:65536/"), invalid);
  EXPECT_EQ(verdict("http://example.com:8a/"), invalid);
  EXPECT_EQ(verdict("http://-bad.com/"), invalid);
  EXPECT_EQ(verdict("http://exa_mple.com/"), invalid);
  EXPECT_EQ(verdict("http://a..com/"), invalid);
  EXPECT_EQ(verdict("http://%65vil.example/"), invalid);  // browsers would decode the host
  EXPECT_EQ(verdict("http://" + std::string(64, 'a') + ".com/"), invalid);
  EXPECT_EQ(verdict("http://example.com:65535/"), ok);
}

TEST(UrlPolicyTest, SizeLimitIsInclusive) {
  const std::string head = "https://example.com/";
  const std::string at_limit = head + std::string(2048 - head.size(), 'a');
  ASSERT_EQ(at_limit.size(), 2048u);
  EXPECT_EQ(verdict(at_limit), ok);
  EXPECT_EQ(verdict(at_limit + "a"), url_verdict::too_large);
  EXPECT_EQ(verdict(std::string(1 << 20, 'a')), url_verdict::too_large);
  EXPECT_EQ(verdict(""), invalid);
}

TEST(UrlPolicyTest, EveryRefusalIsDefiniteWithAReason) {
  for (const char* url : {"javascript:alert(1)", "http://127.0.0.1/", "https://sho.rt/"}) {
    const url_check c = policy.check_url(url);
    EXPECT_FALSE(c.ok()) << url;
    EXPECT_FALSE(c.reason.empty()) << url;
    EXPECT_TRUE(core::is_definite(to_outcome(c.verdict))) << url;
  }
  EXPECT_TRUE(policy.check_url("https://example.com/").reason.empty());
  EXPECT_EQ(name(url_verdict::too_large), "too_large");
}

TEST(UrlPolicyTest, I7RefusedByTheIntendedRule) {
  const auto reason = [](std::string_view url) { return policy.check_url(url).reason; };
  EXPECT_EQ(reason("javascript:alert(1)"), "scheme not allowed (only http and https)");
  EXPECT_EQ(reason("file:///etc/passwd"), "scheme not allowed (only http and https)");
  EXPECT_EQ(reason("http://169.254.169.254/"), "loopback, private or link-local IPv4 literal");
  EXPECT_EQ(reason("http://[::ffff:127.0.0.1]/"), "loopback, private or link-local IPv6 literal");
  EXPECT_EQ(reason("http://2130706433/"), "non-canonical IPv4 literal");
  EXPECT_EQ(reason("http://user:pass@host/"), "userinfo (user:pass@) in URL");
  EXPECT_EQ(reason("https://example.com/%0d%0a"),
            "percent-encoded control character (%0d, %0a, ...)");
  EXPECT_EQ(reason("https://example.com/\r\n"), "control character in URL");
  EXPECT_EQ(reason("https://evil.example/"), "host is blocked");
}

TEST(UrlPolicyTest, NoSelfHostConfigured) {
  const url_policy open{url_policy_config{}};
  EXPECT_EQ(open.check_url("https://sho.rt/abc").verdict, ok);
}

// ---- aliases ---------------------------------------------------------------------------

url_verdict alias(std::string_view a) { return policy.check_alias(a).verdict; }

TEST(UrlPolicyTest, AcceptsOrdinaryAliases) {
  EXPECT_EQ(alias("my-link_2024"), ok);
  EXPECT_EQ(alias("A"), ok);
  EXPECT_EQ(alias(std::string(32, 'x')), ok);
  EXPECT_EQ(alias("apix"), ok);
}

TEST(UrlPolicyTest, I7ReservedAliases) {
  EXPECT_EQ(alias("api"), invalid);
  EXPECT_EQ(alias("API"), invalid);
  EXPECT_EQ(alias("admin"), invalid);
  EXPECT_EQ(alias("static"), invalid);
  EXPECT_EQ(alias("health"), invalid);
  EXPECT_EQ(policy.check_alias("Admin").reason, "alias is reserved");
}

TEST(UrlPolicyTest, I7PathLikeAliases) {
  EXPECT_EQ(alias("../x"), invalid);
  EXPECT_EQ(alias(".."), invalid);
  EXPECT_EQ(alias("."), invalid);
  EXPECT_EQ(alias("a/b"), invalid);
  EXPECT_EQ(alias("a.b"), invalid);
  EXPECT_EQ(alias("a%2fb"), invalid);
  EXPECT_EQ(alias("a\\b"), invalid);
}

TEST(UrlPolicyTest, I7HostileAliases) {
  EXPECT_EQ(alias("'); DROP TABLE urls;--"), invalid);
  EXPECT_EQ(alias("ab\xe2\x80\xae" "cd"), invalid);  // U+202E RIGHT-TO-LEFT OVERRIDE
  EXPECT_EQ(alias("\xe2\x80\x8b"), invalid);            // U+200B ZERO WIDTH SPACE
  EXPECT_EQ(alias("a b"), invalid);
  EXPECT_EQ(alias(std::string("a\0b", 3)), invalid);
  EXPECT_EQ(alias("<script>"), invalid);
}

TEST(UrlPolicyTest, AliasLength) {
  EXPECT_EQ(alias(""), invalid);
  EXPECT_EQ(alias(std::string(33, 'x')), invalid);
}

}  // namespace
}  // namespace sdsim::shortener
