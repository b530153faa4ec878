// Atoms between the notification service's own parts (gateway, queue shards, workers,
// providers). Payloads are protobuf bytes from notification.proto.
#pragma once

#include <caf/atom.hpp>

namespace sdsim::notification {

using route_atom = caf::atom_constant<caf::atom("nroute")>;        // gateway -> queue
using routed_atom = caf::atom_constant<caf::atom("nrouted")>;      // queue -> gateway
using pull_atom = caf::atom_constant<caf::atom("npull")>;          // worker -> queue: credit
using jobs_atom = caf::atom_constant<caf::atom("njobs")>;          // queue -> worker
using result_atom = caf::atom_constant<caf::atom("nresult")>;      // worker -> queue
using push_atom = caf::atom_constant<caf::atom("npush")>;          // worker -> provider
using pushed_atom = caf::atom_constant<caf::atom("npushed")>;      // provider -> worker
using outage_atom = caf::atom_constant<caf::atom("noutage")>;      // fault -> provider
using queue_atom = caf::atom_constant<caf::atom("nqueue")>;        // a restarted queue's handle

/// The APIs, in the order the design lists them.
enum api_index : uint32_t { notify_api = 0, set_preferences_api = 1, register_device_api = 2 };

}  // namespace sdsim::notification
