#pragma once
// One PV array and its inverter, for one weather sample: plane of array, beam
// angle-of-incidence loss, cell temperature (SAPM or Faiman), PVWatts DC with a
// temperature coefficient, derates, PVWatts inverter with clipping [PVLIB].
#include <array>
#include <cmath>

#include "models/pv/irradiance.hpp"
#include "models/pv/solar_position.hpp"
#include "sim/params.hpp"

namespace wf {

enum class CellTemperatureModel { sapm, faiman };

/// Flat so each field can sit in a parameter table. SI: rad, W, 1/K, K.
struct PvArrayParams {
  double tilt = 0, azimuth = 0, albedo = 0.25;
  double dc_rating_w = 0;          ///< PVWatts pdc0 at 1000 W/m2 and 25 degC
  double gamma_per_k = -0.004;     ///< PVWatts temperature coefficient of power
  double soiling = 0, losses = 0;  ///< DC derates, fractions (PVWatts-style)
  SkyModel sky = SkyModel::haydavies;
  IamModel iam = IamModel::none;
  double iam_b0 = 0.05;  ///< ASHRAE coefficient
  CellTemperatureModel cell_model = CellTemperatureModel::sapm;
  double sapm_a = -3.56, sapm_b = -0.075, sapm_delta_t = 3;  ///< open rack glass/polymer
  double faiman_u0 = 25.0, faiman_u1 = 6.84;                 ///< W/(m2 K), W s/(m3 K)
  double ac_rating_w = 0;  ///< inverter pac0; PVWatts pdc0 = pac0 / eta_nom
  double eta_nom = 0.96, eta_ref = 0.9637;
};

/// Tables for the scenario fields (array, cell_temperature, inverter blocks).
const std::array<Param<PvArrayParams>, 7>& pv_array_param_table();
const std::array<Param<PvArrayParams>, 3>& pv_sapm_param_table();
const std::array<Param<PvArrayParams>, 2>& pv_faiman_param_table();
const std::array<Param<PvArrayParams>, 3>& pv_inverter_param_table();

/// Weather at one instant (SI: W/m2, K, m/s, Pa).
struct WeatherSample {
  HorizontalIrradiance irr;
  double temp_air_k = 293.15, wind_speed = 1.0, pressure_pa = 101325.0;
};

/// Every stage of the chain, for comparisons with pvlib (rad, W/m2, K, W).
struct PvStages {
  SunPosition sun;
  double cos_aoi = 1, dni_extra = 0, airmass = 0;
  /// Angle of incidence (rad); worked out on demand (the chain itself needs the cosine).
  double aoi() const { return std::acos(cos_aoi); }
  PoaIrradiance poa;
  double effective_irradiance = 0, cell_temp_k = 0, pdc_w = 0, pac_w = 0;
  double pac_unclipped_w = 0;  ///< what the inverter would give without its AC rating
};

/// SAPM cell temperature (K): T_a + E exp(a + b ws) + E/1000 dT (King et al. 2004) [PVLIB-SAPM].
double cell_temperature_sapm(double poa, double temp_air_k, double wind, double a, double b,
                             double delta_t);
/// Faiman cell temperature (K): T_a + E / (u0 + u1 ws) [PVLIB-FAIMAN].
double cell_temperature_faiman(double poa, double temp_air_k, double wind, double u0, double u1);
/// PVWatts DC power (W) for effective irradiance (W/m2) and cell temperature (K) [PVLIB-PVWDC].
double pvwatts_dc(double effective_irradiance, double cell_temp_k, double pdc0_w, double gamma);
/// PVWatts inverter AC power (W), clipped to [0, pac0] [PVLIB-INV].
double pvwatts_ac(double pdc_w, double pac0_w, double eta_nom, double eta_ref);
/// The same before the clip at `pac0_w` (>= 0): their difference is the clipped power.
double pvwatts_ac_unclipped(double pdc_w, double pac0_w, double eta_nom, double eta_ref);

/// An array with its inverter, ready to evaluate samples.
class PvArray {
 public:
  explicit PvArray(const PvArrayParams& p);
  const PvArrayParams& params() const { return p_; }
  /// The chain for one sample: `sun` at its instant, `dni_extra` (W/m2) for its day.
  PvStages evaluate(const SunPosition& sun, double dni_extra, const WeatherSample& w) const;

 private:
  PvArrayParams p_;
  Plane plane_;
  double derate_;  // (1 - soiling)(1 - losses)
};

}  // namespace wf
