#include "models/grid/synthetic_prices.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "sim/error.hpp"
#include "sim/params.hpp"
#include "sim/random.hpp"
#include "sim/seed.hpp"

#ifndef WF_DATA_DIR
#error "WF_DATA_DIR must name the project's data folder (set in models/grid/sources.cmake)"
#endif

namespace wf {

namespace {

constexpr double kHourS = 3600.0;
// Harmonised SDAC clearing limits (domain-reference §5.1): no generated price leaves them.
constexpr double kMinPrice = -500.0, kMaxPrice = 4000.0;
// Phase origin of the annual harmonic and start of the draws: 2000-01-01T00:00Z.
constexpr Time kEpoch = Time::seconds(946684800);
// Mean Gregorian year, so phase 0 stays within a day of 1 January in every year.
constexpr double kYearDays = 365.2425;

using P = Param<SyntheticPriceModel>;
constexpr std::array<P, 3> kSeasonal{{
    {{.name = "level", .dim = Dim::price, .doc = "mean price over a year"},
     &SyntheticPriceModel::level},
    {{.name = "cos",
      .dim = Dim::price,
      .default_text = "0 EUR/MWh",
      .doc = "amplitude of cos(theta), theta = 0 on 1 January"},
     &SyntheticPriceModel::cos_amp},
    {{.name = "sin",
      .dim = Dim::price,
      .default_text = "0 EUR/MWh",
      .doc = "amplitude of sin(theta)"},
     &SyntheticPriceModel::sin_amp},
}};
constexpr std::array<P, 2> kNoise{{
    {{.name = "phi",
      .dim = Dim::dimensionless,
      .min = 0,
      .max = 0.9999,
      .doc = "AR(1) coefficient from one hour to the next"},
     &SyntheticPriceModel::phi},
    {{.name = "sigma", .dim = Dim::price, .min = 0, .doc = "sd of the hourly innovation"},
     &SyntheticPriceModel::sigma},
}};

// Events as written (durations in s); converted to hours after reading.
struct EventsSi {
  double every = 0, duration = 0, size = 0;
};
using E = Param<EventsSi>;
constexpr E kEvery{{.name = "every",
                    .dim = Dim::time,
                    .min = kHourS,
                    .doc = "mean time outside events between two events"},
                   &EventsSi::every};
constexpr E kDuration{
    {.name = "duration", .dim = Dim::time, .min = kHourS, .doc = "mean length of an event"},
    &EventsSi::duration};
constexpr std::array<E, 3> kSpikes{{kEvery,
                                    kDuration,
                                    {{.name = "height",
                                      .dim = Dim::price,
                                      .min = 0,
                                      .doc = "mean excess of an event, held through its hours"},
                                     &EventsSi::size}}};
constexpr std::array<E, 3> kDips{{kEvery,
                                  kDuration,
                                  {{.name = "depth",
                                    .dim = Dim::price,
                                    .min = 0,
                                    .doc = "mean shortfall of an event, held through its hours"},
                                   &EventsSi::size}}};

using F = Param<FittedPriceStats>;
constexpr std::array<F, 6> kFitted{{
    {{.name = "mean", .dim = Dim::price, .doc = "mean price"}, &FittedPriceStats::mean},
    {{.name = "sd", .dim = Dim::price, .doc = "standard deviation"}, &FittedPriceStats::sd},
    {{.name = "lag1",
      .dim = Dim::dimensionless,
      .min = -1,
      .max = 1,
      .doc = "lag-1 autocorrelation of the hourly prices"},
     &FittedPriceStats::lag1},
    {{.name = "min", .dim = Dim::price, .doc = "lowest price"}, &FittedPriceStats::min},
    {{.name = "max", .dim = Dim::price, .doc = "highest price"}, &FittedPriceStats::max},
    {{.name = "negative",
      .dim = Dim::dimensionless,
      .min = 0,
      .max = 1,
      .doc = "share of hours below zero"},
     &FittedPriceStats::negative},
}};

// The model file (data/prices/synthetic/<zone>.yaml, written by tools/fit_price_model.py).
constexpr ParamInfo kModelFile[] = {
    required_text_param("zone", "a bidding zone name", "the zone the model was fitted to"),
    required_text_param("timezone", "an IANA name", "local time of the daily shapes"),
    required_text_param("seasonal", "a section", "the annual level and harmonic"),
    required_text_param("shape", "a section", "the mean daily shapes"),
    required_text_param("noise", "a section", "the hour-to-hour AR(1) noise"),
    text_param("spikes", "a section", "", "upward excursions; none without it"),
    text_param("dips", "a section", "", "downward excursions; none without it"),
    text_param("fitted", "a section", "", "statistics of the data the model was fitted to"),
};
constexpr ParamInfo kShapeSection[] = {
    required_text_param("weekday", "24 prices, local hours 00..23",
                        "added to the seasonal level at each local hour, Monday to Friday"),
    required_text_param("weekend", "24 prices, local hours 00..23",
                        "the same for Saturday and Sunday"),
};

template <class T, std::size_t N>
T read_section(const ConfigNode& n, const std::array<Param<T>, N>& table, T out = {}) {
  if (!n.is_map()) n.fail("expected a map");
  n.check_keys(param_names<T>(table));
  read_params<T>(n, table, out);
  return out;
}

std::array<double, 24> read_shape(const ConfigNode& n) {
  if (!n.is_sequence()) n.fail("expected a list of 24 prices, one per local hour 00..23");
  const auto items = n.items();
  if (items.size() != 24)
    n.fail(fmt::format("expected 24 prices (local hours 00..23), got {}", items.size()));
  std::array<double, 24> out{};
  for (std::size_t h = 0; h < 24; ++h) out[h] = items[h].quantity(Dim::price);
  return out;
}

PriceEvents read_events(const ConfigNode& n, const std::array<E, 3>& table) {
  const EventsSi e = read_section<EventsSi>(n, table);
  return {e.every / kHourS, e.duration / kHourS, e.size};
}

// One excursion kind: on/off per hour; an event holds one exponential excess for all its
// hours (prices stay up through a spike, as the data's runs do). The same draws every hour,
// used or not, keep the stream aligned.

}  // namespace

std::vector<ParamTable> synthetic_price_model_tables() {
  auto table = [](std::string name, std::span<const ParamInfo> t) {
    return ParamTable{std::move(name), {t.begin(), t.end()}};
  };
  return {table("price_model", kModelFile),
          table("price_model.shape", kShapeSection),
          {"price_model.seasonal", param_infos<SyntheticPriceModel>(kSeasonal)},
          {"price_model.noise", param_infos<SyntheticPriceModel>(kNoise)},
          {"price_model.spikes", param_infos<EventsSi>(kSpikes)},
          {"price_model.dips", param_infos<EventsSi>(kDips)},
          {"price_model.fitted", param_infos<FittedPriceStats>(kFitted)}};
}

SyntheticPriceModel read_synthetic_price_model(const ConfigNode& root) {
  if (!root.is_map()) root.fail("expected a synthetic price model (a map with zone: ...)");
  root.check_keys(param_keys(kModelFile));
  SyntheticPriceModel m;
  m.zone = root.at("zone").scalar();
  m.tz = TimeZone::read(root.at("timezone"));
  m = read_section<SyntheticPriceModel>(root.at("seasonal"), kSeasonal, std::move(m));
  m = read_section<SyntheticPriceModel>(root.at("noise"), kNoise, std::move(m));
  const ConfigNode shape = root.at("shape");
  shape.check_keys(param_keys(kShapeSection));
  m.weekday = read_shape(shape.at("weekday"));
  m.weekend = read_shape(shape.at("weekend"));
  if (auto s = root.get("spikes")) m.spikes = read_events(*s, kSpikes);
  if (auto d = root.get("dips")) m.dips = read_events(*d, kDips);
  if (auto f = root.get("fitted")) m.fitted = read_section<FittedPriceStats>(*f, kFitted);
  return m;
}

SyntheticPriceModel load_synthetic_price_model(const std::filesystem::path& file) {
  return read_synthetic_price_model(ConfigDoc::load(file).root());
}

std::filesystem::path synthetic_price_dir() {
  return std::filesystem::path(WF_DATA_DIR) / "prices" / "synthetic";
}

std::vector<std::string> synthetic_price_zones() {
  std::vector<std::string> zones;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(synthetic_price_dir(), ec)) {
    if (e.path().extension() != ".yaml") continue;
    std::string z = e.path().stem().string();
    for (char& c : z)
      c = c == '_' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    zones.push_back(z);
  }
  std::sort(zones.begin(), zones.end());
  return zones;
}

std::filesystem::path synthetic_price_file(std::string_view zone) {
  std::string name(zone);
  for (char& c : name)
    c = c == '-' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return synthetic_price_dir() / (name + ".yaml");
}

double expected_price(const SyntheticPriceModel& m, Time t) {
  const double theta = 2.0 * std::numbers::pi * (t - kEpoch).to_seconds() / (86400.0 * kYearDays);
  const auto f = m.tz.fields(t);
  const auto& shape = f.weekday >= 5 ? m.weekend : m.weekday;
  return m.level + m.cos_amp * std::cos(theta) + m.sin_amp * std::sin(theta) +
         shape[static_cast<std::size_t>(f.hour)];
}

double SyntheticPrices::EventState::step(const PriceEvents& p, Rng& rng) {
  const double u = rng.uniform();
  const double draw = rng.exponential(p.size);
  if (p.every_h <= 0) return 0;
  if (on) {
    on = u < 1.0 - 1.0 / p.duration_h;
  } else if (u < 1.0 / p.every_h) {
    on = true;
    excess = draw;
  }
  return on ? excess : 0.0;
}

SyntheticPrices::SyntheticPrices(const SyntheticPriceModel& m, Time start, Time end,
                                 std::uint64_t seed)
    : m_(m), rng_(derive_seed(seed, "synthetic_prices/" + m.zone)) {  // one path per zone
  const Time hour = Time::hours(1);
  first_ = floor_to(start, kEpoch, hour);
  stop_ = std::max(floor_to(end - Time::us(1), kEpoch, hour) + hour, first_ + hour);
  // The AR(1) state starts from its stationary distribution.
  x_ = m.sigma / std::sqrt(1.0 - m.phi * m.phi) * rng_.normal();
  // Drawn from 2000 on only to keep every window of a seed on one path.
  for (Time h = std::min(kEpoch, first_); h < first_; h += hour) draw();
  at_first_ = {rng_, x_, spikes_, dips_};
  rewind();
}

double SyntheticPrices::draw() {
  x_ = m_.phi * x_ + m_.sigma * rng_.normal();
  // Spikes draw before dips (as GCC evaluated the one expression this was).
  const double up = spikes_.step(m_.spikes, rng_);
  return up - dips_.step(m_.dips, rng_);
}

void SyntheticPrices::rewind() {
  std::tie(rng_, x_, spikes_, dips_) = at_first_;
  hour_ = first_;
}

bool SyntheticPrices::next(Time& t, double& v) {
  if (hour_ >= stop_) return false;
  const double excursion = draw();
  t = hour_;
  v = std::clamp(expected_price(m_, hour_) + x_ + excursion, kMinPrice, kMaxPrice);
  hour_ += Time::hours(1);
  return true;
}

StepSeries generate_synthetic_prices(const SyntheticPriceModel& m, Time start, Time end,
                                     std::uint64_t seed) {
  SyntheticPrices gen(m, start, end, seed);
  return drain(gen);
}

}  // namespace wf
