#pragma once
// The site's connection to the public grid: import and export limits (the
// contracted capacity and the feed-in limit) and the outages that cut it.
// Prices and tariffs live in their own files of this folder.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/params.hpp"
#include "sim/time.hpp"

namespace wf {

struct GridConnectionParams {
  double import_limit_w = 0;
  double export_limit_w = 0;
  double outages_per_year = 0;           ///< mean rate of unplanned interruptions (SAIFI-like)
  double outage_mean_duration_s = 1800;  ///< mean duration (SAIDI / SAIFI)
  double sags_per_year = 0;              ///< mean rate of voltage sags
};

const std::array<Param<GridConnectionParams>, 5>& grid_connection_param_table();

/// A short voltage dip at the connection point.
struct Sag {
  Time at;
  double voltage_pu;  ///< retained voltage
  double duration_s;
};

/// Poisson sags over [start, end) with retained voltage uniform in 40-90 % and
/// duration uniform in 50-500 ms (domain reference 5.5 default generator, [U]).
std::vector<Sag> random_sags(double per_year, Time start, Time end, std::uint64_t seed);

/// An interval [first, second) without grid.
using Outage = std::pair<Time, Time>;

/// Poisson outages over [start, end): exponential gaps at `per_year`, exponential
/// durations with the given mean; overlapping ones merge. Same seed, same list.
std::vector<Outage> random_outages(double per_year, double mean_duration_s, Time start, Time end,
                                   std::uint64_t seed);

/// Sorts and merges outages (explicit lists may overlap); drops empty ones.
std::vector<Outage> merge_outages(std::vector<Outage> outages);

}  // namespace wf
