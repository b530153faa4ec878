// What actors say to each other: atoms and the request/reply envelopes. Payloads are protobuf
// bytes, parsed by the receiving service, so a bad one becomes a counted `malformed_request`
// reply instead of a silent drop when it crosses nodes.
#pragma once

#include <cstdint>
#include <string>

#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "actors/core/sim_time.hpp"

namespace sdsim::core {

using call_atom = caf::atom_constant<caf::atom("call")>;
using reply_atom = caf::atom_constant<caf::atom("reply")>;
using collect_atom = caf::atom_constant<caf::atom("collect")>;
using start_atom = caf::atom_constant<caf::atom("start")>;
using arrive_atom = caf::atom_constant<caf::atom("arrive")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using slow_atom = caf::atom_constant<caf::atom("slow")>;
/// Asks a client for its API counters so far without ending anything (the live view).
using peek_atom = caf::atom_constant<caf::atom("peek")>;
/// Asks a service what it knows of one request (`trace_atom, uint64_t id`); the answer is the
/// hops as `core::encode_hops` writes them (the live view's request trace).
using trace_atom = caf::atom_constant<caf::atom("trace")>;
/// Tells a client that target `i` is now another actor (`target_atom, uint32_t i, actor`):
/// its node came back and the service was spawned there again.
using target_atom = caf::atom_constant<caf::atom("target")>;
/// Tells a router how the link to a node fares (`link_state`, field by field): node name,
/// then cut / delay ms / loss towards it, then the same from it.
using link_atom = caf::atom_constant<caf::atom("link")>;

/// A request to a service.
struct request_envelope {
  uint64_t id = 0;         // unique per run, deterministic per seed
  uint32_t api = 0;        // index into the design's API list
  sim_ns scheduled = 0;    // when the workload meant to send it (latency starts here)
  std::string payload;     // the API's request message, protobuf bytes
};

/// A service's answer to one request.
struct reply_envelope {
  uint64_t id = 0;
  uint8_t outcome = 0;     // sdsim::core::outcome
  std::string payload;     // the API's reply message, protobuf bytes (may be empty)
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, request_envelope& x) {
  return f(caf::meta::type_name("sdsim_request"), x.id, x.api, x.scheduled, x.payload);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, reply_envelope& x) {
  return f(caf::meta::type_name("sdsim_reply"), x.id, x.outcome, x.payload);
}

}  // namespace sdsim::core
