#pragma once
// Backup reserve: while the grid is up, never discharge below the energy that
// carries the critical load for the configured time (above the usable window's
// floor, after the discharge losses); below it (after an outage),
// recharge first (a discharge that a PCS's delay carries less than 0.1 % of capacity
// past it only holds). In an outage the reserve is what the island runs on, so the
// rule steps aside. The site wakes exactly when the floor is reached (soc_floor).
#include <algorithm>

#include "models/ems/controller.hpp"

namespace wf {

struct BackupReserveParams {
  double energy_j = 0;  ///< critical load x duration
  double recharge_w = INFINITY;
};

class BackupReserve final : public StackRule {
 public:
  explicit BackupReserve(const BackupReserveParams& p) : p_(p) {}
  std::string_view name() const override { return "backup_reserve"; }
  std::optional<double> propose(SiteSnapshot& s) override {
    if (!s.grid_up || s.capacity_j <= 0) return std::nullopt;
    const double floor = floor_j(s), e = s.energy_j(), tol = 1e-9 * s.capacity_j;
    // 0.1 % of capacity below the floor: what a PCS's response delay carries a discharge
    // past it (3.6 s at 1 C). Reached while discharging, that band only holds: recharging
    // there would start a limit cycle around the floor at the PCS's pace. Below it (after
    // an outage) the rule recharges, up to the floor itself.
    constexpr double kOverrun = 1e-3;
    if (e > floor + tol || (!recharging_ && e >= floor - kOverrun * s.capacity_j)) {
      recharging_ = false;
      if (e > floor + tol) return std::nullopt;
      s.max_discharge_w = 0;  // at the floor: the rules below may only charge
      return std::nullopt;
    }
    s.max_discharge_w = 0;
    if (e >= floor - tol) {
      recharging_ = false;
      return std::nullopt;
    }
    // Below it: recharge within the import headroom.
    recharging_ = true;
    const double headroom = std::max(0.0, s.import_limit_w - s.net_w());
    return -std::min({p_.recharge_w, s.max_charge_w, headroom});
  }
  double soc_floor(const SiteSnapshot& s) const override {
    return s.grid_up && s.capacity_j > 0 ? floor_j(s) / s.capacity_j : 0.0;
  }

 private:
  BackupReserveParams p_;
  bool recharging_ = false;                // below the floor's band: refilling up to the floor
  mutable double soc_min_ = -1, eta_ = 1;  // from the batteries' ratings, read once

  // Stored energy that still delivers the reserve: the usable window starts at
  // soc_min, and the load sees what is left after the discharge losses.
  double floor_j(const SiteSnapshot& s) const {
    if (soc_min_ < 0) {
      const StorageRating r = s.site ? s.site->storage_rating() : StorageRating{};
      soc_min_ = r.soc_min, eta_ = r.eta_discharge > 0 ? r.eta_discharge : 1.0;
    }
    return std::min(soc_min_ * s.capacity_j + p_.energy_j / eta_, s.capacity_j);
  }
};

}  // namespace wf
