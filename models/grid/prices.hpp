#pragma once
// A site's day-ahead price signal: a constant, one price file, or several files joined
// at given instants (hourly prices up to the 15-minute switch on 2025-10-01, then
// quarter-hours). EUR/MWh, excluding VAT.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// `before` on [before.start(), at), `after` on [at, after.end()). Requires
/// before.start() < at <= before.end() and after.start() <= at < after.end(), no repeats.
StepSeries splice(const StepSeries& before, const StepSeries& after, Time at);

struct PriceInput {
  StepSeries eur_per_mwh;                    ///< EUR/MWh, unless made as the run reads them:
  std::unique_ptr<StepGenerator> generated;  ///< synthetic prices (then eur_per_mwh is empty)
  std::vector<std::string> notes;            ///< conversions applied, for the log
  /// The whole series (a generated one drawn now, which rewinds it: for tests and tools).
  StepSeries series() const { return generated ? drain(*generated) : eur_per_mwh; }
  /// The prices as the run reads them, positioned at t0 (a generated series' window holds
  /// a few years at most).
  std::shared_ptr<WindowedSteps> window(Time t0) &&;
};

/// Reads a site's `prices:` field: "60 EUR/MWh", {zone, file, format},
/// {zone, files: [{file, format, from}, ...]} where each later file takes over at its `from`,
/// or {synthetic: {zone, file, seed}} (models/grid/synthetic_prices.hpp), drawn with `seed`
/// unless the map gives its own. The result must cover [run_start, run_end). Throws InputError.
/// The declared fields of a site's `prices:` section and its parts (for the docs).
std::vector<ParamTable> price_param_tables();

PriceInput read_prices(const ConfigNode& node, Time run_start, Time run_end,
                       std::uint64_t seed = 0);

}  // namespace wf
