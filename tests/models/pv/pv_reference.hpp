#pragma once
// PV-A of ../shared/data/reference (pvlib model chain on a PVGIS typical year):
// the weather, the parameters and the reference columns, shared by the PV tests.
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "models/pv/pv_chain.hpp"
#include "sim/csv_reader.hpp"
#include "tests/test_support.hpp"

namespace wf::test {

inline std::filesystem::path pv_a_dir() {
  return shared_data() / "reference";
}

inline WeatherData pv_a_weather() {
  return read_weather(
      {pv_a_dir() / "tmy_45.000_8.000_2005_2023.csv", WeatherFormat::pvgis_tmy, 2023});
}

/// The PV-A chain of the reference README for one sky model.
inline PvChainSpec pv_a_spec(SkyModel sky, Time step) {
  constexpr double deg = std::numbers::pi / 180;
  PvChainSpec s;
  s.array.tilt = 35 * deg;
  s.array.azimuth = 180 * deg;
  s.array.albedo = 0.25;
  s.array.dc_rating_w = 100e3;
  s.array.gamma_per_k = -0.004;
  s.array.sky = sky;
  s.array.ac_rating_w = 100e3;
  s.array.eta_nom = 0.96;
  s.array.eta_ref = 0.9637;
  s.site = {45 * deg, 8 * deg};
  s.delta_t_s = 67;
  s.step = step;
  return s;
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
