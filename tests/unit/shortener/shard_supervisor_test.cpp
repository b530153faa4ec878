// A supervised shard behind a gateway, under CAF's deterministic test coordinator: after the
// shard crashes the gateway is told the new shard, which serves what the old one stored.
#include "actors/shortener/shard_supervisor.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "actors/core/messages.hpp"
#include "actors/core/supervisor.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"
#include "actors/shortener/shortener_workload.hpp"
#include "tests/support/det_system.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;
namespace fs = std::filesystem;

class ShardSupervisorTest : public ::testing::Test {
 protected:
  ShardSupervisorTest() {
    dir_ = fs::temp_directory_path() / ("sdsim_shard_sup_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    Capacity cap;
    cap.set_servers(1);
    cap.mutable_service_time()->mutable_constant()->set_ms(1);
    auto kp = std::make_shared<kgs_params>();
    kp->capacity = cap;
    kp->clock = &d_.clock;
    auto kgs = spawn_kgs(d_.sys, kp);
    auto sp = std::make_shared<shard_params>();
    sp->db_path = (dir_ / "shard.sqlite").string();
    sp->capacity = cap;
    sp->users = 10;
    sp->seed = 3;
    sp->clock = &d_.clock;
    sp->arrivals_end = from_s(100);
    shard_ = spawn_shard(d_.sys, sp);
    sup_ = supervise_shard(d_.sys, d_.clock, sp, shard_, intensity_limit{});
    auto gp = std::make_shared<gateway_params>();
    gp->config.seed = 3;
    gp->config.users = 10;
    gp->capacity = cap;
    gp->shards = {{shard_}};
    gp->kgs = kgs;
    gp->clock = &d_.clock;
    gw_ = spawn_gateway(d_.sys, gp);
    caf::anon_send(sup_, listen_atom::value, gw_);
    actors_ = {kgs, sup_, gw_};
    caf::anon_send(gw_, start_atom::value);
    run();
  }

  ~ShardSupervisorTest() override {
    for (auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    d_.sched.run();
    fs::remove_all(dir_);
  }

  void run() {
    for (;;) {
      d_.sched.run();
      if (!d_.sched.trigger_timeout()) break;
    }
  }

  reply_envelope call(uint32_t api, const std::string& payload) {
    request_envelope env;
    env.id = ++id_;
    env.api = api;
    env.scheduled = d_.clock.now();
    env.payload = payload;
    d_.self->send(gw_, call_atom::value, env);
    run();
    reply_envelope out;
    d_.self->receive([&](reply_atom, const reply_envelope& r) { out = r; });
    return out;
  }

  testing::det_system d_;
  caf::actor shard_, sup_, gw_;
  std::vector<caf::actor> actors_;
  fs::path dir_;
  uint64_t id_ = 0;
};

TEST_F(ShardSupervisorTest, GatewayUsesTheRestartedShardAndItKeepsTheMappings) {
  CreateUrlRequest c;
  c.set_api_key(api_key_for(3, 1));
  c.set_original_url("https://example.com/kept");
  CreateUrlReply created;
  ASSERT_TRUE(created.ParseFromString(call(create_api, c.SerializeAsString()).payload));

  // A crash as CAF reports one (an exception escaping a handler ends an actor this way too).
  caf::anon_send_exit(shard_, caf::exit_reason::unhandled_exception);
  run();
  caf::actor now;
  auto h = d_.self->request(sup_, caf::infinite, supervise_atom::value);
  d_.sched.run();
  h.receive([&](uint64_t restarts, bool gave_up, caf::actor c) {
    EXPECT_EQ(restarts, 1u);
    EXPECT_FALSE(gave_up);
    now = c;
  }, [](caf::error&) { ADD_FAILURE(); });
  ASSERT_TRUE(now);
  EXPECT_NE(now, shard_);

  RedirectRequest q;
  q.set_short_key(created.short_key());
  const auto r = call(redirect_api, q.SerializeAsString());
  ASSERT_EQ(r.outcome, static_cast<uint8_t>(outcome::ok));
  RedirectReply to;
  ASSERT_TRUE(to.ParseFromString(r.payload));
  EXPECT_EQ(to.original_url(), "https://example.com/kept");
}

}  // namespace
}  // namespace sdsim::shortener
