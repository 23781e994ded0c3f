#pragma once
// Weather for the PV chain from files: PVGIS typical-year CSV exports, the
// DTU Lyngby 1-min station files and EnergyPlus weather (EPW). Values are checked against physical
// ranges (irradiance -50..1500 W/m2 and so on); defects name file, line and column.
#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/pv/pv_array.hpp"
#include "sim/time.hpp"

namespace wf {

/// File formats (the scenario's `format:` names, in this order).
enum class WeatherFormat { pvgis_tmy, dtu, epw };

struct WeatherSpec {
  std::filesystem::path file;
  WeatherFormat format = WeatherFormat::pvgis_tmy;
  int year = 2023;  ///< pvgis_tmy, epw: every record is moved into this year, then sorted
};

/// Where a file says its station is (EPW's LOCATION line).
struct WeatherSite {
  double latitude = 0, longitude = 0;  ///< rad, north and east positive
  double altitude_m = 0;
  Time utc_offset;  ///< the local standard time the file is written in, minus UTC
};

/// What an empty weather cell becomes (the scenario's `gaps` policies).
enum class WeatherFill { error, hold, zero, interpolate, month_mean };
/// The columns a policy is set for, in WeatherSample's order.
enum class WeatherColumn { ghi, dni, dhi, temp_air, wind, pressure };
inline constexpr std::size_t kWeatherColumns = 6;

/// `fill` repairs a gap up to `max_gap` long (the time from its first empty record to
/// the next record with a value); a longer one gets `beyond`.
struct GapRule {
  WeatherFill fill = WeatherFill::error;
  Time max_gap = Time::never();
  WeatherFill beyond = WeatherFill::error;
};

struct WeatherGaps {
  std::array<GapRule, kWeatherColumns> rule{};
  /// GHI = DHI + DNI cos(zenith): the one missing of the three from the other two.
  bool closure = false;
};

/// Records at strictly increasing instants; the last one holds until `end`.
/// As read, an empty cell is NaN until repair_weather() fills it by the user's policy.
struct WeatherData {
  std::vector<Time> t;
  std::vector<WeatherSample> rec;
  Time end;
  std::vector<std::string> repairs;  ///< "file:line: what was done", for the log
  std::optional<WeatherSite> site;   ///< from the file's header (EPW)
  // Where each record came from, for errors and the repair counts (files read only).
  std::vector<std::string> files;
  std::vector<std::uint16_t> file_of;  ///< index into `files`
  std::vector<std::uint32_t> line;     ///< line in its file; 0: a row the file lacks
  std::array<std::string, kWeatherColumns> columns{
      "GHI", "DNI", "DHI", "air temperature", "wind speed", "air pressure"};
};

/// Reads and checks a weather file. Throws InputError(file, line, column, expected).
/// Empty cells stay NaN (see repair_weather).
WeatherData read_weather(const WeatherSpec& spec);

/// Makes the records regular (a missing row between two records, more than 1.5 typical
/// spacings apart, becomes an empty record) and fills every empty cell by `gaps`:
/// closure first, then each column's rule. `cos_zenith` (needed with closure) gives
/// the sun's cosine of zenith at a time. Appends one line per file and column with the
/// true count of each repair. Throws InputError at the first gap a rule refuses.
void repair_weather(WeatherData& d, const WeatherGaps& gaps,
                    const std::function<double(Time)>& cos_zenith = {});

/// Joins files that follow each other in time (DTU months): the repairs are kept,
/// and each file must start after the previous one's last record (InputError otherwise).
WeatherData join_weather(std::vector<WeatherData> parts, const std::vector<std::string>& files);

/// Linear interpolation between records, the last held; O(1) amortised for
/// non-decreasing times.
class WeatherCursor {
 public:
  explicit WeatherCursor(const WeatherData& w) : w_(&w) {}
  /// Sample at `t`, with w.t.front() <= t < w.end.
  WeatherSample at(Time t);

 private:
  const WeatherData* w_;
  std::size_t i_ = 0;
};

/// Day count from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long days_from_civil(int y, unsigned m, unsigned d);

}  // namespace wf
