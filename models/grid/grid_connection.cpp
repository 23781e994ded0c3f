#include "models/grid/grid_connection.hpp"

#include <algorithm>
#include <cmath>
#include "sim/random.hpp"

namespace wf {

const std::array<Param<GridConnectionParams>, 5>& grid_connection_param_table() {
  using P = GridConnectionParams;
  static const std::array<Param<P>, 5> table{{
      {{"import_limit", Dim::power, "", 0, INFINITY, false,
        "largest power the site may draw from the grid (contracted capacity)"},
       &P::import_limit_w},
      {{"export_limit", Dim::power, "0 kW", 0, INFINITY, false,
        "largest power the site may feed into the grid; 0 forbids feed-in"},
       &P::export_limit_w},
      // Domain reference 5.5: CEER SAIDI/SAIFI per country; e.g. Germany ~12 min/a.
      {{"outages_per_year", Dim::dimensionless, "0", 0, 1000, false,
        "mean number of unplanned grid interruptions per year (Poisson)"},
       &P::outages_per_year},
      {{"outage_mean_duration", Dim::time, "30 min", 0, INFINITY, true,
        "mean duration of an interruption (exponential)"},
       &P::outage_mean_duration_s},
      // Domain reference 5.5: a typical customer sees about 12 sags a year ([S] EPRI).
      {{"sags_per_year", Dim::dimensionless, "0", 0, 1e6, false,
        "mean number of voltage sags per year (Poisson; depth and duration drawn)"},
       &P::sags_per_year},
  }};
  return table;
}

std::vector<Outage> merge_outages(std::vector<Outage> outages) {
  std::sort(outages.begin(), outages.end());
  std::vector<Outage> merged;
  for (const auto& o : outages) {
    if (o.second <= o.first) continue;
    if (!merged.empty() && o.first <= merged.back().second)
      merged.back().second = std::max(merged.back().second, o.second);
    else
      merged.push_back(o);
  }
  return merged;
}

std::vector<Outage> random_outages(double per_year, double mean_duration_s, Time start, Time end,
                                   std::uint64_t seed) {
  std::vector<Outage> out;
  if (per_year <= 0) return out;
  Rng rng(seed);
  const double mean_gap_s = 365.25 * 86400 / per_year;
  for (Time t = start + Time::from_seconds(rng.exponential(mean_gap_s)); t < end;
       t += Time::from_seconds(rng.exponential(mean_gap_s))) {
    Time d = std::max(Time::seconds(1), Time::from_seconds(rng.exponential(mean_duration_s)));
    out.emplace_back(t, std::min(t + d, end));
  }
  return merge_outages(std::move(out));
}

}  // namespace wf

namespace wf {

std::vector<Sag> random_sags(double per_year, Time start, Time end, std::uint64_t seed) {
  std::vector<Sag> out;
  if (per_year <= 0) return out;
  Rng rng(seed);
  const double mean_gap_s = 365.25 * 86400 / per_year;
  for (Time t = start + Time::from_seconds(rng.exponential(mean_gap_s)); t < end;
       t += Time::from_seconds(rng.exponential(mean_gap_s))) {
    const double v = 0.4 + 0.5 * rng.uniform();
    out.push_back({t, v, 0.05 + 0.45 * rng.uniform()});
  }
  return out;
}

}  // namespace wf
