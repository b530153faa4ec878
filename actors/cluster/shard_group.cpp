// Spawning and bringing back copies. A copy's role is always the group's to give: the engine
// only spawns actors and tells the group (member, up); a supervised copy's supervisor tells
// it too, after a restart.
#include "actors/cluster/shard_group.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/exit_reason.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "actors/cluster/group_actor.hpp"
#include "actors/cluster/replication_messages.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/supervisor.hpp"

namespace sdsim::cluster {
namespace {

// A supervisor that restarts a lone copy in this process and tells the group the new actor.
caf::actor supervise(caf::actor_system& sys, const core::sim_clock& clock, uint32_t shard,
                     caf::actor first, const shard_group::spawn_fn& spawn, caf::actor group,
                     const core::intensity_limit& limit) {
  auto sp = std::make_shared<core::supervisor_params>();
  sp->name = "shard " + std::to_string(shard);
  sp->index = shard;
  sp->first = std::move(first);
  sp->factory = [spawn, shard] {
    auto a = spawn(shard, 0, true);
    caf::anon_send(a, core::start_atom::value);   // its timers resume at once
    return a;
  };
  sp->limit = limit;
  sp->clock = &clock;
  sp->listeners = {std::move(group)};
  sp->announce = [](uint32_t i, const caf::actor& a) {
    return caf::make_message(up_atom::value, i, uint32_t{0}, a);
  };
  return core::spawn_supervisor(sys, std::move(sp));
}

}  // namespace

shard_group::run_hooks shard_group::hooks_of(core::run_context& ctx, const std::string& service) {
  return {ctx.add_metric_source, ctx.add_actor,
          [node_of = ctx.node_of, service](uint32_t shard, uint32_t copy) {
            return node_of ? node_of(service, shard, copy) : std::string{};
          },
          ctx.settle};
}

shard_group::shard_group(caf::actor_system& sys, const core::sim_clock& clock, uint32_t shards,
                         uint32_t copies, spawn_fn spawn, run_hooks hooks,
                         const core::intensity_limit& limit)
    : sys_(sys), copies_(copies), spawn_(std::move(spawn)), hooks_(std::move(hooks)),
      group_(spawn_group_actor(sys, shards, copies)) {
  hooks_.add_actor(group_);
  for (uint32_t i = 0; i < shards; ++i) {
    std::vector<caf::actor> actors, supervisors;
    for (uint32_t c = 0; c < copies; ++c) {
      actors.push_back(spawn_(i, c, false));
      caf::anon_send(group_, member_atom::value, i, c, actors.back());
      // A copy with others is replaced by failover (and comes back with its node); a lone
      // copy here has no other: its supervisor restarts it.
      const bool here = node(i, c).empty();
      supervisors.push_back(copies == 1 && here
                                ? supervise(sys, clock, i, actors.back(), spawn_, group_, limit)
                                : caf::actor{});
      hooks_.add_source(supervisors.back() ? supervisors.back() : actors.back());
    }
    actors_.push_back(std::move(actors));
    supervisors_.push_back(std::move(supervisors));
    killed_.emplace_back(copies, false);
  }
}

std::vector<caf::actor> shard_group::sources() const {
  std::vector<caf::actor> out;
  for (std::size_t i = 0; i < actors_.size(); ++i)
    for (std::size_t c = 0; c < copies_; ++c)
      out.push_back(supervisors_[i][c] ? supervisors_[i][c] : actors_[i][c]);
  return out;
}

std::vector<caf::actor> shard_group::first_primaries() const {
  std::vector<caf::actor> out;
  for (const auto& shard : actors_) out.push_back(shard.front());
  return out;
}

void shard_group::add_routers(const std::vector<caf::actor>& routers) {
  for (const auto& r : routers) caf::anon_send(group_, core::listen_atom::value, r);
}

// A supervised copy is killed and restarted by its supervisor, which knows the current actor
// and keeps a killed one down; the others directly.
std::string shard_group::kill(uint32_t shard, uint32_t copy) {
  if (killed_.at(shard).at(copy)) return "already down";
  if (const auto& s = supervisors_[shard][copy]) caf::anon_send(s, core::halt_atom::value);
  else caf::anon_send_exit(actors_[shard][copy], caf::exit_reason::kill);
  killed_[shard][copy] = true;
  return "";
}

std::string shard_group::restart(uint32_t shard, uint32_t copy) {
  if (!killed_.at(shard).at(copy)) return "not down";
  std::string why;
  if (const auto& s = supervisors_[shard][copy]) caf::anon_send(s, core::restart_atom::value);
  else why = bring_back(shard, copy);
  if (why.empty()) killed_[shard][copy] = false;
  return why;
}

std::string shard_group::rejoin(const std::function<bool(uint32_t, uint32_t)>& on_node) {
  std::string why;
  for (uint32_t i = 0; i < actors_.size(); ++i)
    for (uint32_t c = 0; c < copies_; ++c)
      if (on_node(i, c) && !killed_[i][c])
        if (auto failed = bring_back(i, c); !failed.empty()) why = failed;
  return why;
}

std::string shard_group::bring_back(uint32_t shard, uint32_t copy) {
  caf::actor a;
  try {
    a = spawn_(shard, copy, true);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  actors_[shard][copy] = a;
  hooks_.add_source(a);
  for (uint32_t c = 0; c < copies_; ++c) {
    if (c == copy) continue;
    tell_link(shard, copy, c);
    tell_link(shard, c, copy);
  }
  caf::anon_send(a, core::start_atom::value);
  caf::anon_send(group_, up_atom::value, shard, copy, a);
  return "";
}

std::string shard_group::node(uint32_t shard, uint32_t copy) const {
  return hooks_.node_of ? hooks_.node_of(shard, copy) : std::string{};
}

std::string shard_group::set_link(const std::string& a, const std::string& b,
                                  const core::link_state& l) {
  links_[{a, b}] = l;
  links_[{b, a}] = core::link_state{l.from, l.to};
  bool any = false;
  for (uint32_t i = 0; i < actors_.size(); ++i)
    for (uint32_t c1 = 0; c1 < copies_; ++c1)
      for (uint32_t c2 = 0; c2 < copies_; ++c2) {
        if (node(i, c1) != a || node(i, c2) != b) continue;
        tell_link(i, c1, c2);
        tell_link(i, c2, c1);
        any = true;
      }
  return any ? "" : "no shard has copies on both " + a + " and " + b;
}

void shard_group::tell_link(uint32_t shard, uint32_t from, uint32_t to) {
  auto it = links_.find({node(shard, from), node(shard, to)});
  if (it == links_.end()) return;
  const auto& l = it->second;
  caf::anon_send(actors_[shard][from], peer_link_atom::value, actors_[shard][to], l.to.cut,
                 l.to.delay_ms, l.to.loss, l.from.cut, l.from.delay_ms, l.from.loss);
}

group_figures shard_group::figures() const {
  group_figures out;
  caf::scoped_actor self{sys_};
  auto answer = self->request(group_, std::chrono::seconds(10), group_figures_atom::value);
  if (hooks_.settle) hooks_.settle();
  answer.receive([&](uint64_t elections, uint64_t waited, uint64_t leaderless) {
                 out = {elections, waited, leaderless};
               },
               [](const caf::error&) {});
  return out;
}

}  // namespace sdsim::cluster
