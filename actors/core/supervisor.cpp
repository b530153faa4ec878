// The supervisor actor. Its child's life:
//
//            crash, intensity allows: spawn a new child, announce it
//            ┌──────────────┐
//            ▼              │
//   spawn ─► UP ────────────┘
//            │  ▲
//            │  │ restart_atom: spawn a new child, announce it
//            ▼  │
//           DOWN ◄── crash beyond the intensity (gives up: recorded, child stays down)
//                ◄── halt_atom (kill, deliberate); an end by normal, user_shutdown or kill
#include "actors/core/supervisor.hpp"

#include <cassert>
#include <utility>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/message_view.hpp>
#include <caf/sec.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/metrics.pb.h"

namespace sdsim::core {

bool is_crash(const caf::error& reason) {
  // A normal end carries no error; user_shutdown and kill are ends someone chose.
  return reason && reason != caf::exit_reason::user_shutdown && reason != caf::exit_reason::kill;
}

namespace {

class supervisor_actor : public caf::event_based_actor {
 public:
  supervisor_actor(caf::actor_config& cfg, std::shared_ptr<const supervisor_params> p)
      : caf::event_based_actor(cfg), p_(std::move(p)), intensity_(p_->limit),
        listeners_(p_->listeners) {
    assert(p_->clock != nullptr && p_->factory);
    adopt(p_->first ? p_->first : p_->factory());
    set_down_handler([this](caf::down_msg& dm) { on_down(dm); });
    // Everything else is for the child: the supervisor stands in for it (metrics, live view).
    set_default_handler([this](caf::scheduled_actor*, caf::message_view& x)
                            -> caf::result<caf::message> {
      if (child_) return delegate(child_, x.move_content_to_message());
      // No child: a request fails at once. Any other message is dropped without an answer,
      // since an error sent back would end a sender that has no error handler.
      if (current_message_id().is_request()) return caf::sec::request_receiver_down;
      return caf::delegated<caf::message>{};
    });
  }

  caf::behavior make_behavior() override {
    return {
        [this](listen_atom, caf::actor listener) {
          // A listener that comes after a restart would otherwise hold a dead handle.
          if (child_ && incarnation_ > 0) send_announcement(listener);
          listeners_.push_back(std::move(listener));
        },
        [this](halt_atom) { return halt(); },
        [this](restart_atom) {
          if (child_) return false;
          gave_up_ = false;
          respawn();
          return true;
        },
        [this](collect_atom) { return collect(); },
        [this](supervise_atom) {
          return caf::make_message(intensity_.granted(), gave_up_, child_);
        },
    };
  }

 protected:
  void on_exit() override {
    if (child_) send_exit(child_, caf::exit_reason::user_shutdown);
    child_ = nullptr;
    listeners_.clear();
    p_.reset();  // the factory may hold what should die with the run
  }

 private:
  void adopt(caf::actor child) {
    child_ = std::move(child);
    if (child_) monitor(child_);
  }

  void on_down(const caf::down_msg& dm) {
    if (!child_ || dm.source != child_.address()) return;  // an old child's late news
    child_ = nullptr;
    if (!is_crash(dm.reason)) return;
    SupervisionEvent e;
    e.set_at_ns(p_->clock->now());
    e.set_child(p_->name);
    e.set_reason(system().render(dm.reason));
    e.set_restarted(intensity_.try_restart(e.at_ns()));
    e.set_max_restarts(p_->limit.max_restarts);
    e.set_window_s(to_s(static_cast<double>(p_->limit.window)));
    events_.push_back(e);
    if (!e.restarted()) {
      gave_up_ = true;
      return;
    }
    respawn();
  }

  // Takes the child down now rather than when its down message comes: a `restart_atom` sent
  // right after must find it down.
  bool halt() {
    if (!child_) return false;
    demonitor(child_);
    send_exit(child_, caf::exit_reason::kill);
    child_ = nullptr;
    return true;
  }

  void respawn() {
    adopt(p_->factory());
    if (!child_) return;  // the factory could not spawn one: down it stays
    ++incarnation_;
    for (const auto& l : listeners_) send_announcement(l);
  }

  void send_announcement(const caf::actor& listener) {
    auto m = p_->announce ? p_->announce(p_->index, child_)
                          : caf::make_message(restarted_atom::value, p_->index, child_);
    send(listener, std::move(m));
  }

  // The child's metrics with the supervisor's events added; its events alone while it is down.
  caf::result<std::string> collect() {
    if (!child_) return with_events(ActorMetrics{});
    auto rp = make_response_promise<std::string>();
    request(child_, caf::infinite, collect_atom::value)
        .then(
            [this, rp](std::string& bytes) mutable {
              ActorMetrics m;
              m.ParseFromString(bytes);
              rp.deliver(with_events(std::move(m)));
            },
            [this, rp](caf::error&) mutable { rp.deliver(with_events(ActorMetrics{})); });
    return rp;
  }

  std::string with_events(ActorMetrics m) const {
    for (const auto& e : events_) *m.add_supervision() = e;
    return m.SerializeAsString();
  }

  std::shared_ptr<const supervisor_params> p_;
  restart_intensity intensity_;
  std::vector<caf::actor> listeners_;
  caf::actor child_;            // invalid while down
  uint64_t incarnation_ = 0;    // children spawned after the first
  bool gave_up_ = false;        // the last crash was beyond the intensity
  std::vector<SupervisionEvent> events_;
};

}  // namespace

caf::actor spawn_supervisor(caf::actor_system& sys, std::shared_ptr<const supervisor_params> p) {
  return sys.spawn<supervisor_actor>(std::move(p));
}

}  // namespace sdsim::core
