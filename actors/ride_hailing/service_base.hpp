// What every ride-hailing service actor shares: a station that admits each request through the
// service's capacity model, the reply to a caller, and the handlers every service answers
// (delay-line wake-ups, the `slow` fault, the engine's in-flight count). Subclasses keep only
// their own logic.
#pragma once

#include <functional>
#include <string>

#include <caf/actor.hpp>
#include <caf/message_handler.hpp>

#include "actors/core/design.hpp"
#include "actors/core/error_kind.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/rng.hpp"
#include "actors/core/service_station.hpp"
#include "actors/core/timed_actor.hpp"

namespace sdsim::ride_hailing {

class service_base : public core::timed_actor {
 public:
  service_base(caf::actor_config& cfg, const std::string& name, uint32_t shard,
               const Capacity& capacity, const core::actor_basics& b);

 protected:
  /// Admits one request now. `work` runs when its service time ends; `refused` runs at once
  /// when the station refuses it (its queue is full).
  void serve(std::function<void()> work, std::function<void()> refused);

  /// The same with a service time the caller computed (a modeled cost of real work).
  void serve(core::sim_ns service, std::function<void()> work, std::function<void()> refused);

  /// Replies to a caller's request `id`.
  void answer(const caf::actor& to, uint64_t id, core::outcome o, std::string payload = {});

  /// `own` followed by the handlers every service has.
  caf::behavior with_common(caf::message_handler own);

  /// The metrics every service reports, with `extra` (RideHailingExtra bytes).
  std::string metrics(std::string extra);

  core::rng rng_;
  core::service_station station_;
  uint64_t in_service_ = 0;
};

}  // namespace sdsim::ride_hailing
