// The scenario's calendar: `start_time` as an RFC 3339 UTC instant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sdsim::scenarios {

/// The default start of sim time: a Monday, midnight UTC.
inline constexpr const char* default_start_time = "2026-01-05T00:00:00Z";

/// Seconds since the Unix epoch of "YYYY-MM-DDTHH:MM:SSZ", or nullopt if malformed.
std::optional<int64_t> parse_utc(const std::string& text);

}  // namespace sdsim::scenarios
