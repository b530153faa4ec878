#include "actors/notification/preferences.hpp"

#include <algorithm>

namespace sdsim::notification {

bool in_quiet_hours(uint32_t start, uint32_t end, uint32_t minute) {
  if (start == end) return false;
  if (start < end) return minute >= start && minute < end;
  return minute >= start || minute < end;  // wraps past midnight, e.g. 22:00-07:00
}

preference_verdict decide(const user_preferences& p, std::string_view kind, bool high_priority,
                          uint32_t minute) {
  if (!p.set) return preference_verdict::send;
  if (std::find(p.kinds.begin(), p.kinds.end(), kind) == p.kinds.end())
    return preference_verdict::kind_disabled;
  if (!high_priority && in_quiet_hours(p.quiet_start, p.quiet_end, minute))
    return preference_verdict::quiet_hours;
  return preference_verdict::send;
}

bool valid_kind(std::string_view kind) {
  if (kind.empty() || kind.size() > 32) return false;
  return std::all_of(kind.begin(), kind.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string join_kinds(const std::vector<std::string>& kinds) {
  std::string out;
  for (const auto& k : kinds) {
    if (!out.empty()) out += ',';
    out += k;
  }
  return out;
}

std::vector<std::string> split_kinds(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const auto comma = joined.find(',');
    out.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace sdsim::notification
