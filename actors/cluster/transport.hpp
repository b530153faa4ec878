// How the driver and its nodes reach each other: CAF's BASP over plain TCP, or over mutual
// TLS (CAF's OpenSSL module) when the process was configured for it. One place picks, so the
// rest of the cluster code never names either.
#pragma once

#include <cstdint>
#include <string>

#include <caf/actor.hpp>
#include <caf/expected.hpp>
#include <caf/fwd.hpp>
#include <caf/io/middleman_actor.hpp>

#include "actors/cluster/cluster.pb.h"
#include "actors/cluster/host_port.hpp"
#include "actors/cluster/tls_options.hpp"

namespace sdsim::cluster {

/// The TLS settings a scenario's cluster options give (off when it has no `tls`).
tls_options tls_of(const ClusterOptions& c);

/// How long a silent node may stay silent before it is declared dead, in ms (default 2000).
double connection_timeout_ms(const ClusterOptions& c);

/// Loads CAF's middleman into `cfg` and, when `tls.enabled`, CAF's OpenSSL module with the
/// three files. Check them first (check_tls): this throws std::invalid_argument rather than
/// let TLS start without all three, which CAF would run anonymously.
void load_transport(caf::actor_system_config& cfg, const tls_options& tls);

/// Publishes `entry` at `at` (reuse_addr, so a restarted node gets its port back), over TLS
/// when `sys` loaded the OpenSSL module; the bound port or the error.
caf::expected<uint16_t> publish_entry(caf::actor_system& sys, const caf::actor& entry,
                                      const host_port& at);

/// Connects to the actor published at `at`, over TLS when `sys` loaded the OpenSSL module.
caf::expected<caf::actor> connect_entry(caf::actor_system& sys, const host_port& at);

/// The actor that connects to published actors, over TLS when `sys` loaded the OpenSSL
/// module: for a connection attempt with a timeout (`connect_atom, host, port`).
caf::io::middleman_actor connector(caf::actor_system& sys);

/// connect_entry's error in words, with what to check when it fails in a way that TLS on one
/// side only, or a certificate the other side's CA did not sign, would explain.
std::string connect_error_text(caf::actor_system& sys, const caf::error& e);

}  // namespace sdsim::cluster
