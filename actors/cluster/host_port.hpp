// A node's address, HOST:PORT, parsed and checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sdsim::cluster {

/// An IPv4 address or host name and a TCP port (0: any free port, for listening).
struct host_port {
  std::string host;
  uint16_t port = 0;
  /// "HOST:PORT".
  std::string str() const { return host + ":" + std::to_string(port); }
};

/// Parses "HOST:PORT" (port 0..65535; host non-empty, no spaces); nullopt and `*why` if not.
std::optional<host_port> parse_host_port(const std::string& text, std::string* why);

}  // namespace sdsim::cluster
