// Two micro-runs, each timed from the first send to the last receipt.
#include "app/calibration.hpp"

#include <algorithm>
#include <chrono>
#include <vector>

#include <caf/actor_cast.hpp>
#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>

namespace sdsim::scenarios {
namespace {

using go_atom = caf::atom_constant<caf::atom("go")>;
using hit_atom = caf::atom_constant<caf::atom("hit")>;
using done_atom = caf::atom_constant<caf::atom("done")>;

constexpr int senders = 16;
constexpr int per_sender = 50'000;
constexpr int round_trips = 200'000;
constexpr int in_flight = 64;

// Counts hits; tells `waiter` when all arrived.
class sink : public caf::event_based_actor {
 public:
  sink(caf::actor_config& cfg, caf::actor waiter, int expected)
      : caf::event_based_actor(cfg), waiter_(std::move(waiter)), left_(expected) {}
  caf::behavior make_behavior() override {
    return {
        [this](hit_atom) {
          if (--left_ == 0) send(waiter_, done_atom::value);
        },
        [](go_atom) -> uint64_t { return 1; },  // the request/response server
    };
  }
  void on_exit() override { waiter_ = nullptr; }

 private:
  caf::actor waiter_;
  int left_;
};

class sender : public caf::event_based_actor {
 public:
  sender(caf::actor_config& cfg, caf::actor to) : caf::event_based_actor(cfg), to_(std::move(to)) {}
  caf::behavior make_behavior() override {
    return {[this](go_atom) {
      for (int i = 0; i < per_sender; ++i) send(to_, hit_atom::value);
    }};
  }
  void on_exit() override { to_ = nullptr; }

 private:
  caf::actor to_;
};

// Keeps `in_flight` requests outstanding until `round_trips` came back.
class requester : public caf::event_based_actor {
 public:
  requester(caf::actor_config& cfg, caf::actor server, caf::actor waiter)
      : caf::event_based_actor(cfg), server_(std::move(server)), waiter_(std::move(waiter)) {}
  caf::behavior make_behavior() override {
    return {[this](go_atom) {
      for (int i = 0; i < in_flight; ++i) ask();
    }};
  }
  void on_exit() override {
    server_ = nullptr;
    waiter_ = nullptr;
  }

 private:
  void ask() {
    ++sent_;
    request(server_, caf::infinite, go_atom::value).then([this](uint64_t) {
      if (++done_ == round_trips) send(waiter_, done_atom::value);
      else if (sent_ < round_trips) ask();
    });
  }
  caf::actor server_, waiter_;
  int sent_ = 0, done_ = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double fan_in(caf::actor_system& sys) {
  double rate = 0;
  {
    caf::scoped_actor self{sys};
    auto s = sys.spawn<sink>(caf::actor_cast<caf::actor>(self), senders * per_sender);
    std::vector<caf::actor> from;
    for (int i = 0; i < senders; ++i) from.push_back(sys.spawn<sender>(s));
    const auto t0 = std::chrono::steady_clock::now();
    for (auto& f : from) self->send(f, go_atom::value);
    self->receive([](done_atom) {});
    rate = senders * per_sender / seconds_since(t0);
    for (auto& f : from) self->send_exit(f, caf::exit_reason::user_shutdown);
    self->send_exit(s, caf::exit_reason::user_shutdown);
  }
  return rate;
}

double request_response(caf::actor_system& sys) {
  double rate = 0;
  {
    caf::scoped_actor self{sys};
    auto server = sys.spawn<sink>(caf::actor_cast<caf::actor>(self), 1 << 30);
    auto client = sys.spawn<requester>(server, caf::actor_cast<caf::actor>(self));
    const auto t0 = std::chrono::steady_clock::now();
    self->send(client, go_atom::value);
    self->receive([](done_atom) {});
    rate = round_trips / seconds_since(t0);
    self->send_exit(client, caf::exit_reason::user_shutdown);
    self->send_exit(server, caf::exit_reason::user_shutdown);
  }
  return rate;
}

// Each micro-run lasts a fraction of a second, so one run is noisy on a shared machine: take
// the median of several.
template <class F>
double median_of(int n, F f) {
  std::vector<double> xs;
  for (int i = 0; i < n; ++i) xs.push_back(f());
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

}  // namespace

Calibration calibrate(uint32_t threads) {
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", static_cast<size_t>(threads));
  cfg.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system sys{cfg};
  Calibration out;
  out.set_fan_in_msgs_per_s(median_of(7, [&] { return fan_in(sys); }));
  out.set_request_response_per_s(median_of(7, [&] { return request_response(sys); }));
  return out;
}

}  // namespace sdsim::scenarios
