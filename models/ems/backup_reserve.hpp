#pragma once
// Backup reserve: while the grid is up, never discharge below the energy that
// carries the critical load for the configured time; below it (after an outage),
// recharge first. In an outage the reserve is what the island runs on, so the
// rule steps aside. The site wakes exactly when the floor is reached (soc_floor).
#include <algorithm>

#include "models/ems/controller.hpp"

namespace wf {

struct BackupReserveParams {
  double energy_j = 0;  ///< critical load x duration
  double recharge_w = INFINITY;
};

class BackupReserve final : public Controller {
 public:
  explicit BackupReserve(const BackupReserveParams& p) : p_(p) {}
  std::string_view name() const override { return "backup_reserve"; }
  double battery_setpoint_w(const SiteSnapshot& s) override {
    SiteSnapshot c = s;
    return propose(c).value_or(0.0);
  }
  std::optional<double> propose(SiteSnapshot& s) override {
    if (!s.grid_up || s.capacity_j <= 0) return std::nullopt;
    const double e = s.energy_j(), tol = 1e-9 * s.capacity_j;
    if (e > p_.energy_j + tol) return std::nullopt;
    s.max_discharge_w = 0;  // at the floor: the rules below may only charge
    if (e >= p_.energy_j - tol) return std::nullopt;
    // Below it: recharge within the import headroom.
    const double headroom = std::max(0.0, s.import_limit_w - s.net_w());
    return -std::min({p_.recharge_w, s.max_charge_w, headroom});
  }
  double soc_floor(const SiteSnapshot& s) const override {
    return s.grid_up && s.capacity_j > 0 ? p_.energy_j / s.capacity_j : 0.0;
  }

 private:
  BackupReserveParams p_;
};

}  // namespace wf
