#include "hil/model_battery.hpp"

#include <fmt/format.h>

#include "models/battery/battery_factory.hpp"
#include "models/battery/lfp_cabinet.hpp"
#include "models/battery/reservoir.hpp"
#include "sim/error.hpp"

namespace wf::hil {

BatteryDevice find_battery_device(const Scenario& s, const std::string& site,
                                  const std::string& device) {
  for (const auto& [sid, snode] : s.sites) {
    if (!site.empty() && sid != site) continue;
    auto devices = snode.get("devices");
    if (!devices) continue;
    for (const auto& [did, dnode] : devices->entries()) {
      if (!device.empty() && did != device) continue;
      auto type = dnode.get("type");
      if (type && (type->scalar() == "battery" || type->scalar() == "cabinet"))
        return {sid, did, dnode};
    }
  }
  throw InputError(s.path.string(), 0, "sites",
                   fmt::format("no battery device{}{} in the scenario (type battery or cabinet)",
                               site.empty() ? "" : " in site '" + site + "'",
                               device.empty() ? "" : " named '" + device + "'"));
}

std::unique_ptr<Battery> build_model_battery(const std::string& id, const ConfigNode& node,
                                             Time start, double* series_cells) {
  auto b = make_battery(id, node, start);
  if (series_cells) {
    const auto* cabinet = dynamic_cast<const LfpCabinet*>(b.get());
    *series_cells = cabinet ? cabinet->params().cells_series : 0.0;
  }
  return b;
}

std::unique_ptr<Battery> default_model_battery(Time start) {
  // The nameplate and PCS rating of the preset, declared once in data/cabinets, kept as a
  // reservoir: a served register then reads back exactly what was commanded.
  const ConfigDoc doc =
      ConfigDoc::parse("type: cabinet\npreset: c_i_100kw_215kwh\n", "<default model cabinet>");
  const auto cabinet = make_battery("cabinet", doc.root(), start);
  ReservoirParams p;
  p.capacity_j = cabinet->capacity_j() / cabinet->soh();
  p.max_charge_w = p.max_discharge_w = cabinet->rated_power_w();
  return std::make_unique<Reservoir>("cabinet", p, start);
}

std::optional<double> model_temperature_k(const Battery& b) {
  if (auto* c = dynamic_cast<const LfpCabinet*>(&b)) return c->temperature_k();
  return std::nullopt;
}

std::pair<double, double> model_dc(const Battery& b, double series_cells) {
  if (auto* c = dynamic_cast<const LfpCabinet*>(&b); c && series_cells > 0)
    return {c->cell_voltage() * series_cells, c->pack_current_a()};
  constexpr double kNominalV = 768;
  return {kNominalV, (b.power_w() + b.loss_w()) / kNominalV};  // DC = AC + losses either way
}

}  // namespace wf::hil
