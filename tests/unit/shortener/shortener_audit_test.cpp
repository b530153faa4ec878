// One copy's audit: what it holds of the acknowledged mappings its shard owns.
#include "actors/shortener/shortener_audit.hpp"

#include <filesystem>

#include <gtest/gtest.h>
#include <unistd.h>

namespace sdsim::shortener {
namespace {

namespace fs = std::filesystem;

ShortenerFacts::Acked acked(const std::string& key, const std::string& url, int64_t expire = 0) {
  ShortenerFacts::Acked a;
  a.set_key(key);
  a.set_url(url);
  a.set_expire_at_ns(expire);
  return a;
}

TEST(shortener_audit, a_copy_counts_missing_and_wrong_mappings_but_not_swept_expiring_ones) {
  const auto dir = fs::temp_directory_path() / ("sdsim_audit_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string error;
  auto table = url_table::open((dir / "copy.sqlite").string(), &error);
  ASSERT_TRUE(table) << error;
  ASSERT_TRUE(table->add_users(5, 1, 0).ok());
  ASSERT_EQ(table->create("here", "https://a.example/", 0, 1, 1, 0).outcome, core::outcome::ok);
  ASSERT_EQ(table->create("other", "https://b.example/", 0, 1, 2, 0).outcome, core::outcome::ok);

  AuditRequest req;
  *req.add_acked() = acked("here", "https://a.example/");
  *req.add_acked() = acked("other", "https://not-b.example/");   // another URL: wrong
  *req.add_acked() = acked("gone", "https://c.example/");        // never expires: missing
  *req.add_acked() = acked("swept", "https://d.example/", 10);   // expiring: may be swept
  const AuditReply r = audit_copy(table.get(), req);
  EXPECT_EQ(r.checked(), 4u);
  EXPECT_EQ(r.missing(), 1u);
  EXPECT_EQ(r.wrong(), 1u);
  EXPECT_TRUE(r.intact());

  EXPECT_FALSE(audit_copy(nullptr, req).intact());   // a copy that cannot open its table
  table.reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sdsim::shortener

namespace sdsim::shortener {
namespace {

// A shard none of whose copies in sync answers: its acknowledged mappings are counted as not
// verifiable, and the check fails instead of passing over them.
TEST(shortener_audit, mappings_no_copy_in_sync_could_show_are_not_verifiable_and_fail) {
  core::hash_ring ring;
  ring.add("shard-0", 100);
  ring.add("shard-1", 100);
  audit_input in;
  in.ring = &ring;
  in.copies = 2;
  ShortenerFacts client;
  for (int i = 0; i < 20; ++i)
    *client.add_acked() = acked("k" + std::to_string(i), "https://e.example/");
  in.clients.push_back(client);
  ShardFacts answering;   // shard 0's copy answers; shard 1's is down at the end
  answering.set_index(0);
  answering.set_in_sync(true);
  in.shards.push_back(answering);
  in.audit = [](const ShardFacts&, const AuditRequest& req) -> std::optional<AuditReply> {
    AuditReply r;
    r.set_checked(static_cast<uint64_t>(req.acked_size()));
    r.set_intact(true);
    return r;
  };
  DesignReport out;
  audit(in, &out);
  const auto& check = out.checks(0);
  EXPECT_FALSE(check.ok());
  uint64_t on_shard_1 = 0;
  for (const auto& a : client.acked()) on_shard_1 += ring.owner(a.key()) == "shard-1";
  ASSERT_GT(on_shard_1, 0u);
  EXPECT_NE(check.detail().find(std::to_string(on_shard_1) + " not verifiable"), std::string::npos)
      << check.detail();
}

}  // namespace
}  // namespace sdsim::shortener
