// The URL and alias abuse checks: a hand-written RFC 3986 subset, IP-literal ranges, and
// suffix matching against the blocklist. No DNS, no network.
#include "actors/shortener/url_policy.hpp"

#include <array>
#include <optional>

namespace sdsim::shortener {
namespace {

using ipv6_bytes = std::array<uint8_t, 16>;

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  c = lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 3986 unreserved, gen-delims and sub-delims; '%' is handled apart.
bool is_uri_char(char c) {
  if (is_alpha(c) || is_digit(c)) return true;
  static constexpr std::string_view allowed = "-._~:/?#[]@!$&'()*+,;=";
  return allowed.find(c) != std::string_view::npos;
}

// Why rule 2 is broken, or empty; the first offending byte decides. Control characters,
// raw or escaped, get reasons of their own: they are the dangerous ones (header injection,
// truncation at NUL), and a log should say so.
std::string_view character_problem(std::string_view url) {
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto b = static_cast<unsigned char>(url[i]);
    if (b < 0x20 || b == 0x7f) return "control character in URL";
    if (b >= 0x80) return "non-ASCII byte in URL (percent-encode it, or punycode the host)";
    if (b == ' ') {
      return (i == 0 || i + 1 == url.size()) ? "leading or trailing whitespace"
                                             : "space in URL (percent-encode it)";
    }
    if (b == '%') {
      if (i + 2 >= url.size() || hex_value(url[i + 1]) < 0 || hex_value(url[i + 2]) < 0) {
        return "'%' not followed by two hex digits";
      }
      const int v = hex_value(url[i + 1]) * 16 + hex_value(url[i + 2]);
      if (v < 0x20 || v == 0x7f) return "percent-encoded control character (%0d, %0a, ...)";
      continue;
    }
    if (!is_uri_char(url[i])) return "character not allowed in a URL";
  }
  return {};
}

// Canonical dotted quad only: four decimal parts 0-255, no leading zeros.
std::optional<uint32_t> parse_ipv4(std::string_view s) {
  uint32_t addr = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = s.find('.');
    const std::string_view p = part < 3 ? s.substr(0, dot) : s;
    if (part < 3 && dot == std::string_view::npos) return std::nullopt;
    if (p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
    uint32_t v = 0;
    for (char c : p) {
      if (!is_digit(c)) return std::nullopt;
      v = v * 10 + static_cast<uint32_t>(c - '0');
    }
    if (v > 255) return std::nullopt;
    addr = (addr << 8) | v;
    if (part < 3) s.remove_prefix(dot + 1);
  }
  return addr;
}

// Loopback, "this network", private, CGNAT, link-local (cloud metadata lives at
// 169.254.169.254), multicast, reserved and broadcast: nothing a public link should reach.
bool forbidden_ipv4(uint32_t a) {
  struct net {
    uint32_t base;
    int bits;
  };
  static constexpr net nets[] = {
      {0x00000000, 8},  {0x0a000000, 8},  {0x64400000, 10}, {0x7f000000, 8},
      {0xa9fe0000, 16}, {0xac100000, 12}, {0xc0a80000, 16}, {0xe0000000, 4},
      {0xf0000000, 4},
  };
  for (const net& n : nets) {
    const uint32_t mask = ~uint32_t{0} << (32 - n.bits);
    if ((a & mask) == n.base) return true;
  }
  return false;
}

// Groups "h:h:...:h" (possibly empty) into `out`; the last may be a dotted quad when
// `v4_tail`. False on any malformed group.
bool parse_v6_groups(std::string_view s, bool v4_tail, std::vector<uint16_t>& out) {
  while (!s.empty()) {
    const std::size_t colon = s.find(':');
    const std::string_view g = s.substr(0, colon);
    const bool last = colon == std::string_view::npos;
    if (last && v4_tail && g.find('.') != std::string_view::npos) {
      const auto v4 = parse_ipv4(g);
      if (!v4) return false;
      out.push_back(static_cast<uint16_t>(*v4 >> 16));
      out.push_back(static_cast<uint16_t>(*v4 & 0xffff));
      return true;
    }
    if (g.empty() || g.size() > 4) return false;
    uint16_t v = 0;
    for (char c : g) {
      const int h = hex_value(c);
      if (h < 0) return false;
      v = static_cast<uint16_t>(v * 16 + h);
    }
    out.push_back(v);
    if (last) return true;
    s.remove_prefix(colon + 1);
    if (s.empty()) return false;  // a trailing single ':'
  }
  return true;
}

// RFC 4291 text form, "::" at most once. Zone ids ("%25eth0") and IPvFuture are refused.
std::optional<ipv6_bytes> parse_ipv6(std::string_view s) {
  std::vector<uint16_t> head, tail;
  const std::size_t gap = s.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_v6_groups(s, true, head) || head.size() != 8) return std::nullopt;
  } else {
    const std::string_view after = s.substr(gap + 2);
    if (after.find("::") != std::string_view::npos) return std::nullopt;
    if (!parse_v6_groups(s.substr(0, gap), false, head)) return std::nullopt;
    if (!parse_v6_groups(after, true, tail)) return std::nullopt;
    if (head.size() + tail.size() > 7) return std::nullopt;
  }
  std::array<uint16_t, 8> groups{};
  for (std::size_t i = 0; i < head.size(); ++i) groups[i] = head[i];
  for (std::size_t i = 0; i < tail.size(); ++i) groups[8 - tail.size() + i] = tail[i];
  ipv6_bytes b{};
  for (std::size_t i = 0; i < 8; ++i) {
    b[2 * i] = static_cast<uint8_t>(groups[i] >> 8);
    b[2 * i + 1] = static_cast<uint8_t>(groups[i] & 0xff);
  }
  return b;
}

// ::, ::1, fe80::/10 link-local, fec0::/10 site-local, fc00::/7 unique-local, ff00::/8
// multicast, and the forms that embed an IPv4 address (::/96, ::ffff:0:0/96, 64:ff9b::/96),
// which are judged by that address.
bool forbidden_ipv6(const ipv6_bytes& b) {
  if ((b[0] & 0xfe) == 0xfc || b[0] == 0xff) return true;
  if (b[0] == 0xfe && (b[1] & 0xc0) >= 0x80) return true;
  bool zero80 = true;  // the first 80 bits are zero
  for (std::size_t i = 0; i < 10; ++i) zero80 = zero80 && b[i] == 0;
  const bool compat = zero80 && b[10] == 0 && b[11] == 0;
  const bool mapped = zero80 && b[10] == 0xff && b[11] == 0xff;
  static constexpr uint8_t nat64[12] = {0x00, 0x64, 0xff, 0x9b};
  bool translated = true;
  for (std::size_t i = 0; i < 12; ++i) translated = translated && b[i] == nat64[i];
  if (compat || mapped || translated) {
    const uint32_t v4 = (uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) |
                        (uint32_t{b[14]} << 8) | b[15];
    return compat || forbidden_ipv4(v4);  // ::/96 is loopback, unspecified or deprecated
  }
  return false;
}

// Browsers hand a host whose last label is a number (decimal, or 0x-hex) to their IPv4
// parser, which also reads 2130706433, 0x7f.1 and 0177.0.0.1. Such hosts must be canonical.
bool ends_in_number(std::string_view host) {
  const std::string_view last = host.substr(host.rfind('.') + 1);
  if (last.empty()) return false;
  std::string_view digits = last;
  if (last.size() >= 2 && last[0] == '0' && lower(last[1]) == 'x') {
    digits.remove_prefix(2);
    for (char c : digits) {
      if (hex_value(c) < 0) return false;
    }
    return true;
  }
  for (char c : digits) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// A lower-cased DNS name (no trailing dot): labels of 1-63 [a-z0-9-], no '-' at either end.
bool valid_dns_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  while (true) {
    const std::size_t dot = host.find('.');
    const std::string_view label = host.substr(0, dot);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!is_digit(c) && !(c >= 'a' && c <= 'z') && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    host.remove_prefix(dot + 1);
  }
}

bool has_punycode_label(std::string_view host) {
  while (true) {
    if (host.substr(0, 4) == "xn--") return true;
    const std::size_t dot = host.find('.');
    if (dot == std::string_view::npos) return false;
    host.remove_prefix(dot + 1);
  }
}

using host_set = std::set<std::string, std::less<>>;

// True when `host` or any parent domain of it ("a.b.c" → "b.c" → "c") is in `list`.
bool in_domains(const host_set& list, std::string_view host) {
  while (true) {
    if (list.find(host) != list.end()) return true;
    const std::size_t dot = host.find('.');
    if (dot == std::string_view::npos) return false;
    host.remove_prefix(dot + 1);
  }
}

// A blocklist or self-host entry, in the form hosts are compared in.
std::string normalize_host(std::string_view h) {
  while (!h.empty() && h.front() == '.') h.remove_prefix(1);
  while (!h.empty() && h.back() == '.') h.remove_suffix(1);
  return to_lower(h);
}

url_check refuse(url_verdict v, std::string_view reason) { return {v, reason, false}; }
url_check invalid(std::string_view reason) { return refuse(url_verdict::invalid_argument, reason); }

}  // namespace

std::string_view name(url_verdict v) {
  switch (v) {
    case url_verdict::ok: return "ok";
    case url_verdict::invalid_argument: return "invalid_argument";
    case url_verdict::too_large: return "too_large";
    case url_verdict::blocked_host: return "blocked_host";
  }
  return "unknown";
}

std::vector<std::string> url_policy_config::default_reserved_aliases() {
  return {"about",  "admin",   "api",    "app",     "assets",   "auth",  "create",
          "delete", "docs",    "favicon", "health", "healthz",  "help",  "login",
          "logout", "metrics", "new",    "robots",  "settings", "signup", "static",
          "stats",  "status",  "www"};
}

url_policy::url_policy(url_policy_config config) : max_url_bytes_(config.max_url_bytes) {
  if (!config.self_host.empty()) self_hosts_.insert(normalize_host(config.self_host));
  for (const auto& h : config.blocklist) {
    std::string n = normalize_host(h);
    if (!n.empty()) blocklist_.insert(std::move(n));
  }
  for (const auto& a : config.reserved_aliases) reserved_aliases_.insert(to_lower(a));
}

url_check url_policy::check_url(std::string_view url) const {
  if (url.size() > max_url_bytes_) return refuse(url_verdict::too_large, "URL too long");
  if (url.empty()) return invalid("empty URL");
  if (const auto why = character_problem(url); !why.empty()) return invalid(why);

  // Rule 3. The scheme is ALPHA *(ALPHA / DIGIT / + - .) up to the first ':'.
  const std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_alpha(url[0])) {
    return invalid("not an absolute URL (no scheme)");
  }
  const std::string scheme = to_lower(url.substr(0, colon));
  if (scheme != "http" && scheme != "https") {
    return invalid("scheme not allowed (only http and https)");
  }
  std::string_view rest = url.substr(colon + 1);
  if (rest.substr(0, 2) != "//") return invalid("http(s) URL without \"//\" and a host");
  rest.remove_prefix(2);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));

  // Rule 4.
  if (authority.find('@') != std::string_view::npos) {
    return invalid("userinfo (user:pass@) in URL");
  }

  // Rule 5: split host and port; a bracketed host is an IPv6 literal and may hold ':'.
  std::string_view host = authority;
  std::string_view port;
  bool has_port = false;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return invalid("unterminated IPv6 literal");
    host = authority.substr(0, close + 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return invalid("junk after IPv6 literal");
    has_port = !after.empty();
    if (has_port) port = after.substr(1);
  } else if (const std::size_t c = authority.find(':'); c != std::string_view::npos) {
    host = authority.substr(0, c);
    port = authority.substr(c + 1);
    has_port = true;
  }
  if (has_port) {
    uint32_t p = 0;
    bool digits = !port.empty() && port.size() <= 5;
    for (char ch : port) {
      digits = digits && is_digit(ch);
      if (digits) p = p * 10 + static_cast<uint32_t>(ch - '0');
    }
    if (!digits || p == 0 || p > 65535) return invalid("bad port");
  }
  if (host.empty()) return invalid("no host");
  return check_host(host);
}

// Rules 5 (host shape), 6 and 7 on the host as written in the URL.
url_check url_policy::check_host(std::string_view raw) const {
  if (raw.front() == '[') {
    const auto v6 = parse_ipv6(raw.substr(1, raw.size() - 2));
    if (!v6) return invalid("malformed IPv6 literal");
    if (forbidden_ipv6(*v6)) return invalid("loopback, private or link-local IPv6 literal");
    return {};  // an IP literal cannot be on a name blocklist, nor be our own name
  }
  std::string host = to_lower(raw);
  if (host.back() == '.') host.pop_back();  // "example.com." is the same name
  if (ends_in_number(host)) {
    const auto v4 = parse_ipv4(host);
    if (!v4) return invalid("non-canonical IPv4 literal");
    if (forbidden_ipv4(*v4)) return invalid("loopback, private or link-local IPv4 literal");
  } else {
    if (!valid_dns_name(host)) return invalid("malformed host name");
    // RFC 6761: "localhost" and every name under it resolve to loopback.
    static const host_set loopback_names{"localhost"};
    if (in_domains(loopback_names, host)) return invalid("localhost is loopback");
    // Single-label names ("intranet") resolve through the local search domains.
    if (host.find('.') == std::string::npos) return invalid("single-label host (no dot)");
  }
  if (in_domains(self_hosts_, host)) {
    return refuse(url_verdict::blocked_host, "URL points at the shortener itself");
  }
  if (in_domains(blocklist_, host)) return refuse(url_verdict::blocked_host, "host is blocked");
  url_check ok;
  ok.punycode_host = has_punycode_label(host);
  return ok;
}

alias_verdict url_policy::check_alias(std::string_view alias) const {
  const auto refuse_alias = [](std::string_view why) {
    return alias_verdict{url_verdict::invalid_argument, why};
  };
  if (alias.empty()) return refuse_alias("empty alias");
  if (alias.size() > max_alias_chars) return refuse_alias("alias longer than 32 characters");
  for (char c : alias) {
    if (!is_alpha(c) && !is_digit(c) && c != '_' && c != '-') {
      return refuse_alias("alias may hold only A-Z a-z 0-9 _ -");
    }
  }
  if (reserved_aliases_.count(to_lower(alias)) != 0) return refuse_alias("alias is reserved");
  return {};
}

}  // namespace sdsim::shortener
