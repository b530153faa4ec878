// HOST:PORT parsing.
#include "actors/cluster/host_port.hpp"

#include <cctype>

namespace sdsim::cluster {

std::optional<host_port> parse_host_port(const std::string& text, std::string* why) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    *why = "'" + text + "' is not HOST:PORT (e.g. 127.0.0.1:7000)";
    return std::nullopt;
  }
  host_port out;
  out.host = text.substr(0, colon);
  for (char c : out.host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) {
      *why = "'" + out.host + "' is not a host name or IPv4 address";
      return std::nullopt;
    }
  const std::string port = text.substr(colon + 1);
  unsigned long value = 0;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || port.size() > 5) {
      *why = "port '" + port + "' is not a number within 0..65535";
      return std::nullopt;
    }
    value = value * 10 + static_cast<unsigned long>(c - '0');
  }
  if (value > 65535) {
    *why = "port '" + port + "' is not a number within 0..65535";
    return std::nullopt;
  }
  out.port = static_cast<uint16_t>(value);
  return out;
}

}  // namespace sdsim::cluster
