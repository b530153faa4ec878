// Names and certainty of the outcome kinds.
#include "actors/core/error_kind.hpp"

#include <array>

namespace sdsim::core {
namespace {

struct outcome_info {
  std::string_view name;
  bool definite;
};

constexpr std::array<outcome_info, outcome_count> infos{{
    {"ok", true},
    {"invalid_argument", true},
    {"malformed_request", true},
    {"too_large", true},
    {"unauthenticated", true},
    {"rate_limited", true},
    {"not_found", true},
    {"expired", true},
    {"overloaded", true},
    {"storage_full", true},
    {"not_supported", true},
    {"conflict", true},
    {"timeout", false},
    {"node_down", false},
    {"shard_down", false},
    {"io_error", false},
}};

}  // namespace

std::string_view name(outcome o) { return infos[static_cast<std::size_t>(o)].name; }

bool is_definite(outcome o) { return infos[static_cast<std::size_t>(o)].definite; }

std::optional<outcome> outcome_from_name(std::string_view s) {
  for (std::size_t i = 0; i < infos.size(); ++i)
    if (infos[i].name == s) return static_cast<outcome>(i);
  return std::nullopt;
}

}  // namespace sdsim::core
