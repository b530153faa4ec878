// What the notification API refuses, before anything is routed or stored.
#pragma once

#include <cstdint>
#include <string>

#include "actors/core/error_kind.hpp"
#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

inline constexpr std::size_t max_payload_bytes = 4096;   // FCM's and APNS's limit
inline constexpr std::size_t max_dedup_key_bytes = 128;
inline constexpr std::size_t max_token_bytes = 256;

/// ok, or why the request is refused (a definite error: nothing was stored).
core::outcome check(const NotifyRequest& r);
core::outcome check(const SetPreferencesRequest& r);
core::outcome check(const RegisterDeviceRequest& r);

/// Parses the request of API `api` (a NotificationApi value) from `bytes`, checks it, and gives the user it
/// concerns (the routing key). malformed_request when it does not parse, not_supported for
/// an unknown API.
core::outcome parse_and_check(uint32_t api, const std::string& bytes, uint64_t* user);

}  // namespace sdsim::notification
