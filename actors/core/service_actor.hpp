// What every service actor of every design shares: a station that admits each request
// through the service's modeled capacity, its random stream, the reply to a caller, and the
// handlers every service answers (delay-line wake-ups, the `slow` fault, the live view's
// `peek`, the engine's in-flight count and its `collect`). A design's actor derives from it
// and keeps only its own logic.
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

namespace sdsim::core {

/// Which service instance an actor is.
struct service_identity {
  service_identity(std::string n, uint32_t s, std::string st = {})
      : name(std::move(n)), shard(s), stream(std::move(st)) {}
  std::string name;     ///< "design/service", as its station reports it
  uint32_t shard = 0;
  std::string stream;   ///< its random stream's name; "" for "name/shard"
};

/// Invariants: (1) `in_service_` counts the requests admitted whose service has not ended;
/// (2) every admitted request departs the station exactly once, when its service ends.
/// Thread-safety: an actor; touched by its own handlers only.
class service_actor : public timed_actor {
 public:
  service_actor(caf::actor_config& cfg, const service_identity& id, const Capacity& capacity,
                const actor_basics& b);

 protected:
  /// Admits one request arriving now, its service time drawn from the capacity's
  /// distribution. `work` runs when its service ends; `refused` at once when the station
  /// refuses it (its queue is full).
  void serve(std::function<void()> work, std::function<void()> refused);

  /// The same with a service time the caller computed (a modeled cost of real work).
  void serve(sim_ns service, std::function<void()> work, std::function<void()> refused);

  /// The same for a request whose modeled arrival was `arrival` (its scheduled send plus the
  /// hop's latency: `station_.modeled_arrival`), service time drawn.
  void serve_arrived(sim_ns arrival, std::function<void()> work, std::function<void()> refused);

  /// Replies to a caller's request `id`.
  void answer(const caf::actor& to, uint64_t id, outcome o, std::string payload = {});

  /// `own` followed by the handlers every service has (own ones come first and win).
  caf::behavior with_common(caf::message_handler own);

  /// The metrics every service reports, with `extra` (the design's own bytes).
  std::string metrics(std::string extra = {});

  rng rng_;
  service_station station_;
  uint64_t in_service_ = 0;

 private:
  void admit(sim_ns arrival, sim_ns service, std::function<void()> work,
             std::function<void()> refused);
};

}  // namespace sdsim::core
