#pragma once
// The scenario types of the pv domain (see docs/models/pv.md), added to a registry.
#include <cstdint>

#include "sim/series_config.hpp"

namespace wf {

class ConfigNode;
class Registry;
void register_pv_models(Registry& r);

/// The air temperature (K) of weather files, for a site's `ambient_temperature:
/// {file, format, year, gaps}` (the formats and fields of the PV weather): the records
/// interpolated linearly, as 10-minute steps over [start, end) holding each step's mean;
/// or `{format: synthetic, ...}`: synthetic_temperature drawn with `seed`.
SeriesInput read_weather_temperature(const ConfigNode& node, Time start, Time end,
                                     std::uint64_t seed);

}  // namespace wf
