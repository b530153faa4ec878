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
