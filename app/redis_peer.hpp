// Real peers for benchmarks: Debian's redis-server, started on 127.0.0.1 by the benchmark
// itself and driven by a small pipelined client of ours, so a design's figure can be read
// against what a well-known server does on the same host in the same run.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace sdsim::scenarios {

/// What one peer run measured.
struct peer_result {
  bool ran = false;
  std::string why;          ///< why it did not run
  double ops_per_s = 0;
};

/// A redis-server of its own on a free loopback port, persistence off; stopped on
/// destruction. `ok()` false (and `why()`) when it is not installed or did not start.
class redis_server {
 public:
  redis_server();
  ~redis_server();
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  bool ok() const { return socket_ >= 0; }
  const std::string& why() const { return why_; }

  /// Sends `commands` (each a list of arguments) in one write and reads one reply for each;
  /// false on a connection failure or an error reply.
  bool pipeline(const std::vector<std::vector<std::string>>& commands);

  /// Replies of the last pipeline that were arrays: their element counts, in order.
  const std::vector<long long>& array_sizes() const { return array_sizes_; }

 private:
  bool read_reply();
  bool read_line(std::string& line);

  pid_t pid_ = -1;
  int socket_ = -1;
  std::string why_;
  std::string in_;          // bytes read but not yet parsed
  std::size_t pos_ = 0;
  std::vector<long long> array_sizes_;
};

/// GETs of existing keys per second (one connection, 64 in flight) for `seconds`.
peer_result redis_get_rate(double seconds);

}  // namespace sdsim::scenarios
