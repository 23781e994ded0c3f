#pragma once
// From sun and horizontal irradiance to the plane of array, as pvlib's
// irradiance module does it [PVLIB]: extraterrestrial DNI (Spencer), relative
// air mass (Kasten-Young 1989), angle of incidence, transposition (isotropic,
// Hay-Davies, Perez 1990) and the angle-of-incidence loss (ASHRAE, physical).
#include <string_view>

#include "sim/time.hpp"

namespace wf {

enum class SkyModel { isotropic, haydavies, perez };
enum class IamModel { none, ashrae, physical };

/// Fixed plane: tilt from horizontal, azimuth clockwise from north (rad); the
/// tilt's cosine and sine are kept because every step needs them.
struct Plane {
  Plane(double tilt_rad, double azimuth_rad, double albedo_);
  double tilt, azimuth, albedo, cos_tilt, sin_tilt;
};

/// The sun's apparent zenith (rad) with its cosine and sine, and azimuth (rad).
struct SunAngles {
  explicit SunAngles(double zenith_rad, double azimuth_rad);
  double zenith, cos_zenith, sin_zenith, azimuth;
};

/// Horizontal irradiance (W/m2).
struct HorizontalIrradiance {
  double ghi = 0, dni = 0, dhi = 0;
};

/// Plane-of-array components (W/m2).
struct PoaIrradiance {
  double direct = 0, sky_diffuse = 0, ground_diffuse = 0;
  double global() const { return direct + sky_diffuse + ground_diffuse; }
};

/// Extraterrestrial normal irradiance (W/m2) on day of year `doy` (1..366):
/// Spencer (1971) with solar constant 1366.1 W/m2, pvlib's default.
double dni_extra_spencer(int doy);

/// Relative (not pressure-corrected) air mass, Kasten & Young (1989); NaN when
/// the zenith is above 90 deg, as pvlib.
double airmass_kasten_young(const SunAngles& sun);

/// Cosine of the angle of incidence on `plane` for the sun at `sun`.
double cos_aoi(const Plane& plane, const SunAngles& sun);

/// Sky diffuse on the plane (W/m2). `sun` holds the apparent zenith; `airmass`
/// is only read by Perez; `dni_extra` (W/m2) by Hay-Davies and Perez.
double sky_diffuse(SkyModel model, const Plane& plane, const HorizontalIrradiance& h,
                   const SunAngles& sun, double cos_aoi, double dni_extra, double airmass);

/// All three components: beam max(dni cos aoi, 0), ground ghi albedo (1 - cos tilt)/2.
PoaIrradiance poa_irradiance(SkyModel model, const Plane& plane, const HorizontalIrradiance& h,
                             const SunAngles& sun, double cos_aoi, double dni_extra,
                             double airmass);

/// Angle-of-incidence modifier (0..1) for the beam. ASHRAE: 1 - b0 (1/cos - 1)
/// (b0 = 0.05); physical: Fresnel + absorption, De Soto et al. 2006 (n = 1.526,
/// K = 4 /m, L = 2 mm), normalised to normal incidence.
double iam(IamModel model, double cos_aoi, double b0 = 0.05);

/// Name of a sky model as scenarios write it.
std::string_view sky_model_name(SkyModel m);

}  // namespace wf
