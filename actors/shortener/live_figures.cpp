#include "actors/shortener/live_figures.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

std::vector<core::live_figure> live_figures(const std::vector<ActorMetrics>& services) {
  uint64_t hits = 0, misses = 0;
  std::map<std::string, uint64_t> clicks;  // a key lives on one shard: no double counting
  for (const auto& m : services) {
    ShortenerExtra x;
    if (m.extra().empty() || !x.ParseFromString(m.extra()) || !x.has_shard()) continue;
    hits += x.shard().cache_hits();
    misses += x.shard().cache_misses();
    for (const auto& h : x.shard().hottest()) clicks[h.key()] += h.clicks();
  }
  std::vector<core::live_figure> out;
  if (hits + misses == 0) return out;
  const double ratio = static_cast<double>(hits) / static_cast<double>(hits + misses);
  out.push_back({"cache hit ratio %", std::round(1000 * ratio) / 10, ""});
  std::vector<std::pair<std::string, uint64_t>> top(clicks.begin(), clicks.end());
  std::stable_sort(top.begin(), top.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string text;
  for (std::size_t i = 0; i < top.size() && i < 5; ++i)
    text += fmt::format("{}{} ({})", i ? ", " : "", top[i].first, top[i].second);
  if (!text.empty()) out.push_back({"hottest keys", 0, text});
  return out;
}

}  // namespace sdsim::shortener
