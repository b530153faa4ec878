// The open-loop client actor.
#include "actors/core/open_loop_client.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <optional>
#include <unordered_map>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>

#include "actors/core/request_tracker.hpp"
#include "actors/core/arrival_process.hpp"
#include "actors/core/histogram.hpp"

namespace sdsim::core {
namespace {

class open_loop_client : public caf::event_based_actor {
 public:
  open_loop_client(caf::actor_config& cfg, std::shared_ptr<const client_params> p)
      : caf::event_based_actor(cfg), p_(std::move(p)), targets_(p_->targets),
        rng_(rng::stream(p_->seed, p_->stream_name)),
        tracker_(p_->design, p_->api_names, p_->window_start) {
    uint32_t i = 0;
    for (const auto& s : p_->streams) {
      processes_.emplace_back(s.shape, s.process,
                              rng::stream(p_->seed, p_->stream_name + "/arrivals/" +
                                                        std::to_string(i++)),
                              p_->arrivals_end);
      next_.push_back(std::nullopt);
    }
  }

  caf::behavior make_behavior() override {
    return {
        [this](start_atom) {
          for (std::size_t i = 0; i < processes_.size(); ++i) next_[i] = processes_[i].next();
          schedule_arrival();
          schedule_sweep();
        },
        [this](arrive_atom) { on_arrive(); },
        [this](target_atom, uint32_t i, caf::actor a) {
          if (i < targets_.size()) targets_[i] = std::move(a);
        },
        [this](reply_atom, const reply_envelope& r) { on_reply(r); },
        [this](sweep_atom) {
          sweep_scheduled_ = false;
          expire(p_->clock->now() - p_->timeout);
          schedule_sweep();
        },
        [this](stop_atom) {
          const sim_ns now = p_->clock->now();
          for (std::size_t i = 0; i < processes_.size(); ++i) {
            processes_[i].stop_at(now);
            if (next_[i] && *next_[i] >= now) next_[i].reset();
          }
        },
        [this](collect_atom) { return collect(); },
        [this](peek_atom) {
          ActorMetrics m;
          tracker_.peek(&m, [this](uint32_t a) { return has_stream(a); });
          return m.SerializeAsString();
        },
        [this](caf::get_atom) { return static_cast<uint64_t>(tracker_.size()); },
    };
  }

  // The params hold the targets' handles; targets may hold ours: break the cycle on exit.
  void on_exit() override {
    p_.reset();
    targets_.clear();
  }

 private:
  std::optional<std::size_t> earliest() const {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < next_.size(); ++i)
      if (next_[i] && (!best || *next_[i] < *next_[*best])) best = i;
    return best;
  }

  void schedule_arrival() {
    if (auto i = earliest())
      delayed_send(this, p_->clock->to_wall(*next_[*i] - p_->clock->now()), arrive_atom::value);
  }

  void schedule_sweep() {
    if (sweep_scheduled_ || (tracker_.empty() && !earliest())) return;
    sweep_scheduled_ = true;
    const sim_ns period = std::clamp<sim_ns>(p_->timeout / 8, ns_per_ms, ns_per_s);
    delayed_send(this, p_->clock->to_wall(period), sweep_atom::value);
  }

  void on_arrive() {
    const sim_ns now = p_->clock->now();
    // Emit everything due: when the host is late, arrivals leave in a burst and each one's
    // lateness is recorded, so a saturated run shows it.
    while (auto i = earliest()) {
      const sim_ns t = *next_[*i];
      if (t > now) break;
      emit(*i, t, now);
      next_[*i] = processes_[*i].next();
    }
    mailbox_max_ = std::max<uint64_t>(mailbox_max_, mailbox().size());
    schedule_arrival();
    schedule_sweep();
  }

  void emit(std::size_t stream, sim_ns t, sim_ns now) {
    request_envelope env;
    env.id = (static_cast<uint64_t>(p_->client_index) << 40) | ++seq_;
    env.api = p_->streams[stream].api;
    env.scheduled = t;
    const uint32_t target = p_->load->prepare(env, rng_);
    auto& s = tracker_.stats(env.api);
    // Lateness in simulated time: what it distorts is the run's simulated latencies, so a
    // run slowed down (speed < 1) gives the host's real work more room, as it should.
    const sim_ns lag = now - t;
    if (s.measured(t)) {
      generator_lag_.record(lag);
      if (lag > p_->host_lag_threshold) s.on_late_arrival();
    }
    tracker_.on_sent(env.id, env.api, t);
    send(targets_.at(target), call_atom::value, std::move(env));
  }

  void on_reply(const reply_envelope& r) {
    const auto o = static_cast<outcome>(std::min<std::size_t>(r.outcome, outcome_count - 1));
    if (auto p = tracker_.on_reply(r.id, o, p_->clock->now()))
      p_->load->on_outcome(r.id, p->api, o, r.payload);
  }

  // Ends as timeouts every pending request scheduled at or before `deadline`.
  void expire(sim_ns deadline) {
    tracker_.expire(deadline, p_->clock->now(), [this](uint64_t id, uint32_t api) {
      p_->load->on_outcome(id, api, outcome::timeout, {});
    });
  }

  std::string collect() {
    ActorMetrics m;
    tracker_.to_proto(
        &m, p_->clock->now(), [this](uint32_t a) { return has_stream(a); },
        [this](uint64_t id, uint32_t api) { p_->load->on_outcome(id, api, outcome::timeout, {}); });
    generator_lag_.to_proto(m.mutable_host()->mutable_generator_lag_ns());
    m.mutable_host()->set_mailbox_max(mailbox_max_);
    m.set_extra(p_->load->extra());
    return m.SerializeAsString();
  }

  bool has_stream(uint32_t api) const {
    return std::any_of(p_->streams.begin(), p_->streams.end(),
                       [api](const client_stream& s) { return s.api == api; });
  }

  std::shared_ptr<const client_params> p_;
  std::vector<caf::actor> targets_;     // p_->targets, each replaced when its node comes back
  rng rng_;
  request_tracker tracker_;
  std::vector<arrival_process> processes_;
  std::vector<std::optional<sim_ns>> next_;
  uint64_t seq_ = 0;
  bool sweep_scheduled_ = false;
  histogram generator_lag_;
  uint64_t mailbox_max_ = 0;
};

}  // namespace

std::shared_ptr<client_params> client_params_for(const design& d, const run_context& ctx,
                                                 std::string stream_name, uint32_t client_index) {
  auto p = std::make_shared<client_params>();
  p->design = d.name();
  p->api_names = d.apis();
  p->clock = &ctx.clock;
  p->seed = ctx.seed;
  p->stream_name = std::move(stream_name);
  p->client_index = client_index;
  p->window_start = ctx.warmup;
  p->arrivals_end = ctx.arrivals_end;
  p->host_lag_threshold = ctx.host_lag_threshold;
  return p;
}

caf::actor spawn_open_loop_client(caf::actor_system& sys, std::shared_ptr<const client_params> p) {
  return sys.spawn<open_loop_client>(std::move(p));
}

}  // namespace sdsim::core
