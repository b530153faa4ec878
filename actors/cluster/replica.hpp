// One copy's part in replicating a shard: as primary it sends each write it made to the other
// copies and answers its caller only once they all applied it; as a copy it applies what its
// primary sends, and catches up (by sequence, or by a full snapshot) when it joins one. A
// design's stateful actor owns one and says only *what* a write is (`replicated_state`).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <caf/actor.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/message_handler.hpp>
#include <google/protobuf/message_lite.h>

#include "actors/cluster/ack_tracker.hpp"
#include "actors/cluster/peer_links.hpp"
#include "actors/cluster/replica_log.hpp"
#include "actors/core/sim_clock.hpp"

namespace sdsim::cluster {

/// What a design's stateful service says of its state so that its copies can be kept equal.
class replicated_state {
 public:
  virtual ~replicated_state() = default;
  /// Applies a write as the primary described it (the bytes given to `replica::commit`), made
  /// at `at`, and stores `at` with it in one transaction.
  virtual bool apply(const std::string& write, log_position at) = 0;
  /// The next part of a full copy of the state from `*cursor` (0 at first), advancing it;
  /// `*last` on the final part.
  virtual std::string snapshot_part(int64_t* cursor, bool* last) = 0;
  /// Stores one part of a full copy (`first`: everything held before goes); the last part
  /// stores `last_at` (the primary's position) with it, the others leave it unknown. The
  /// number of items it held, or -1 when it cannot be stored.
  virtual int64_t restore_part(const std::string& part, bool first,
                               std::optional<log_position> last_at) = 0;
  /// The position stored with the data: a copy that comes back knows its history up to
  /// there. Nothing when it led since (its own writes are not positioned) or never followed.
  virtual std::optional<log_position> stored_position() = 0;
  /// Forgets the stored position: this copy leads now. False when it could not.
  virtual bool forget_position() = 0;
  /// This copy leads from now on, having followed: what it serves from memory is rebuilt
  /// from its data here (its stored position is forgotten already).
  virtual void on_lead() {}
};

/// Who a copy is.
struct replica_identity {
  uint32_t shard = 0;
  uint32_t copy = 0;
  uint32_t copies = 1;     ///< of the shard, R
  bool leads = false;      ///< it starts as the primary (copy 0 of a new run)
  bool fresh = true;       ///< a new run's copy: its history is known to be empty; a copy that
                           ///< comes back (restart, rejoin) knows its data, not its history
};

/// Copy `copy` of `copies` of shard `shard`: copy 0 of a new run leads; a copy that comes
/// back (`rejoin`: a restart, its node's return) knows its data, not its history.
inline replica_identity identity_of(uint32_t shard, uint32_t copy, uint32_t copies, bool rejoin) {
  return {shard, copy, copies, copy == 0 && !rejoin, !rejoin};
}

/// What a copy went through, for its metrics.
struct replica_figures {
  uint64_t replicated = 0;        ///< writes applied as its primary sent them
  uint64_t degraded = 0;          ///< writes acknowledged while a copy was missing
  uint64_t caught_up = 0;         ///< items copied from a primary's snapshot
  uint64_t suffix_writes = 0;     ///< writes applied while it caught up (by sequence)
  bool in_sync = false;           ///< it holds every acknowledged write
  bool leading = false;
  uint64_t epoch = 0;
};

/// Invariants: (1) a primary answers a write only when every copy it sent it to applied it, or
/// the group agreed to stop waiting for that copy (`shrink`); (2) a copy applies only its
/// current primary's writes, in sequence; (3) a copy is in sync only after the group agreed.
/// Thread-safety: used by its actor only.
class replica {
 public:
  replica(caf::event_based_actor* self, replicated_state& state, replica_identity id,
          const core::sim_clock& clock);

  /// The protocol's handlers, to add to the actor's behavior.
  caf::message_handler handlers();

  /// Whether this copy takes requests (it is the primary).
  bool leading() const { return leading_; }

  /// The primary made `write`; `done` runs once every copy has it (at once for a lone copy,
  /// which neither serializes nor logs it).
  void commit(const google::protobuf::MessageLite& write, std::function<void()> done);

  /// An actor this one watched died (the owner's down handler passes it on).
  void on_down(const caf::actor_addr& who);

  replica_figures figures() const;

  /// Drops every handle it holds (the actor is exiting: handles kept would keep the actors
  /// they name, and so each other, alive).
  void clear();

 private:
  struct peer {
    caf::actor actor;
    uint32_t copy = 0;
    bool shrinking = false;
  };
  void lead(uint64_t epoch);
  void follow(uint64_t epoch, const caf::actor& primary);
  void on_join(const caf::actor& joiner, uint32_t copy, uint64_t epoch, bool known,
               log_position at);
  void send_snapshot(const caf::actor& joiner);
  void on_replicate(log_position at, const std::string& write);
  void on_snapshot(const std::string& part, bool last, log_position at);
  void on_synced(uint32_t copy);
  void release(const ack_tracker::completed& done);
  void on_link(const caf::actor& peer, const core::link_state& l);
  /// Sends to another copy over the link between their nodes (late, or not at all when cut).
  template <class... Ts>
  void send_to(const caf::actor& to, Ts&&... xs) {
    const core::sim_ns now = clock_.now();
    auto at = links_.arrival(to.address(), now);
    if (!at) return;
    if (*at == now) self_->send(to, std::forward<Ts>(xs)...);
    else self_->delayed_send(to, clock_.to_wall(*at - now), std::forward<Ts>(xs)...);
  }

  caf::event_based_actor* self_;
  replicated_state& state_;
  replica_identity id_;
  const core::sim_clock& clock_;
  peer_links links_;
  replica_log log_;
  caf::actor group_;
  uint64_t epoch_ = 1;
  bool leading_;
  // As primary.
  std::vector<peer> peers_;
  ack_tracker acks_;
  std::map<uint64_t, std::function<void()>> held_;
  struct join_request {
    caf::actor joiner;
    uint32_t copy;
    uint64_t epoch;
    bool known;
    log_position at;
  };
  std::vector<join_request> early_joins_;   // for an epoch this copy has not been told yet
  // As copy.
  caf::actor primary_;
  bool position_read_ = false;   // the stored position, read at the first `follow`
  bool restoring_ = false;
  bool first_part_ = true;
  replica_figures fig_;
};

}  // namespace sdsim::cluster
