#include "assembly/run_cost.hpp"

#include <fmt/format.h>

#include <cmath>

#include "models/site/site.hpp"
#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {
constexpr double kGiB = 1u << 30;
}

RunCost estimate_run_cost(const Scenario& s, const std::vector<std::unique_ptr<Site>>& sites) {
  RunCost c;
  c.rows_per_site =
      std::ceil(double(s.duration().count_us()) / double(s.output_interval.count_us()));
  for (const auto& site : sites) c.channels += double(site->output_channels().size());
  c.output_bytes = c.rows_per_site * c.channels * 8;
  c.years = s.duration().to_seconds() / (365.25 * 86400);
  return c;
}

void check_run_cost(const Scenario& s, const std::vector<std::unique_ptr<Site>>& sites) {
  if (large_runs_allowed()) return;
  const RunCost c = estimate_run_cost(s, sites);
  const std::string file = s.path.string();
  const std::string anyway = "pass --allow-large to run it anyway";
  // (The years are bounded when the scenario is read: sim/scenario.cpp.)
  if (c.rows_per_site > double(kMaxRowsPerSite) || c.output_bytes > kMaxOutputBytes)
    throw InputError(
        file, s.doc.root().get("output_interval") ? s.doc.root().at("output_interval").line() : 0,
        "output_interval",
        fmt::format("{} over {} makes {:.3g} rows per site, {:.3g} GiB of row data with {:.0f} "
                    "channels (bounds: {:.0f} million rows, {:.0f} GiB); choose a longer "
                    "output_interval or {}",
                    format_duration(s.output_interval), format_duration(s.duration()),
                    c.rows_per_site, c.output_bytes / kGiB, c.channels,
                    double(kMaxRowsPerSite) / 1e6, kMaxOutputBytes / kGiB, anyway));
}

}  // namespace wf
