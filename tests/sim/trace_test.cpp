#include "sim/trace.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <numbers>
#include <numeric>

#include "sim/error.hpp"
#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

Time utc(const char* iso) {
  auto p = parse_datetime(iso);
  EXPECT_TRUE(p && p->has_offset) << iso;
  return p ? p->t : Time::never();
}

const Time H = Time::hours(1);

// The matcher the error tests below lean on fails on each of its three parts.
TEST(InputErrorAt, ChecksLineFieldAndDetail) {
  const InputError e("f.csv", 3, "time", "time goes back");
  EXPECT_THAT(e, test::InputErrorAt(3, "time", HasSubstr("back")));
  EXPECT_THAT(e, ::testing::Not(test::InputErrorAt(4, "time", HasSubstr("back"))));
  EXPECT_THAT(e, ::testing::Not(test::InputErrorAt(3, "v", HasSubstr("back"))));
  EXPECT_THAT(e, ::testing::Not(test::InputErrorAt(3, "time", HasSubstr("forward"))));
}

class TraceTest : public ::testing::Test {
 protected:
  test::TempDir dir_;

  TraceSpec spec(const std::string& name, const std::string& text) {
    TraceSpec s;
    s.file = dir_.write(name, text);
    return s;
  }
  // Loads over the run [from, to).
  static LoadedTrace load(const TraceSpec& s, const char* from, const char* to) {
    return load_trace(s, utc(from), utc(to));
  }
  // `fast` (times, then values) and `general` (the same rows, values first) read over
  // [from, to): the same series and repairs, or the same error at the same line.
  static void expect_same_reading(const TraceSpec& fast, TraceSpec general, Time from, Time to,
                                  const std::string& what) {
    general.time_column = "time", general.value_column = "value";
    std::optional<LoadedTrace> ra, rb;
    std::optional<InputError> ea, eb;
    try {
      ra = load_trace(fast, from, to);
    } catch (const InputError& e) {
      ea = e;
    }
    try {
      rb = load_trace(general, from, to);
    } catch (const InputError& e) {
      eb = e;
    }
    ASSERT_EQ(ea.has_value(), eb.has_value()) << what << ": " << (ea ? ea->what() : eb->what());
    if (ea) {
      EXPECT_EQ(ea->line(), eb->line()) << what;
      EXPECT_EQ(ea->field(), eb->field()) << what;
      EXPECT_EQ(ea->detail(), eb->detail()) << what;
      return;
    }
    EXPECT_EQ(ra->series.times(), rb->series.times()) << what;
    EXPECT_EQ(ra->series.values(), rb->series.values()) << what;
    EXPECT_EQ(ra->series.end(), rb->series.end()) << what;
    ASSERT_EQ(ra->repairs.size(), rb->repairs.size()) << what;
    for (std::size_t i = 0; i < ra->repairs.size(); ++i) {
      const std::string x = ra->repairs[i], y = rb->repairs[i];
      EXPECT_EQ(x.substr(x.find(".csv")), y.substr(y.find(".csv"))) << what;
    }
  }
  // The InputError load_trace throws, or a test failure.
  static InputError error(const TraceSpec& s, const char* from = "2025-01-01T00:00Z",
                          const char* to = "2025-01-01T01:00Z") {
    try {
      load(s, from, to);
    } catch (const InputError& e) {
      return e;
    }
    ADD_FAILURE() << "expected an InputError";
    return InputError("", 0, "", "");
  }
};

// Three hourly rows 1, 2, 3 from 2025-01-01T00:00Z.
const char* kHourly =
    "time,value\n"
    "2025-01-01T00:00:00Z,1\n"
    "2025-01-01T01:00:00Z,2\n"
    "2025-01-01T02:00:00Z,3\n";

TEST_F(TraceTest, UnixTimesBeyondTheYear2200AreRefused) {
  // 8478084784317 s (year 270 000) fits in microseconds, but spans between such
  // stamps overflowed (found by tests/fuzz).
  auto s = spec("far.csv", "t;v\n1735689600;1\n8478084784317;2\n");
  s.time_format = TimeFormat::unix_s;
  auto e = error(s);
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.detail().find("from 1900 to 2200"), std::string::npos) << e.detail();
}

TEST_F(TraceTest, ValuesThatOverflowWithTheirScaleAreRefused) {
  auto s = spec("big.csv", "time,value\n2025-01-01T00:00:00Z,1\n2025-01-01T01:00:00Z,1e300\n");
  s.unit_factor = 1e6;  // MW
  s.scale = 1e10;
  auto e = error(s);
  EXPECT_EQ(e.line(), 3);
  EXPECT_NE(e.detail().find("beyond 1e30"), std::string::npos) << e.detail();
}

TEST_F(TraceTest, StepTraceHoldsEachRowForOneSpacing) {
  auto s = spec("h.csv", kHourly);
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T03:00Z");
  EXPECT_EQ(tr.spacing, H);
  EXPECT_TRUE(tr.repairs.empty());
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-01-01T00:00Z"), utc("2025-01-01T01:00Z"),
                                             utc("2025-01-01T02:00Z")));
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 2, 3));
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T03:00Z"));
  EXPECT_FALSE(tr.series.repeats());
  EXPECT_DOUBLE_EQ(tr.series.mean(utc("2025-01-01T00:00Z"), utc("2025-01-01T03:00Z")), 2);
}

// Rows on an even grid keep their times as the grid: a series costs its values only.
// A row off the grid (a gap held, a shifted stamp) lists every time; both read alike.
TEST_F(TraceTest, TimesOnAnEvenGridAreKeptAsTheGrid) {
  std::string even = "time,value\n", shifted = even;
  for (int m = 0; m < 600; ++m) {
    even += fmt::format("2025-01-01T{:02}:{:02}:00Z,{}\n", m / 60, m % 60, m);
    shifted +=
        fmt::format("2025-01-01T{:02}:{:02}:{:02}Z,{}\n", m / 60, m % 60, m == 300 ? 30 : 0, m);
  }
  const auto a = load(spec("even.csv", even), "2025-01-01T00:00Z", "2025-01-01T10:00Z");
  const auto b = load(spec("shifted.csv", shifted), "2025-01-01T00:00Z", "2025-01-01T10:00Z");
  EXPECT_TRUE(a.series.times().is_grid());
  EXPECT_EQ(a.series.times().heap_bytes(), 0u);
  EXPECT_FALSE(b.series.times().is_grid());
  ASSERT_EQ(a.series.size(), 600u);
  ASSERT_EQ(b.series.size(), 600u);
  for (std::size_t i = 0; i < 600; ++i) {
    const Time want = utc("2025-01-01T00:00Z") + Time::minutes(static_cast<std::int64_t>(i));
    EXPECT_EQ(a.series.times()[i], want) << i;
    EXPECT_EQ(b.series.times()[i], i == 300 ? want + Time::seconds(30) : want) << i;
  }
  EXPECT_EQ(a.series.values(), b.series.values());
  EXPECT_EQ(a.series.end(), utc("2025-01-01T10:00Z"));
  EXPECT_DOUBLE_EQ(a.series.mean(utc("2025-01-01T01:00Z"), utc("2025-01-01T02:00Z")), 89.5);
  EXPECT_EQ(a.series.max(utc("2025-01-01T01:00:30Z"), utc("2025-01-01T01:02Z")), 61);
}

// A file of times then values, on a grid, takes the reader's short road (each record
// checked against the grid's next time); the same rows with the columns swapped take the
// general one. Whatever a row does to leave the grid or the short shape, both read the
// same series and repairs, or fail at the same line with the same words.
TEST_F(TraceTest, RowsOnAGridReadAsTheGeneralReaderReadsThem) {
  struct Odd {
    int row;                           // the row changed (minutes from 23:00; midnight is row 60)
    std::string stamp, value, before;  // a replaced stamp or value (empty: kept), a line before it
  };
  const std::vector<Odd> odds = {
      {5, "", "", ""},  // none
      {5, "", "x", ""},
      {5, "", " 7.25 ", ""},
      {5, "", "7.25\r", ""},
      {5, "", "12345678901234567.5", ""},  // the value runs past 16 bytes
      {5, "", "\"3\"", ""},
      {5, "", "1,5", ""},  // three fields
      {5, "", "\"1,5\"", ""},
      {5, "", "<glued>", ""},  // no separator: one field
      {5, "", "", "# comment"},
      {5, "", "", "   "},
      {5, "2025-01-01T23:05:30Z", "", ""},       // off the grid
      {5, "2025-01-01T23:04:00Z", "", ""},       // a duplicate
      {5, "2025-01-01T23:03:00Z", "", ""},       // back in time
      {5, "2025-01-01T23:06:00Z", "", ""},       // a gap
      {5, "2025-01-01T23:05:00+00:00", "", ""},  // the same instant written otherwise
      {5, "2025-01-01 23:05:00Z", "", ""},
      {5, "2025-01-01T23:05:00Z ", "", ""},  // a blank after the time
      {5, " 2025-01-01T23:05:00Z", "", ""},
      {5, "2025-01-01T23:05:00", "", ""},  // no offset
      {60, "", "", ""},
      {60, "2025-01-02T00:00:00Z", "", "# midnight"},
      {61, "", "", ""},
  };
  for (std::size_t gap_empty = 0; gap_empty < 2; ++gap_empty) {
    for (const Odd& odd : odds) {
      std::string fast = "time,value\n", general = "value,time\n";
      for (int m = 0; m < 120; ++m) {
        const Time t = utc("2025-01-01T23:00Z") + Time::minutes(m);
        std::string stamp = format_utc(t), value = fmt::format("{}.5", m);
        if (m == odd.row) {
          if (!odd.stamp.empty()) stamp = odd.stamp;
          if (!odd.value.empty()) value = odd.value;
          if (!odd.before.empty()) fast += odd.before + "\n", general += odd.before + "\n";
        }
        if (gap_empty && m == 30) value.clear();
        const bool cr = !value.empty() && value.back() == '\r';
        if (cr) value.pop_back();
        const std::string sep = value == "<glued>" ? (value = "7", "") : ",";
        fast += stamp + sep + value + (cr ? "\r\n" : "\n");
        general += value + sep + stamp + (cr ? "\r\n" : "\n");
      }
      TraceSpec a = spec("fast.csv", fast), b = spec("general.csv", general);
      a.gaps = b.gaps = gap_empty ? GapPolicy::hold : GapPolicy::error;
      expect_same_reading(a, b, utc("2025-01-01T23:00Z"), utc("2025-01-02T00:30Z"),
                          odd.stamp + "|" + odd.value + "|" + odd.before);
    }
  }
}

// The short road on every shape it takes: both shapes of time, steps that carry seconds
// into minutes and minutes into hours, each separator, values around its 16-byte window,
// CRLF files and a last row without a newline.
TEST_F(TraceTest, GridFilesOfEveryShapeReadAsTheGeneralReaderReadsThem) {
  const std::vector<std::string> values = {"1",
                                           "12.5",
                                           "-0.25",
                                           "1234567890123",
                                           "12345678901.25",
                                           "123456789012.25",
                                           "1234567890123.25",
                                           "7",
                                           "  8.5  ",
                                           "0"};  // 1 to 16 bytes
  for (const char sep : {',', ';', '\t', '|'}) {
    for (const bool offset : {false, true}) {
      for (const std::int64_t step_s : {60, 90, 3661}) {
        for (const int ending : {0, 1, 2}) {  // LF; CRLF; LF but none after the last row
          std::string fast = fmt::format("time{}value\n", sep);
          std::string general = fmt::format("value{}time\n", sep);
          const Time first = utc("2025-03-30T20:00Z");
          const int rows = 200;
          for (int i = 0; i < rows; ++i) {
            std::string stamp = format_utc(first + Time::seconds(step_s * i));
            if (offset) {  // the same instants at +01:00
              const Time local = first + Time::seconds(step_s * i) + Time::hours(1);
              stamp = format_utc(local);
              stamp.replace(stamp.size() - 1, 1, "+01:00");
            }
            const std::string& v = values[static_cast<std::size_t>(i) % values.size()];
            const std::string eol = ending == 1                      ? "\r\n"
                                    : (ending == 2 && i == rows - 1) ? ""
                                                                     : "\n";
            fast += stamp + sep + v + eol;
            general += v + sep + stamp + eol;
          }
          const TraceSpec a = spec("fast.csv", fast);
          TraceSpec b = spec("general.csv", general);
          const Time end = first + Time::seconds(step_s * (rows - 1));
          expect_same_reading(a, b, first, end,
                              fmt::format("sep {} offset {} step {} ending {}",
                                          static_cast<int>(sep), offset, step_s, ending));
        }
      }
    }
  }
}

// Records at every offset from the end of the reader's 256 KiB block, plain and gzip: a
// record cut by the block end is left to the general path, which reads on.
TEST_F(TraceTest, GridRecordsAcrossTheReadersBlocksReadAsTheGeneralReaderReadsThem) {
  const Time first = utc("2025-01-01T00:00Z");
  const int rows = 10'000;  // about 290 KB: past the first block
  for (int pad = 0; pad <= 40; ++pad) {
    std::string fast = "#" + std::string(static_cast<std::size_t>(pad), 'x') + "\ntime,value\n";
    std::string general = "#" + std::string(static_cast<std::size_t>(pad), 'x') + "\nvalue,time\n";
    for (int i = 0; i < rows; ++i) {
      const std::string stamp = format_utc(first + Time::minutes(i));
      const std::string v = fmt::format("{}.{}", i, i % 7);
      fast += stamp + "," + v + "\n";
      general += v + "," + stamp + "\n";
    }
    const Time end = first + Time::minutes(rows - 1);
    const bool gz = pad % 8 == 0;
    if (!gz) {
      expect_same_reading(spec("fast.csv", fast), spec("general.csv", general), first, end,
                          fmt::format("pad {}", pad));
      continue;
    }
    TraceSpec a, b;
    a.file = dir_ / "fast.csv.gz", b.file = dir_ / "general.csv.gz";
    for (const auto& [path, text] : {std::pair{a.file, &fast}, std::pair{b.file, &general}}) {
      gzFile f = gzopen(path.c_str(), "wb");
      ASSERT_NE(f, nullptr);
      gzwrite(f, text->data(), static_cast<unsigned>(text->size()));
      gzclose(f);
    }
    expect_same_reading(a, b, first, end, fmt::format("gzip, pad {}", pad));
  }
}

TEST_F(TraceTest, UnitFactorAndScaleMultiply) {
  auto s = spec("h.csv", kHourly);
  s.unit_factor = 1000;  // kW -> W
  s.scale = 0.5;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T03:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(500, 1000, 1500));
}

TEST_F(TraceTest, ColumnsByNameAndOffsets) {
  auto s = spec("c.csv",
                "id;stamp;power_kw\n"
                "a;2025-01-01T01:00:00+01:00;1,5\n"
                "b;2025-01-01T01:15:00+0100;-2\n"
                "c;2025-01-01T00:30Z;+3,25\n");
  s.time_column = "stamp";
  s.value_column = "power_kw";
  s.decimal = ',';
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T00:45Z");
  EXPECT_EQ(tr.spacing, Time::minutes(15));
  EXPECT_EQ(tr.series.start(), utc("2025-01-01T00:00Z"));
  EXPECT_THAT(tr.series.values(), ElementsAre(1.5, -2, 3.25));
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T00:45Z"));
}

TEST_F(TraceTest, UnknownColumnListsTheAvailableOnes) {
  auto s = spec("c.csv", kHourly);
  s.value_column = "power";
  auto e = error(s);
  EXPECT_THAT(e.file(), HasSubstr("c.csv"));
  EXPECT_EQ(e.field(), "value_column");
  EXPECT_THAT(e.detail(), AllOf(HasSubstr("'power'"), HasSubstr("'time', 'value'")));
  s.value_column.clear();
  s.time_column = "Time";
  EXPECT_EQ(error(s).field(), "time_column");
  auto one = spec("one.csv", "value\n1\n2\n");
  EXPECT_THAT(error(one).detail(), HasSubstr("only 1 column"));
}

TEST_F(TraceTest, BadNumbersNameLineAndColumn) {
  auto s = spec("n.csv",
                "time,power\n"
                "2025-01-01T00:00Z,1\n"
                "2025-01-01T01:00Z,12.5kW\n");
  auto e = error(s);
  EXPECT_EQ(e.line(), 3);
  EXPECT_EQ(e.field(), "power");
  EXPECT_THAT(e.what(), HasSubstr("n.csv:3: power:"));
  EXPECT_THAT(e.detail(), HasSubstr("expected a number like 12.5, got '12.5kW'"));
  for (const char* bad : {"1,5", "nan", "inf", "0x10", "1e", "--1", "+-1", "1 2", "1e999"}) {
    auto b = spec("b.csv", std::string("time,power\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,\"") +
                               bad + "\"\n");
    EXPECT_EQ(error(b).line(), 3) << bad;
  }
  // Decimal comma: a point is refused (it could be a thousands separator).
  auto c = spec("c.csv", "time;v\n2025-01-01T00:00Z;1,5\n2025-01-01T01:00Z;1.5\n");
  c.decimal = ',';
  auto ce = error(c);
  EXPECT_EQ(ce.line(), 3);
  EXPECT_THAT(ce.detail(), HasSubstr("like 12,5"));
  // Exponents are numbers.
  auto x = spec("x.csv", "time,v\n2025-01-01T00:00Z,1e3\n2025-01-01T01:00Z,-2.5E-1\n");
  EXPECT_THAT(load(x, "2025-01-01T00:00Z", "2025-01-01T02:00Z").series.values(),
              ElementsAre(1000, -0.25));
}

TEST_F(TraceTest, EmptyValueIsAnErrorUnlessGapsAreHandled) {
  const char* text =
      "time,v\n"
      "2025-01-01T00:00Z,1\n"
      "2025-01-01T01:00Z,\n"
      "2025-01-01T02:00Z,3\n"
      "2025-01-01T03:00Z,4\n";
  auto s = spec("e.csv", text);
  EXPECT_THAT(error(s),
              test::InputErrorAt(3, "v", AllOf(HasSubstr("empty value"), HasSubstr("gaps: hold"))));
  s.gaps = GapPolicy::hold;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T04:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 3, 4));  // 1 holds over the missing hour
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2025-01-01T01:30Z")), 1);
  ASSERT_THAT(tr.repairs, SizeIs(2));
  EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":3: "), HasSubstr("dropped")));
  EXPECT_THAT(tr.repairs[1], AllOf(StartsWith(s.file.string() + ":4: "), HasSubstr("gap of 2h")));
  s.gaps = GapPolicy::interpolate;
  EXPECT_THAT(load(s, "2025-01-01T00:00Z", "2025-01-01T04:00Z").series.values(),
              ElementsAre(1, 2, 3, 4));
}

TEST_F(TraceTest, BadTimesNameLineAndColumn) {
  auto s = spec("t.csv", "when,v\n2025-01-01T00:00Z,1\n2025-13-01T00:00Z,2\n");
  EXPECT_THAT(error(s), test::InputErrorAt(
                            3, "when",
                            HasSubstr("expected an ISO 8601 time like 2025-01-01T00:00:00+01:00, "
                                      "got '2025-13-01T00:00Z'")));
}

TEST_F(TraceTest, NaiveTimesNeedATimezone) {
  auto s = spec("n.csv", "time,v\n2025-01-01T00:00Z,1\n2025-01-01 01:00,2\n");
  EXPECT_THAT(
      error(s),
      test::InputErrorAt(3, "time", AllOf(HasSubstr("no UTC offset"), HasSubstr("`timezone:`"))));
  s.timezone = "Mars/Olympus";
  auto z = error(s);
  EXPECT_EQ(z.field(), "timezone");
  EXPECT_THAT(z.detail(), HasSubstr("Mars/Olympus"));
  s.timezone = "UTC";
  EXPECT_THAT(load(s, "2025-01-01T00:00Z", "2025-01-01T02:00Z").series.values(), ElementsAre(1, 2));
  // In Berlin 01:00 is 00:00Z, the time of the first row.
  s.timezone = "Europe/Berlin";
  EXPECT_THAT(error(s).detail(), HasSubstr("lines 2 and 3"));
}

TEST_F(TraceTest, UnixTimes) {
  auto s = spec("u.csv", "ts,v\n1735689600,1\n1735690500.5,2\n1735691400,3\n");
  s.time_format = TimeFormat::unix_s;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T00:30Z");
  EXPECT_EQ(tr.series.times()[1], utc("2025-01-01T00:15:00.5Z"));
  auto ms = spec("m.csv", "ts,v\n1735689600000,1\n1735689601500,2\n1735689603000,3\n");
  ms.time_format = TimeFormat::unix_ms;
  auto tm = load(ms, "2025-01-01T00:00Z", "2025-01-01T00:00:03Z");
  EXPECT_EQ(tm.spacing, Time::ms(1500));
  EXPECT_EQ(tm.series.times()[2], utc("2025-01-01T00:00:03Z"));
  for (const char* text : {"2025-01-01", "1.", ".5", "1e9", "99999999999999999", "- 1", ""}) {
    auto bad = spec("b.csv", fmt::format("ts,v\n1735689600,1\n\"{}\",2\n", text));
    bad.time_format = TimeFormat::unix_s;
    auto e = error(bad);
    EXPECT_EQ(e.line(), 3) << text;
    EXPECT_THAT(e.detail(), HasSubstr("Unix time in seconds")) << text;
  }
  auto neg = spec("n.csv", "ts,v\n-60,1\n0,2\n");
  neg.time_format = TimeFormat::unix_s;
  EXPECT_EQ(load(neg, "1969-12-31T23:59Z", "1970-01-01T00:01Z").series.start(), -Time::minutes(1));
}

const char* kUnsorted =
    "time,v\n"
    "2025-01-01T00:00Z,1\n"
    "2025-01-01T02:00Z,3\n"
    "2025-01-01T01:00Z,2\n"
    "2025-01-01T03:00Z,4\n";

TEST_F(TraceTest, UnsortedIsAnError) {
  EXPECT_THAT(error(spec("u.csv", kUnsorted)),
              test::InputErrorAt(4, "time",
                                 AllOf(HasSubstr("time goes back"), HasSubstr("line 3"),
                                       HasSubstr("unsorted: sort"))));
}

TEST_F(TraceTest, UnsortedSort) {
  auto s = spec("u.csv", kUnsorted);
  s.unsorted = UnsortedPolicy::sort;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T04:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 2, 3, 4));
  ASSERT_THAT(tr.repairs, SizeIs(1));
  EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":4: "), HasSubstr("sorted")));
}

const char* kDuplicates =
    "time,v\n"
    "2025-01-01T00:00Z,1\n"
    "2025-01-01T01:00Z,2\n"
    "2025-01-01T01:00Z,4\n"
    "2025-01-01T01:00Z,9\n"
    "2025-01-01T02:00Z,3\n";

TEST_F(TraceTest, DuplicatesAreAnErrorNamingBothLines) {
  EXPECT_THAT(
      error(spec("d.csv", kDuplicates)),
      test::InputErrorAt(4, "time",
                         AllOf(HasSubstr("lines 3 and 4"), HasSubstr("2025-01-01T01:00:00Z"),
                               HasSubstr("duplicates: first"))));
}

TEST_F(TraceTest, DuplicatePolicies) {
  auto s = spec("d.csv", kDuplicates);
  const std::pair<DuplicatePolicy, double> cases[] = {
      {DuplicatePolicy::first, 2}, {DuplicatePolicy::last, 9}, {DuplicatePolicy::mean, 5}};
  for (auto [policy, expected] : cases) {
    s.duplicates = policy;
    auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T03:00Z");
    EXPECT_THAT(tr.series.values(), ElementsAre(1, expected, 3));
    ASSERT_THAT(tr.repairs, SizeIs(1));
    EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":4: "), HasSubstr("3 times")));
  }
}

TEST_F(TraceTest, DuplicatesAfterSortingKeepFileOrder) {
  auto s = spec("d.csv",
                "time,v\n"
                "2025-01-01T01:00Z,7\n"
                "2025-01-01T00:00Z,1\n"
                "2025-01-01T01:00Z,8\n");
  s.unsorted = UnsortedPolicy::sort;
  s.duplicates = DuplicatePolicy::first;
  EXPECT_THAT(load(s, "2025-01-01T00:00Z", "2025-01-01T02:00Z").series.values(), ElementsAre(1, 7));
  s.duplicates = DuplicatePolicy::last;
  EXPECT_THAT(load(s, "2025-01-01T00:00Z", "2025-01-01T02:00Z").series.values(), ElementsAre(1, 8));
}

// Hourly with 02:00 and 03:00 missing: a 3 h spacing.
const char* kGap =
    "time,v\n"
    "2025-01-01T00:00Z,1\n"
    "2025-01-01T01:00Z,10\n"
    "2025-01-01T04:00Z,40\n"
    "2025-01-01T05:00Z,50\n";

TEST_F(TraceTest, GapIsAnErrorNamingTheLineAfterIt) {
  auto e = error(spec("g.csv", kGap));
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(e.field(), "time");
  EXPECT_THAT(e.what(), HasSubstr("g.csv:4"));
  EXPECT_THAT(e.detail(), AllOf(HasSubstr("gap of 3h"), HasSubstr("after line 3"),
                                HasSubstr("every 1h"), HasSubstr("gaps: hold")));
}

TEST_F(TraceTest, GapHold) {
  auto s = spec("g.csv", kGap);
  s.gaps = GapPolicy::hold;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T06:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 10, 40, 50));
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2025-01-01T03:59Z")), 10);
  ASSERT_THAT(tr.repairs, SizeIs(1));
  EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":4: "),
                                   HasSubstr("gap of 3h after line 3"), HasSubstr("held")));
}

TEST_F(TraceTest, GapZero) {
  auto s = spec("g.csv", kGap);
  s.gaps = GapPolicy::zero;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T06:00Z");
  // 10 holds for one spacing, then 0 until the next row.
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-01-01T00:00Z"), utc("2025-01-01T01:00Z"),
                                             utc("2025-01-01T02:00Z"), utc("2025-01-01T04:00Z"),
                                             utc("2025-01-01T05:00Z")));
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 10, 0, 40, 50));
  EXPECT_THAT(tr.repairs[0], HasSubstr("zero"));
}

TEST_F(TraceTest, GapInterpolate) {
  auto s = spec("g.csv", kGap);
  s.gaps = GapPolicy::interpolate;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T06:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 10, 20, 30, 40, 50));
  EXPECT_EQ(tr.series.times()[3], utc("2025-01-01T03:00Z"));
  EXPECT_THAT(tr.repairs[0], HasSubstr("interpolation"));
}

TEST_F(TraceTest, MaxGapOverridesTheDefault) {
  auto s = spec("g.csv", kGap);
  s.max_gap = Time::hours(3);  // 3 h is allowed now
  EXPECT_THAT(load(s, "2025-01-01T00:00Z", "2025-01-01T06:00Z").series.values(),
              ElementsAre(1, 10, 40, 50));
  // Default is 1.5 x the typical spacing: 90 min passes, 91 min does not.
  auto ok = spec("ok.csv",
                 "time,v\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,2\n2025-01-01T02:30Z,3\n"
                 "2025-01-01T03:30Z,4\n");
  EXPECT_NO_THROW(load(ok, "2025-01-01T00:00Z", "2025-01-01T04:00Z"));
  auto bad = spec("bad.csv",
                  "time,v\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,2\n2025-01-01T02:31Z,3\n"
                  "2025-01-01T03:31Z,4\n");
  EXPECT_THAT(error(bad).detail(), HasSubstr("gap of 91min"));
}

TEST_F(TraceTest, TypicalSpacingIsTheMostFrequent) {
  auto s = spec("t.csv",
                "time,v\n2025-01-01T00:00Z,1\n2025-01-01T00:15Z,2\n2025-01-01T00:30Z,3\n"
                "2025-01-01T00:40Z,4\n2025-01-01T00:55Z,5\n");
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T01:10Z");
  EXPECT_EQ(tr.spacing, Time::minutes(15));
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T01:10Z"));
}

TEST_F(TraceTest, TooFewRows) {
  auto one = spec("one.csv", "time,v\n2025-01-01T00:00Z,1\n");
  EXPECT_THAT(error(one).detail(), HasSubstr("at least 2 data rows, found 1"));
  auto none = spec("none.csv", "time,v\n");
  EXPECT_THAT(error(none).what(), HasSubstr("none.csv"));
  auto same = spec("same.csv", "time,v\n2025-01-01T00:00Z,1\n2025-01-01T00:00Z,2\n");
  same.duplicates = DuplicatePolicy::mean;
  EXPECT_THAT(error(same).detail(), HasSubstr("distinct times"));
}

TEST_F(TraceTest, MissingFile) {
  TraceSpec s;
  s.file = dir_ / "absent.csv";
  auto e = error(s);
  EXPECT_THAT(e.file(), HasSubstr("absent.csv"));
  EXPECT_THAT(e.detail(), HasSubstr("cannot open"));
}

TEST_F(TraceTest, CoverageErrorNamesBothRanges) {
  auto s = spec("h.csv", kHourly);
  s.field = "sites.a.load.power";
  auto e = error(s, "2025-01-01T00:00Z", "2025-01-01T04:00Z");
  EXPECT_THAT(e.file(), HasSubstr("h.csv"));
  EXPECT_EQ(e.field(), "sites.a.load.power");
  EXPECT_THAT(e.detail(), AllOf(HasSubstr("covers 2025-01-01T00:00:00Z to 2025-01-01T03:00:00Z"),
                                HasSubstr("needs 2025-01-01T00:00:00Z to 2025-01-01T04:00:00Z"),
                                HasSubstr("repeat: true")));
  EXPECT_THAT(error(s, "2024-12-31T23:00Z", "2025-01-01T02:00Z").detail(), HasSubstr("covers"));
  EXPECT_NO_THROW(load(s, "2025-01-01T00:30Z", "2025-01-01T03:00Z"));
}

TEST_F(TraceTest, RepeatTilesWithPeriodLastMinusFirstPlusSpacing) {
  auto s = spec("h.csv", kHourly);
  s.repeat = true;
  auto tr = load(s, "2025-01-01T00:00Z", "2026-01-01T00:00Z");
  EXPECT_TRUE(tr.series.repeats());
  EXPECT_EQ(tr.series.period(), Time::hours(3));
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2025-01-01T03:00Z")), 1);
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2025-03-01T05:30Z")), 3);  // 1416 h + 5.5 h
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2024-12-31T23:00Z")), 3);
  EXPECT_DOUBLE_EQ(tr.series.mean(utc("2025-01-01T00:00Z"), utc("2025-01-31T00:00Z")), 2);
}

const char* kTent =
    "time,v\n"
    "2025-01-01T00:00Z,0\n"
    "2025-01-01T01:00Z,60\n"
    "2025-01-01T02:00Z,0\n";

TEST_F(TraceTest, LinearResamplesToExactStepMeans) {
  auto s = spec("l.csv", kTent);
  s.interpolation = Interpolation::linear;
  s.resample = Time::minutes(30);
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T02:00Z");
  // The two 45s are one step: equal neighbours merge (no wake that changes nothing).
  EXPECT_THAT(tr.series.values(), ElementsAre(15, 45, 15));
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-01-01T00:00Z"), utc("2025-01-01T00:30Z"),
                                             utc("2025-01-01T01:30Z")));
  EXPECT_EQ(tr.series.start(), utc("2025-01-01T00:00Z"));
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T02:00Z"));  // the last point ends the pattern
  EXPECT_EQ(tr.spacing, H);
  // A linear trace covers up to its last point only.
  EXPECT_THAT(error(s, "2025-01-01T00:00Z", "2025-01-01T02:01Z").detail(),
              HasSubstr("covers 2025-01-01T00:00:00Z to 2025-01-01T02:00:00Z"));
}

TEST_F(TraceTest, LinearConvertsOnlyWhatTheRunNeeds) {
  auto s = spec("l.csv", kTent);
  s.interpolation = Interpolation::linear;
  s.resample = Time::minutes(20);
  auto tr = load(s, "2025-01-01T00:50Z", "2025-01-01T01:10Z");
  // Grid anchored at the first row: steps 00:40, 01:00 (both 50, so one step), and the run
  // ends inside the second.
  EXPECT_EQ(tr.series.start(), utc("2025-01-01T00:40Z"));
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T01:20Z"));
  EXPECT_THAT(tr.series.values(), ElementsAre(50));
}

TEST_F(TraceTest, LinearEnergyMatchesTheTrapezoids) {
  auto s = spec("l.csv",
                "time,v\n2025-01-01T00:00Z,10\n2025-01-01T00:15Z,-5\n2025-01-01T00:30Z,40\n"
                "2025-01-01T00:45Z,7\n2025-01-01T01:00Z,7\n2025-01-01T01:15Z,100\n");
  s.interpolation = Interpolation::linear;
  s.resample = Time::minutes(7);  // does not divide 75 min: a final partial step
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T01:15Z");
  EXPECT_EQ(tr.series.end(), utc("2025-01-01T01:15Z"));
  EXPECT_EQ(tr.series.times().back(), utc("2025-01-01T01:10Z"));
  double energy = 0;  // value x minutes
  for (std::size_t i = 0; i < tr.series.size(); ++i) {
    const Time e = i + 1 < tr.series.size() ? tr.series.times()[i + 1] : tr.series.end();
    energy += tr.series.values()[i] * (e - tr.series.times()[i]).to_seconds() / 60;
  }
  const double trapezoids =
      15 * (0.5 * (10 - 5) + 0.5 * (-5 + 40) + 0.5 * (40 + 7) + 7 + 0.5 * (7 + 100));
  EXPECT_NEAR(energy, trapezoids, 1e-9);
}

TEST_F(TraceTest, LinearRepeatClosesTheLoop) {
  auto s =
      spec("l.csv", "time,v\n2025-01-01T00:00Z,0\n2025-01-01T01:00Z,60\n2025-01-01T02:00Z,60\n");
  s.interpolation = Interpolation::linear;
  s.repeat = true;
  s.resample = Time::minutes(30);
  auto tr = load(s, "2025-01-01T00:00Z", "2025-02-01T00:00Z");
  EXPECT_EQ(tr.series.period(), Time::hours(3));
  // Ramp up, flat, ramp back down to the first value.
  EXPECT_THAT(tr.series.values(), ElementsAre(15, 45, 60, 45, 15));
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2025-01-01T03:10Z")), 15);
}

// Issue 14: a repeated trace repeats exactly, whatever its interpolation, across year
// ends and leap days (a linear one used to stop after its first period).
class TraceRepeat : public TraceTest, public ::testing::WithParamInterface<Interpolation> {};

TEST_P(TraceRepeat, EveryPeriodHoldsTheSameEnergyOverTwoAndFiveYears) {
  // A year of hourly PV-like values from 2023-01-01 (365 days): a daily arch, seasonal.
  std::string text = "time,value\n";
  const Time first = utc("2023-01-01T00:00Z");
  for (int h = 0; h < 365 * 24; ++h) {
    const double day = std::sin(std::numbers::pi * ((h % 24) - 6) / 12);
    const double season = 1 + 0.5 * std::cos(2 * std::numbers::pi * (h / 24 - 172) / 365.0);
    text += fmt::format("{},{:.6f}\n", format_utc(first + Time::hours(h)),
                        std::max(0.0, 100 * day * season));
  }
  auto s = spec("year.csv", text);
  s.repeat = true;
  s.interpolation = GetParam();
  s.resample = Time::minutes(15);
  const Time period = Time::days(365);
  for (const char* to : {"2025-01-01T00:00Z", "2028-01-01T00:00Z"}) {  // 2024 is a leap year
    const auto tr = load(s, "2023-01-01T00:00Z", to);
    ASSERT_TRUE(tr.series.repeats());
    EXPECT_EQ(tr.series.period(), period);
    // Energy of each whole period, integrated the way the engine sweeps (a cursor).
    std::vector<double> energy;
    auto c = tr.series.cursor(first);
    Time t = first;
    for (Time end = first + period; end <= utc(to); end += period) {
      double e = 0;
      while (t < end) {
        const Time next = std::min(c.next_change(), end);
        e += c.value() * (next - t).to_seconds();
        t = next;
        c.advance_to(t);
      }
      energy.push_back(e);
    }
    ASSERT_GE(energy.size(), 2u);
    EXPECT_GT(energy[0], 0);
    for (double e : energy) EXPECT_NEAR(e, energy[0], 1e-9 * energy[0]) << to;
    // The leap day holds what the pattern holds 365 days before it.
    EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2024-02-29T12:10Z")),
                     tr.series.value_at(utc("2023-03-01T12:10Z")));
    EXPECT_DOUBLE_EQ(tr.series.mean(utc("2026-06-01T00:00Z"), utc("2026-06-02T00:00Z")),
                     tr.series.mean(utc("2026-06-01T00:00Z") - Time::days(3 * 365),
                                    utc("2026-06-02T00:00Z") - Time::days(3 * 365)));
  }
}

INSTANTIATE_TEST_SUITE_P(EveryInterpolation, TraceRepeat,
                         ::testing::Values(Interpolation::step, Interpolation::linear),
                         [](const auto& p) {
                           return p.param == Interpolation::step ? std::string("step")
                                                                 : std::string("linear");
                         });

// A year that ends with 1 January 00:00 of the next one would, repeated, drift by an hour a
// year (the quickstart's PV did: at midnight after a decade of a lifetime run).
TEST_F(TraceTest, ARepeatedYearWithTheNextPeriodsFirstRowIsRefused) {
  std::string text = "time,value\n";
  const Time first = utc("2025-01-01T00:00Z");
  for (int h = 0; h <= 365 * 24; ++h)
    text += fmt::format("{},{}\n", format_utc(first + Time::hours(h)), h % 24);
  for (auto interpolation : {Interpolation::step, Interpolation::linear}) {
    auto s = spec("year.csv", text);
    s.interpolation = interpolation;
    s.repeat = true;
    try {
      load(s, "2025-01-01T00:00Z", "2027-01-01T00:00Z");
      ADD_FAILURE() << "a period of 365 d 1 h repeated";
    } catch (const InputError& e) {
      EXPECT_EQ(e.line(), 365 * 24 + 2);  // the header, then the extra row
      EXPECT_EQ(e.field(), "repeat");
      EXPECT_THAT(e.detail(), ::testing::HasSubstr("2026-01-01T00:00:00Z"));
      EXPECT_THAT(e.detail(), ::testing::HasSubstr("drop it"));
    }
    s.repeat = false;  // read once, the extra row is just the next hour
    EXPECT_NO_THROW(load(s, "2025-01-01T00:00Z", "2026-01-01T00:00Z"));
  }
}

TEST_F(TraceTest, GzipTrace) {
  const std::string text = std::string("# gz\n") + kHourly;
  const auto path = dir_ / "h.csv.gz";
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  TraceSpec s;
  s.file = path;
  auto tr = load(s, "2025-01-01T00:00Z", "2025-01-01T03:00Z");
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 2, 3));
  // Line numbers count the comment line.
  const std::string bad =
      std::string("# gz\n") + "time,v\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,x\n";
  const auto bad_path = dir_ / "bad.csv.gz";
  f = gzopen(bad_path.c_str(), "wb");
  gzwrite(f, bad.data(), static_cast<unsigned>(bad.size()));
  gzclose(f);
  s.file = bad_path;
  auto e = error(s);
  EXPECT_EQ(e.line(), 4);
  EXPECT_THAT(e.file(), HasSubstr("bad.csv.gz"));
}

// --- Local time in Europe/Berlin, without offsets -----------------------------------------

TEST_F(TraceTest, BerlinSpringForwardWithoutTheMissingHour) {
  // What exports write: 02:00 does not exist and is skipped; the UTC spacing stays 1 h.
  auto s = spec("spring.csv",
                "time,v\n2025-03-30 00:00,1\n2025-03-30 01:00,2\n2025-03-30 03:00,3\n"
                "2025-03-30 04:00,4\n");
  s.timezone = "Europe/Berlin";
  auto tr = load(s, "2025-03-29T23:00Z", "2025-03-30T03:00Z");
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-03-29T23:00Z"), utc("2025-03-30T00:00Z"),
                                             utc("2025-03-30T01:00Z"), utc("2025-03-30T02:00Z")));
  EXPECT_TRUE(tr.repairs.empty());
}

const char* kSpringWithGapHour =
    "time,v\n2025-03-30 01:00,1\n2025-03-30 02:00,2\n2025-03-30 03:00,3\n2025-03-30 04:00,4\n";

TEST_F(TraceTest, BerlinNonexistentHourIsAnError) {
  auto s = spec("spring.csv", kSpringWithGapHour);
  s.timezone = "Europe/Berlin";
  EXPECT_THAT(error(s), test::InputErrorAt(
                            3, "time",
                            AllOf(HasSubstr("2025-03-30 02:00:00 does not exist in Europe/Berlin"),
                                  HasSubstr("`dst_nonexistent: shift_forward`"))));
}

TEST_F(TraceTest, BerlinNonexistentShiftForward) {
  auto s = spec("spring.csv", kSpringWithGapHour);
  s.timezone = "Europe/Berlin";
  s.nonexistent = NonexistentPolicy::shift_forward;
  // 02:00 moves to the end of the gap (03:00 CEST = 01:00Z) and meets the 03:00 row.
  EXPECT_THAT(error(s).detail(), HasSubstr("lines 3 and 4"));
  s.duplicates = DuplicatePolicy::last;
  auto tr = load(s, "2025-03-30T00:00Z", "2025-03-30T03:00Z");
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-03-30T00:00Z"), utc("2025-03-30T01:00Z"),
                                             utc("2025-03-30T02:00Z")));
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 3, 4));
  ASSERT_THAT(tr.repairs, SizeIs(2));
  EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":3: "),
                                   HasSubstr("does not exist"), HasSubstr("2025-03-30T01:00:00Z")));
}

TEST_F(TraceTest, BerlinAutumnHourWrittenTwiceIsResolvedByOrder) {
  auto s = spec("autumn.csv",
                "time,v\n2025-10-26 01:00,1\n2025-10-26 02:00,2\n2025-10-26 02:00,3\n"
                "2025-10-26 03:00,4\n");
  s.timezone = "Europe/Berlin";  // ambiguous: error (the default) is fine: the order decides
  auto tr = load(s, "2025-10-25T23:00Z", "2025-10-26T03:00Z");
  EXPECT_THAT(tr.series.times(), ElementsAre(utc("2025-10-25T23:00Z"), utc("2025-10-26T00:00Z"),
                                             utc("2025-10-26T01:00Z"), utc("2025-10-26T02:00Z")));
  EXPECT_THAT(tr.series.values(), ElementsAre(1, 2, 3, 4));
  ASSERT_THAT(tr.repairs, SizeIs(1));
  EXPECT_THAT(tr.repairs[0], AllOf(StartsWith(s.file.string() + ":4: "), HasSubstr("repeats")));
}

TEST_F(TraceTest, BerlinAutumnQuarterHours) {
  std::string text = "time,v\n2025-10-26 01:45,0\n";
  int v = 1;
  for (int pass = 0; pass < 2; ++pass)
    for (int m = 0; m < 60; m += 15) text += fmt::format("2025-10-26 02:{:02},{}\n", m, v++);
  text += "2025-10-26 03:00,9\n";
  auto s = spec("q.csv", text);
  s.timezone = "Europe/Berlin";
  auto tr = load(s, "2025-10-25T23:45Z", "2025-10-26T02:15Z");
  ASSERT_EQ(tr.series.size(), 10u);
  EXPECT_EQ(tr.spacing, Time::minutes(15));
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_EQ(tr.series.times()[i], utc("2025-10-25T23:45Z") + Time::minutes(15 * std::int64_t(i)));
    EXPECT_EQ(tr.series.values()[i], double(i));
  }
}

const char* kLoneAmbiguous =
    "time,v\n2025-10-26 00:00,1\n2025-10-26 02:00,2\n2025-10-26 04:00,3\n2025-10-26 06:00,4\n";

TEST_F(TraceTest, BerlinLoneAmbiguousTimeFollowsThePolicy) {
  auto s = spec("lone.csv", kLoneAmbiguous);
  s.timezone = "Europe/Berlin";
  s.gaps = GapPolicy::hold;
  EXPECT_THAT(
      error(s, "2025-10-25T22:00Z", "2025-10-26T05:00Z"),
      test::InputErrorAt(3, "time",
                         AllOf(HasSubstr("2025-10-26 02:00:00 is ambiguous in Europe/Berlin"),
                               HasSubstr("`dst_ambiguous: earliest`"))));
  s.ambiguous = AmbiguousPolicy::earliest;
  auto early = load(s, "2025-10-25T22:00Z", "2025-10-26T05:00Z");
  EXPECT_EQ(early.series.times()[1], utc("2025-10-26T00:00Z"));
  EXPECT_THAT(early.repairs[0], AllOf(StartsWith(s.file.string() + ":3: "), HasSubstr("earliest")));
  s.ambiguous = AmbiguousPolicy::latest;
  auto late = load(s, "2025-10-25T22:00Z", "2025-10-26T05:00Z");
  EXPECT_EQ(late.series.times()[1], utc("2025-10-26T01:00Z"));
}

// --- Real data -------------------------------------------------------------------------------

// ENTSO-E export: "dd.mm.yyyy HH:MM - dd.mm.yyyy HH:MM" in CET/CEST, 4 header names for 3
// fields. Rewritten as ISO local times (interval start) with the raw text kept otherwise.
std::string entsoe_as_iso(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line, out = "time,price\n";
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    // "\"01.01.2023 00:00 - 01.01.2023 01:00\",\"2.01\",\"EUR\""
    const std::string mtu = line.substr(1, 16);
    const std::string price = line.substr(line.find("\",\"") + 3);
    out += fmt::format("{}-{}-{} {},\"{}\"\n", mtu.substr(6, 4), mtu.substr(3, 2), mtu.substr(0, 2),
                       mtu.substr(11, 5), price.substr(0, price.find('"')));
  }
  return out;
}

TEST_F(TraceTest, RealEntsoePricesWithDst) {
  WF_REQUIRE_SHARED_DATA();
  const auto raw = test::shared_data() / "prices" / "SE3_2023_entsoe.csv";
  if (!std::filesystem::exists(raw)) GTEST_SKIP() << raw << " is absent";
  auto s = spec("se3.csv", entsoe_as_iso(raw));
  s.timezone = "Europe/Stockholm";
  // The empty spring-hour row is an error until gaps are handled; then it is simply dropped.
  auto e = error(s, "2022-12-31T23:00Z", "2023-12-31T23:00Z");
  EXPECT_EQ(e.line(), 2020);
  EXPECT_THAT(e.detail(), HasSubstr("empty value"));
  s.gaps = GapPolicy::hold;
  auto tr = load(s, "2022-12-31T23:00Z", "2023-12-31T23:00Z");
  // 8761 rows: 8760 hours, one of them written twice (autumn), plus the empty row of the
  // nonexistent spring hour. Left: 8760 distinct hours, each exactly 1 h apart in UTC.
  ASSERT_EQ(tr.series.size(), 8760u);
  EXPECT_EQ(tr.spacing, H);
  EXPECT_EQ(tr.series.start(), utc("2022-12-31T23:00Z"));
  EXPECT_EQ(tr.series.end(), utc("2023-12-31T23:00Z"));
  for (std::size_t i = 1; i < tr.series.size(); ++i)
    ASSERT_EQ(tr.series.times()[i] - tr.series.times()[i - 1], H) << i;
  // Spring: 01:00 CET then 03:00 CEST, consecutive hours in UTC.
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2023-03-26T00:00Z")), 39.23);
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2023-03-26T01:00Z")), 40.12);
  // Autumn: the first 02:00 row is CEST (00:00Z), the second CET (01:00Z).
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2023-10-29T00:00Z")), 25.34);
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2023-10-29T01:00Z")), 22.35);
  EXPECT_DOUBLE_EQ(tr.series.value_at(utc("2023-10-29T02:00Z")), 21.15);
  ASSERT_THAT(tr.repairs, SizeIs(2));
  EXPECT_THAT(tr.repairs[0], AllOf(HasSubstr(":2020: "), HasSubstr("dropped")));
  EXPECT_THAT(tr.repairs[1], AllOf(HasSubstr(":7229: "), HasSubstr("repeats")));
  const auto& v = tr.series.values();
  EXPECT_DOUBLE_EQ(*std::min_element(v.begin(), v.end()), -60.04);
  EXPECT_DOUBLE_EQ(*std::max_element(v.begin(), v.end()), 332.0);
  EXPECT_NEAR(std::accumulate(v.begin(), v.end(), 0.0), 452904.24, 1e-6);
  EXPECT_NEAR(tr.series.mean(tr.series.start(), tr.series.end()), 452904.24 / 8760, 1e-9);
}

TEST_F(TraceTest, ReusedWhileAScopeIsOpen) {
  TraceSpec s = spec("reuse.csv", "time,power\n2025-01-01T00:00Z,1\n2025-01-01T00:30Z,2\n");
  const char* from = "2025-01-01T00:00Z";
  const char* to = "2025-01-01T01:00Z";
  {
    const TraceReuse reuse;
    const LoadedTrace first = load(s, from, to);
    std::filesystem::remove(s.file);  // what was read is handed out again
    const LoadedTrace again = load(s, from, to);
    EXPECT_EQ(again.series.times(), first.series.times());
    EXPECT_EQ(again.series.values(), first.series.values());
    EXPECT_EQ(again.spacing, first.spacing);
    // Another spec or window is read afresh (and the file is gone).
    TraceSpec scaled = s;
    scaled.scale = 2;
    EXPECT_THAT(error(scaled, from, to).what(), HasSubstr("reuse.csv"));
    EXPECT_THAT(error(s, from, "2025-01-01T00:50Z").what(), HasSubstr("reuse.csv"));
  }
  // Closed: the file is read again.
  EXPECT_THAT(error(s, from, to).what(), HasSubstr("reuse.csv"));
}

TEST_F(TraceTest, ARepeatingTraceIsReusedForAnyWindow) {
  TraceSpec s = spec("week.csv", "time,power\n2025-01-01T00:00Z,1\n2025-01-01T12:00Z,2\n");
  s.repeat = true;
  const TraceReuse reuse;
  const LoadedTrace first = load(s, "2025-01-01T00:00Z", "2025-01-02T00:00Z");
  std::filesystem::remove(s.file);
  const LoadedTrace life = load(s, "2025-01-01T00:00Z", "2040-01-01T00:00Z");
  EXPECT_EQ(life.series.values(), first.series.values());
  EXPECT_TRUE(life.series.repeats());
}

}  // namespace
}  // namespace wf
