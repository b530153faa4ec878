// The node's entry actor (protocol in node_protocol.hpp).
#include "actors/cluster/node_actor.hpp"

#include <chrono>
#include <memory>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/sec.hpp>
#include <caf/stateful_actor.hpp>

#include "actors/cluster/node_protocol.hpp"

namespace sdsim::cluster {
namespace {

// Invariants: (1) `spawned` holds the actors of the current run only; (2) every clock a
// spawned actor may still read is kept in `clocks` until the node ends (actors of an ended
// run may still be finishing their last message when the next run prepares).
struct node_state {
  std::string name;
  spawn_fn spawn;
  std::vector<std::unique_ptr<core::sim_clock>> clocks;
  std::vector<caf::actor> spawned;
  uint64_t placed = 0;
};

void end_run(node_state& st) {
  for (const auto& a : st.spawned) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  st.spawned.clear();
}

caf::behavior node_impl(caf::stateful_actor<node_state>* self, std::string name, spawn_fn spawn) {
  self->state.name = std::move(name);
  self->state.spawn = std::move(spawn);
  return {
      [=](prepare_atom, double speed) -> caf::result<caf::ok_atom> {
        if (!(speed > 0)) return caf::make_error(caf::sec::invalid_argument, "speed must be > 0");
        end_run(self->state);
        self->state.clocks.push_back(
            std::make_unique<core::sim_clock>(self->system().clock(), speed));
        return caf::ok_atom::value;
      },
      [=](place_atom, const std::string& service, const std::string& spec,
          const std::vector<caf::actor>& peers) -> caf::result<caf::actor> {
        auto& st = self->state;
        if (st.clocks.empty())
          return caf::make_error(caf::sec::invalid_argument, "spawn before prepare");
        auto a = st.spawn(self->system(), *st.clocks.back(), service, {spec, peers});
        if (!a) return a.error();
        st.spawned.push_back(*a);
        ++st.placed;
        return *a;
      },
      [=](begin_atom, int64_t origin_unix_ns) -> caf::result<caf::ok_atom> {
        auto& st = self->state;
        if (st.clocks.empty())
          return caf::make_error(caf::sec::invalid_argument, "begin before prepare");
        // The driver's sim time 0 as a system-clock instant, mapped to this host's actor
        // clock: the same instant on one host, NTP-close across hosts.
        const auto since = std::chrono::system_clock::now().time_since_epoch();
        const auto offset = std::chrono::nanoseconds(origin_unix_ns) -
                            std::chrono::duration_cast<std::chrono::nanoseconds>(since);
        st.clocks.back()->begin_at(self->system().clock().now() + offset);
        return caf::ok_atom::value;
      },
      [=](end_atom) {
        end_run(self->state);
        return caf::ok_atom::value;
      },
      [=](caf::get_atom) { return self->state.name; },
  };
}

}  // namespace

caf::actor spawn_node_actor(caf::actor_system& sys, std::string name, spawn_fn spawn) {
  return sys.spawn(node_impl, std::move(name), std::move(spawn));
}

}  // namespace sdsim::cluster
