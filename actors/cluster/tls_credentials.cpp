// Loading the TLS files into a throwaway OpenSSL context, with the calls CAF's sessions make.
#include "actors/cluster/tls_credentials.hpp"

#include <memory>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace sdsim::cluster {
namespace {

// OpenSSL's reasons for the last failure, oldest first; clears its error queue.
std::string openssl_reasons() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    const char* r = ERR_reason_error_string(e);
    if (r && out.find(r) == std::string::npos) out += (out.empty() ? "" : "; ") + std::string(r);
  }
  return out.empty() ? "no reason given by OpenSSL" : out;
}

// Answers OpenSSL's passphrase prompt with nothing, so that an encrypted key fails to load
// instead of blocking on a terminal that a launched node does not have.
int no_passphrase(char*, int, int, void*) { return 0; }

std::string quoted(const std::string& path) { return "'" + path + "'"; }

}  // namespace

std::optional<std::string> tls_credentials_problem(const tls_options& o, const tls_names& names) {
  ERR_clear_error();
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_method()),
                                                        &SSL_CTX_free);
  if (!ctx) return "cannot create an OpenSSL context: " + openssl_reasons();
  SSL_CTX_set_default_passwd_cb(ctx.get(), no_passphrase);
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), o.cert.c_str()) != 1)
    return names.cert + ": " + quoted(o.cert) + " is not a PEM certificate (" +
           openssl_reasons() + ")";
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), o.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return names.key + ": " + quoted(o.key) + " is not the unencrypted PEM private key of " +
           quoted(o.cert) + " (" + openssl_reasons() + ")";
  if (SSL_CTX_check_private_key(ctx.get()) != 1)
    return names.key + ": " + quoted(o.key) + " does not belong to " + quoted(o.cert) + " (" +
           openssl_reasons() + ")";
  // A peer refuses an expired certificate only during the handshake, where the reason is
  // lost: every connection would just fail.
  const X509* leaf = SSL_CTX_get0_certificate(ctx.get());
  if (X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0)
    return names.cert + ": " + quoted(o.cert) + " is not valid yet";
  if (X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0)
    return names.cert + ": " + quoted(o.cert) + " has expired";
  if (SSL_CTX_load_verify_locations(ctx.get(), o.ca.c_str(), nullptr) != 1)
    return names.ca + ": " + quoted(o.ca) + " holds no PEM CA certificate (" +
           openssl_reasons() + ")";
  return std::nullopt;
}

std::vector<std::string> check_tls(const tls_options& o, const tls_names& names) {
  auto out = check_tls_options(o, names);
  if (out.empty() && o.enabled)
    if (auto p = tls_credentials_problem(o, names)) out.push_back(*p);
  return out;
}

}  // namespace sdsim::cluster
