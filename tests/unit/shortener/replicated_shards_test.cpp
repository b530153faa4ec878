// The shortener's shards behind their group (cluster::shard_group), under CAF's deterministic
// test coordinator: a lone copy that crashes is restarted and keeps what it stored; copies
// killed in overlapping windows and restarted, over many seeds, never lose a mapping the
// gateway acknowledged.
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <unistd.h>

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

#include "actors/cluster/group_actor.hpp"
#include "actors/cluster/shard_group.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/rng.hpp"
#include "actors/core/supervisor.hpp"
#include "actors/shortener/gateway_actor.hpp"
#include "actors/shortener/kgs_actor.hpp"
#include "actors/shortener/messages.hpp"
#include "actors/shortener/shard_actor.hpp"
#include "actors/shortener/shortener_workload.hpp"
#include "actors/shortener/url_table.hpp"
#include "tests/support/det_system.hpp"

namespace sdsim::shortener {
namespace {

using namespace sdsim::core;
namespace fs = std::filesystem;

Capacity one_ms() {
  Capacity cap;
  cap.set_servers(1);
  cap.mutable_service_time()->mutable_constant()->set_ms(1);
  return cap;
}

// One shard of several copies behind a gateway, on its own deterministic actor system.
class shard_rig {
 public:
  ~shard_rig() {
    for (auto& a : actors_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    group_.reset();
    d_.sched.run();
    fs::remove_all(dir_);
  }

  // One shard of `copies` copies, a KGS and a gateway.
  void start(uint32_t copies, uint64_t seed) {
    seed_ = seed;
    dir_ = fs::temp_directory_path() /
           ("sdsim_replicated_" + std::to_string(::getpid()) + "_" + std::to_string(seed));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto kp = std::make_shared<kgs_params>();
    kp->capacity = one_ms();
    kp->basics.clock = &d_.clock;
    kp->basics.seed = seed;
    kp->db_path = (dir_ / "kgs.sqlite").string();
    auto kgs = spawn_kgs(d_.sys, kp);
    for (uint32_t c = 0; c < copies; ++c) {
      auto sp = std::make_shared<shard_params>();
      sp->replica = c;
      sp->replicas = copies;
      sp->db_path = (dir_ / ("copy" + std::to_string(c) + ".sqlite")).string();
      sp->capacity = one_ms();
      sp->users = 10;
      sp->basics.seed = seed;
      sp->basics.clock = &d_.clock;
      sp->basics.arrivals_end = from_s(1000);
      params_.push_back(sp);
    }
    auto spawn = [this](uint32_t, uint32_t copy, bool again) {
      auto p = std::make_shared<shard_params>(*params_[copy]);
      p->rejoin = again;
      return spawn_shard(d_.sys, p);
    };
    cluster::shard_group::run_hooks hooks;
    hooks.add_source = [this](caf::actor a) { actors_.push_back(a); };
    hooks.add_actor = [this](caf::actor a) { actors_.push_back(a); };
    group_ = std::make_unique<cluster::shard_group>(d_.sys, d_.clock, 1, copies, spawn, hooks,
                                                    intensity_limit{});
    auto gp = std::make_shared<gateway_params>();
    gp->config.seed = seed;
    gp->config.users = 10;
    gp->config.rate_limit_per_s = 1e9;
    gp->config.rate_limit_burst = 1e9;
    gp->capacity = one_ms();
    gp->shards = group_->first_primaries();
    gp->kgs = kgs;
    gp->basics.clock = &d_.clock;
    gw_ = spawn_gateway(d_.sys, gp);
    group_->add_routers({gw_});
    actors_.push_back(kgs);
    actors_.push_back(gw_);
    caf::anon_send(gw_, start_atom::value);
    run();
  }

  void run() {
    for (;;) {
      d_.sched.run();
      if (!d_.sched.trigger_timeout()) break;
    }
  }

  // The gateway's answer, or nullopt when none came (nothing left to run).
  std::optional<reply_envelope> call(uint32_t api, const std::string& payload) {
    request_envelope env;
    env.id = ++id_;
    env.api = api;
    env.scheduled = d_.clock.now();
    env.payload = payload;
    d_.self->send(gw_, call_atom::value, env);
    run();
    std::optional<reply_envelope> out;
    d_.self->receive([&](reply_atom, const reply_envelope& r) { out = r; },
                     caf::after(std::chrono::seconds(0)) >> [] {});
    return out;
  }

  // Creates a mapping; its key when the gateway acknowledged it.
  std::optional<std::string> create(const std::string& url) {
    CreateUrlRequest c;
    c.set_api_key(api_key_for(seed_, 1));
    c.set_original_url(url);
    auto r = call(create_api, c.SerializeAsString());
    CreateUrlReply created;
    if (!r || r->outcome != static_cast<uint8_t>(outcome::ok) ||
        !created.ParseFromString(r->payload))
      return std::nullopt;
    return created.short_key();
  }

  std::optional<std::string> redirect(const std::string& key) {
    RedirectRequest q;
    q.set_short_key(key);
    auto r = call(redirect_api, q.SerializeAsString());
    RedirectReply to;
    if (!r || r->outcome != static_cast<uint8_t>(outcome::ok) || !to.ParseFromString(r->payload))
      return std::nullopt;
    return to.original_url();
  }

  // What copy `copy` holds of `acked` (its own table, asked through the actor).
  AuditReply audit(uint32_t copy, const std::map<std::string, std::string>& acked) {
    AuditRequest req;
    for (const auto& [key, url] : acked) {
      auto* a = req.add_acked();
      a->set_key(key);
      a->set_url(url);
    }
    auto h = d_.self->request(group_->actors()[0][copy], caf::infinite, audit_atom::value,
                              req.SerializeAsString());
    d_.sched.run();
    AuditReply out;
    h.receive([&](const std::string& bytes) { out.ParseFromString(bytes); },
              [](caf::error&) { ADD_FAILURE() << "no audit answer"; });
    return out;
  }

  // Shards with no primary now, as the group says.
  uint64_t leaderless() {
    auto h = d_.self->request(group_->actor(), caf::infinite, cluster::group_figures_atom::value);
    d_.sched.run();
    uint64_t out = UINT64_MAX;
    h.receive([&](uint64_t, uint64_t, uint64_t n) { out = n; }, [](caf::error&) {});
    return out;
  }

  testing::det_system d_;
  uint64_t seed_ = 3;
  std::vector<std::shared_ptr<shard_params>> params_;
  std::unique_ptr<cluster::shard_group> group_;
  caf::actor gw_;
  std::vector<caf::actor> actors_;
  fs::path dir_;
  uint64_t id_ = 0;
};

TEST(ReplicatedShards, ALoneCopyThatCrashesIsRestartedAndKeepsItsMappings) {
  shard_rig t;
  t.start(1, 3);
  const auto key = t.create("https://example.com/kept");
  ASSERT_TRUE(key);
  // A crash as CAF reports one (an exception escaping a handler ends an actor this way too).
  caf::anon_send_exit(t.group_->first_primaries()[0], caf::exit_reason::unhandled_exception);
  t.run();
  EXPECT_EQ(t.redirect(*key), "https://example.com/kept");
}

// A copy stores its place in the shard's history with each write it applies, and forgets it
// when it becomes primary: its own writes are not positioned, so were it to come back with
// the old position it would be sent only what follows, over writes it may hold differently.
TEST(ReplicatedShards, ACopyKeepsItsPositionWhileItFollowsAndForgetsItWhenItLeads) {
  shard_rig t;
  t.start(2, 5);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(t.create("https://example.com/" + std::to_string(i)));
  auto stored = [&] {
    std::string error;
    auto table = url_table::open(t.params_[1]->db_path, &error);
    EXPECT_TRUE(table) << error;
    return table ? table->position() : std::nullopt;
  };
  ASSERT_TRUE(stored());
  EXPECT_EQ(stored()->seq, 3u);
  ASSERT_TRUE(t.group_->kill(0, 0).empty());   // copy 1 is elected
  t.run();
  ASSERT_TRUE(t.create("https://example.com/after"));
  EXPECT_FALSE(stored());
}

// Kills and restarts at random, windows overlapping (every copy may be down at once), with
// creates in between; at the end every copy is back and must hold every acknowledged mapping.
void kill_and_restart_at_random(shard_rig& t, uint32_t copies, uint64_t seed,
                                std::map<std::string, std::string>* acked) {
  auto r = rng::stream(seed, "replicated-shards-test");
  std::vector<bool> down(copies, false);
  for (int step = 0; step < 80; ++step) {
    const double u = r.uniform();
    const auto c = static_cast<uint32_t>(r.uniform() * copies);
    if (u < 0.2 && !down[c]) {
      down[c] = t.group_->kill(0, c).empty();
    } else if (u < 0.4 && down[c]) {
      down[c] = !t.group_->restart(0, c).empty();
    } else {
      const std::string url = "https://example.com/" + std::to_string(seed) + "/" +
                              std::to_string(step);
      if (auto key = t.create(url)) (*acked)[*key] = url;
    }
    t.run();
  }
  for (uint32_t c = 0; c < copies; ++c)
    if (down[c]) t.group_->restart(0, c);
  t.run();
}

TEST(ReplicatedShards, OverlappingKillsLoseNothingAcknowledged) {
  for (uint32_t copies : {2u, 3u}) {
    for (uint64_t seed = 1; seed <= 25; ++seed) {
      SCOPED_TRACE("copies " + std::to_string(copies) + ", seed " + std::to_string(seed));
      shard_rig t;
      t.start(copies, seed);
      std::map<std::string, std::string> acked;
      kill_and_restart_at_random(t, copies, seed, &acked);
      ASSERT_GT(acked.size(), 10u);
      for (const auto& [key, url] : acked) EXPECT_EQ(t.redirect(key), url) << key;
      for (uint32_t c = 0; c < copies; ++c) {
        const auto a = t.audit(c, acked);
        EXPECT_EQ(a.checked(), acked.size());
        EXPECT_EQ(a.missing(), 0u) << "copy " << c;
        EXPECT_EQ(a.wrong(), 0u) << "copy " << c;
      }
      EXPECT_EQ(t.leaderless(), 0u) << "every copy is back: each shard has a primary";
    }
  }
}

}  // namespace
}  // namespace sdsim::shortener
