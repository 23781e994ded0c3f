#pragma once
// Local time and daylight saving through the OS tz database (Europe/Berlin,
// Europe/Oslo, Europe/Helsinki, ...). The only place that knows about time zones.
#include <string>
#include <string_view>

#include "sim/config_node.hpp"
#include "sim/time.hpp"

namespace wf {

/// `t` moved by whole calendar years on the UTC calendar (29 February to 1 March).
Time add_years(Time t, int years);

class TimeZone {
 public:
  /// Throws std::invalid_argument naming the zone when the tz database lacks it.
  static TimeZone find(std::string_view iana_name);
  /// The zone a scenario field names; an unknown name fails at the field (InputError).
  static TimeZone read(const ConfigNode& field);
  static TimeZone utc();

  const std::string& name() const { return name_; }

  /// Local minus UTC at instant `utc` (e.g. +1 h in Berlin in winter, +2 h in summer).
  Time utc_offset(Time utc) const;
  /// Wall-clock reading at instant `utc`, returned as a naive time (as if UTC).
  Time to_local(Time utc) const { return utc + utc_offset(utc); }

  /// How a naive wall-clock reading maps to instants.
  struct Resolution {
    enum Kind { unique, ambiguous, nonexistent } kind = unique;
    /// unique: the instant. ambiguous (autumn hour seen twice): earliest and latest.
    /// nonexistent (spring gap): both hold the instant the gap ends (first valid time).
    Time earliest, latest;
  };
  Resolution resolve(Time naive_local) const;

  /// Local calendar fields at instant `utc`.
  struct Fields {
    int year, month, day, hour, minute, weekday;  // weekday: 0 = Monday .. 6 = Sunday
    bool operator==(const Fields&) const = default;
  };
  Fields fields(Time utc) const;

 private:
  TimeZone(std::string name, const void* zone) : name_(std::move(name)), zone_(zone) {}
  std::string name_;
  const void* zone_;  // const date::time_zone*, nullptr for UTC; kept opaque to keep tz.h local
};

}  // namespace wf
