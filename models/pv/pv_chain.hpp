#pragma once
// The PV chain run once at load time over the run's time grid: weather
// interpolated linearly to each step, the sun recomputed at each step, and the
// AC power handed to the engine as a StepSeries (each step holds the value at
// its start, as pvlib evaluates instants).
#include <string>
#include <vector>

#include "models/pv/pv_array.hpp"
#include "models/pv/weather.hpp"
#include "sim/time_series.hpp"

namespace wf {

struct PvChainSpec {
  PvArrayParams array;
  SiteLocation site;  ///< rad
  SolarAlgorithm algorithm = SolarAlgorithm::meeus;
  double delta_t_s = 67;  ///< TT - UT for the sun position (s); 67 s as in PV-A
  Time step = Time::minutes(1);
};

/// Per grid step, in SI (W, W/m2, K).
struct PvChainResult {
  std::vector<Time> t;
  std::vector<double> ac_w, dc_w, poa_w_m2, cell_temp_k;
  std::vector<double> clipped_w;  ///< AC power the inverter's rating cut off
  Time end;
  /// AC power as steps; runs of equal values (nights) merged into one step.
  StepSeries ac_series() const;
  /// Any per-step column (dc_w, poa_w_m2, cell_temp_k, clipped_w) as steps, equal runs merged.
  StepSeries series(const std::vector<double>& column) const;
};

/// The chain's outputs as the engine takes them: steps, runs of equal values merged.
struct PvChainSeries {
  StepSeries ac_w, dc_w, poa_w_m2, cell_temp_k, clipped_w;
};

/// Runs the chain on start + k step, k >= 0, over [start, end). The weather must
/// cover that interval (InputError naming `weather_file` otherwise). `stages`,
/// when given, receives every intermediate stage per step (tests).
PvChainResult run_pv_chain(const PvChainSpec& spec, const WeatherData& weather,
                           const std::string& weather_file, Time start, Time end,
                           std::vector<PvStages>* stages = nullptr);

/// The same run, building the step series as it goes (no per-step columns kept): what
/// the scenario type uses. Equal to the series of run_pv_chain's columns.
PvChainSeries run_pv_chain_series(const PvChainSpec& spec, const WeatherData& weather,
                                  const std::string& weather_file, Time start, Time end);

/// Day of the year (1..366) of a UTC instant.
int day_of_year(Time t);
/// Calendar year of a UTC instant.
int utc_year(Time t);

}  // namespace wf
