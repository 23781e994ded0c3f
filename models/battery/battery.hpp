#pragma once
// What a site needs from a battery cabinet, whatever model sits behind it.
// Sign: power_w() > 0 discharges into the AC bus, < 0 charges from it.
#include <optional>
#include <string>
#include <vector>

#include "models/pcs/pcs_response.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time.hpp"

namespace wf {

class Battery {
 public:
  enum class Limit { none, empty, full };

  explicit Battery(std::string id) : id_(std::move(id)) {}
  virtual ~Battery() = default;
  const std::string& id() const { return id_; }

  /// Largest AC power (W, >= 0) it can deliver / absorb at this instant.
  virtual double max_discharge_w() const = 0;
  virtual double max_charge_w() const = 0;
  /// Sets the AC power in W (> 0 discharge); must respect the two limits above.
  virtual void set_power(double p_w) = 0;
  virtual double power_w() const = 0;

  /// Integrates the state from the last instant to t at the power in force.
  virtual void advance_to(Time t) = 0;
  /// Instant it will reach a limit at the power in force (a state event); never() if none.
  virtual Time next_event() const = 0;
  /// Which limit the state sits on now.
  virtual Limit at_limit() const = 0;

  virtual double soc() const = 0;              ///< 0..1 of the usable window's full scale
  virtual double soc_slope_per_s() const = 0;  ///< d soc / dt at the power in force
  virtual double soh() const = 0;              ///< capacity now / capacity new, 0..1
  virtual double capacity_j() const = 0;       ///< full-scale energy (J)
  virtual double loss_w() const = 0;           ///< conversion losses inside at the power in force
  /// DC energy the pack has delivered so far (J): the throughput full cycles count;
  /// nullopt when the battery cannot know it (a real cabinet seen from its AC side).
  virtual std::optional<double> dc_discharged_j() const { return std::nullopt; }

  /// Power the cabinet's own auxiliaries (BMS, HVAC) draw from the bus now (W, >= 0).
  /// It counts in the site's aux channel, not in power_w().
  virtual double aux_power_w() const { return 0; }
  /// Outdoor air temperature around the cabinet from now on (K).
  virtual void set_ambient_temperature(double /*kelvin*/) {}
  /// Rated AC power (W): the base of a ramp rate given in % per second; 0 if unknown.
  virtual double rated_power_w() const { return 0; }
  /// Ratings an optimiser plans with (the LP's simplified battery): AC power limits
  /// at normal conditions, the usable SoC window and one-way AC<->stored efficiencies.
  struct Rating {
    double charge_w = 0, discharge_w = 0;
    double soc_min = 0, soc_max = 1;
    double eta_charge = 0.95, eta_discharge = 0.95;
  };
  virtual Rating rating() const { return {rated_power_w(), rated_power_w(), 0, 1, 0.95, 0.95}; }
  /// How the PCS follows a new setpoint while grid-following; instant unless configured.
  const PcsResponseParams& response() const { return response_; }
  void set_response(const PcsResponseParams& r) { response_ = r; }

  /// Whole-run figures of this battery for /summary (names unique within the battery).
  virtual std::vector<SummaryValue> summary() const { return {}; }
  /// New cells from the next update on: state of health and resistance as new, the
  /// charge kept as a share of the window (the lifetime appraisal's replacement at end
  /// of life). Storage that does not age ignores it.
  virtual void replace_cells() {}

 private:
  std::string id_;
  PcsResponseParams response_;
};

}  // namespace wf
