// A client actor that sends requests on an open-model schedule (arrival rate, not closed
// loops), measures latency from each request's *scheduled* time (no coordinated omission),
// and ends every request in exactly one outcome.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/design.hpp"
#include "actors/core/model.pb.h"
#include "actors/core/rate_shape.hpp"
#include "actors/core/sim_clock.hpp"
#include "actors/core/workload.hpp"

namespace sdsim::core {

/// One arrival stream of a client: an API and its rate shape.
struct client_stream {
  uint32_t api = 0;
  rate_shape shape;
  ArrivalProcess process = POISSON;
};

/// Everything a client needs; shared read-only with the actor at spawn.
struct client_params {
  std::string design;
  std::vector<std::string> api_names;     ///< the design's APIs, indexed by `api`
  std::vector<client_stream> streams;
  std::vector<caf::actor> targets;        ///< where `workload::prepare` may send
  std::shared_ptr<workload> load;
  const sim_clock* clock = nullptr;
  uint64_t seed = 0;
  std::string stream_name;                ///< names this client's random stream
  uint32_t client_index = 0;              ///< high bits of request ids
  sim_ns window_start = 0;
  sim_ns arrivals_end = 0;
  sim_ns timeout = 0;                     ///< per request, sim time
  sim_ns host_lag_threshold = 0;          ///< simulated ns
};

/// Params with what every client of design `d` takes from the run: the design's name and
/// APIs, clock, seed, measurement window, arrivals' end and the host-lag threshold. The
/// caller adds streams, targets, the workload and the timeout.
std::shared_ptr<client_params> client_params_for(const design& d, const run_context& ctx,
                                                 std::string stream_name, uint32_t client_index);

/// Adds a stream of `api` arriving at the sum of `shapes` (nothing when there are none).
template <class Shapes>
void add_stream(client_params& p, uint32_t api, const Shapes& shapes, double day_offset_s,
                ArrivalProcess process = POISSON) {
  if (shapes.empty()) return;
  std::vector<RateShape> parts(shapes.begin(), shapes.end());
  p.streams.push_back(client_stream{api, rate_shape{parts, day_offset_s}, process});
}

/// Spawns a client; it waits for `start_atom`, then sends until `arrivals_end` or `stop_atom`,
/// and answers `collect_atom` with serialized `ActorMetrics`.
caf::actor spawn_open_loop_client(caf::actor_system& sys, std::shared_ptr<const client_params> p);

}  // namespace sdsim::core
