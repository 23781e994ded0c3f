#pragma once
// Cooling as a power usage effectiveness: cooling = (PUE - 1) x IT power.
// ClimatePue gives the PUE from the site's outdoor temperature (free cooling vs compressors).
#include <string>

namespace wf {

/// PUE(T_out) = 1 + loss + f_cool(T_out) (domain reference 4.5, all [U]): f_cool is
/// `free_cooling` while T_out <= free_limit, rising linearly to `compressor` at `full_load`
/// and held there. Temperatures in K, the rest as fractions of IT power.
struct ClimatePue {
  double loss = 0.07;                 ///< UPS and transformers, 0.05-0.10 [U]
  double free_cooling = 0.05;         ///< fans and pumps only, 0.03-0.08 [U]
  double compressor = 0.40;           ///< mechanical cooling at its worst, 0.3-0.5 [U]
  double free_limit = 273.15 + 18.0;  ///< supply set point minus approach, 18-22 degC [U]
  double full_load = 273.15 + 35.0;   ///< compressors fully loaded [U]
  /// PUE (>= 1) at outdoor temperature t_out (K).
  double pue(double t_out) const;
};

/// The site's cooling: a fixed PUE, or a PUE that follows the outdoor temperature.
class Cooling {
 public:
  /// pue >= 1.
  Cooling(std::string id, double pue) : id_(std::move(id)), pue_(pue) {}
  Cooling(std::string id, const ClimatePue& climate)
      : id_(std::move(id)), climate_(climate), has_climate_(true) {}
  const std::string& id() const { return id_; }
  /// PUE at outdoor temperature t_out (K).
  double pue(double t_out) const { return has_climate_ ? climate_.pue(t_out) : pue_; }
  /// Cooling power (W) for IT power it_w at outdoor temperature t_out (K).
  double power_w(double it_w, double t_out) const { return (pue(t_out) - 1.0) * it_w; }

 private:
  std::string id_;
  double pue_ = 1;
  ClimatePue climate_;
  bool has_climate_ = false;
};

}  // namespace wf
