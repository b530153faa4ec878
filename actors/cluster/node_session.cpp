// Launching nodes, connecting to them with CAF's remote_actor, and the driver's requests.
#include "actors/cluster/node_session.hpp"

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/io/middleman_actor.hpp>
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

using watch_atom = caf::atom_constant<caf::atom("nwatch")>;

// Monitors every node's entry actor and records the nodes whose connection is lost, with the
// sim time it was noticed; `watch` adds a reconnected node's new entry actor.
template <class Lost>
caf::behavior watch_nodes(caf::event_based_actor* self, std::map<std::string, caf::actor> entries,
                          std::shared_ptr<Lost> lost) {
  auto watched = std::make_shared<std::map<std::string, caf::actor>>(std::move(entries));
  for (const auto& [name, entry] : *watched) self->monitor(entry);
  self->set_down_handler([watched, lost](const caf::down_msg& dm) {
    for (const auto& [name, entry] : *watched)
      if (entry.address() == dm.source) {
        std::lock_guard<std::mutex> lock(lost->m);
        lost->names.insert(name);
        lost->seen.push_back({name, lost->clock ? lost->clock->now() : 0});
      }
  });
  return {
      [=](watch_atom, const std::string& name, const caf::actor& entry) {
        self->monitor(entry);
        (*watched)[name] = entry;
      },
  };
}

}  // namespace

node_launcher::node_launcher(const std::vector<Node>& nodes, uint32_t threads,
                             double timeout_s, const tls_options& tls)
    : binary_(self_executable()), threads_(threads), timeout_s_(timeout_s),
      extra_args_(tls_node_flags(tls)) {
  for (const auto& n : nodes) {
    node_info info{n.name(), n.address(), n.launch(), 0};
    if (n.launch()) {
      node_process p;
      std::string why;
      if (!p.start(binary_, n.name(), threads, timeout_s, extra_args_, &why))
        throw std::runtime_error("cannot launch node " + n.name() + ": " + why);
      info.address = p.address().str();
      info.pid = p.pid();
      processes_.emplace(n.name(), std::move(p));
    }
    info_.push_back(std::move(info));
  }
}

node_process* node_launcher::launched(const std::string& name, std::string* why) {
  auto it = processes_.find(name);
  if (it != processes_.end()) return &it->second;
  *why = "node " + name + " was not launched by this run (only launched nodes can be killed, "
         "paused or restarted)";
  return nullptr;
}

std::string node_launcher::kill(const std::string& name) {
  std::string why;
  auto* p = launched(name, &why);
  if (!p) return why;
  if (p->pid() <= 0) return "already down";
  p->kill_now();
  return "";
}

std::string node_launcher::restart(const std::string& name) {
  std::string why;
  auto* p = launched(name, &why);
  if (!p) return why;
  if (p->pid() > 0) return "not down";
  const std::string address = p->address().str();
  if (!p->start(binary_, name, threads_, timeout_s_, extra_args_, &why, address))
    return "cannot restart it on " + address + ": " + why;
  for (auto& n : info_)
    if (n.name == name) n.pid = p->pid();
  return "";
}

std::string node_launcher::fence(const std::string& name) {
  auto why = kill(name);
  return why.empty() ? restart(name) : why;
}

bool node_launcher::running(const std::string& name) {
  auto it = processes_.find(name);
  return it != processes_.end() && it->second.running();
}

std::string node_launcher::pause(const std::string& name, bool frozen) {
  std::string why;
  auto* p = launched(name, &why);
  if (!p) return why;
  return p->signal(frozen ? SIGSTOP : SIGCONT) ? "" : "not running";
}

void configure_cluster(caf::actor_system_config& cfg, const ClusterOptions& opts) {
  load_transport(cfg, tls_of(opts));
  set_heartbeats(cfg, opts.has_heartbeat_interval_ms() ? opts.heartbeat_interval_ms() : 200,
                 connection_timeout_ms(opts));
}

node_session::node_session(caf::actor_system& sys, const std::vector<node_info>& nodes,
                           double speed)
    : sys_(sys), speed_(speed) {
  for (const auto& n : nodes) {
    addresses_[n.name] = n.address;
    generations_[n.name] = 0;
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
                               const core::placement_spec& spec) {
  return ask<caf::actor>(sys_, entries_.at(name),
                         "node " + name + " cannot host " + service, place_atom::value,
                         service, spec.bytes, spec.peers);
}

void node_session::begin(const core::sim_clock& clock) {
  clock_ = &clock;
  {
    std::lock_guard<std::mutex> lock(lost_->m);
    lost_->clock = &clock;
  }
  for (const auto& [name, entry] : entries_) align(name, entry);
}

void node_session::align(const std::string& name, const caf::actor& entry) {
  // Sim time 0 as a system-clock instant: what two hosts can agree on.
  const auto since_zero = clock_->actor_clock().now() - clock_->at(0);
  const auto origin = std::chrono::system_clock::now().time_since_epoch() -
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(since_zero);
  const int64_t origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(origin).count();
  ask<caf::ok_atom>(sys_, entry, "node " + name + " cannot begin", begin_atom::value, origin_ns);
}

uint32_t node_session::generation(const std::string& name) const {
  auto it = generations_.find(name);
  return it == generations_.end() ? 0 : it->second;
}

std::vector<node_session::loss> node_session::take_losses() {
  std::lock_guard<std::mutex> lock(lost_->m);
  return std::exchange(lost_->seen, {});
}

bool node_session::reconnect(const std::string& name, int timeout_ms, std::string* why) {
  std::string bad;
  auto addr = parse_host_port(addresses_.at(name), &bad);
  if (!addr) {
    *why = bad;
    return false;
  }
  // Through the middleman's actor, with a timeout: its blocking remote_actor would wait for
  // a frozen node forever.
  caf::scoped_actor self{sys_};
  caf::actor entry;
  self->request(connector(sys_), std::chrono::milliseconds(timeout_ms),
                caf::connect_atom::value, addr->host, addr->port)
      .receive(
          [&](const caf::node_id&, caf::strong_actor_ptr& ptr, const std::set<std::string>&) {
            entry = caf::actor_cast<caf::actor>(std::move(ptr));
          },
          [&](caf::error& e) { *why = connect_error_text(sys_, e); });
  if (!entry) {
    if (why->empty()) *why = "no actor published there";
    return false;
  }
  try {
    ask<caf::ok_atom>(sys_, entry, "node " + name + " refused to prepare", prepare_atom::value,
                      speed_);
    if (clock_) align(name, entry);
  } catch (const std::runtime_error& e) {
    *why = e.what();
    return false;
  }
  entries_[name] = entry;
  ++generations_[name];
  caf::anon_send(watcher_, watch_atom::value, name, entry);
  std::lock_guard<std::mutex> lock(lost_->m);
  lost_->names.erase(name);
  return true;
}

}  // namespace sdsim::cluster
