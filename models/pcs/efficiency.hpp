#pragma once
// PCS (bidirectional inverter) efficiency vs load, AC <-> DC. Two forms:
// Notton et al. 2010 (eta(x) = x / (x + p0 + k x^2), x = |P_AC| / P_rated, both
// directions, as SimSES applies it) and a measured curve eta(x) per direction
// (e.g. Siemens Sinamics S120). Sign as everywhere: > 0 discharges into the AC
// bus; charging P_DC = P_AC eta, discharging P_DC = P_AC / eta.
#include <filesystem>
#include <string>
#include <vector>

namespace wf {

class PcsEfficiency {
 public:
  /// Notton type curve; p0 and k in per unit of `rated_w` (type 2: 0.0072, 0.0345).
  static PcsEfficiency notton(double rated_w, double p0, double k);
  /// Measured curve: eta at x = i / (n - 1), i = 0..n-1, per direction (same length >= 2).
  /// Curves failing table_problem() are a caller's error (InternalError).
  static PcsEfficiency table(double rated_w, std::vector<double> eta_charge,
                             std::vector<double> eta_discharge);
  /// Why the curves cannot describe a PCS; empty when they can.
  static std::string table_problem(double rated_w, const std::vector<double>& eta_charge,
                                   const std::vector<double>& eta_discharge);
  /// Reads a CSV `load_pu,eta_charge,eta_discharge` ('#' comments, one header line), load
  /// evenly spaced from 0 to 1. Throws InputError naming the file (and row) when malformed.
  static PcsEfficiency from_csv(double rated_w, const std::filesystem::path& file);

  double rated_w() const { return rated_w_; }
  /// Efficiency at AC power p_ac_w (W, either sign); 0 at zero load.
  double eta(double p_ac_w) const;
  /// DC power at the battery terminals (W, > 0 out of the battery) for an AC power (W).
  double dc_from_ac(double p_ac_w) const;
  /// Inverse of dc_from_ac (W), for AC limits from DC limits; |result| may exceed rated.
  double ac_from_dc(double p_dc_w) const;
  /// Conversion loss (W, >= 0) at AC power p_ac_w.
  double loss_w(double p_ac_w) const;

 private:
  double rated_w_ = 0;
  bool analytic_ = true;
  double p0_ = 0, k_ = 0;
  std::vector<double> eta_[2];  // [0] charge, [1] discharge, evenly spaced in x
  std::vector<double> dc_[2];   // |P_DC| / rated at each grid point, for the inverse
  double table_eta(int dir, double x) const;
};

}  // namespace wf
