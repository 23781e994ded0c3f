#pragma once
// The site's connection to the public grid: import and export limits (the
// contracted capacity and the feed-in limit). Prices, tariffs and outages
// come with the grid issue.
#include <array>

#include "sim/params.hpp"

namespace wf {

struct GridConnectionParams {
  double import_limit_w = 0;
  double export_limit_w = 0;
};

const std::array<Param<GridConnectionParams>, 2>& grid_connection_param_table();

}  // namespace wf
