#include "sim/calendar.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <stdexcept>

#include "sim/time_format.hpp"
#include "tests/test_support.hpp"

namespace wf {

// Local fields as a failure shows them (gtest finds this by argument lookup in wf).
void PrintTo(const TimeZone::Fields& f, std::ostream* os) {
  *os << f.year << '-' << f.month << '-' << f.day << ' ' << f.hour << ':' << f.minute << " weekday "
      << f.weekday;
}

namespace {

using test::at;

using Kind = TimeZone::Resolution::Kind;

TEST(TimeZone, UnknownZoneThrowsNamingIt) {
  try {
    TimeZone::find("Europe/Atlantis");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("Europe/Atlantis"), std::string::npos) << e.what();
  }
  EXPECT_THROW(TimeZone::find(""), std::invalid_argument);
  EXPECT_THROW(TimeZone::find("europe/berlin"), std::invalid_argument);
}

TEST(TimeZone, Utc) {
  const TimeZone z = TimeZone::utc();
  EXPECT_EQ(z.name(), "UTC");
  EXPECT_EQ(z.utc_offset(at("2025-07-01T00:00Z")), Time::zero());
  const auto r = z.resolve(at("2025-03-30T02:30"));
  EXPECT_EQ(r.kind, Kind::unique);
  EXPECT_EQ(r.earliest, at("2025-03-30T02:30Z"));
  EXPECT_EQ(TimeZone::find("UTC").utc_offset(at("2025-07-01T00:00Z")), Time::zero());
}

TEST(TimeZone, BerlinOffsets) {
  const TimeZone z = TimeZone::find("Europe/Berlin");
  EXPECT_EQ(z.name(), "Europe/Berlin");
  EXPECT_EQ(z.utc_offset(at("2025-01-15T12:00Z")), Time::hours(1));
  EXPECT_EQ(z.utc_offset(at("2025-07-15T12:00Z")), Time::hours(2));
  // The switch happens at 01:00 UTC on both days.
  EXPECT_EQ(z.utc_offset(at("2025-03-30T00:59:59Z")), Time::hours(1));
  EXPECT_EQ(z.utc_offset(at("2025-03-30T01:00:00Z")), Time::hours(2));
  EXPECT_EQ(z.utc_offset(at("2025-10-26T00:59:59Z")), Time::hours(2));
  EXPECT_EQ(z.utc_offset(at("2025-10-26T01:00:00Z")), Time::hours(1));
  EXPECT_EQ(z.to_local(at("2025-07-15T12:00Z")), at("2025-07-15T14:00"));
}

TEST(TimeZone, BerlinSpringGapIsNonexistent) {
  const TimeZone z = TimeZone::find("Europe/Berlin");
  for (const char* local : {"2025-03-30T02:00", "2025-03-30T02:30", "2025-03-30T02:59:59"}) {
    const auto r = z.resolve(at(local));
    EXPECT_EQ(r.kind, Kind::nonexistent) << local;
    // Both hold the end of the gap: 03:00 CEST = 01:00 UTC.
    EXPECT_EQ(r.earliest, at("2025-03-30T01:00Z")) << local;
    EXPECT_EQ(r.latest, at("2025-03-30T01:00Z")) << local;
  }
  const auto before = z.resolve(at("2025-03-30T01:59:59"));
  EXPECT_EQ(before.kind, Kind::unique);
  EXPECT_EQ(before.earliest, at("2025-03-30T00:59:59Z"));
  const auto after = z.resolve(at("2025-03-30T03:00"));
  EXPECT_EQ(after.kind, Kind::unique);
  EXPECT_EQ(after.earliest, at("2025-03-30T01:00Z"));
}

TEST(TimeZone, BerlinAutumnHourIsAmbiguous) {
  const TimeZone z = TimeZone::find("Europe/Berlin");
  const auto r = z.resolve(at("2025-10-26T02:30"));
  EXPECT_EQ(r.kind, Kind::ambiguous);
  EXPECT_EQ(r.earliest, at("2025-10-26T00:30Z"));  // first pass, CEST (+2)
  EXPECT_EQ(r.latest, at("2025-10-26T01:30Z"));    // second pass, CET (+1)
  EXPECT_EQ(z.resolve(at("2025-10-26T02:00")).kind, Kind::ambiguous);
  EXPECT_EQ(z.resolve(at("2025-10-26T01:59")).kind, Kind::unique);
  const auto three = z.resolve(at("2025-10-26T03:00"));
  EXPECT_EQ(three.kind, Kind::unique);
  EXPECT_EQ(three.earliest, at("2025-10-26T02:00Z"));
}

TEST(TimeZone, HelsinkiIsOneHourEastOfBerlin) {
  const TimeZone z = TimeZone::find("Europe/Helsinki");
  EXPECT_EQ(z.utc_offset(at("2025-01-15T12:00Z")), Time::hours(2));
  EXPECT_EQ(z.utc_offset(at("2025-07-15T12:00Z")), Time::hours(3));
  // EU rules: same UTC instant, local gap 03:00-04:00.
  EXPECT_EQ(z.resolve(at("2025-03-30T03:30")).kind, Kind::nonexistent);
  EXPECT_EQ(z.resolve(at("2025-03-30T03:30")).earliest, at("2025-03-30T01:00Z"));
  EXPECT_EQ(z.resolve(at("2025-03-30T02:30")).kind, Kind::unique);
  EXPECT_EQ(z.resolve(at("2025-10-26T03:30")).kind, Kind::ambiguous);
}

TEST(TimeZone, OsloFollowsCentralEuropeanTime) {
  const TimeZone z = TimeZone::find("Europe/Oslo");
  EXPECT_EQ(z.utc_offset(at("2023-01-01T00:00Z")), Time::hours(1));
  EXPECT_EQ(z.utc_offset(at("2023-06-01T00:00Z")), Time::hours(2));
  EXPECT_EQ(z.resolve(at("2023-03-26T02:00")).kind, Kind::nonexistent);
  EXPECT_EQ(z.resolve(at("2023-10-29T02:00")).kind, Kind::ambiguous);
  EXPECT_EQ(z.resolve(at("2023-10-29T02:00")).latest, at("2023-10-29T01:00Z"));
}

TEST(TimeZone, FieldsAreLocal) {
  const TimeZone z = TimeZone::find("Europe/Berlin");
  // 2025-12-31T23:30Z is already 2026-01-01 00:30 in Berlin, a Thursday.
  EXPECT_EQ(z.fields(at("2025-12-31T23:30Z")), (TimeZone::Fields{2026, 1, 1, 0, 30, 3}));
  // Summer: +2; 2025-07-07 00:15 local is a Monday.
  EXPECT_EQ(z.fields(at("2025-07-06T22:15Z")), (TimeZone::Fields{2025, 7, 7, 0, 15, 0}));
  EXPECT_EQ(TimeZone::utc().fields(at("1969-12-31T23:59Z")),  // a Wednesday
            (TimeZone::Fields{1969, 12, 31, 23, 59, 2}));
  EXPECT_EQ(TimeZone::utc().fields(at("2025-03-30T12:00Z")).weekday, 6);  // Sunday
}

TEST(TimeZone, FieldsAcrossTheAutumnHour) {
  const TimeZone z = TimeZone::find("Europe/Berlin");
  // Two UTC instants an hour apart show the same local hour.
  EXPECT_EQ(z.fields(at("2025-10-26T00:30Z")).hour, 2);
  EXPECT_EQ(z.fields(at("2025-10-26T01:30Z")).hour, 2);
  EXPECT_EQ(z.fields(at("2025-10-26T02:30Z")).hour, 3);
}

}  // namespace
}  // namespace wf
