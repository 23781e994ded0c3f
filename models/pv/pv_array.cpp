#include "models/pv/pv_array.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wf {
namespace {
constexpr double kT25 = 298.15;  // PVWatts reference cell temperature, K
}

const std::array<Param<PvArrayParams>, 7>& pv_array_param_table() {
  using P = PvArrayParams;
  static const std::array<Param<P>, 7> table{{
      {{"tilt", Dim::angle, "", 0, std::numbers::pi / 2, false,
        "tilt of the panels from horizontal"},
       &P::tilt},
      {{"azimuth", Dim::angle, "180 deg", 0, 2 * std::numbers::pi, false,
        "direction the panels face, clockwise from north (180 deg = south)"},
       &P::azimuth},
      {{"albedo", Dim::dimensionless, "0.25", 0, 1, false, "ground reflectance"}, &P::albedo},
      {{"dc_rating", Dim::power, "", 0, INFINITY, true,
        "DC power at 1000 W/m2 and 25 degC cell temperature (PVWatts pdc0)"},
       &P::dc_rating_w},
      {{"gamma", Dim::per_kelvin, "-0.4 %/K", -0.02, 0.01, false,
        "temperature coefficient of DC power"},
       &P::gamma_per_k},
      {{"soiling", Dim::dimensionless, "0 %", 0, 1, false, "DC loss to dirt and snow"},
       &P::soiling},
      {{"losses", Dim::dimensionless, "0 %", 0, 1, false,
        "other DC losses (mismatch, wiring, ageing) as one fraction"},
       &P::losses},
  }};
  return table;
}

const std::array<Param<PvArrayParams>, 3>& pv_sapm_param_table() {
  using P = PvArrayParams;
  static const std::array<Param<P>, 3> table{{
      {{"a", Dim::dimensionless, "-3.56", -10, 0, false,
        "SAPM coefficient a (open rack glass/polymer: -3.56)"},
       &P::sapm_a},
      {{"b", Dim::dimensionless, "-0.075", -1, 0, false,
        "SAPM wind coefficient b in s/m (open rack glass/polymer: -0.075)"},
       &P::sapm_b},
      {{"delta_t", Dim::temperature, "3 K", 0, 50, false,
        "SAPM cell-to-module difference at 1000 W/m2 (a difference: write it in K)"},
       &P::sapm_delta_t},
  }};
  return table;
}

const std::array<Param<PvArrayParams>, 2>& pv_faiman_param_table() {
  using P = PvArrayParams;
  static const std::array<Param<P>, 2> table{{
      {{"u0", Dim::dimensionless, "25", 0, 1000, true, "Faiman constant heat loss in W/(m2 K)"},
       &P::faiman_u0},
      {{"u1", Dim::dimensionless, "6.84", 0, 1000, false, "Faiman wind heat loss in W s/(m3 K)"},
       &P::faiman_u1},
  }};
  return table;
}

const std::array<Param<PvArrayParams>, 3>& pv_inverter_param_table() {
  using P = PvArrayParams;
  static const std::array<Param<P>, 3> table{{
      {{"ac_rating", Dim::power, "", 0, INFINITY, true,
        "inverter AC rating; power is clipped to it"},
       &P::ac_rating_w},
      {{"eta_nom", Dim::dimensionless, "96 %", 0, 1, true, "nominal inverter efficiency"},
       &P::eta_nom},
      {{"eta_ref", Dim::dimensionless, "96.37 %", 0, 1, true,
        "reference efficiency of the PVWatts curve (CEC)"},
       &P::eta_ref},
  }};
  return table;
}

double cell_temperature_sapm(double poa, double temp_air_k, double wind, double a, double b,
                             double delta_t) {
  return temp_air_k + poa * std::exp(a + b * wind) + poa / 1000.0 * delta_t;
}

double cell_temperature_faiman(double poa, double temp_air_k, double wind, double u0, double u1) {
  return temp_air_k + poa / (u0 + u1 * wind);
}

double pvwatts_dc(double effective_irradiance, double cell_temp_k, double pdc0_w, double gamma) {
  return effective_irradiance * 0.001 * pdc0_w * (1 + gamma * (cell_temp_k - kT25));
}

double pvwatts_ac_unclipped(double pdc_w, double pac0_w, double eta_nom, double eta_ref) {
  const double pdc0 = pac0_w / eta_nom;
  const double zeta = pdc_w / pdc0;
  if (zeta <= 0) return 0.0;  // pvlib: eta is 0 at zero input; negative DC gives 0 after the clip
  const double eta = eta_nom / eta_ref * (-0.0162 * zeta - 0.0059 / zeta + 0.9858);
  return std::max(eta * pdc_w, 0.0);
}

double pvwatts_ac(double pdc_w, double pac0_w, double eta_nom, double eta_ref) {
  return std::min(pvwatts_ac_unclipped(pdc_w, pac0_w, eta_nom, eta_ref), pac0_w);
}

PvArray::PvArray(const PvArrayParams& p)
    : p_(p), plane_(p.tilt, p.azimuth, p.albedo), derate_((1 - p.soiling) * (1 - p.losses)) {}

PvStages PvArray::evaluate(const SunPosition& sun, double dni_extra, const WeatherSample& w) const {
  PvStages s;
  s.sun = sun;
  const SunAngles a(sun.apparent_zenith, sun.azimuth);  // pvlib transposes with the apparent zenith
  const double c = cos_aoi(plane_, a);
  s.cos_aoi = c;
  s.dni_extra = dni_extra;
  s.airmass = p_.sky == SkyModel::perez ? airmass_kasten_young(a) : 0.0;
  s.poa = poa_irradiance(p_.sky, plane_, w.irr, a, c, dni_extra, s.airmass);
  s.effective_irradiance =
      s.poa.direct * iam(p_.iam, c, p_.iam_b0) + s.poa.sky_diffuse + s.poa.ground_diffuse;
  const double e = s.poa.global();  // the temperature models see the whole plane irradiance
  s.cell_temp_k =
      p_.cell_model == CellTemperatureModel::sapm
          ? cell_temperature_sapm(e, w.temp_air_k, w.wind_speed, p_.sapm_a, p_.sapm_b,
                                  p_.sapm_delta_t)
          : cell_temperature_faiman(e, w.temp_air_k, w.wind_speed, p_.faiman_u0, p_.faiman_u1);
  s.pdc_w =
      pvwatts_dc(s.effective_irradiance, s.cell_temp_k, p_.dc_rating_w, p_.gamma_per_k) * derate_;
  s.pac_unclipped_w = pvwatts_ac_unclipped(s.pdc_w, p_.ac_rating_w, p_.eta_nom, p_.eta_ref);
  s.pac_w = std::min(s.pac_unclipped_w, p_.ac_rating_w);
  return s;
}

}  // namespace wf
