#pragma once
// One LFP cell as tables: open-circuit voltage and hysteresis vs SoC, internal
// resistance vs SoC, temperature and direction (bilinear), and the exact
// update of a Thevenin RC pair over an interval at constant current.
// Sign: cell current I > 0 discharges.
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

namespace wf {

struct OcvTable {
  std::vector<double> soc, ocv_v, hysteresis_v;  ///< soc strictly increasing over [0, 1]
};

struct ResistanceTable {
  std::vector<double> soc, temperature_k;         ///< both strictly increasing
  std::vector<double> charge_ohm, discharge_ohm;  ///< [i_soc * n_T + i_T]
};

class LfpCell {
 public:
  /// Throws InternalError when the tables contradict table_problem().
  LfpCell(OcvTable ocv, ResistanceTable r);
  /// Why the tables cannot describe a cell; empty when they can.
  static std::string table_problem(const OcvTable& ocv, const ResistanceTable& r);
  /// Reads `dir`/ocv.csv and `dir`/resistance.csv (data/battery format).
  static LfpCell load(const std::filesystem::path& dir);

  /// Open-circuit voltage (V) at soc (0..1, clamped).
  double ocv(double soc) const { return lookup(ocv_.ocv_v, soc); }
  /// Hysteresis voltage magnitude (V): added while charging, subtracted while discharging.
  double hysteresis(double soc) const { return lookup(ocv_.hysteresis_v, soc); }
  /// Integral of OCV over soc from 0 (V): stored energy per coulomb of capacity.
  double ocv_integral(double soc) const;
  /// Internal resistance (ohm) at soc, temperature (K) and direction.
  double resistance(double soc, double kelvin, bool charging) const;
  struct Resistances {
    double charge_ohm, discharge_ohm;
  };
  /// Both directions at once (one look-up of the grid cell), each equal to resistance().
  Resistances resistances(double soc, double kelvin) const;
  /// The grid cell of a caller's last look-up, tried first by the next (any value is safe).
  struct GridHint {
    std::size_t soc = 0, temp = 0;
  };
  /// resistances() for a caller that looks up again and again (a cabinet each step).
  Resistances resistances(double soc, double kelvin, GridHint& hint) const;

 private:
  OcvTable ocv_;
  ResistanceTable r_;
  std::vector<double> cum_;  // ocv_integral at the grid points
  bool uniform_ = false;
  double step_ = 0;
  std::size_t index(double soc) const;
  double lookup(const std::vector<double>& y, double soc) const;
};

/// RC-pair voltage (V, > 0 while discharging) after dt_s at constant current i_a: exact.
inline double rc_voltage_after(double u0, double i_a, double r_ohm, double tau_s, double dt_s) {
  const double e = std::exp(-dt_s / tau_s);
  return u0 * e + r_ohm * i_a * (1 - e);
}

/// Energy (J) taken by the RC pair, integral of u i dt over dt_s at constant current: exact.
inline double rc_energy(double u0, double i_a, double r_ohm, double tau_s, double dt_s) {
  const double e = std::exp(-dt_s / tau_s);
  return i_a * (r_ohm * i_a * dt_s + (u0 - r_ohm * i_a) * tau_s * (1 - e));
}

}  // namespace wf
