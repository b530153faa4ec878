// The TLS files loaded with OpenSSL before CAF starts, as CAF's TLS sessions will load them.
// CAF 0.17 reads them only when the first connection opens and throws from its I/O thread if
// it cannot, which ends the process; checking first turns that into a refusal to start.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actors/cluster/tls_options.hpp"

namespace sdsim::cluster {

/// Loads the certificate chain, the private key (refused if encrypted: nothing would be
/// there to type its passphrase), checks that they belong together and that the certificate
/// is within its validity period, and loads the CA file. Says what fails, naming the setting,
/// or nullopt. Precondition: `o.enabled` and check_tls_options(o) found nothing.
std::optional<std::string> tls_credentials_problem(const tls_options& o,
                                                   const tls_names& names = {});

/// Everything checked before a process starts CAF: check_tls_options, then, when TLS is on
/// and the files are there, tls_credentials_problem. Empty when `o` can be used.
std::vector<std::string> check_tls(const tls_options& o, const tls_names& names = {});

}  // namespace sdsim::cluster
