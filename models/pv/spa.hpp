#pragma once
// NREL's Solar Position Algorithm (Reda & Andreas 2004, NREL/TP-560-34302): the sun
// from the truncated VSOP87 series and the 1980 IAU nutation, +-0.0003 deg over
// -2000..6000. The choice `solar_position: spa` of the PV weather; the Meeus-based
// default is within about 0.01 deg of it (see solar_position.hpp).
#include "models/pv/solar_position.hpp"

namespace wf {

/// Apparent geocentric sun at UTC instant `t` by SPA (eqs. 1-25); `delta_t_s` = TT - UT.
SunGeocentric sun_geocentric_spa(Time t, double delta_t_s);

/// Topocentric sun by SPA (eqs. 26-46): parallax from the site's latitude and altitude,
/// refraction from pressure (Pa) and air temperature (K).
SunPosition topocentric_spa(const SunGeocentric& g, double gmst, const SiteLocation& site,
                            double pressure_pa, double temp_air_k);

}  // namespace wf
