// The group's actor. Its decisions are `shard_leadership`'s; here they become messages:
//
//   copy died ──► the shard's primary stops waiting for it (peer_down, then its shrink)
//             └─► it was the primary: the next copy in sync leads (lead), the others follow
//   copy back ──► primary there: it follows it; none: it leads if in sync, else it waits
#include "actors/cluster/group_actor.hpp"

#include <map>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/cluster/replication_messages.hpp"
#include "actors/cluster/shard_leadership.hpp"
#include "actors/core/supervisor.hpp"

namespace sdsim::cluster {
namespace {

struct where {
  uint32_t shard = 0;
  uint32_t copy = 0;
};

class group_actor : public caf::event_based_actor {
 public:
  group_actor(caf::actor_config& cfg, uint32_t shards, uint32_t copies)
      : caf::event_based_actor(cfg), leadership_(shards, shard_leadership(copies)),
        actors_(shards, std::vector<caf::actor>(copies)) {
    set_down_handler([this](const caf::down_msg& dm) { on_down(dm.source); });
  }

  const char* name() const override { return "group_actor"; }

  // Handles held after exit would keep the copies and routers alive.
  void on_exit() override {
    actors_.clear();
    where_.clear();
    routers_.clear();
  }

  caf::behavior make_behavior() override {
    return {
        [this](member_atom, uint32_t shard, uint32_t copy, const caf::actor& a) {
          watch(shard, copy, a);
          if (copy == 0) send(a, lead_atom::value, uint64_t{1});
          else send(a, follow_atom::value, uint64_t{1}, actors_[shard][0]);
        },
        [this](up_atom, uint32_t shard, uint32_t copy, const caf::actor& a) {
          on_up(shard, copy, a);
        },
        [this](shrink_atom, uint32_t shard, uint64_t epoch, uint32_t copy) {
          return shard < leadership_.size() && leadership_[shard].shrink(epoch, copy);
        },
        [this](grow_atom, uint32_t shard, uint64_t epoch, uint32_t copy) {
          return shard < leadership_.size() && leadership_[shard].grow(epoch, copy);
        },
        [this](core::listen_atom, const caf::actor& router) {
          routers_.push_back(router);
          for (uint32_t s = 0; s < leadership_.size(); ++s)
            if (auto p = leadership_[s].primary())
              send(router, primary_atom::value, s, *p, leadership_[s].epoch(), actors_[s][*p]);
        },
        [this](group_figures_atom) {
          uint64_t waited = 0, leaderless = 0;
          for (const auto& l : leadership_) {
            waited += l.waited();
            leaderless += l.primary() ? 0 : 1;
          }
          return caf::make_message(elections_, waited, leaderless);
        },
    };
  }

 private:
  void watch(uint32_t shard, uint32_t copy, const caf::actor& a) {
    actors_.at(shard).at(copy) = a;
    where_[a.address()] = {shard, copy};
    monitor(a);
  }

  void on_down(const caf::actor_addr& who) {
    auto it = where_.find(who);
    if (it == where_.end()) return;
    const auto [shard, copy] = it->second;
    where_.erase(it);
    if (actors_[shard][copy].address() != who) return;   // an older actor of that copy
    auto& l = leadership_[shard];
    const auto primary = l.primary();
    const auto change = l.down(copy);
    if (primary && *primary != copy)
      send(actors_[shard][*primary], peer_down_atom::value, actors_[shard][copy]);
    carry_out(shard, change);
  }

  // A new actor of a copy whose old one's death has not arrived yet: that death first.
  void on_up(uint32_t shard, uint32_t copy, const caf::actor& a) {
    const auto& old = actors_.at(shard).at(copy);
    if (old && old != a && leadership_[shard].live(copy)) on_down(old.address());
    watch(shard, copy, a);
    carry_out(shard, leadership_[shard].up(copy));
  }

  void carry_out(uint32_t shard, const shard_leadership::change& c) {
    const auto& l = leadership_[shard];
    const auto primary = l.primary();
    if (!primary) return;
    const auto& p = actors_[shard][*primary];
    if (c.new_primary) {
      ++elections_;
      send(p, lead_atom::value, l.epoch());
      for (const auto& r : routers_) send(r, primary_atom::value, shard, *primary, l.epoch(), p);
    }
    for (uint32_t copy : c.to_catch_up)
      send(actors_[shard][copy], follow_atom::value, l.epoch(), p);
  }

  std::vector<shard_leadership> leadership_;
  std::vector<std::vector<caf::actor>> actors_;
  std::map<caf::actor_addr, where> where_;
  std::vector<caf::actor> routers_;
  uint64_t elections_ = 0;
};

}  // namespace

caf::actor spawn_group_actor(caf::actor_system& sys, uint32_t shards, uint32_t copies) {
  return sys.spawn<group_actor>(shards, copies);
}

}  // namespace sdsim::cluster
