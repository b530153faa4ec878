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

replica::replica(caf::event_based_actor* self, replicated_state& state, replica_identity id)
    : self_(self), state_(state), id_(id),
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
          self_->send(primary_, synced_atom::value, id_.copy);
      },
      [this](synced_atom, uint32_t copy) { on_synced(copy); },
      [this](in_sync_atom, uint64_t epoch) {
        if (epoch == epoch_ && !leading_) fig_.in_sync = true;
      },
  };
}

void replica::lead(uint64_t epoch) {
  if (epoch < epoch_) return;
  epoch_ = epoch;
  leading_ = true;
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
  primary_ = primary;
  self_->monitor(primary);
  self_->send(primary, join_atom::value, id_.copy, epoch, log_.known(), log_.last().epoch,
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
      self_->send(joiner, replicate_atom::value, e.at.epoch, e.at.seq, e.write);
  } else {
    send_snapshot(joiner);
  }
  // An older actor of the same copy whose death has not reached this one yet: it is shrunk
  // out like any dead peer, or the writes waiting for it would wait forever.
  std::vector<caf::actor_addr> older;
  for (const auto& p : peers_)
    if (p.copy == copy && p.actor != joiner) older.push_back(p.actor.address());
  for (const auto& who : older) on_down(who);
  peers_.erase(std::remove_if(peers_.begin(), peers_.end(),
                              [&](const peer& p) { return p.actor == joiner; }),
               peers_.end());
  peers_.push_back({joiner, copy, false});
  self_->monitor(joiner);
  self_->send(joiner, attached_atom::value, epoch_);
}

void replica::send_snapshot(const caf::actor& joiner) {
  int64_t cursor = 0;
  for (bool last = false; !last;) {
    std::string part = state_.snapshot_part(&cursor, &last);
    self_->send(joiner, snapshot_atom::value, std::move(part), last, log_.last().epoch,
                log_.last().seq);
  }
}

void replica::commit(const google::protobuf::MessageLite& w, std::function<void()> done) {
  if (id_.copies == 1) return done();
  const std::string write = w.SerializeAsString();
  const log_position at{epoch_, log_.last().seq + 1};
  std::vector<caf::actor_addr> waiting;
  for (const auto& p : peers_) {
    self_->send(p.actor, replicate_atom::value, at.epoch, at.seq, write);
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
  if (at.seq != log_.last().seq + 1 || !state_.apply(write))
    return self_->quit(caf::make_error(caf::sec::runtime_error, "replication failed"));
  log_.append(at, write);
  ++fig_.replicated;
  if (!fig_.in_sync) ++fig_.suffix_writes;
  self_->send(primary_, replicated_atom::value, at.seq);
}

void replica::on_snapshot(const std::string& part, bool last, log_position at) {
  if (leading_ || caf::actor_cast<caf::actor_addr>(self_->current_sender()) != primary_.address()) return;
  if (!restoring_) {
    restoring_ = true;
    first_part_ = true;
  }
  const int64_t items = state_.restore_part(part, first_part_);
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
        if (agreed) self_->send(joiner, in_sync_atom::value, epoch);
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
        peers_.erase(std::remove_if(peers_.begin(), peers_.end(),
                                    [&](const peer& p) { return p.actor.address() == who; }),
                     peers_.end());
        for (const auto& done : acks_.drop_peer(who)) release(done);
      }, [](const caf::error&) {});
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
