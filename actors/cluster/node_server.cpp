// `sdsim node`: publish the entry actor on the given address, wait for a stop signal.
#include "actors/cluster/node_server.hpp"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <pthread.h>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "actors/cluster/host_port.hpp"
#include "actors/cluster/tls_credentials.hpp"
#include "actors/cluster/transport.hpp"

namespace sdsim::cluster {

void set_heartbeats(caf::actor_system_config& cfg, double interval_ms, double timeout_ms) {
  auto ms = [](double x) {
    return caf::timespan{static_cast<int64_t>(x * 1e6)};
  };
  cfg.set("middleman.heartbeat-interval", ms(interval_ms));
  cfg.set("middleman.connection-timeout", ms(timeout_ms));
}

int run_node(const node_options& opts, spawn_fn spawn) {
  std::string why;
  auto addr = parse_host_port(opts.listen, &why);
  if (!addr) {
    std::cerr << "sdsim node: --listen " << why << "\n";
    return 2;
  }
  if (auto problems = check_tls(opts.tls); !problems.empty()) {
    for (const auto& p : problems) std::cerr << "sdsim node: " << p << "\n";
    return 2;
  }
  // Block the stop signals before any CAF thread exists, so that every thread inherits the
  // mask and this one alone receives them, through sigwait.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  std::signal(SIGPIPE, SIG_IGN);  // the launcher closes our stdout after the first line

  caf::actor_system_config cfg;
  load_transport(cfg, opts.tls);
  cfg.set("logger.verbosity", caf::atom("quiet"));
  if (opts.worker_threads > 0)
    cfg.set("scheduler.max-threads", static_cast<size_t>(opts.worker_threads));
  set_heartbeats(cfg, opts.heartbeat_interval_ms, opts.connection_timeout_ms);
  caf::actor_system sys{cfg};
  auto entry = spawn_node_actor(sys, opts.name, std::move(spawn));
  auto port = publish_entry(sys, entry, *addr);
  if (!port) {
    std::cerr << "sdsim node: cannot listen on " << addr->str() << ": " << sys.render(port.error())
              << "\n";
    caf::anon_send_exit(entry, caf::exit_reason::user_shutdown);
    return 2;
  }
  std::printf("listening on %s:%u\n", addr->host.c_str(), static_cast<unsigned>(*port));
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  caf::anon_send_exit(entry, caf::exit_reason::user_shutdown);
  return 0;
}

}  // namespace sdsim::cluster
