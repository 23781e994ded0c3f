#pragma once
// The scenario types of the pv domain (see docs/models/pv.md), added to a registry.
#include "sim/series_config.hpp"

namespace wf {

class ConfigNode;
class Registry;
void register_pv_models(Registry& r);

/// The air temperature (K) of weather files, for a site's `ambient_temperature:
/// {file, format, year, gaps}` (the formats and fields of the PV weather): the records
/// interpolated linearly, as 10-minute steps over [start, end) holding each step's mean.
SeriesInput read_weather_temperature(const ConfigNode& node, Time start, Time end);

}  // namespace wf
