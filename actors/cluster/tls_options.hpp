// The files of mutual TLS between a driver and its nodes, and the checks that refuse to start
// without them: CAF 0.17's TLS with no certificate is anonymous (encrypted, but any peer
// gets in), so sdsim never runs it that way.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sdsim::cluster {

/// Mutual TLS settings of one process (driver or node): all three files, or TLS off.
struct tls_options {
  bool enabled = false;
  std::string cert;   ///< PEM: this process's certificate (chain), signed by the CA
  std::string key;    ///< PEM: its private key, not encrypted
  std::string ca;     ///< PEM: the CA certificate(s) a peer's certificate must chain to
};

/// What the checks call each setting: the command line's flags by default, a scenario's field
/// paths when the options come from a scenario.
struct tls_names {
  std::string tls = "--tls";
  std::string cert = "--tls-cert";
  std::string key = "--tls-key";
  std::string ca = "--tls-ca";
};

/// Why `path` cannot serve as a TLS file ("is not given", "'x': no such file", "'x' is a
/// directory", "'x': Permission denied"), or nullopt when it is a readable regular file.
std::optional<std::string> tls_file_problem(const std::string& path);

/// One line per problem, naming the setting (`names`); empty when `o` can be used. With TLS
/// on, the certificate, the key and the CA must each be a readable file; with TLS off, none
/// of them may be given (a certificate that silently does nothing would be worse).
std::vector<std::string> check_tls_options(const tls_options& o, const tls_names& names = {});

/// The `sdsim node` flags that give a launched node the same TLS settings (none when off).
std::vector<std::string> tls_node_flags(const tls_options& o);

}  // namespace sdsim::cluster
