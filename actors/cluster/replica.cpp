// A copy's life in its shard:
//
//              lead(epoch)                                   follow(epoch, primary)
//   ┌──────────────────────────► primary ◄── join ──┐   ┌──────────────────────────┐
//   │                               │  snapshot or  │   │                          ▼
//  start ── copy 0 of a new run ────┘  suffix, then │   │  joining ── attached ──► synced
//   │                                  attached ────┼───┼──►  (applies in order)   │ group
//   └── any other ─────────────────────────────────►┘   │                          ▼ agreed
//                                                        └──────────────────── in sync
//
// A primary writes: it appends the write to its log at (epoch, next seq), sends it to every
// peer (copies in sync and copies attached after catching up) and answers once each applied
// it. A peer that dies is waited for until the group agrees it is out of sync (`shrink`):
// otherwise the primary could answer a write that only it holds while the group still counts
// the dead peer in sync, and a later election could pick that peer, losing the write.
#include "actors/cluster/replica.hpp"

#include <algorithm>

#include <caf/actor_cast.hpp>
#include <caf/sec.hpp>

#include "actors/cluster/replication_messages.hpp"

namespace sdsim::cluster {
namespace {

constexpr std::size_t log_capacity = 100'000;   // writes a returning copy may catch up by

}  // namespace

replica::replica(caf::event_based_actor* self, replicated_state& state, replica_identity id,
                 const core::sim_clock& clock)
    : self_(self), state_(state), id_(id), clock_(clock),
      links_(core::rng::stream(id.shard, "replica/" + std::to_string(id.copy))),
      log_(log_capacity, id.fresh ? std::optional<log_position>{log_position{}} : std::nullopt),
      leading_(id.leads) {
  fig_.in_sync = id.fresh;
}

caf::message_handler replica::handlers() {
  auto sender = [this] { return caf::actor_cast<caf::actor>(self_->current_sender()); };
  return {
      [=](lead_atom, uint64_t epoch) {
        group_ = sender();
        lead(epoch);
      },
      [=](follow_atom, uint64_t epoch, const caf::actor& primary) {
        group_ = sender();
        follow(epoch, primary);
      },
      [this](peer_down_atom, const caf::actor& who) { on_down(who.address()); },
      [=](join_atom, uint32_t copy, uint64_t epoch, bool known, uint64_t at_epoch,
          uint64_t at_seq) { on_join(sender(), copy, epoch, known, {at_epoch, at_seq}); },
      [this](replicate_atom, uint64_t epoch, uint64_t seq, const std::string& write) {
        on_replicate({epoch, seq}, write);
      },
      [this](replicated_atom, uint64_t seq) {
        const auto from = caf::actor_cast<caf::actor_addr>(self_->current_sender());
        if (auto done = acks_.ack(seq, from)) release(*done);
      },
      [this](snapshot_atom, const std::string& part, bool last, uint64_t epoch, uint64_t seq) {
        on_snapshot(part, last, {epoch, seq});
      },
      [=](attached_atom, uint64_t epoch) {
        if (epoch == epoch_ && sender() == primary_ && !restoring_)
          send_to(primary_, synced_atom::value, id_.copy);
      },
      [this](synced_atom, uint32_t copy) { on_synced(copy); },
      [this](in_sync_atom, uint64_t epoch) {
        if (epoch == epoch_ && !leading_) fig_.in_sync = true;
      },
      [this](peer_link_atom, const caf::actor& peer, bool to_cut, double to_delay_ms,
             double to_loss, bool from_cut, double from_delay_ms, double from_loss) {
        on_link(peer, {{to_cut, to_delay_ms, to_loss}, {from_cut, from_delay_ms, from_loss}});
      },
  };
}

void replica::lead(uint64_t epoch) {
  if (epoch < epoch_) return;
  epoch_ = epoch;
  // Its own writes as primary are not positioned: were it to come back with its old position,
  // it would be sent writes after it that it may hold differently.
  if (!leading_ && id_.copies > 1 && !state_.forget_position())
    return self_->quit(caf::make_error(caf::sec::runtime_error, "position not forgotten"));
  const bool was_following = !leading_;
  leading_ = true;
  if (was_following) state_.on_lead();
  fig_.in_sync = true;
  primary_ = caf::actor{};
  restoring_ = false;
  auto early = std::move(early_joins_);
  early_joins_.clear();
  for (const auto& j : early) on_join(j.joiner, j.copy, j.epoch, j.known, j.at);
}

void replica::follow(uint64_t epoch, const caf::actor& primary) {
  if (epoch < epoch_ || !primary) return;
  epoch_ = epoch;
  leading_ = false;
  fig_.in_sync = false;
  peers_.clear();
  // A snapshot cut short (its primary died) left a table that is neither the old one nor the
  // new: its history is unknown, so the next primary sends all of it.
  if (restoring_) log_.reset(std::nullopt);
  restoring_ = false;
  // A copy that comes back knows its history up to the position stored with its data.
  if (!position_read_ && !log_.known())
    if (auto at = state_.stored_position()) log_.reset(*at);
  position_read_ = true;
  primary_ = primary;
  self_->monitor(primary);
  send_to(primary, join_atom::value, id_.copy, epoch, log_.known(), log_.last().epoch,
          log_.last().seq);
}

// The primary's side of a join: what the joiner lacks (by sequence when this log holds its
// position, else everything), then writes from now on.
void replica::on_join(const caf::actor& joiner, uint32_t copy, uint64_t epoch, bool known,
                      log_position at) {
  if (epoch > epoch_ || (epoch == epoch_ && !leading_)) {
    early_joins_.push_back({joiner, copy, epoch, known, at});   // its `lead` is on its way
    return;
  }
  if (epoch < epoch_ || !leading_) return;   // an old epoch's join: the group re-sends
  auto suffix = known ? log_.after(at) : std::nullopt;
  if (suffix) {
    for (const auto& e : *suffix)
      send_to(joiner, replicate_atom::value, e.at.epoch, e.at.seq, e.write);
  } else {
    send_snapshot(joiner);
  }
  // An older actor of the same copy whose death has not reached this one yet: it is shrunk
  // out like any dead peer, or the writes waiting for it would wait forever.
  std::vector<caf::actor_addr> older;
  for (const auto& p : peers_)
    if (p.copy == copy && p.actor != joiner) older.push_back(p.actor.address());
  for (const auto& who : older) on_down(who);
  // The same actor joining again (its link was cut): what it holds by its position counts as
  // acknowledged, for the suffix starts after it.
  std::vector<uint64_t> held_by_it;
  if (known && at.epoch == epoch_)
    for (const auto& [seq, done] : held_)
      if (seq <= at.seq) held_by_it.push_back(seq);
  for (uint64_t seq : held_by_it)
    if (auto done = acks_.ack(seq, joiner.address())) release(*done);
  peers_.erase(std::remove_if(peers_.begin(), peers_.end(),
                              [&](const peer& p) { return p.actor == joiner; }),
               peers_.end());
  peers_.push_back({joiner, copy, false});
  self_->monitor(joiner);
  send_to(joiner, attached_atom::value, epoch_);
}

void replica::send_snapshot(const caf::actor& joiner) {
  int64_t cursor = 0;
  for (bool last = false; !last;) {
    std::string part = state_.snapshot_part(&cursor, &last);
    send_to(joiner, snapshot_atom::value, std::move(part), last, log_.last().epoch,
            log_.last().seq);
  }
}

void replica::commit(const google::protobuf::MessageLite& w, std::function<void()> done) {
  if (id_.copies == 1) return done();
  const std::string write = w.SerializeAsString();
  const log_position at{epoch_, log_.last().seq + 1};
  std::vector<caf::actor_addr> waiting;
  for (const auto& p : peers_) {
    if (p.shrinking) continue;   // the group is agreeing it is out of sync
    send_to(p.actor, replicate_atom::value, at.epoch, at.seq, write);
    waiting.push_back(p.actor.address());
  }
  log_.append(at, write);
  if (waiting.empty()) {
    ++fig_.degraded;
    return done();
  }
  acks_.expect(at.seq, waiting);
  held_.emplace(at.seq, std::move(done));
}

void replica::release(const ack_tracker::completed& done) {
  auto it = held_.find(done.seq);
  if (it == held_.end()) return;
  if (done.acks + 1 < id_.copies) ++fig_.degraded;
  auto reply = std::move(it->second);
  held_.erase(it);
  reply();
}

// Copy side: its primary's writes, in order. A copy that cannot apply one (a gap, or a
// write its store refuses) stops: an answer it never sends would hold every write of its
// shard, while a copy that is down is shrunk out and caught up when it comes back.
void replica::on_replicate(log_position at, const std::string& write) {
  const auto from = caf::actor_cast<caf::actor_addr>(self_->current_sender());
  if (leading_ || from != primary_.address() || restoring_) return;
  if (at.seq != log_.last().seq + 1 || !state_.apply(write, at))
    return self_->quit(caf::make_error(caf::sec::runtime_error, "replication failed"));
  log_.append(at, write);
  ++fig_.replicated;
  if (!fig_.in_sync) ++fig_.suffix_writes;
  send_to(primary_, replicated_atom::value, at.seq);
}

void replica::on_snapshot(const std::string& part, bool last, log_position at) {
  if (leading_ || caf::actor_cast<caf::actor_addr>(self_->current_sender()) != primary_.address()) return;
  if (!restoring_) {
    restoring_ = true;
    first_part_ = true;
  }
  const int64_t items =
      state_.restore_part(part, first_part_, last ? std::optional<log_position>(at) : std::nullopt);
  first_part_ = false;
  if (items < 0)
    return self_->quit(caf::make_error(caf::sec::runtime_error, "snapshot not stored"));
  fig_.caught_up += static_cast<uint64_t>(items);
  if (!last) return;
  restoring_ = false;
  log_.reset(at);
}

void replica::on_synced(uint32_t copy) {
  if (!leading_ || !group_) return;
  auto joiner = caf::actor_cast<caf::actor>(self_->current_sender());
  const uint64_t epoch = epoch_;
  self_->request(group_, caf::infinite, grow_atom::value, id_.shard, epoch, copy)
      .then([=](bool agreed) {
        if (agreed) send_to(joiner, in_sync_atom::value, epoch);
      }, [](const caf::error&) {});
}

void replica::on_down(const caf::actor_addr& who) {
  if (!leading_) {
    if (who == primary_.address()) primary_ = caf::actor{};   // the group names the next
    return;
  }
  auto it = std::find_if(peers_.begin(), peers_.end(),
                         [&](const peer& p) { return p.actor.address() == who; });
  if (it == peers_.end() || it->shrinking || !group_) return;
  it->shrinking = true;
  const uint32_t copy = it->copy;
  self_->request(group_, caf::infinite, shrink_atom::value, id_.shard, epoch_, copy)
      .then([=](bool agreed) {
        if (!agreed) return;   // no longer primary: what it holds is never answered
        auto p = std::find_if(peers_.begin(), peers_.end(),
                              [&](const peer& x) { return x.actor.address() == who; });
        if (p != peers_.end() && !p->shrinking) return;   // it joined again meanwhile
        if (p != peers_.end()) peers_.erase(p);
        for (const auto& done : acks_.drop_peer(who)) release(done);
      }, [](const caf::error&) {});
}

// A link to another copy's node changed. A primary that can no longer reach a peer, or hear
// it, shrinks it out as if it were down; a copy whose link to its primary heals joins it
// again and catches up by sequence.
void replica::on_link(const caf::actor& peer, const core::link_state& l) {
  const auto c = links_.set(peer.address(), l);
  if (leading_ && c.cut) return on_down(peer.address());
  // Cut off from its primary, a copy misses writes: the primary shrinks it out.
  if (!leading_ && c.cut && primary_ == peer) fig_.in_sync = false;
  if (!leading_ && c.was_cut && !c.cut && primary_ == peer) follow(epoch_, primary_);
}

void replica::clear() {
  group_ = caf::actor{};
  primary_ = caf::actor{};
  peers_.clear();
  early_joins_.clear();
  held_.clear();
}

replica_figures replica::figures() const {
  replica_figures f = fig_;
  f.leading = leading_;
  f.epoch = epoch_;
  return f;
}

}  // namespace sdsim::cluster
