// Launching nodes, connecting to them with CAF's remote_actor, and the driver's requests.
#include "actors/cluster/node_session.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/cluster/node_protocol.hpp"
#include "actors/cluster/node_server.hpp"
#include "actors/cluster/transport.hpp"

namespace sdsim::cluster {
namespace {

constexpr auto reply_timeout = std::chrono::seconds(30);

// Sends one request from a blocking actor and waits for its answer; throws on error.
template <class T, class... Ts>
T ask(caf::actor_system& sys, const caf::actor& to, const std::string& what, Ts&&... xs) {
  caf::scoped_actor self{sys};
  T out{};
  caf::error failed;
  self->request(to, reply_timeout, std::forward<Ts>(xs)...)
      .receive([&](const T& x) { out = x; }, [&](caf::error& e) { failed = std::move(e); });
  if (failed) throw std::runtime_error(what + ": " + sys.render(failed));
  return out;
}

// Monitors every node's entry actor and records the nodes whose connection is lost.
template <class Lost>
caf::behavior watch_nodes(caf::event_based_actor* self, std::map<std::string, caf::actor> entries,
                          std::shared_ptr<Lost> lost) {
  for (const auto& [name, entry] : entries) self->monitor(entry);
  self->set_down_handler([entries, lost](const caf::down_msg& dm) {
    for (const auto& [name, entry] : entries)
      if (entry.address() == dm.source) {
        std::lock_guard<std::mutex> lock(lost->m);
        lost->names.insert(name);
      }
  });
  return {[](caf::ok_atom) {}};
}

}  // namespace

node_launcher::node_launcher(const std::vector<Node>& nodes, uint32_t threads,
                             double timeout_s, const tls_options& tls) {
  const std::string self = self_executable();
  for (const auto& n : nodes) {
    node_info info{n.name(), n.address(), n.launch(), 0};
    if (n.launch()) {
      node_process p;
      std::string why;
      if (!p.start(self, n.name(), threads, timeout_s, tls_node_flags(tls), &why))
        throw std::runtime_error("cannot launch node " + n.name() + ": " + why);
      info.address = p.address().str();
      info.pid = p.pid();
      processes_.push_back(std::move(p));
    }
    info_.push_back(std::move(info));
  }
}

void configure_cluster(caf::actor_system_config& cfg, const ClusterOptions& opts) {
  load_transport(cfg, tls_of(opts));
  set_heartbeats(cfg, opts.has_heartbeat_interval_ms() ? opts.heartbeat_interval_ms() : 200,
                 opts.has_connection_timeout_ms() ? opts.connection_timeout_ms() : 2000);
}

node_session::node_session(caf::actor_system& sys, const std::vector<node_info>& nodes,
                           double speed)
    : sys_(sys) {
  for (const auto& n : nodes) {
    std::string why;
    auto addr = parse_host_port(n.address, &why);
    if (!addr) throw std::runtime_error("node " + n.name + ": " + why);
    auto entry = connect_entry(sys, *addr);
    if (!entry)
      throw std::runtime_error("cannot reach node " + n.name + " at " + n.address + ": " +
                               connect_error_text(sys, entry.error()));
    ask<caf::ok_atom>(sys, *entry, "node " + n.name + " refused to prepare",
                      prepare_atom::value, speed);
    entries_[n.name] = *entry;
  }
  watcher_ = sys.spawn(watch_nodes<lost_set>, entries_, lost_);
}

bool node_session::lost(const std::string& name) const {
  std::lock_guard<std::mutex> lock(lost_->m);
  return lost_->names.count(name) > 0;
}

node_session::~node_session() {
  caf::scoped_actor self{sys_};
  for (const auto& [name, entry] : entries_)
    if (!lost(name))
      self->request(entry, std::chrono::seconds(5), end_atom::value)
          .receive([](caf::ok_atom) {}, [](caf::error&) {});
  caf::anon_send_exit(watcher_, caf::exit_reason::user_shutdown);
}

caf::actor node_session::place(const std::string& name, const std::string& service,
                               const std::string& spec) {
  return ask<caf::actor>(sys_, entries_.at(name),
                         "node " + name + " cannot host " + service, place_atom::value,
                         service, spec);
}

void node_session::begin(const core::sim_clock& clock) {
  // Sim time 0 as a system-clock instant: what two hosts can agree on.
  const auto since_zero = clock.actor_clock().now() - clock.at(0);
  const auto origin = std::chrono::system_clock::now().time_since_epoch() -
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_zero);
  const int64_t origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(origin).count();
  for (const auto& [name, entry] : entries_)
    ask<caf::ok_atom>(sys_, entry, "node " + name + " cannot begin", begin_atom::value,
                      origin_ns);
}

}  // namespace sdsim::cluster
