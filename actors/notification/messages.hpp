// Atoms between the notification service's own parts (gateway, queue shards, workers,
// providers). Payloads are protobuf bytes from notification.proto.
#pragma once

#include <caf/atom.hpp>

#include "actors/notification/notification.pb.h"

namespace sdsim::notification {

using route_atom = caf::atom_constant<caf::atom("nroute")>;        // gateway -> queue
using routed_atom = caf::atom_constant<caf::atom("nrouted")>;      // queue -> gateway
using pull_atom = caf::atom_constant<caf::atom("npull")>;          // worker -> queue: credit
using jobs_atom = caf::atom_constant<caf::atom("njobs")>;          // queue -> worker
using result_atom = caf::atom_constant<caf::atom("nresult")>;      // worker -> queue
using push_atom = caf::atom_constant<caf::atom("npush")>;          // worker -> provider
using pushed_atom = caf::atom_constant<caf::atom("npushed")>;      // provider -> worker
using outage_atom = caf::atom_constant<caf::atom("noutage")>;      // fault -> provider

/// Short names of the APIs (NotificationApi in notification.proto orders them).
constexpr uint32_t notify_api = NOTIFICATION_API_NOTIFY;
constexpr uint32_t set_preferences_api = NOTIFICATION_API_SET_PREFERENCES;
constexpr uint32_t register_device_api = NOTIFICATION_API_REGISTER_DEVICE;

}  // namespace sdsim::notification
