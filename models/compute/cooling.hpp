#pragma once
// Cooling as a power usage effectiveness: cooling = (PUE - 1) x IT power.
// ClimatePue gives the PUE from the outdoor temperature (free cooling vs compressors);
// the site still uses a fixed PUE until it gets a temperature input.
#include <string>

namespace wf {

class Cooling {
 public:
  /// pue >= 1.
  Cooling(std::string id, double pue) : id_(std::move(id)), pue_(pue) {}
  const std::string& id() const { return id_; }
  double pue() const { return pue_; }
  double power_w(double it_w) const { return (pue_ - 1.0) * it_w; }

 private:
  std::string id_;
  double pue_;
};

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

}  // namespace wf
