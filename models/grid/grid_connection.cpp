#include "models/grid/grid_connection.hpp"

#include <cmath>

namespace wf {

const std::array<Param<GridConnectionParams>, 2>& grid_connection_param_table() {
  using P = GridConnectionParams;
  static const std::array<Param<P>, 2> table{{
      {{"import_limit", Dim::power, "", 0, INFINITY, false,
        "largest power the site may draw from the grid (contracted capacity)"},
       &P::import_limit_w},
      {{"export_limit", Dim::power, "0 kW", 0, INFINITY, false,
        "largest power the site may feed into the grid; 0 forbids feed-in"},
       &P::export_limit_w},
  }};
  return table;
}

}  // namespace wf
