// The gateway, KGS and a shard as actors under CAF's deterministic test coordinator: a create
// gets a key that then redirects; bad input gets a counted, definite error reply — never a
// crash and never silence (reliability I3, I9, I10).
#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>


#include "actors/core/messages.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"
#include "actors/shortener/shard_actor.hpp"
#include "actors/shortener/shortener_workload.hpp"
#include "tests/support/det_system.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;
namespace fs = std::filesystem;

class GatewayActorTest : public ::testing::Test {
 protected:
  GatewayActorTest() {
    dir_ = fs::temp_directory_path() / ("sdsim_gateway_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    Capacity cap;
    cap.set_servers(1);
    cap.mutable_service_time()->mutable_constant()->set_ms(1);
    auto kp = std::make_shared<kgs_params>();
    kp->capacity = cap;
    kp->basics.clock = &clock_;
    kp->db_path = (dir_ / "kgs.sqlite").string();
    auto kgs = spawn_kgs(sys_, kp);
    auto sp = std::make_shared<shard_params>();
    sp->db_path = (dir_ / "shard.sqlite").string();
    sp->capacity = cap;
    sp->users = 10;
    sp->basics.seed = 3;
    sp->basics.clock = &clock_;
    sp->basics.arrivals_end = from_s(100);
    auto shard = spawn_shard(sys_, sp);
    auto gp = std::make_shared<gateway_params>();
    gp->config.seed = 3;
    gp->config.users = 10;
    gp->capacity = cap;
    gp->shards = {{shard}};
    gp->kgs = kgs;
    gp->basics.clock = &clock_;
    gw_ = spawn_gateway(sys_, gp);
    actors_ = {kgs, shard, gw_};
    self_->send(gw_, start_atom::value);
    run();
  }

  ~GatewayActorTest() override {
    for (auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched_.run();
    fs::remove_all(dir_);
  }

  void run() {
    for (;;) {
      sched_.run();
      if (!sched_.trigger_timeout()) break;
    }
  }

  // Sends one request and returns the reply.
  reply_envelope call(uint32_t api, const std::string& payload) {
    request_envelope env;
    env.id = ++id_;
    env.api = api;
    env.scheduled = clock_.now();
    env.payload = payload;
    self_->send(gw_, call_atom::value, env);
    run();
    reply_envelope out;
    self_->receive([&](reply_atom, const reply_envelope& r) { out = r; });
    EXPECT_EQ(out.id, id_);
    return out;
  }

  sdsim::testing::det_system det_;
  caf::actor_system& sys_ = det_.sys;
  caf::scheduler::test_coordinator& sched_ = det_.sched;
  sim_clock& clock_ = det_.clock;
  caf::scoped_actor& self_ = det_.self;
  caf::actor gw_;
  std::vector<caf::actor> actors_;
  fs::path dir_;
  uint64_t id_ = 0;
};

TEST_F(GatewayActorTest, CreateThenRedirect) {
  CreateUrlRequest c;
  c.set_api_key(api_key_for(3, 1));
  c.set_original_url("https://example.com/page");
  auto r = call(create_api, c.SerializeAsString());
  ASSERT_EQ(r.outcome, static_cast<uint8_t>(outcome::ok));
  CreateUrlReply created;
  ASSERT_TRUE(created.ParseFromString(r.payload));
  EXPECT_EQ(created.short_key().size(), 7u);
  RedirectRequest q;
  q.set_short_key(created.short_key());
  r = call(redirect_api, q.SerializeAsString());
  ASSERT_EQ(r.outcome, static_cast<uint8_t>(outcome::ok));
  RedirectReply to;
  ASSERT_TRUE(to.ParseFromString(r.payload));
  EXPECT_EQ(to.original_url(), "https://example.com/page");  // byte-identical
}

TEST_F(GatewayActorTest, MalformedPayloadIsAnErrorReply) {
  auto r = call(create_api, std::string("\xff\xff\xff\x01garbage", 11));
  EXPECT_EQ(r.outcome, static_cast<uint8_t>(outcome::malformed_request));
  r = call(redirect_api, std::string("\x0a\x05\xc3\x28", 4));  // invalid UTF-8 in a string
  EXPECT_EQ(r.outcome, static_cast<uint8_t>(outcome::malformed_request));
  // The gateway is still serving.
  RedirectRequest q;
  q.set_short_key("missing");
  EXPECT_EQ(call(redirect_api, q.SerializeAsString()).outcome,
            static_cast<uint8_t>(outcome::not_found));
}

TEST_F(GatewayActorTest, UnknownApiIsNotSupported) {
  EXPECT_EQ(call(42, "").outcome, static_cast<uint8_t>(outcome::not_supported));
}

TEST_F(GatewayActorTest, BadKeyAndHostileUrlAreDefiniteErrors) {
  CreateUrlRequest c;
  c.set_api_key("nobody");
  c.set_original_url("https://example.com/");
  EXPECT_EQ(call(create_api, c.SerializeAsString()).outcome,
            static_cast<uint8_t>(outcome::unauthenticated));
  c.set_api_key(api_key_for(3, 2));
  c.set_original_url("javascript:alert(1)");
  EXPECT_EQ(call(create_api, c.SerializeAsString()).outcome,
            static_cast<uint8_t>(outcome::invalid_argument));
}

TEST_F(GatewayActorTest, OnlyTheOwnerDeletes) {
  CreateUrlRequest c;
  c.set_api_key(api_key_for(3, 4));
  c.set_original_url("https://example.com/mine");
  CreateUrlReply created;
  ASSERT_TRUE(created.ParseFromString(call(create_api, c.SerializeAsString()).payload));
  DeleteUrlRequest d;
  d.set_short_key(created.short_key());
  d.set_api_key(api_key_for(3, 5));
  EXPECT_EQ(call(delete_api, d.SerializeAsString()).outcome,
            static_cast<uint8_t>(outcome::not_found));
  d.set_api_key(api_key_for(3, 4));
  EXPECT_EQ(call(delete_api, d.SerializeAsString()).outcome, static_cast<uint8_t>(outcome::ok));
  RedirectRequest q;
  q.set_short_key(created.short_key());
  EXPECT_EQ(call(redirect_api, q.SerializeAsString()).outcome,
            static_cast<uint8_t>(outcome::not_found));
}

}  // namespace
}  // namespace sdsim::shortener
