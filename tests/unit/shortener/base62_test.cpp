// Tests for actors/shortener/base62.hpp.
#include "actors/shortener/base62.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace sdsim::shortener {
namespace {

TEST(Base62Test, KnownValues) {
  EXPECT_EQ(encode_base62(0), "0");
  EXPECT_EQ(encode_base62(9), "9");
  EXPECT_EQ(encode_base62(10), "A");
  EXPECT_EQ(encode_base62(35), "Z");
  EXPECT_EQ(encode_base62(36), "a");
  EXPECT_EQ(encode_base62(61), "z");
  EXPECT_EQ(encode_base62(62), "10");
  EXPECT_EQ(encode_base62(UINT64_MAX), "LygHa16AHYF");
  EXPECT_EQ(encode_base62(UINT64_MAX).size(), base62_max_digits);
}

TEST(Base62Test, AlphabetIsDigitsUpperLower) {
  ASSERT_EQ(base62_alphabet.size(), 62u);
  for (uint64_t d = 0; d < 62; ++d) EXPECT_EQ(encode_base62(d), std::string(1, base62_alphabet[d]));
}

TEST(Base62Test, RoundTrips) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{61}, uint64_t{62}, uint64_t{3843},
                     uint64_t{3844}, pow62(7) - 1, pow62(7), pow62(10), UINT64_MAX - 1,
                     UINT64_MAX}) {
    EXPECT_EQ(decode_base62(encode_base62(v)), v) << v;
    EXPECT_EQ(decode_base62(encode_base62(v, 12)), v) << v;
  }
  uint64_t v = 1;
  for (int i = 0; i < 1000; ++i, v = v * 6364136223846793005ULL + 1442695040888963407ULL) {
    EXPECT_EQ(decode_base62(encode_base62(v)), v) << v;
  }
}

TEST(Base62Test, FixedWidthPadsAndNeverTruncates) {
  EXPECT_EQ(encode_base62(0, 7), "0000000");
  EXPECT_EQ(encode_base62(62, 7), "0000010");
  EXPECT_EQ(encode_base62(pow62(7) - 1, 7), "zzzzzzz");
  EXPECT_EQ(encode_base62(pow62(7), 7), "10000000");  // needs 8 digits: all of them kept
  EXPECT_EQ(encode_base62(5, 0), "5");
}

TEST(Base62Test, FixedWidthTextOrderIsNumericOrder) {
  uint64_t prev = 0;
  std::string prev_text = encode_base62(prev, 7);
  for (uint64_t v : {uint64_t{1}, uint64_t{9}, uint64_t{10}, uint64_t{35}, uint64_t{36},
                     uint64_t{61}, uint64_t{62}, uint64_t{100000}, pow62(6), pow62(7) - 1}) {
    const std::string text = encode_base62(v, 7);
    EXPECT_LT(prev_text, text) << prev << " vs " << v;
    prev = v;
    prev_text = text;
  }
}

TEST(Base62Test, DecodeRefusesBadInput) {
  EXPECT_EQ(decode_base62(""), std::nullopt);
  EXPECT_EQ(decode_base62("abc-1"), std::nullopt);
  EXPECT_EQ(decode_base62("ab c"), std::nullopt);
  EXPECT_EQ(decode_base62("+1"), std::nullopt);
  EXPECT_EQ(decode_base62(std::string("a\0b", 3)), std::nullopt);
  EXPECT_EQ(decode_base62("\xc3\xa9"), std::nullopt);
}

TEST(Base62Test, DecodeRefusesOverflow) {
  EXPECT_EQ(decode_base62("LygHa16AHYF"), UINT64_MAX);
  EXPECT_EQ(decode_base62("LygHa16AHYG"), std::nullopt);  // UINT64_MAX + 1
  EXPECT_EQ(decode_base62("zzzzzzzzzzz"), std::nullopt);
  EXPECT_EQ(decode_base62("100000000000"), std::nullopt);  // 62^11
  EXPECT_EQ(decode_base62("00000000000000000001"), 1u);  // leading zeros are not overflow
}

}  // namespace
}  // namespace sdsim::shortener
