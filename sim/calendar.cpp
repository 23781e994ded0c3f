#include "sim/calendar.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

namespace wf {

namespace {

using Us = std::chrono::microseconds;

const date::time_zone* zone_of(const void* p) {
  return static_cast<const date::time_zone*>(p);
}

date::sys_time<Us> to_sys(Time t) {
  return date::sys_time<Us>{Us{t.count_us()}};
}

Time from_sys(date::sys_seconds t) {
  return Time::seconds(t.time_since_epoch().count());
}

Time offset_of(const date::sys_info& info) {
  return Time::seconds(info.offset.count());
}

}  // namespace

Time add_years(Time t, int years) {
  const auto us = to_sys(t);
  const auto day = date::floor<date::days>(us);
  const date::year_month_day ymd{day};
  date::year_month_day moved = ymd + date::years{years};
  if (!moved.ok())
    moved = date::sys_days{moved.year() / moved.month() / date::last} + date::days{1};
  const auto shifted = date::sys_days{moved} + (us - day);
  return Time::us(shifted.time_since_epoch().count());
}

TimeZone TimeZone::find(std::string_view iana_name) {
  if (iana_name == "UTC") return utc();
  try {
    return TimeZone(std::string(iana_name), date::locate_zone(iana_name));
  } catch (const std::runtime_error&) {
    throw std::invalid_argument(
        fmt::format("unknown time zone '{}': expected an IANA name from the tz database like "
                    "Europe/Berlin",
                    iana_name));
  }
}

TimeZone TimeZone::read(const ConfigNode& field) {
  const std::string name = field.scalar();
  try {
    return find(name);
  } catch (const std::invalid_argument&) {
    field.fail(
        fmt::format("unknown time zone '{}'; expected an IANA name like Europe/Berlin", name));
  }
}

TimeZone TimeZone::utc() {
  return TimeZone("UTC", nullptr);
}

Time TimeZone::utc_offset(Time utc) const {
  if (zone_ == nullptr) return Time::zero();
  return offset_of(zone_of(zone_)->get_info(to_sys(utc)));
}

TimeZone::Resolution TimeZone::resolve(Time naive_local) const {
  if (zone_ == nullptr) return {Resolution::unique, naive_local, naive_local};
  const auto info = zone_of(zone_)->get_info(date::local_time<Us>{Us{naive_local.count_us()}});
  switch (info.result) {
    case date::local_info::unique: {
      Time t = naive_local - offset_of(info.first);
      return {Resolution::unique, t, t};
    }
    case date::local_info::ambiguous:
      // `first` is the earlier period (summer time), whose larger offset gives the earlier instant.
      return {Resolution::ambiguous, naive_local - offset_of(info.first),
              naive_local - offset_of(info.second)};
    case date::local_info::nonexistent:
    default: {
      Time gap_end = from_sys(info.second.begin);
      return {Resolution::nonexistent, gap_end, gap_end};
    }
  }
}

TimeZone::Fields TimeZone::fields(Time utc) const {
  const date::local_time<Us> local{Us{to_local(utc).count_us()}};
  const auto day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<Us> hms{local - day};
  const date::weekday wd{day};
  return {int(ymd.year()),
          static_cast<int>(unsigned(ymd.month())),
          static_cast<int>(unsigned(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(wd.iso_encoding()) - 1};
}

}  // namespace wf
