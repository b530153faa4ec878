// A launched `sdsim node` child process: started on 127.0.0.1 at a port of its own choosing,
// waited for until it listens, and always ended with its owner.
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <sys/types.h>

#include "actors/cluster/host_port.hpp"

namespace sdsim::cluster {

/// Owns one child process. The child binds port 0 (the kernel picks a free port, so no race
/// between choosing and binding) and prints `listening on HOST:PORT` as its first line.
///
/// Invariants: (1) while `pid_ > 0` the child may be running and the destructor ends it
/// (SIGTERM, then SIGKILL after a grace period) and reaps it; (2) the child dies with its
/// parent even if the parent is killed (PR_SET_PDEATHSIG) and does not receive the terminal's
/// Ctrl-C (its own process group): the driver decides when nodes end.
/// Thread-safety: none; owned by the engine's thread.
class node_process {
 public:
  node_process() = default;
  node_process(const node_process&) = delete;
  node_process& operator=(const node_process&) = delete;
  node_process(node_process&& other) noexcept;
  node_process& operator=(node_process&& other) noexcept;
  ~node_process();

  /// Starts `binary node --listen 127.0.0.1:0 --name NAME` (with `--threads N` when
  /// `threads` > 0, then `extra_args`, e.g. the TLS flags) and waits up to `timeout_s` for
  /// its address. On failure returns false, with `*why`, and leaves nothing running.
  /// `listen` is where it binds ("127.0.0.1:0": a free port; a restarted node takes its old
  /// port back). Safe to call once threads exist: the child calls only async-signal-safe
  /// functions before exec.
  bool start(const std::string& binary, const std::string& name, uint32_t threads,
             double timeout_s, const std::vector<std::string>& extra_args, std::string* why,
             const std::string& listen = "127.0.0.1:0");

  /// Where it listens (valid after a successful start).
  const host_port& address() const { return address_; }

  /// Its process id, or 0.
  pid_t pid() const { return pid_; }

  /// Ends it: SIGTERM, up to `grace_s` to exit, then SIGKILL; reaps it. Idempotent.
  void stop(double grace_s = 3.0);

  /// Kills it at once (SIGKILL, a crash as the node's peers see it) and reaps it; its
  /// address stays known for a restart. Idempotent.
  void kill_now();

  /// Sends `sig` (SIGSTOP, SIGCONT); false when it is not running.
  bool signal(int sig);

  /// True while it has not exited (a frozen process runs); reaps it once it has.
  bool running();

 private:
  pid_t pid_ = 0;
  host_port address_;
};

/// The path of the running executable (/proc/self/exe resolved).
std::string self_executable();

}  // namespace sdsim::cluster
