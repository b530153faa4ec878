// A real peer for `sdsim bench --peers`: Debian's redis-server, started on 127.0.0.1 by the
// bench itself and driven by a small pipelined client of ours, so a design's figure can be
// read against what a well-known server does on the same host in the same run.
#pragma once

#include <string>

namespace sdsim::scenarios {

/// What one peer run measured.
struct peer_result {
  bool ran = false;
  std::string why;          ///< why it did not run
  double ops_per_s = 0;
};

/// GETs of existing keys per second against a fresh redis-server on 127.0.0.1 (one
/// connection, 64 requests in flight) for `seconds`; the server is stopped afterwards.
peer_result redis_get_rate(double seconds);

}  // namespace sdsim::scenarios
