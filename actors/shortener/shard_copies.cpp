// A copy comes back in three steps, all asynchronous after the spawn: ask a gateway for the
// shard's primary, have the new copy take the primary's table (catch_up), then tell every
// gateway to route to it. With no primary (one copy, or all down) its own database is all
// there is, and it serves at once.
#include "actors/shortener/shard_copies.hpp"

#include <chrono>
#include <stdexcept>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/supervisor.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shard_supervisor.hpp"

namespace sdsim::shortener {
namespace {

constexpr auto ask_timeout = std::chrono::seconds(10);
constexpr auto catch_up_timeout = std::chrono::seconds(120);
constexpr auto retry_after = std::chrono::milliseconds(500);
constexpr int attempts = 10;

using retry_atom = caf::atom_constant<caf::atom("retry")>;

// Catches `joiner` up from its shard's primary, then puts it back into the gateways' routes.
// A failed attempt (the primary died while it sent its table) is tried again, from the
// primary the gateways then name.
caf::behavior catch_up_then_serve(caf::event_based_actor* self, caf::actor joiner,
                                  std::vector<caf::actor> gateways, uint32_t shard,
                                  uint32_t copy) {
  auto left = std::make_shared<int>(attempts);
  auto failed = [=](const caf::error&) {
    if (--*left > 0) self->delayed_send(self, retry_after, retry_atom::value);
    else self->quit();
  };
  if (gateways.empty()) self->quit();
  else self->send(self, retry_atom::value);
  return {
      [=](retry_atom) {
        self->request(gateways.front(), ask_timeout, primary_atom::value, shard)
            .then([=](const caf::actor& primary) {
              self->request(joiner, catch_up_timeout, catch_up_atom::value, primary)
                  .then([=](uint64_t) {
                    for (const auto& g : gateways)
                      self->send(g, shard_atom::value, shard, copy, joiner);
                    self->quit();
                  }, failed);
            }, failed);
      },
  };
}

}  // namespace

shard_copies::shard_copies(caf::actor_system& sys, const core::sim_clock& clock, spawn_fn spawn,
                           std::function<void(caf::actor)> add_source,
                           std::vector<std::vector<std::shared_ptr<const shard_params>>> params,
                           const core::intensity_limit& limit)
    : sys_(sys), spawn_(std::move(spawn)), add_source_(std::move(add_source)),
      params_(std::move(params)) {
  for (const auto& shard : params_) {
    std::vector<caf::actor> copies, supervisors;
    for (const auto& p : shard) {
      copies.push_back(spawn_(p));
      // A crashed copy with others is replaced by failover (and comes back with its node);
      // a lone copy here has no other: its supervisor restarts it.
      const bool here = copies.back().node() == sys.node();
      supervisors.push_back(shard.size() == 1 && here
                                ? supervise_shard(sys, clock, p, copies.back(), limit)
                                : caf::actor{});
      add_source_(supervisors.back() ? supervisors.back() : copies.back());
    }
    for (const auto& a : copies)
      for (const auto& b : copies)
        if (a != b) caf::anon_send(a, peer_atom::value, b);
    actors_.push_back(std::move(copies));
    supervisors_.push_back(std::move(supervisors));
    killed_.emplace_back(shard.size(), false);
  }
}

std::vector<caf::actor> shard_copies::sources() const {
  std::vector<caf::actor> out;
  for (std::size_t i = 0; i < actors_.size(); ++i)
    for (std::size_t c = 0; c < actors_[i].size(); ++c)
      out.push_back(supervisors_[i][c] ? supervisors_[i][c] : actors_[i][c]);
  return out;
}

void shard_copies::set_gateways(std::vector<caf::actor> gateways) {
  gateways_ = std::move(gateways);
  for (const auto& shard : supervisors_)
    for (const auto& s : shard)
      if (s)
        for (const auto& g : gateways_) caf::anon_send(s, core::listen_atom::value, g);
}

// A supervised copy is killed and restarted by its supervisor, which knows the current actor
// and keeps a killed one down; the others directly.
std::string shard_copies::kill(uint32_t shard, uint32_t copy) {
  if (killed_.at(shard).at(copy)) return "already down";
  if (const auto& s = supervisors_[shard][copy]) caf::anon_send(s, core::halt_atom::value);
  else caf::anon_send_exit(actors_[shard][copy], caf::exit_reason::kill);
  killed_[shard][copy] = true;
  return "";
}

std::string shard_copies::restart(uint32_t shard, uint32_t copy) {
  if (!killed_.at(shard).at(copy)) return "not down";
  std::string why;
  if (const auto& s = supervisors_[shard][copy]) caf::anon_send(s, core::restart_atom::value);
  else why = bring_back(shard, copy);
  if (why.empty()) killed_[shard][copy] = false;
  return why;
}

std::string shard_copies::rejoin(const std::function<bool(uint32_t, uint32_t)>& on_node) {
  std::string why;
  for (uint32_t i = 0; i < params_.size(); ++i)
    for (uint32_t c = 0; c < params_[i].size(); ++c)
      if (on_node(i, c) && !killed_[i][c])
        if (auto failed = bring_back(i, c); !failed.empty()) why = failed;
  return why;
}

std::string shard_copies::bring_back(uint32_t shard, uint32_t copy) {
  auto p = std::make_shared<shard_params>(*params_[shard][copy]);
  p->rejoin = true;
  caf::actor a;
  try {
    a = spawn_(p);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  actors_[shard][copy] = a;
  add_source_(a);
  caf::anon_send(a, core::start_atom::value);
  sys_.spawn(catch_up_then_serve, a, gateways_, shard, copy);
  return "";
}

}  // namespace sdsim::shortener
