// Strict UTF-8 validation of scenario files: what is well-formed, each kind of ill-formed
// sequence, and the line:column reported for the first bad byte.
#include "engine/utf8.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sdsim::scenarios {
namespace {

// Where the first bad byte is, as "line:column", or "valid".
std::string where(std::string_view text) {
  const auto p = first_invalid_utf8(text);
  return p ? std::to_string(p->line) + ":" + std::to_string(p->column) : "valid";
}

TEST(Utf8, WellFormedTextIsAccepted) {
  EXPECT_EQ(where(""), "valid");
  EXPECT_EQ(where("name: \"plain ascii\"\n\tduration_s: 10\n"), "valid");
  EXPECT_EQ(where("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x9a\x95 \xe4\xb8\xad\xe6\x96\x87"), "valid");
  // The edges of each range in Unicode's table of well-formed sequences.
  EXPECT_EQ(where("\x7f"), "valid");
  EXPECT_EQ(where("\xc2\x80"), "valid");              // U+0080
  EXPECT_EQ(where("\xdf\xbf"), "valid");              // U+07FF
  EXPECT_EQ(where("\xe0\xa0\x80"), "valid");          // U+0800
  EXPECT_EQ(where("\xed\x9f\xbf"), "valid");          // U+D7FF, just below the surrogates
  EXPECT_EQ(where("\xee\x80\x80"), "valid");          // U+E000, just above them
  EXPECT_EQ(where("\xef\xbf\xbf"), "valid");          // U+FFFF
  EXPECT_EQ(where("\xf0\x90\x80\x80"), "valid");      // U+10000
  EXPECT_EQ(where("\xf4\x8f\xbf\xbf"), "valid");      // U+10FFFF, the last code point
  EXPECT_EQ(where(std::string_view("a\0b", 3)), "valid");  // NUL is a character
}

TEST(Utf8, OverlongFormsAreRefused) {
  EXPECT_EQ(where("\xc0\x80"), "1:1");           // NUL in two bytes
  EXPECT_EQ(where("\xc1\xbf"), "1:1");
  EXPECT_EQ(where("\xe0\x80\x80"), "1:1");       // three-byte overlong
  EXPECT_EQ(where("\xe0\x9f\xbf"), "1:1");
  EXPECT_EQ(where("\xf0\x80\x80\x80"), "1:1");   // four-byte overlong
  EXPECT_EQ(where("\xf0\x8f\xbf\xbf"), "1:1");
}

TEST(Utf8, SurrogatesAreRefused) {
  EXPECT_EQ(where("\xed\xa0\x80"), "1:1");  // U+D800
  EXPECT_EQ(where("\xed\xbf\xbf"), "1:1");  // U+DFFF
}

TEST(Utf8, BytesThatNeverAppearAreRefused) {
  EXPECT_EQ(where("\xf4\x90\x80\x80"), "1:1");  // above U+10FFFF
  for (int b = 0xf5; b <= 0xff; ++b)
    EXPECT_EQ(where(std::string(1, static_cast<char>(b)) + "\x80\x80\x80"), "1:1") << b;
  EXPECT_EQ(where("\x80"), "1:1");      // a continuation byte with no lead
  EXPECT_EQ(where("\xbf"), "1:1");
}

TEST(Utf8, TruncatedSequencesAreRefused) {
  EXPECT_EQ(where("\xe2\x82"), "1:1");            // the euro sign cut short at the end
  EXPECT_EQ(where("\xf0\x9f\x9a"), "1:1");
  EXPECT_EQ(where("\xc3"), "1:1");
  EXPECT_EQ(where("\xe2\x82x"), "1:1");           // cut short by an ASCII byte
  EXPECT_EQ(where("\xc3\n"), "1:1");
}

TEST(Utf8, PositionOfTheFirstBadByte) {
  EXPECT_EQ(where("ab\xc0\x80"), "1:3");
  EXPECT_EQ(where("duration_s: 1\nname: \"caf\xe9\"\n"), "2:11");
  EXPECT_EQ(where("\n\n\nx\xed\xa0\x80 \xff"), "4:2");  // the first of two bad sequences
  EXPECT_EQ(where("ok\nok\n\xf5"), "3:1");               // at the start of a line
  EXPECT_EQ(where("line one\nend\xe2\x82"), "2:4");      // truncated at the end of the text
  // Columns count characters, so a multi-byte character before the bad byte is one column.
  EXPECT_EQ(where("\xc3\xa9t\xc3\xa9\n\xe2\x82\xac\xf0\x9f\x9a\x95x\xc0\xaf"), "2:4");
}

}  // namespace
}  // namespace sdsim::scenarios
