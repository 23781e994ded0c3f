#include "sim/time_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wf {
namespace {

// 2025-01-01T00:00:00Z, computed independently of the parser.
constexpr std::int64_t kJan1st2025 = 1'735'689'600;

Time utc(const char* text) {
  auto p = parse_datetime(text);
  EXPECT_TRUE(p.has_value()) << text;
  EXPECT_TRUE(p && p->has_offset) << text;
  return p ? p->t : Time::never();
}

TEST(ParseDatetime, DateOnlyIsNaiveMidnight) {
  auto p = parse_datetime("2025-01-01");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->has_offset);
  EXPECT_EQ(p->t, Time::seconds(kJan1st2025));
  EXPECT_EQ(parse_datetime("1970-01-01")->t, Time::zero());
  EXPECT_EQ(parse_datetime("1969-12-31")->t, Time::days(-1));
  EXPECT_EQ(parse_datetime("2000-03-01")->t, Time::days(11'017));
}

TEST(ParseDatetime, TimeForms) {
  const Time base = Time::seconds(kJan1st2025);
  EXPECT_EQ(parse_datetime("2025-01-01T13:45")->t, base + Time::minutes(13 * 60 + 45));
  EXPECT_EQ(parse_datetime("2025-01-01 13:45:07")->t,
            base + Time::minutes(13 * 60 + 45) + Time::seconds(7));
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.5")->t, base + Time::ms(500));
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.000001")->t, base + Time::us(1));
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.123456")->t, base + Time::us(123'456));
  EXPECT_FALSE(parse_datetime("2025-01-01T13:45")->has_offset);
}

TEST(ParseDatetime, FractionBeyondMicrosecondsRoundsHalfUp) {
  const Time base = Time::seconds(kJan1st2025);
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.0000004")->t, base);
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.0000005")->t, base + Time::us(1));
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:00.123456789")->t, base + Time::us(123'457));
  EXPECT_EQ(parse_datetime("2025-01-01T00:00:59.9999999")->t, base + Time::minutes(1));
  EXPECT_FALSE(parse_datetime("2025-01-01T00:00:00.1234567891"));  // more than ns
}

TEST(ParseDatetime, Offsets) {
  const Time base = Time::seconds(kJan1st2025);
  EXPECT_EQ(utc("2025-01-01T00:00:00Z"), base);
  EXPECT_EQ(utc("2025-01-01T01:00:00+01:00"), base);
  EXPECT_EQ(utc("2025-01-01T01:00:00+0100"), base);
  EXPECT_EQ(utc("2025-01-01T01:00:00+01"), base);
  EXPECT_EQ(utc("2024-12-31T19:30:00-04:30"), base);
  EXPECT_EQ(utc("2025-01-01T05:45+05:45"), base);
  EXPECT_EQ(utc("2025-01-01 00:00:00.25Z"), base + Time::ms(250));
  EXPECT_EQ(utc("2025-01-01T00:00:00-00:00"), base);
}

TEST(ParseDatetime, LeapYears) {
  EXPECT_TRUE(parse_datetime("2024-02-29"));
  EXPECT_TRUE(parse_datetime("2000-02-29"));
  EXPECT_FALSE(parse_datetime("2025-02-29"));
  EXPECT_FALSE(parse_datetime("1900-02-29"));
  EXPECT_EQ(parse_datetime("2024-03-01")->t - parse_datetime("2024-02-28")->t, Time::days(2));
  EXPECT_EQ(parse_datetime("2025-03-01")->t - parse_datetime("2025-02-28")->t, Time::days(1));
}

TEST(ParseDatetime, RefusesOutOfRange) {
  for (const char* bad :
       {"2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "2025-04-31", "2025-06-31",
        "2025-01-01T24:00:00", "2025-01-01T23:60", "2025-01-01T23:59:60", "2025-01-01T00:00+24:00",
        "2025-01-01T00:00+01:60"}) {
    EXPECT_FALSE(parse_datetime(bad)) << bad;
  }
}

TEST(ParseDatetime, RefusesMalformed) {
  for (const char* bad : {"",
                          "2025",
                          "2025-01",
                          "25-01-01",
                          "2025/01/01",
                          "2025-1-01",
                          "2025-01-1",
                          "2025-01-01T",
                          "2025-01-01T1:00",
                          "2025-01-01T01",
                          "2025-01-01T01:00:0",
                          "2025-01-01T01:00:00.",
                          "2025-01-01T01:00:00 ",
                          " 2025-01-01",
                          "2025-01-01T01:00:00+1",
                          "2025-01-01T01:00:00+01:0",
                          "2025-01-01T01:00:00+01:00x",
                          "2025-01-01Z",
                          "2025-01-01t01:00",
                          "2025-01-01T01:00:00 Z",
                          "2025-01-01x",
                          "01.01.2025 00:00"}) {
    EXPECT_FALSE(parse_datetime(bad)) << "'" << bad << "'";
  }
}

// One row parser reads the texts in order; each result is parse_datetime's.
void expect_parser_agrees(const std::vector<std::string>& texts) {
  DateTimeParser parser;
  for (const std::string& t : texts) {
    const auto want = parse_datetime(t), got = parser(t);
    ASSERT_EQ(got.has_value(), want.has_value()) << t;
    if (want) {
      ASSERT_EQ(got->t, want->t) << t;
      ASSERT_EQ(got->has_offset, want->has_offset) << t;
    }
  }
}

TEST(DateTimeParser, AgreesWithParseDatetimeOnEveryText) {
  // The row parser remembers the last date and reads the common clock shapes on a
  // short path: on each one-character change of such stamps (and their dates) it must
  // give what the general parser gives, text after text, primed or not.
  std::vector<std::string> texts;
  for (std::string base : {"2025-03-30T02:30:00Z", "2025-03-30T23:59:59-05:30",
                           "2025-03-30 12:07:45+01:00", "2025-03-30T00:00:00.5Z"}) {
    texts.push_back(base);
    for (std::size_t i = 0; i < base.size(); ++i)
      // Also the bytes next to the digits ('/', ':', ';', '?') and a high byte whose
      // low nibble is a digit's, for the row parser's word-at-a-time digit test.
      for (char c : std::string("0123456789TZ:+- .x/;?\xb3")) {
        std::string t = base;
        t[i] = c;
        texts.push_back(t);
        texts.push_back(base);  // the date again, so the next text takes the short path
      }
    texts.push_back(base + "0");
    texts.push_back(base.substr(0, base.size() - 1));
  }
  expect_parser_agrees(texts);
}

// A column on a grid is checked against the text its next time would have. Grids of
// several steps, over midnight and the year's end, with each shape of the short path;
// every one-character change of a next stamp, a gap and a step that changes: the row
// parser must give what the general parser gives.
TEST(DateTimeParser, GridsOfStampsAgreeWithParseDatetime) {
  auto stamp = [](Time t, char sep, const std::string& suffix, Time offset) {
    std::string s = format_utc(t + offset);  // the wall clock at that offset
    s.pop_back();                            // its 'Z'
    s[10] = sep;
    return s + suffix;
  };
  struct Shape {
    char sep;
    std::string suffix;
    Time offset;
  };
  const std::vector<Shape> shapes = {{'T', "Z", Time::zero()},
                                     {' ', "+01:00", Time::hours(1)},
                                     {'T', "-05:30", -Time::minutes(330)}};
  for (const Shape& sh : shapes)
    for (const Time step : {Time::seconds(1), Time::seconds(7), Time::minutes(1), Time::minutes(15),
                            Time::hours(1), Time::hours(23)}) {
      std::vector<std::string> texts;
      Time t = utc("2024-12-31T22:00:00Z");
      for (int i = 0; i < 400; ++i, t += step) {
        const std::string next = stamp(t, sh.sep, sh.suffix, sh.offset);
        if (i % 37 == 5)  // every one-character change of the next stamp, each after
          for (std::size_t k = 0; k < next.size(); ++k)  // the two stamps before it
            for (char c : std::string("0123456789:T ")) {
              std::string m = next;
              m[k] = c;
              texts.push_back(stamp(t - step - step, sh.sep, sh.suffix, sh.offset));
              texts.push_back(stamp(t - step, sh.sep, sh.suffix, sh.offset));
              texts.push_back(m);
            }
        if (i % 53 == 9) t += step * 2;           // a gap: the grid goes on after it
        if (i % 97 == 50) t += Time::seconds(1);  // off the grid for one stamp
        texts.push_back(stamp(t, sh.sep, sh.suffix, sh.offset));
      }
      expect_parser_agrees(texts);
    }
}

TEST(FormatUtc, RoundTrips) {
  EXPECT_EQ(format_utc(Time::seconds(kJan1st2025)), "2025-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(Time::zero()), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_utc(Time::us(-1)), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(format_utc(Time::seconds(kJan1st2025) + Time::ms(250)), "2025-01-01T00:00:00.250Z");
  EXPECT_EQ(format_utc(Time::seconds(kJan1st2025) + Time::us(7)), "2025-01-01T00:00:00.000007Z");
  EXPECT_EQ(format_utc(utc("2024-02-29T23:59:59+00:00")), "2024-02-29T23:59:59Z");
  EXPECT_EQ(format_utc(Time::never()), "never");
  for (const char* s : {"2025-03-30T01:00:00Z", "1999-12-31T23:59:59.5Z", "2100-02-28T12:00:00Z"}) {
    const Time t = utc(s);
    EXPECT_EQ(utc(format_utc(t).c_str()), t) << s;
  }
}

TEST(ParseDuration, Units) {
  EXPECT_EQ(parse_duration("15min"), Time::minutes(15));
  EXPECT_EQ(parse_duration("1 h"), Time::hours(1));
  EXPECT_EQ(parse_duration("365d"), Time::days(365));
  EXPECT_EQ(parse_duration("200ms"), Time::ms(200));
  EXPECT_EQ(parse_duration("30s"), Time::seconds(30));
  EXPECT_EQ(parse_duration("2w"), Time::days(14));
  EXPECT_EQ(parse_duration("10us"), Time::us(10));
  EXPECT_EQ(parse_duration("0s"), Time::zero());
  EXPECT_EQ(parse_duration(" 5 min "), Time::minutes(5));
}

TEST(ParseDuration, DecimalsAreExact) {
  EXPECT_EQ(parse_duration("1.5h"), Time::minutes(90));
  EXPECT_EQ(parse_duration("0.1s"), Time::ms(100));
  EXPECT_EQ(parse_duration("0.25d"), Time::hours(6));
  EXPECT_EQ(parse_duration("2.5min"), Time::seconds(150));
  EXPECT_EQ(parse_duration("0.001ms"), Time::us(1));
  EXPECT_EQ(parse_duration("0.0015ms"), Time::us(2));  // half up
  EXPECT_EQ(parse_duration("0.0014ms"), Time::us(1));
  EXPECT_EQ(parse_duration("1.000000001s"), Time::seconds(1));
  EXPECT_EQ(parse_duration("0.1h"), Time::minutes(6));
}

TEST(ParseDuration, Iso8601) {
  EXPECT_EQ(parse_duration("PT15M"), Time::minutes(15));
  EXPECT_EQ(parse_duration("P1D"), Time::days(1));
  EXPECT_EQ(parse_duration("PT1H30M"), Time::minutes(90));
  EXPECT_EQ(parse_duration("P1DT12H"), Time::hours(36));
  EXPECT_EQ(parse_duration("PT0.5S"), Time::ms(500));
  EXPECT_EQ(parse_duration("PT1H0M10S"), Time::seconds(3610));
  EXPECT_EQ(parse_duration("P2W"), Time::days(14));
}

TEST(ParseDuration, Refuses) {
  for (const char* bad : {"",
                          "15",
                          "1.5",
                          "-15min",
                          "+15min",
                          "15 minutes",
                          "15m",
                          "15 mins",
                          "1e3s",
                          ".5h",
                          "5.h",
                          "h",
                          "15min 2s",
                          "1,5h",
                          "15MIN",
                          "P",
                          "PT",
                          "P1M",
                          "P1Y",
                          "PT1M1H",
                          "P1DT",
                          "PT15",
                          "P1H",
                          "PT-1M",
                          "99999999999999999999s",
                          "999999999999w",
                          "1.5.5h",
                          "min15"}) {
    EXPECT_FALSE(parse_duration(bad)) << "'" << bad << "'";
  }
}

TEST(FormatDuration, ShortestExactUnit) {
  EXPECT_EQ(format_duration(Time::minutes(15)), "15min");
  EXPECT_EQ(format_duration(Time::hours(1)), "1h");
  EXPECT_EQ(format_duration(Time::days(365)), "365d");
  EXPECT_EQ(format_duration(Time::days(14)), "2w");
  EXPECT_EQ(format_duration(Time::ms(1'500)), "1500ms");
  EXPECT_EQ(format_duration(Time::minutes(90)), "90min");
  EXPECT_EQ(format_duration(Time::us(7)), "7us");
  EXPECT_EQ(format_duration(Time::zero()), "0s");
  EXPECT_EQ(format_duration(-Time::seconds(30)), "-30s");
  for (const char* s : {"15min", "1h", "365d", "1500ms", "7us", "3w", "25h"})
    EXPECT_EQ(format_duration(*parse_duration(s)), s);
}

}  // namespace
}  // namespace wf
