// Plain or TLS publish/connect, decided by whether the actor system loaded caf::openssl.
#include "actors/cluster/transport.hpp"

#include "actors/core/messages.hpp"

#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/io/middleman.hpp>
#include <caf/openssl/manager.hpp>
#include <caf/openssl/publish.hpp>
#include <caf/openssl/remote_actor.hpp>
#include <caf/sec.hpp>

namespace sdsim::cluster {

tls_options tls_of(const ClusterOptions& c) {
  tls_options out;
  out.enabled = c.has_tls();
  out.cert = c.tls().cert();
  out.key = c.tls().key();
  out.ca = c.tls().ca();
  return out;
}

double connection_timeout_ms(const ClusterOptions& c) {
  return c.has_connection_timeout_ms() ? c.connection_timeout_ms() : 2000;
}

void load_transport(caf::actor_system_config& cfg, const tls_options& tls) {
  cfg.load<caf::io::middleman>();
  // Services on nodes take requests and send answers as the ones in the driver do.
  cfg.add_message_type<core::request_envelope>("sdsim_request");
  cfg.add_message_type<core::reply_envelope>("sdsim_reply");
  if (!tls.enabled) return;
  // CAF authenticates peers only when a certificate or CA is configured and otherwise falls
  // back to an anonymous cipher: never let a partial configuration reach it.
  if (tls.cert.empty() || tls.key.empty() || tls.ca.empty())
    throw std::invalid_argument("TLS needs a certificate, its key and a CA");
  cfg.load<caf::openssl::manager>();
  cfg.set("openssl.certificate", tls.cert);
  cfg.set("openssl.key", tls.key);
  cfg.set("openssl.cafile", tls.ca);
}

caf::expected<uint16_t> publish_entry(caf::actor_system& sys, const caf::actor& entry,
                                      const host_port& at) {
  if (sys.has_openssl_manager())
    return caf::openssl::publish(entry, at.port, at.host.c_str(), true);
  return sys.middleman().publish(entry, at.port, at.host.c_str(), true);
}

caf::io::middleman_actor connector(caf::actor_system& sys) {
  if (sys.has_openssl_manager()) return sys.openssl_manager().actor_handle();
  return sys.middleman().actor_handle();
}

caf::expected<caf::actor> connect_entry(caf::actor_system& sys, const host_port& at) {
  if (sys.has_openssl_manager()) return caf::openssl::remote_actor(sys, at.host, at.port);
  return sys.middleman().remote_actor(at.host, at.port);
}

std::string connect_error_text(caf::actor_system& sys, const caf::error& e) {
  // CAF reports a refused TLS handshake, and a plain peer hanging up on TLS bytes, as a
  // disconnect during the BASP handshake: say what usually causes it.
  const bool tls = sys.has_openssl_manager();
  std::string out = sys.render(e);
  if (e == caf::sec::disconnect_during_handshake)
    out += tls ? " (TLS handshake refused: each side's certificate must be signed by the CA "
                 "the other side trusts)"
               : " (the node hung up during the handshake: a node run with --tls accepts only "
                 "a driver with --tls)";
  else if (tls && e == caf::sec::cannot_connect_to_node)
    out += " (nothing listens there, or the node does not speak TLS: run it with --tls)";
  return out;
}

}  // namespace sdsim::cluster
