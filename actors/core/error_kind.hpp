// The one list of outcomes a request can end in, and which side of certainty each is on.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sdsim::core {

/// How a request ended. `ok` or exactly one error kind; a timeout is an error kind.
/// Definite kinds certainly did not take effect; indefinite ones may have.
enum class outcome : uint8_t {
  ok = 0,
  // definite
  invalid_argument,
  malformed_request,
  too_large,
  unauthenticated,
  rate_limited,
  not_found,
  expired,
  overloaded,
  storage_full,
  not_supported,
  conflict,        // lost a race for a resource (a ride another driver took first)
  // indefinite
  timeout,
  node_down,
  shard_down,
  io_error,
};

/// Number of outcomes, `ok` included.
inline constexpr std::size_t outcome_count = static_cast<std::size_t>(outcome::io_error) + 1;

/// The snake_case name used in reports ("ok", "rate_limited", ...).
std::string_view name(outcome o);

/// True when the operation certainly did not happen (ok counts as definite).
bool is_definite(outcome o);

/// Parses a name back; nullopt for an unknown one.
std::optional<outcome> outcome_from_name(std::string_view s);

}  // namespace sdsim::core
