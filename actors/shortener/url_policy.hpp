// The shortener's abuse checks: which URLs may be shortened and which custom aliases may be
// taken. Pure string logic: no DNS lookup and no network call of any kind, ever.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "actors/core/error_kind.hpp"

namespace sdsim::shortener {

/// Why a URL or alias was refused; every refusal is definite (nothing was stored).
enum class url_verdict : uint8_t {
  ok = 0,
  invalid_argument,  // not an http(s) URL, bad characters, userinfo, private IP literal, ...
  too_large,         // longer than url_policy_config::max_url_bytes
  blocked_host,      // the host or a parent domain is on the blocklist, or is our own host
};

/// The snake_case name of a verdict ("ok", "blocked_host", ...).
std::string_view name(url_verdict v);

/// The outcome a client sees. The API has no blocked kind, so blocked_host is reported as
/// invalid_argument; all are definite.
constexpr core::outcome to_outcome(url_verdict v) {
  switch (v) {
    case url_verdict::ok: return core::outcome::ok;
    case url_verdict::too_large: return core::outcome::too_large;
    case url_verdict::invalid_argument:
    case url_verdict::blocked_host: return core::outcome::invalid_argument;
  }
  return core::outcome::invalid_argument;
}

/// The verdict on a URL, with a human reason (static text, empty when ok).
struct url_check {
  /// ok or the kind of refusal.
  url_verdict verdict = url_verdict::ok;
  /// Why, for logs and error replies; points at static text, so it never dangles.
  std::string_view reason;
  /// True when an accepted host has an IDN label ("xn--"): accepted, but counted, since a
  /// homograph may hide behind it (see url_policy).
  bool punycode_host = false;
  /// True when accepted.
  bool ok() const { return verdict == url_verdict::ok; }
};

/// The verdict on a custom alias: ok or invalid_argument, with a human reason.
struct alias_verdict {
  /// ok or invalid_argument.
  url_verdict verdict = url_verdict::ok;
  /// Why, for logs and error replies; static text, empty when ok.
  std::string_view reason;
  /// True when accepted.
  bool ok() const { return verdict == url_verdict::ok; }
};

/// What the checks are configured with (the scenario's `blocklist`, the service's own host).
struct url_policy_config {
  /// Longest URL accepted, in bytes; longer ones are too_large.
  std::size_t max_url_bytes = 2048;
  /// Our own host ("sho.rt"); it and its subdomains are refused to avoid redirect loops.
  /// Empty: no such check.
  std::string self_host;
  /// Refused hosts; each also refuses all its subdomains. Case and a trailing dot ignored.
  std::vector<std::string> blocklist;
  /// Aliases that would shadow our own routes, compared case-insensitively.
  std::vector<std::string> reserved_aliases = default_reserved_aliases();

  /// api, admin, static, health, ... : the routes a shortener serves beside its keys.
  static std::vector<std::string> default_reserved_aliases();
};

/// Checks URLs to shorten and custom aliases against the abuse rules.
///
/// URL rules, in the order applied (the first broken one gives the verdict):
///  1. At most max_url_bytes bytes, else too_large.
///  2. Only RFC 3986 URI characters: no control character (TAB, CR, LF, NUL, DEL, ...), no
///     space (so no leading or trailing whitespace), no byte >= 0x80, none of " < > \ ^ ` { | }.
///     Every '%' starts a valid escape, and no escape decodes to a control character
///     (%0d, %0A, %00, ... in either case), which would let a header be injected downstream.
///  3. Scheme http or https (any case) followed by "//": javascript:, data:, vbscript:,
///     file: and scheme-relative "//host" are refused.
///  4. No userinfo ("user:pass@host"): it is used to disguise the real host.
///  5. A non-empty host with at least one dot; a numeric port 1-65535 if a port is given.
///  6. IP literals only in canonical form (a.b.c.d or [v6]), and not loopback, private,
///     link-local, CGNAT, multicast or reserved ranges, IPv4-mapped forms included; "localhost"
///     and its subdomains are loopback too. Odd forms browsers would still read as IPv4
///     (2130706433, 0x7f.1, 0177.0.0.1, 127.1) are refused outright.
///  7. Host not on the blocklist and not our own host (exact or subdomain) → else blocked_host.
///
/// IDN: punycode labels ("xn--...") are accepted and flagged in url_check::punycode_host;
/// raw Unicode hosts are refused by rule 2. Judging homographs needs the decoded Unicode and
/// a confusables table, which this checker does not have; the redirect target stays the
/// stored ASCII text, so a browser shows the punycode form.
///
/// No DNS: a name that resolves to a private address (DNS rebinding, "127.0.0.1.nip.io") is
/// not caught here; the shortener never fetches the URL, so such a name can only send the
/// clicking user's own browser there. Whoever fetches a target must check resolved addresses.
///
/// Accepted URLs are returned unchanged by the caller: the checker never rewrites, so the
/// redirect target is byte-identical to what was stored.
///
/// Thread-safety: immutable after construction; check_url and check_alias are const and may
/// be called from any number of threads.
class url_policy {
 public:
  /// A policy with the given rules (blocklist and reserved aliases normalized to lower case).
  explicit url_policy(url_policy_config config = {});

  /// ok, or the first rule `url` breaks.
  url_check check_url(std::string_view url) const;

  /// A custom alias: 1-32 characters of [A-Za-z0-9_-], not reserved (any case). So no '/',
  /// '.', "..", '%', spaces, quotes or non-ASCII (bidi controls such as U+202E included).
  /// Aliases share the key space with generated keys; uniqueness is the store's job.
  alias_verdict check_alias(std::string_view alias) const;

  /// Longest alias accepted, in characters.
  static constexpr std::size_t max_alias_chars = 32;

 private:
  url_check check_host(std::string_view host) const;

  std::size_t max_url_bytes_;
  std::set<std::string, std::less<>> self_hosts_;  // 0 or 1 entry, matched like the blocklist
  std::set<std::string, std::less<>> blocklist_;
  std::set<std::string, std::less<>> reserved_aliases_;
};

}  // namespace sdsim::shortener
