#include "actors/notification/request_rules.hpp"

#include <algorithm>

#include "actors/notification/messages.hpp"
#include "actors/notification/preferences.hpp"

namespace sdsim::notification {
namespace {

bool printable(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

template <class Request>
core::outcome parse_then_check(const std::string& bytes, uint64_t* user) {
  Request r;
  if (!r.ParseFromString(bytes)) return core::outcome::malformed_request;
  *user = r.user_id();
  return check(r);
}

}  // namespace

core::outcome check(const NotifyRequest& r) {
  if (r.payload().size() > max_payload_bytes) return core::outcome::too_large;
  if (!valid_kind(r.kind()) || r.dedup_key().size() > max_dedup_key_bytes ||
      !printable(r.dedup_key()) || !Priority_IsValid(r.priority()))
    return core::outcome::invalid_argument;
  return core::outcome::ok;
}

core::outcome check(const SetPreferencesRequest& r) {
  if (r.kinds_enabled_size() > 64) return core::outcome::too_large;
  for (const auto& k : r.kinds_enabled())
    if (!valid_kind(k)) return core::outcome::invalid_argument;
  if (r.quiet_hours().start_minute() >= 1440 || r.quiet_hours().end_minute() >= 1440)
    return core::outcome::invalid_argument;
  return core::outcome::ok;
}

core::outcome check(const RegisterDeviceRequest& r) {
  if (r.token().empty() || r.token().size() > max_token_bytes || !printable(r.token()) ||
      !Platform_IsValid(r.platform()))
    return core::outcome::invalid_argument;
  return core::outcome::ok;
}

core::outcome parse_and_check(uint32_t api, const std::string& bytes, uint64_t* user) {
  switch (api) {
    case notify_api: return parse_then_check<NotifyRequest>(bytes, user);
    case set_preferences_api: return parse_then_check<SetPreferencesRequest>(bytes, user);
    case register_device_api: return parse_then_check<RegisterDeviceRequest>(bytes, user);
    default: return core::outcome::not_supported;
  }
}

}  // namespace sdsim::notification
