#include "models/ems/precharge.hpp"

#include <algorithm>

#include "models/grid/tariff.hpp"
#include "models/grid/tariff_rates.hpp"
#include "sim/calendar.hpp"

namespace wf {

std::optional<double> PreCharge::propose(SiteSnapshot& s) {
  if (s.site == nullptr) return std::nullopt;
  if (!s.grid_up || s.soc >= p_.target_soc) return std::nullopt;
  const double headroom = p_.limit_w - s.net_w();
  if (headroom <= 0) return std::nullopt;
  // Cooling follows IT (PUE), so the demand peak scales with the IT peak.
  const double it_peak =
      s.site->it_peak_forecast_w(s.now, s.now + p_.horizon, p_.forecast, p_.season);
  const double scale = s.it_w > 0 ? (s.it_w + s.cooling_w) / s.it_w : 1.0;
  const double peak_net = it_peak * scale + s.aux_w - s.pv_w;
  if (peak_net <= p_.limit_w) return std::nullopt;
  const double charge_w = std::min({p_.power_w, s.max_charge_w, headroom});
  if (!worth_it(s, peak_net, charge_w)) {
    ++not_worth_;
    return std::nullopt;
  }
  ++precharges_;
  return -charge_w;
}

double PreCharge::avoided_eur(const SiteSnapshot& s, double peak_w) const {
  const Tariff& t = *s.site->tariff();
  const double vat = 1 + t.vat;
  // The best pre-charge brings the pulse down to the limit; kW already billed are paid.
  auto above = [&](double billed_w) {
    return std::max(0.0, peak_w - std::max(p_.limit_w, billed_w)) / 1e3;
  };
  const int month = s.site->timezone().fields(s.now).month;
  double eur = t.monthly_peak(month) * vat * above(s.month_peak_w);
  // German annual peak: the lower of the two prices (the pair is chosen at the year's end).
  if (t.annual_peak)
    eur +=
        std::min(t.annual_peak->low_power, t.annual_peak->high_power) * vat * above(s.year_peak_w);
  // Norwegian steps are on the mean of three daily peaks: one day moves a third of it.
  if (!t.capacity_steps.empty()) {
    const double billed = std::max(p_.limit_w, s.month_peak_w);
    eur += std::max(0.0, capacity_step_eur(t, peak_w) - capacity_step_eur(t, billed)) * vat / 3;
  }
  return eur;
}

bool PreCharge::worth_it(const SiteSnapshot& s, double peak_w, double charge_w) const {
  const Tariff* t = s.site->tariff();
  if (t == nullptr) return true;                     // no bill to weigh: the limit is the goal
  if (peak_w > s.import_limit_w) return true;        // what the connection cannot carry is shed
  const StorageRating r = s.site->storage_rating();  // losses of a round trip
  const double loss = std::max(0.0, 1 - r.eta_charge * r.eta_discharge);
  const double spot = std::isnan(s.price_eur_per_mwh) ? 0.0 : s.price_eur_per_mwh;
  const double eur_per_mwh =
      marginal_import_eur_per_mwh(*t, s.site->timezone(), s.now, spot, /*annual_high=*/false);
  // What charging over the horizon draws, at most what fills the cabinet to target_soc.
  const double room_j = std::max(0.0, p_.target_soc - s.soc) * s.capacity_j / r.eta_charge;
  const double drawn_mwh = std::min(charge_w * p_.horizon.to_seconds(), room_j) / 3.6e9;
  const double cost = drawn_mwh * loss * std::max(0.0, eur_per_mwh);
  return avoided_eur(s, peak_w) > cost;
}

std::vector<SummaryValue> PreCharge::summary() const {
  return {{"ems.precharge.decisions", "1", "solves at which a forecast pulse made it charge",
           static_cast<double>(precharges_)},
          {"ems.precharge.not_worth", "1",
           "solves at which a forecast pulse was not worth charging for (already billed, or "
           "no demand charge to avoid)",
           static_cast<double>(not_worth_)}};
}

}  // namespace wf
