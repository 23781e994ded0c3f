#pragma once
// Weather for the PV chain from files: PVGIS typical-year CSV exports and the
// DTU Lyngby 1-min station files. Values are checked against physical ranges
// (irradiance -50..1500 W/m2 and so on); defects name file, line and column.
#include <filesystem>
#include <string>
#include <vector>

#include "models/pv/pv_array.hpp"
#include "sim/time.hpp"

namespace wf {

/// File formats (the scenario's `format:` names, in this order).
enum class WeatherFormat { pvgis_tmy, dtu };

struct WeatherSpec {
  std::filesystem::path file;
  WeatherFormat format = WeatherFormat::pvgis_tmy;
  int year = 2023;  ///< pvgis_tmy: every record is moved into this year, then sorted
};

/// Records at strictly increasing instants; the last one holds until `end`.
struct WeatherData {
  std::vector<Time> t;
  std::vector<WeatherSample> rec;
  Time end;
  std::vector<std::string> repairs;  ///< "file:line: what was done", for the log
};

/// Reads and checks a weather file. Throws InputError(file, line, column, expected).
WeatherData read_weather(const WeatherSpec& spec);

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
