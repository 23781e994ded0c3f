#include "sim/plain_decimal.hpp"

#include <fast_float/fast_float.h>
#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace wf {
namespace {

std::optional<double> plain(const std::string& s, char mark = '.') {
  return plain_decimal(s.data(), s.data() + s.size(), mark);
}

// What the general parser makes of the whole text (nullopt: not all of it a number).
std::optional<double> general(const std::string& s, char mark) {
  double v = 0;
  const auto [p, ec] = fast_float::from_chars_advanced(
      s.data(), s.data() + s.size(), v,
      fast_float::parse_options(fast_float::chars_format::general, mark));
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Every text the short road reads, it reads to the general parser's double, bit for bit.
void expect_agrees(const std::string& s, char mark = '.') {
  const auto got = plain(s, mark);
  if (!got) return;
  const auto want = general(s, mark);
  ASSERT_TRUE(want.has_value()) << s;
  EXPECT_EQ(std::bit_cast<std::uint64_t>(*got), std::bit_cast<std::uint64_t>(*want)) << s;
}

TEST(PlainDecimal, ReadsTheRowShapes) {
  EXPECT_EQ(plain("22560.0"), 22560.0);
  EXPECT_EQ(plain("-3.25"), -3.25);
  EXPECT_EQ(plain("0.1"), 0.1);
  EXPECT_EQ(plain("17"), 17.0);
  EXPECT_EQ(plain("12,5", ','), 12.5);
  EXPECT_EQ(plain("9007199254740992"), 9007199254740992.0);  // 2^53
  const auto nz = plain("-0.0");
  ASSERT_TRUE(nz.has_value());
  EXPECT_TRUE(std::signbit(*nz));
}

TEST(PlainDecimal, LeavesEveryOtherShapeToTheGeneralParser) {
  for (const char* s :
       {"", "-", ".5", "5.", "1e3", "1E-2", "+5", "--5", "1.2.3", " 5", "5 ", "inf", "nan", "0x10",
        "12,5", "1_000", "9007199254740993", "12345678901234567890", "0.00000000000000000000001"})
    EXPECT_FALSE(plain(s).has_value()) << s;
  EXPECT_FALSE(plain("12.5", ',').has_value());
}

TEST(PlainDecimal, AgreesWithTheGeneralParserBitForBit) {
  std::mt19937_64 rng(18);
  std::uniform_int_distribution<int> len(1, 20), digit(0, 9), coin(0, 3);
  for (int n = 0; n < 400'000; ++n) {
    std::string s = coin(rng) == 0 ? "-" : "";
    const int whole = len(rng), frac = coin(rng) == 0 ? 0 : len(rng);
    for (int i = 0; i < whole; ++i) s += static_cast<char>('0' + digit(rng));
    if (frac > 0) {
      s += '.';
      for (int i = 0; i < frac; ++i) s += static_cast<char>('0' + digit(rng));
    }
    expect_agrees(s);
    if (frac > 0) {
      std::string c = s;
      c[c.find('.')] = ',';
      expect_agrees(c, ',');
    }
  }
  // Near the edges: 2^53 and its neighbours, 22 decimals, halfway cases of short texts.
  for (const char* s :
       {"9007199254740991", "9007199254740992", "900719925474099.2", "0.9007199254740992",
        "1.0000000000000000000001", "0.0000000000000000000001", "2.5", "0.5", "1.15", "0.3",
        "123456789012345.6", "4503599627370496.5"})
    expect_agrees(s);
}

TEST(PlainDecimal, ReadsEveryTextOfTheRoundTripOfRandomDoubles) {
  // Shortest round-trip texts of random doubles in the range of powers: what a writer
  // of traces produces. Those in the plain shape come back as the same double.
  std::mt19937_64 rng(53);
  std::uniform_real_distribution<double> mag(-1e7, 1e7);
  int read = 0;
  for (int n = 0; n < 100'000; ++n) {
    char buf[64];
    const double x = mag(rng) / std::pow(10.0, static_cast<double>(n % 9));
    const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
    const std::string s(buf, r.ptr);
    if (auto got = plain(s)) {
      ++read;
      EXPECT_EQ(std::bit_cast<std::uint64_t>(*got), std::bit_cast<std::uint64_t>(x)) << s;
    }
  }
  EXPECT_GT(read, 50'000);
}

}  // namespace
}  // namespace wf
