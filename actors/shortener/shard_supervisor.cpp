// The shortener's use of core::supervisor: shard factory and announcement.
#include "actors/shortener/shard_supervisor.hpp"

#include <caf/actor_system.hpp>
#include <caf/send.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/supervisor.hpp"
#include "actors/shortener/messages.hpp"

namespace sdsim::shortener {

caf::actor supervise_shard(caf::actor_system& sys, const core::sim_clock& clock,
                           std::shared_ptr<const shard_params> p, caf::actor first,
                           const core::intensity_limit& limit) {
  auto sp = std::make_shared<core::supervisor_params>();
  sp->name = "shortener/shard " + std::to_string(p->index) +
             (p->replicas > 1 ? " copy " + std::to_string(p->replica) : "");
  sp->index = p->index;
  sp->first = std::move(first);
  // A new one keeps the rows of the one it replaces: its database, no preload again.
  auto again = std::make_shared<shard_params>(*p);
  again->rejoin = true;
  sp->factory = [sys = &sys, again] {
    auto a = spawn_shard(*sys, again);
    caf::anon_send(a, core::start_atom::value);  // its expiry sweeps resume at once
    return a;
  };
  sp->limit = limit;
  sp->clock = &clock;
  sp->announce = [copy = p->replica](uint32_t i, const caf::actor& a) {
    return caf::make_message(shard_atom::value, i, copy, a);
  };
  return core::spawn_supervisor(sys, std::move(sp));
}

}  // namespace sdsim::shortener
