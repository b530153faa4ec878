#include "app/callgrind_dump.hpp"

#include <sstream>

#include <gtest/gtest.h>

namespace sdsim::scenarios {
namespace {

std::optional<callgrind_dump> read(const std::string& text, std::string* error) {
  std::istringstream in(text);
  return read_callgrind_dump(in, error);
}

// The shape callgrind 3.19 writes with compressed names: "(id) name" once, "(id)" after.
const char* compressed = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
part: 2
desc: Trigger: Client Request: run
events: Ir
summary: 402165422

ob=(1) /usr/lib/x86_64-linux-gnu/libc.so.6
fl=(1) ???
fn=(10) malloc
0 120
fn=(11) operator new(unsigned long)
0 5
cob=(1)
cfi=(1)
cfn=(10)
calls=300 0
0 36000
fn=(12) sqlite3Malloc
cfn=(13) realloc
calls=7 0
0 70
cfn=(14) calloc
calls=2 0
0 20
cfn=(15) malloc_consolidate
calls=1000 0
0 9
totals: 402165422
)";

TEST(CallgrindDump, ReadsTriggerInstructionsAndAllocations) {
  std::string error;
  const auto d = read(compressed, &error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->trigger, "run");
  EXPECT_EQ(d->instructions, 402165422u);
  // 300 through the compressed id of malloc, 7 realloc, 2 calloc; malloc_consolidate is not
  // an allocation.
  EXPECT_EQ(d->allocations, 309u);
}

TEST(CallgrindDump, ReadsUncompressedNamesAndTheExitDump) {
  const std::string text =
      "# callgrind format\nversion: 1\ncreator: callgrind-3.19.0\n"
      "desc: Trigger: Program termination\nevents: Ir\nsummary: 10\n"
      "fn=main\ncfn=malloc\ncalls=4 12\n0 40\ntotals: 12\n";
  std::string error;
  const auto d = read(text, &error);
  ASSERT_TRUE(d) << error;
  EXPECT_EQ(d->trigger, "");
  EXPECT_EQ(d->instructions, 12u) << "totals, not the summary, is the dump's count";
  EXPECT_EQ(d->allocations, 4u);
}

TEST(CallgrindDump, RefusesOtherText) {
  std::string error;
  EXPECT_FALSE(read("events: Ir\ntotals: 5\n", &error));
  EXPECT_EQ(error, "not a callgrind dump");
  EXPECT_FALSE(read("# callgrind format\nversion: 1\nevents: Ir\n", &error));
  EXPECT_EQ(error, "the dump has no totals");
}

}  // namespace
}  // namespace sdsim::scenarios
