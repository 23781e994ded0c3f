#pragma once
// Sun position seen from a site. The default: the low-precision solar coordinates of
// Meeus (Astronomical Algorithms, 2nd ed., ch. 25, 12, 22) with NREL SPA's parallax
// and refraction (Reda & Andreas 2004, eqs. 37-42) [PVLIB], zenith within about
// 0.01 deg of SPA for 1950-2050 (checked against pvlib's SPA in the tests). The
// choice SolarAlgorithm::spa runs SPA in full (spa.hpp), as the reference PV-A does.
#include <cmath>

#include "sim/time.hpp"

namespace wf {

/// Where the panels are (rad, east and north positive; altitude in m above sea level).
struct SiteLocation {
  double latitude = 0, longitude = 0;
  double altitude_m = 0;  ///< parallax under SPA; the standard pressure (pressure_at_altitude)
};

/// The sun's coordinates: the Meeus-based default, or NREL SPA (spa.hpp).
enum class SolarAlgorithm { meeus, spa };

/// Angle reduced to [0, 2 pi).
double wrap_2pi(double rad);
/// std::fmod(deg, 360) bit for bit, in a few instructions for |deg| < 2^43.
double fmod_360(double deg);
/// Atmospheric refraction (deg) at true elevation e0 (deg), SPA eq. 42, for pressure (hPa)
/// and air temperature (degC); 0 once the sun's upper limb is below the horizon.
double refraction_deg(double e0_deg, double pressure_hpa, double temp_c);

/// Air pressure (Pa) of the standard atmosphere at an altitude (m), as pvlib's
/// alt2pres: 101325 Pa at sea level, about 89.9 kPa at 1000 m.
double pressure_at_altitude(double altitude_m);

/// Angles in rad. Azimuth clockwise from north (180 deg = south).
struct SunPosition {
  double zenith = 0;           ///< topocentric, without refraction
  double apparent_zenith = 0;  ///< refraction-corrected (what transposition uses)
  double azimuth = 0;
};

/// Geocentric apparent sun at an instant: slow-changing, interpolated by SunTrack.
struct SunGeocentric {
  double declination = 0;        ///< rad
  double right_ascension = 0;    ///< rad, apparent, in [0, 2 pi)
  double distance_au = 1;        ///< earth-sun distance (AU)
  double sidereal_nutation = 0;  ///< equation of the equinoxes, rad (GAST - GMST)
};

/// Apparent geocentric coordinates at UTC instant `t`; `delta_t_s` = TT - UT (s).
SunGeocentric sun_geocentric(Time t, double delta_t_s);

/// Greenwich mean sidereal time at UTC instant `t` (rad, unwrapped).
double greenwich_mean_sidereal(Time t);

/// Topocentric position from geocentric coordinates; pressure (Pa) and air
/// temperature (K) set the refraction.
SunPosition sun_position(const SunGeocentric& g, double gmst, const SiteLocation& site,
                         double pressure_pa, double temp_air_k);

/// Full computation at one instant (slow path, for tests and single points).
SunPosition sun_position(Time t, const SiteLocation& site, double pressure_pa, double temp_air_k,
                         double delta_t_s = 67.0, SolarAlgorithm algorithm = SolarAlgorithm::meeus);

/// Sun positions for instants in increasing order: geocentric coordinates are
/// computed on the hour and interpolated linearly (error below 1e-5 deg), the
/// earth's rotation exactly. About 10x cheaper than sun_position(Time, ...).
class SunTrack {
 public:
  explicit SunTrack(const SiteLocation& site, double delta_t_s = 67.0,
                    SolarAlgorithm algorithm = SolarAlgorithm::meeus)
      : site_(site),
        delta_t_s_(delta_t_s),
        algorithm_(algorithm),
        sin_lat_(std::sin(site.latitude)),
        cos_lat_(std::cos(site.latitude)) {}
  /// Position at `t` (t non-decreasing between calls is fastest; any t works).
  SunPosition at(Time t, double pressure_pa, double temp_air_k);

 private:
  SunGeocentric geocentric(Time t) const;

  SiteLocation site_;
  double delta_t_s_;
  SolarAlgorithm algorithm_;
  double sin_lat_, cos_lat_;
  Time h0_ = Time::never();
  SunGeocentric g0_, g1_;
};

}  // namespace wf
