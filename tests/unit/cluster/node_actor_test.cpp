// The node's entry actor in one process: it spawns only through its factory, after prepare,
// and ends what it spawned.
#include "actors/cluster/node_actor.hpp"

#include <chrono>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/exit_reason.hpp>
#include <caf/send.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/sec.hpp>
#include <gtest/gtest.h>

#include "actors/cluster/node_protocol.hpp"

using namespace sdsim;
using namespace std::chrono_literals;

namespace {

// Takes an argument: CAF 0.17 spawning a function actor with none binds a reference to a
// null pointer, which the sanitizer build aborts on.
caf::behavior echo(caf::event_based_actor*, std::string prefix) {
  return {[prefix](const std::string& s) { return prefix + s; }};
}

struct node_fixture : ::testing::Test {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  caf::actor node;
  std::string last_spec;
  std::size_t last_peers = 0;
  const core::sim_clock* last_clock = nullptr;

  void SetUp() override {
    cfg.set("scheduler.max-threads", static_cast<size_t>(2));
    cfg.set("logger.verbosity", caf::atom("quiet"));
    sys = std::make_unique<caf::actor_system>(cfg);
    node = cluster::spawn_node_actor(
        *sys, "n1",
        [this](caf::actor_system& s, const core::sim_clock& clock, const std::string& service,
               const core::placement_spec& spec) -> caf::expected<caf::actor> {
          if (service != "d/shard") return caf::make_error(caf::sec::invalid_argument, "no");
          last_spec = spec.bytes;
          last_peers = spec.peers.size();
          last_clock = &clock;
          return s.spawn(echo, std::string{});
        });
  }
  void TearDown() override {
    // The actor system ends only once every actor has: end what the node spawned.
    ask_ok(cluster::end_atom::value);
    caf::anon_send_exit(node, caf::exit_reason::user_shutdown);
    node = nullptr;
    sys.reset();
  }

  // The node's answer to `xs`: the actor spawned, or the error.
  template <class... Ts>
  caf::expected<caf::actor> ask_place(Ts&&... xs) {
    caf::scoped_actor self{*sys};
    caf::expected<caf::actor> out = caf::make_error(caf::sec::request_timeout);
    self->request(node, 5s, std::forward<Ts>(xs)...)
        .receive([&](const caf::actor& a) { out = a; }, [&](caf::error& e) { out = e; });
    return out;
  }
  template <class... Ts>
  bool ask_ok(Ts&&... xs) {
    caf::scoped_actor self{*sys};
    bool ok = false;
    self->request(node, 5s, std::forward<Ts>(xs)...)
        .receive([&](caf::ok_atom) { ok = true; }, [&](caf::error&) {});
    return ok;
  }
};

}  // namespace

TEST_F(node_fixture, places_only_after_prepare_and_only_what_the_factory_offers) {
  EXPECT_FALSE(ask_place(cluster::place_atom::value, std::string("d/shard"), std::string("x"),
                         std::vector<caf::actor>{}));
  EXPECT_FALSE(ask_ok(cluster::prepare_atom::value, 0.0));
  ASSERT_TRUE(ask_ok(cluster::prepare_atom::value, 1.0));
  auto a = ask_place(cluster::place_atom::value, std::string("d/shard"), std::string("spec"),
                    std::vector<caf::actor>{node});
  ASSERT_TRUE(a);
  EXPECT_EQ(last_spec, "spec");
  EXPECT_EQ(last_peers, 1u);
  ASSERT_NE(last_clock, nullptr);
  EXPECT_FALSE(ask_place(cluster::place_atom::value, std::string("d/other"), std::string("x"),
                         std::vector<caf::actor>{}));
  EXPECT_FALSE(ask_place(std::string("not a node request")));
}

TEST_F(node_fixture, begin_aligns_the_clock_and_end_stops_the_spawned_actors) {
  ASSERT_TRUE(ask_ok(cluster::prepare_atom::value, 1.0));
  auto a = ask_place(cluster::place_atom::value, std::string("d/shard"), std::string("spec"),
                    std::vector<caf::actor>{node});
  ASSERT_TRUE(a);
  // Sim time 0 was one second ago (system clock): the node's clock reads about 1 s.
  const auto origin = std::chrono::system_clock::now() - 1s;
  const int64_t origin_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(origin.time_since_epoch()).count();
  ASSERT_TRUE(ask_ok(cluster::begin_atom::value, origin_ns));
  EXPECT_GE(last_clock->now(), 1'000'000'000);
  EXPECT_LT(last_clock->now(), 60'000'000'000);
  ASSERT_TRUE(ask_ok(cluster::end_atom::value));
  caf::scoped_actor self{*sys};
  self->monitor(*a);
  bool down = false;
  self->receive([&](const caf::down_msg&) { down = true; }, caf::after(5s) >> [] {});
  EXPECT_TRUE(down);
}
