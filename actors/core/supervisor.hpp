// A supervisor: keeps one child actor alive, spawning a new one when it crashes as long as the
// restart intensity allows, and tells listeners each new handle. It depends on nothing but the
// actor system and a sim clock, so it runs in the driver process and on a node alike.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/error.hpp>
#include <caf/fwd.hpp>
#include <caf/message.hpp>

#include "actors/core/restart_intensity.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::core {

/// `(listen_atom, caf::actor)`: the actor is told of every new child from now on.
using listen_atom = caf::atom_constant<caf::atom("listen")>;
/// `(restarted_atom, uint32_t index, caf::actor child)`: the default announcement.
using restarted_atom = caf::atom_constant<caf::atom("restarted")>;
/// `(halt_atom)`: takes the child down on purpose (a fault); it stays down. Replies bool: was
/// a child up.
using halt_atom = caf::atom_constant<caf::atom("halt")>;
/// `(restart_atom)`: brings a child that is down back on purpose. Replies bool: was it down.
using restart_atom = caf::atom_constant<caf::atom("restart")>;
/// `(supervise_atom)`: replies `(uint64_t restarts, bool gave_up, caf::actor child)`.
using supervise_atom = caf::atom_constant<caf::atom("supervise")>;

/// What a supervisor needs; shared read-only with the actor.
struct supervisor_params {
  std::string name;                      ///< the child's name in events ("shortener/shard 2")
  uint32_t index = 0;                    ///< which child of its kind, for announcements
  std::function<caf::actor()> factory;   ///< spawns a new child; called on the supervisor
  caf::actor first;                      ///< the first child, if the caller spawned it
  intensity_limit limit;
  const sim_clock* clock = nullptr;
  std::vector<caf::actor> listeners;
  /// What listeners are sent when a new child is up; `(restarted_atom, index, child)` if empty.
  std::function<caf::message(uint32_t index, const caf::actor& child)> announce;
};

/// Whether a child that ended with `reason` is restarted: only crashes are. A normal end, a
/// `user_shutdown` and a `kill` are deliberate (the run ending, or a scenario fault that takes
/// the child down until a `restart`), so the child stays down.
bool is_crash(const caf::error& reason);

/// Spawns a supervisor and, unless `p->first` is given, its first child.
///
/// Toward everyone but the listeners it stands for its child: it answers `collect_atom` with
/// the child's `ActorMetrics` plus its own `supervision` events (so it is the metric source to
/// register, and a restarted child's figures are collected), and forwards any other message
/// to the current child (a request finds no child while it is down: `request_receiver_down`).
/// Ending the supervisor ends its child.
caf::actor spawn_supervisor(caf::actor_system& sys, std::shared_ptr<const supervisor_params> p);

}  // namespace sdsim::core
