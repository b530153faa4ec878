// What the driver says to a node's entry actor. Every argument is a built-in CAF type
// (atoms, strings, integers, doubles, actor handles), so nothing needs announcing and nothing
// can arrive half-deserialized: service parameters travel as protobuf bytes.
//
//   driver                      node
//   prepare(speed)        ──►   ends the previous run's actors; a new sim clock  ──► ok
//   spawn(service, spec)  ──►   the design's factory parses spec, spawns         ──► actor | error
//   begin(origin_unix_ns) ──►   sim time 0 := that instant (system clock)        ──► ok
//   end()                 ──►   ends this run's actors                          ──► ok
#pragma once

#include <caf/atom.hpp>

namespace sdsim::cluster {

using prepare_atom = caf::atom_constant<caf::atom("nprepare")>;
using place_atom = caf::atom_constant<caf::atom("nplace")>;
using begin_atom = caf::atom_constant<caf::atom("nbegin")>;
using end_atom = caf::atom_constant<caf::atom("nend")>;

}  // namespace sdsim::cluster
