// The shortener's figures while it runs, from its shards' live looks: the cache hit ratio and
// the hottest keys so far (the same facts the report's figures come from at the end).
#pragma once

#include <vector>

#include "actors/core/design.hpp"

namespace sdsim::shortener {

/// "cache hit ratio %" (hits / lookups, all shards, in percent to 0.1) and "hottest keys" (the five most clicked,
/// as text); nothing before the first lookup.
std::vector<core::live_figure> live_figures(const std::vector<ActorMetrics>& services);

}  // namespace sdsim::shortener
