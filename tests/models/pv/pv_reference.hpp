#pragma once
// PV-A of ../shared/data/reference (pvlib model chain on a PVGIS typical year):
// the weather, the parameters and the reference columns, shared by the PV tests.
#include <cmath>
#include <string>
#include <vector>

#include "models/pv/pv_chain.hpp"
#include "sim/csv_reader.hpp"
#include "tests/models/pv/pv_a_spec.hpp"
#include "tests/test_support.hpp"

namespace wf::test {

inline std::filesystem::path pv_a_dir() {
  return shared_data() / "reference";
}

inline WeatherData pv_a_weather() {
  return read_weather(
      {pv_a_dir() / "tmy_45.000_8.000_2005_2023.csv", WeatherFormat::pvgis_tmy, 2023});
}

/// One column of the reference table as numbers (empty cells: NaN).
inline std::vector<double> column(const CsvTable& t, const std::string& name) {
  const int c = t.column(name);
  if (c < 0) throw std::runtime_error("no column " + name);
  std::vector<double> v;
  for (const auto& r : t.rows) v.push_back(r[c].empty() ? NAN : std::stod(r[c]));
  return v;
}

}  // namespace wf::test
