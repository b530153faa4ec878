// The design-specific half of a client: what each request carries, where it goes, and what
// the design learns from each outcome. Plain C++, owned by one open_loop_client actor.
#pragma once

#include <cstdint>
#include <string>

#include "actors/core/error_kind.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/rng.hpp"

namespace sdsim::core {

/// Not thread-safe: called only from the owning client actor.
class workload {
 public:
  virtual ~workload() = default;

  /// Fills `env.payload` for a request of API `env.api` (id and times are set) and returns the
  /// index of the target actor among the client's targets.
  virtual uint32_t prepare(request_envelope& env, rng& r) = 0;

  /// The request `id` of API `api` ended with `o`; `reply` holds the reply payload if any.
  virtual void on_outcome(uint64_t id, uint32_t api, outcome o, const std::string& reply) {}

  /// Design-specific facts for the checker, serialized (sent with the client's metrics).
  virtual std::string extra() const { return {}; }
};

}  // namespace sdsim::core
