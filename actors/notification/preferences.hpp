// A user's choices about notifications: which kinds they want and their quiet hours. Deciding
// is a pure function of the preferences, the notification and the minute of the day.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sdsim::notification {

/// What a user set; a user who never set anything gets every kind at any hour.
struct user_preferences {
  bool set = false;                   ///< false: the defaults (everything enabled)
  std::vector<std::string> kinds;     ///< enabled kinds (when set)
  uint32_t quiet_start = 0;           ///< minute of the UTC day; start == end: no quiet hours
  uint32_t quiet_end = 0;             ///< exclusive; the window may wrap past midnight
};

/// Why a notification may not be sent now.
enum class preference_verdict { send, kind_disabled, quiet_hours };

/// True when `minute` (0..1439) lies in [start, end), wrapping past midnight when end < start.
bool in_quiet_hours(uint32_t start, uint32_t end, uint32_t minute);

/// The verdict for a notification of `kind` at `minute` of the day. High priority goes
/// through quiet hours (a ride arriving is not held until morning); a disabled kind never
/// goes through.
preference_verdict decide(const user_preferences& p, std::string_view kind, bool high_priority,
                          uint32_t minute);

/// True for a kind name the API accepts: 1..32 characters of [a-z0-9_].
bool valid_kind(std::string_view kind);

/// Kinds joined with ',' (for storage), and split back.
std::string join_kinds(const std::vector<std::string>& kinds);
std::vector<std::string> split_kinds(std::string_view joined);

}  // namespace sdsim::notification
