// Scenario type of the PV domain: `pv`, either from an AC power trace (`power`)
// or from the model chain (`array` + `weather`), run once at load time.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numbers>
#include <optional>

#include "models/pv/pv_chain.hpp"
#include "models/pv/pv_registration.hpp"
#include "models/pv/pv_trace.hpp"
#include "models/pv/solar_position.hpp"
#include "models/pv/synthetic_temperature.hpp"
#include "models/pv/synthetic_weather.hpp"
#include "models/registry/registry.hpp"
#include "models/registry/site_assembly.hpp"
#include "sim/seed.hpp"
#include "sim/series_config.hpp"
#include "sim/time_format.hpp"

namespace wf {
namespace {

constexpr double kDeg = std::numbers::pi / 180.0;
constexpr std::array<std::string_view, 3> kSkyModels{"isotropic", "haydavies", "perez"};
constexpr std::array<std::string_view, 3> kIamModels{"none", "ashrae", "physical"};
constexpr std::array<std::string_view, 2> kCellModels{"sapm", "faiman"};

// File formats in WeatherFormat's order, then the generated weather.
constexpr std::array<std::string_view, 4> kFormats{"pvgis_tmy", "dtu", "epw", "synthetic"};
constexpr std::size_t kSynthetic = 3;
constexpr std::array<std::string_view, 2> kSolarAlgorithms{"meeus", "spa"};

// An array's fields besides the numbers of pv_array_param_table().
constexpr ParamInfo kArrayModels[] = {
    choice_param("sky", kSkyModels, "haydavies", "the transposition model"),
    text_param("iam", "`none`, `ashrae`, `physical` or `{model: ashrae, b0: 0.05}`", "none",
               "incidence-angle loss on the beam"),
    text_param("cell_temperature", "`{model: sapm, ...}` or `{model: faiman, ...}` (below)",
               "sapm, open rack glass/polymer", "the cell temperature model"),
    required_text_param("inverter", "a section (below)", "the PV inverter"),
};
constexpr ParamInfo kIam[] = {
    choice_param("model", kIamModels, "", "the incidence-angle model"),
    {"b0", Dim::dimensionless, "0.05", 0, 1, false, "ASHRAE incidence-angle coefficient"},
};
// Every weather source: where the array is, the sun and the chain's step.
constexpr ParamInfo kWeather[] = {
    choice_param("format", kFormats, "", "the weather source"),
    {"latitude", Dim::angle, "", -90 * kDeg, 90 * kDeg, false,
     "latitude of the array, north positive (`epw`: the file's, unless given)"},
    {"longitude", Dim::angle, "", -180 * kDeg, 180 * kDeg, false,
     "longitude of the array, east positive (`epw`: the file's, unless given)"},
    {"altitude", Dim::length, "0 m (`epw`: the file's elevation)", -500, 9000, false,
     "height above sea level: the parallax under `spa`, and the air pressure of `synthetic` "
     "weather (standard atmosphere); weather files bring their own pressure"},
    choice_param("solar_position", kSolarAlgorithms, "meeus",
                 "the sun's coordinates: Meeus' low-precision series (within 0.01 deg of SPA) or "
                 "NREL's SPA (within 0.0003 deg)"),
    text_param("step", "a positive duration", "1 min", "the chain's time step"),
    {"delta_t", Dim::time, "67 s", -1000, 1000, false, "TT - UT for the sun position"},
};
// A weather source read from files (`pvgis_tmy`, `dtu`, `epw`).
constexpr ParamInfo kWeatherFiles[] = {
    required_text_param("file", "a path or a list of consecutive files (a station's months)",
                        "the weather"),
    text_param("year", "a year from 1900 to 2200", "the run's start year",
               "the year a typical year is placed in (`pvgis_tmy`, `epw`)"),
    text_param("gaps", "a policy, a rule `{fill, max_gap, beyond}` or a section (below)", "error",
               "what empty cells and missing rows become"),
};
constexpr std::array<std::string_view, 5> kFills{"error", "hold", "zero", "interpolate",
                                                 "month_mean"};
// One rule: `gaps: {fill: interpolate, max_gap: 10min, beyond: zero}`.
constexpr ParamInfo kGapRule[] = {
    choice_param("fill", kFills, "error", "what the cells of a gap up to `max_gap` become"),
    text_param("max_gap", "a duration", "no limit",
               "the longest gap `fill` repairs: from its first empty record to the next value"),
    choice_param("beyond", kFills, "error", "what the cells of a longer gap become"),
};
// Rules by column: `gaps: {irradiance: {...}, temperature: month_mean, closure: true}`.
constexpr ParamInfo kGapColumns[] = {
    text_param("all", "a policy or a rule", "error", "every column not named"),
    text_param("irradiance", "a policy or a rule", "`all`", "GHI, DNI and DHI"),
    text_param("ghi", "a policy or a rule", "`irradiance`", "global horizontal irradiance"),
    text_param("dni", "a policy or a rule", "`irradiance`", "direct normal irradiance"),
    text_param("dhi", "a policy or a rule", "`irradiance`", "diffuse horizontal irradiance"),
    text_param("temperature", "a policy or a rule", "`all`", "air temperature"),
    text_param("wind", "a policy or a rule", "`all`", "wind speed"),
    text_param("pressure", "a policy or a rule", "`all`", "air pressure"),
    flag_param("closure", "false",
               "one missing of GHI, DNI, DHI from the other two (GHI = DHI + DNI cos zenith), "
               "before the rules"),
};

GapRule read_gap_rule(const ConfigNode& n) {
  GapRule r;
  if (n.is_scalar()) {
    r.fill = static_cast<WeatherFill>(n.choice(kFills));
    return r;
  }
  n.check_keys(param_keys(kGapRule));
  if (auto f = n.get("fill")) r.fill = static_cast<WeatherFill>(f->choice(kFills));
  if (auto m = n.get("max_gap")) {
    r.max_gap = m->duration();
    if (r.max_gap <= Time::zero()) m->fail("expected a positive duration like '10min'");
  }
  if (auto b = n.get("beyond")) r.beyond = static_cast<WeatherFill>(b->choice(kFills));
  if (!n.get("max_gap") && n.get("beyond"))
    n.at("beyond").fail("expected `max_gap` with `beyond` (the gaps longer than it)");
  return r;
}

WeatherGaps read_gaps(const ConfigNode& wn) {
  WeatherGaps g;
  auto n = wn.get("gaps");
  if (!n) return g;
  const bool one_rule = n->is_scalar() || n->get("fill") || n->get("max_gap") || n->get("beyond");
  if (one_rule) {
    g.rule.fill(read_gap_rule(*n));
    return g;
  }
  n->check_keys(param_keys(kGapColumns));
  const GapRule all = n->get("all") ? read_gap_rule(n->at("all")) : GapRule{};
  const GapRule irr = n->get("irradiance") ? read_gap_rule(n->at("irradiance")) : all;
  constexpr std::array<std::string_view, kWeatherColumns> kKeys{"ghi",         "dni",  "dhi",
                                                                "temperature", "wind", "pressure"};
  for (std::size_t c = 0; c < kWeatherColumns; ++c)
    g.rule[c] = n->get(kKeys[c]) ? read_gap_rule(n->at(kKeys[c])) : (c < 3 ? irr : all);
  if (auto cl = n->get("closure")) g.closure = cl->boolean();
  return g;
}

void read_cell_temperature(const ConfigNode& node, PvArrayParams& p) {
  const auto model = static_cast<CellTemperatureModel>(node.at("model").choice(kCellModels));
  p.cell_model = model;
  std::vector<std::string_view> keys{"model"};
  if (model == CellTemperatureModel::sapm) {
    for (auto k : param_names<PvArrayParams>(pv_sapm_param_table())) keys.push_back(k);
    node.check_keys(keys);
    read_params<PvArrayParams>(node, pv_sapm_param_table(), p);
  } else {
    for (auto k : param_names<PvArrayParams>(pv_faiman_param_table())) keys.push_back(k);
    node.check_keys(keys);
    read_params<PvArrayParams>(node, pv_faiman_param_table(), p);
  }
}

// `iam: ashrae` or `iam: {model: ashrae, b0: 0.05}`.
void read_iam(const ConfigNode& node, PvArrayParams& p) {
  if (node.is_scalar()) {
    p.iam = static_cast<IamModel>(node.choice(kIamModels));
    return;
  }
  node.check_keys(param_keys(kIam));
  p.iam = static_cast<IamModel>(node.at("model").choice(kIamModels));
  p.iam_b0 = read_param(node, param(kIam, "b0"));
}

PvArrayParams read_array(const ConfigNode& node) {
  PvArrayParams p;
  auto keys = param_names<PvArrayParams>(pv_array_param_table());
  for (const auto& k : kArrayModels) keys.push_back(k.name);
  node.check_keys(keys);
  read_params<PvArrayParams>(node, pv_array_param_table(), p);
  if (auto s = node.get("sky")) p.sky = static_cast<SkyModel>(s->choice(kSkyModels));
  if (auto s = node.get("iam")) read_iam(*s, p);
  if (auto s = node.get("cell_temperature")) read_cell_temperature(*s, p);
  const ConfigNode inv = node.at("inverter");
  inv.check_keys(param_names<PvArrayParams>(pv_inverter_param_table()));
  read_params<PvArrayParams>(inv, pv_inverter_param_table(), p);
  return p;
}

SyntheticWeatherParams read_synthetic(const ConfigNode& wn) {
  SyntheticWeatherParams p;
  read_params<SyntheticWeatherParams>(wn, synthetic_weather_param_table(), p);
  if (p.clear_days + p.overcast_days > 1)
    wn.at("overcast_days").fail("expected clear_days + overcast_days <= 100 %");
  return p;
}

// `file` is one path or a list of consecutive files (the DTU station's months). Gaps are
// repaired after `locate` has set the site (closure needs the sun).
WeatherData read_weather_files(const ConfigNode& wn, Time run_start, PvChainSpec& spec,
                               const std::function<void(WeatherData&)>& locate,
                               std::string* first_file) {
  const ConfigNode fn = wn.at("file");
  std::vector<ConfigNode> items = fn.is_sequence() ? fn.items() : std::vector<ConfigNode>{fn};
  if (items.empty()) fn.fail("expected a weather file or a list of them");
  WeatherSpec ws;
  ws.format = static_cast<WeatherFormat>(wn.at("format").choice(kFormats));
  ws.year =
      wn.get("year") ? static_cast<int>(wn.at("year").integer(1900, 2200)) : utc_year(run_start);
  std::vector<WeatherData> parts;
  std::vector<std::string> names;
  for (const ConfigNode& item : items) {
    const std::filesystem::path f = item.scalar();
    ws.file = f.is_absolute() ? f : wn.base_dir() / f;
    parts.push_back(read_weather(ws));
    names.push_back(ws.file.string());
  }
  *first_file = names.front();
  WeatherData d = join_weather(std::move(parts), names);
  locate(d);
  const WeatherGaps gaps = read_gaps(wn);
  auto cos_zenith = [&](Time t) {
    return std::cos(
        sun_position(t, spec.site, 101325.0, 288.15, spec.delta_t_s, spec.algorithm).zenith);
  };
  repair_weather(d, gaps, cos_zenith);
  return d;
}

// Site, sun and grid fields shared by every weather source; a field left out comes from
// the file's header when it has one (EPW).
void read_site_and_step(const ConfigNode& wn, const std::optional<WeatherSite>& file_site,
                        PvChainSpec& spec) {
  auto field = [&](std::string_view name, double from_file) {
    return file_site && !wn.get(name) ? from_file : read_param(wn, param(kWeather, name));
  };
  spec.site.latitude = field("latitude", file_site ? file_site->latitude : 0);
  spec.site.longitude = field("longitude", file_site ? file_site->longitude : 0);
  spec.site.altitude_m = file_site || wn.get("altitude")
                             ? field("altitude", file_site ? file_site->altitude_m : 0)
                             : 0.0;
  if (auto a = wn.get("solar_position"))
    spec.algorithm = static_cast<SolarAlgorithm>(a->choice(kSolarAlgorithms));
  spec.delta_t_s = read_param(wn, param(kWeather, "delta_t"));
  spec.step = wn.get("step") ? wn.at("step").duration() : Time::minutes(1);
  if (spec.step <= Time::zero()) wn.at("step").fail("expected a positive duration like '1min'");
}

PvChainSeries pv_chain_power(const std::string& id, const ConfigNode& node, SiteAssembly& b) {
  PvChainSpec spec;
  spec.array = read_array(node.at("array"));
  const ConfigNode wn = node.at("weather");
  const bool synthetic = wn.at("format").choice(kFormats) == kSynthetic;
  std::vector<std::string_view> keys = param_keys(kWeather);
  if (synthetic) {
    for (auto k : param_names<SyntheticWeatherParams>(synthetic_weather_param_table()))
      keys.push_back(k);
  } else {
    for (const auto& k : kWeatherFiles) keys.push_back(k.name);
  }
  wn.check_keys(keys);
  if (synthetic) {
    read_site_and_step(wn, std::nullopt, spec);
    SyntheticWeatherParams p = read_synthetic(wn);
    if (wn.get("altitude")) p.pressure_pa = pressure_at_altitude(spec.site.altitude_m);
    const WeatherData weather = synthetic_weather(p, spec.site, b.start(), b.end(), spec.step,
                                                  weather_seed(b.seed(), id), spec.algorithm);
    return run_pv_chain_series(spec, weather, "synthetic", b.start(), b.end());
  }
  std::string file;
  const WeatherData weather = read_weather_files(
      wn, b.start(), spec, [&](WeatherData& d) { read_site_and_step(wn, d.site, spec); }, &file);
  b.log_repairs(weather.repairs);
  return run_pv_chain_series(spec, weather, file, b.start(), b.end());
}

}  // namespace

SeriesInput read_weather_temperature(const ConfigNode& node, Time start, Time end,
                                     std::uint64_t seed) {
  std::vector<std::string_view> keys{"format"};
  if (node.at("format").choice(kFormats) == kSynthetic) {
    const auto& table = synthetic_temperature_param_table();
    for (auto k : param_names<SyntheticTemperatureParams>(table)) keys.push_back(k);
    node.check_keys(keys);
    SyntheticTemperatureParams p;
    read_params<SyntheticTemperatureParams>(node, table, p);
    SeriesInput in;
    in.series = synthetic_temperature(p, start, end, seed);
    return in;
  }
  for (const auto& k : kWeatherFiles) keys.push_back(k.name);
  node.check_keys(keys);
  // Only the temperature is used: the other columns are blanked so their gaps do not count.
  PvChainSpec spec;
  std::string file;
  WeatherData d = read_weather_files(
      node, start, spec,
      [](WeatherData& w) {
        for (auto& r : w.rec) {
          r.irr = {0, 0, 0};
          r.wind_speed = 0;
          r.pressure_pa = 101325;
        }
      },
      &file);
  if (start < d.t.front() || end > d.end)
    node.at("file").fail(fmt::format(
        "expected weather covering the run, {} to {}; it covers {} to {}", format_utc(start),
        format_utc(end), format_utc(d.t.front()), format_utc(d.end)));
  constexpr Time kStep = Time::minutes(10);
  WeatherCursor cursor(d);
  std::vector<Time> t;
  std::vector<double> v;
  for (Time a = start; a < end; a += kStep) {
    const Time b = std::min(a + kStep, end);
    const double k = cursor.at(a + (b - a) / 2).temp_air_k;  // mean of a line piece
    if (v.empty() || k != v.back()) {
      t.push_back(a);
      v.push_back(k);
    }
  }
  SeriesInput in;
  in.series = StepSeries(std::move(t), std::move(v), end);
  in.repairs = std::move(d.repairs);
  in.from_trace = true;
  return in;
}

namespace {

constexpr ParamInfo kPv[] = {
    text_param("power", "a power or a trace", "",
               "AC power available (negative values count as 0); or `array` + `weather`"),
    optional_param({"ac_limit", Dim::power, "", 0, INFINITY, true,
                    "AC rating of the PV inverters; power above it is clipped (default: none)"}),
    text_param("array", "a section (below)", "",
               "with `weather`, instead of `power`: the model chain from weather to AC power"),
    text_param("weather", "a section (below)", "", "the weather the model chain runs on"),
};

}  // namespace

void register_pv_models(Registry& r) {
  using A = PvArrayParams;
  auto array = param_infos(std::span<const Param<A>>(pv_array_param_table()));
  array.insert(array.end(), std::begin(kArrayModels), std::end(kArrayModels));
  r.add_params({"pv.array", std::move(array)});
  r.add_params({"pv.array.iam", {std::begin(kIam), std::end(kIam)}});
  r.add_params({"pv.weather", {std::begin(kWeather), std::end(kWeather)}});
  r.add_params({"pv.weather.files", {std::begin(kWeatherFiles), std::end(kWeatherFiles)}});
  r.add_params({"pv.weather.gaps", {std::begin(kGapColumns), std::end(kGapColumns)}});
  r.add_params({"pv.weather.gaps.rule", {std::begin(kGapRule), std::end(kGapRule)}});
  r.add_params({"pv.array.sapm", param_infos(std::span<const Param<A>>(pv_sapm_param_table()))});
  r.add_params(
      {"pv.array.faiman", param_infos(std::span<const Param<A>>(pv_faiman_param_table()))});
  r.add_params(
      {"pv.array.inverter", param_infos(std::span<const Param<A>>(pv_inverter_param_table()))});
  r.add_params({"pv.weather.synthetic", param_infos(std::span<const Param<SyntheticWeatherParams>>(
                                            synthetic_weather_param_table()))});
  r.add_params({"device.pv", {std::begin(kPv), std::end(kPv)}});
  r.add_device("pv", [](const std::string& id, const ConfigNode& node, SiteAssembly& b) {
    node.check_keys(device_keys(kPv));
    StepSeries power;
    std::optional<PvDetail> detail;
    if (node.get("array") || node.get("weather")) {
      if (node.get("power"))
        node.at("power").fail("expected either 'power' or 'array' + 'weather', not both");
      PvChainSeries chain = pv_chain_power(id, node, b);
      power = std::move(chain.ac_w);
      detail = PvDetail{std::move(chain.dc_w), std::move(chain.poa_w_m2),
                        std::move(chain.cell_temp_k), std::move(chain.clipped_w)};
    } else {
      SeriesInput in = read_series(node.at("power"), Dim::power, b.start(), b.end());
      b.log_repairs(in.repairs);
      power = std::move(in.series);
    }
    // Without an AC rating the power is taken as already clipped.
    double ac_limit = node.get("ac_limit") ? read_param(node, param(kPv, "ac_limit")) : INFINITY;
    int v = b.add_vertex(id, node, false, false);
    b.add_pv(detail ? std::make_unique<PvTrace>(id, std::move(power), ac_limit, b.start(),
                                                std::move(*detail))
                    : std::make_unique<PvTrace>(id, std::move(power), ac_limit, b.start()),
             v);
  });
}

}  // namespace wf
