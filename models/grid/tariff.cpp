#include "models/grid/tariff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "sim/error.hpp"
#include "sim/params.hpp"

#ifndef WF_DATA_DIR
#error "WF_DATA_DIR must name the project's data folder (set in models/grid/sources.cmake)"
#endif

namespace wf {

namespace {

constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// Minute ranges [a, b) a window covers within a local day (a wrap splits in two).
std::vector<std::pair<int, int>> ranges(const TouWindow& w) {
  if (w.from_min < w.to_min) return {{w.from_min, w.to_min}};
  return {{w.from_min, 1440}, {0, w.to_min}};
}

bool overlap(const TouWindow& a, const TouWindow& b) {
  if (!(a.days & b.days) || !(a.months & b.months)) return false;
  for (auto [a0, a1] : ranges(a))
    for (auto [b0, b1] : ranges(b))
      if (a0 < b1 && b0 < a1) return true;
  return false;
}

int day_index(const ConfigNode& n, std::string_view name) {
  for (std::size_t i = 0; i < kDays.size(); ++i)
    if (kDays[i] == name) return static_cast<int>(i);
  n.fail(fmt::format("expected a weekday mon..sun, got '{}'", name));
}

// "mon-fri", "sat", "all", or a list of day names.
unsigned read_days(const ConfigNode& n) {
  if (n.is_sequence()) {
    unsigned m = 0;
    for (const auto& it : n.items()) m |= 1u << day_index(it, it.scalar());
    return m;
  }
  const std::string s = n.scalar();
  if (s == "all") return 0x7f;
  const auto dash = s.find('-');
  if (dash == std::string::npos) return 1u << day_index(n, s);
  int a = day_index(n, s.substr(0, dash)), b = day_index(n, s.substr(dash + 1));
  if (b < a) n.fail("expected a forward range like mon-fri");
  unsigned m = 0;
  for (int d = a; d <= b; ++d) m |= 1u << d;
  return m;
}

unsigned read_months(const ConfigNode& n) {
  if (n.is_scalar() && n.scalar() == "all") return 0xfff;
  unsigned m = 0;
  for (const auto& it : n.items()) m |= 1u << (it.integer(1, 12) - 1);
  return m;
}

// "07:00" -> 420; "24:00" allowed as the end of the day.
int read_clock(const ConfigNode& n) {
  const std::string s = n.scalar();
  int h = -1, mi = -1;
  if (s.size() == 5 && s[2] == ':' && std::sscanf(s.c_str(), "%2d:%2d", &h, &mi) == 2 && h >= 0 &&
      mi >= 0 && mi < 60 && (h < 24 || (h == 24 && mi == 0)))
    return h * 60 + mi;
  n.fail(fmt::format("expected a local clock time like 07:00, got '{}'", s));
}

constexpr double kInf = INFINITY;
constexpr std::string_view kPriceKinds[] = {"spot", "fixed"};

// Each section of a tariff, declared once: key checks here, tables in docs/models/grid.md.
constexpr ParamInfo kTariff[] = {
    text_param("name", "text", "", "label in messages"),
    text_param("description", "text", "", "free text"),
    text_param("timezone", "an IANA name like `Europe/Berlin`", "the site's",
               "local time of windows and of month and year boundaries"),
    required_text_param("supplier", "a price section (below)", "the energy supplier's price"),
    text_param("network", "a section (below)", "", "the grid operator's charges"),
    text_param("levies", "a list of levy sections (below)", "", "per-kWh taxes and levies"),
    {"vat", Dim::dimensionless, "0 %", 0, 1, false, "VAT on everything but feed-in"},
    text_param("feed_in", "a price section (below)", "", "compensation for exported energy"),
    text_param("valid", "text", "", "what period the tariff describes (informative)"),
};
constexpr ParamInfo kPrice[] = {
    choice_param("type", kPriceKinds, "", "the day-ahead price plus a margin, or a fixed price"),
    {"margin", Dim::price, "0 EUR/MWh", -kInf, kInf, false, "added to the spot price (spot)"},
    optional_param({"price", Dim::price, "", -kInf, kInf, false, "the fixed price (fixed)"}),
};
constexpr ParamInfo kNetwork[] = {
    text_param("energy", "a price or `{base: <price>, windows: [...]}` (time of use, below)", "",
               "network energy charge per kWh imported"),
    text_param("annual_peak", "a section (below)", "",
               "German annual-peak system (replaces `energy`)"),
    text_param("capacity_steps", "a list of `{from: <power>, price: <money>}` from 0 kW, rising",
               "", "Norwegian capacity steps: a monthly charge by the mean of three daily peaks"),
    text_param("monthly_peak",
               "a demand price like '5 EUR/kW', or `{base: <price>, months: [10, 11, 12, 1, 2, "
               "3], price: <price>}` (seasonal)",
               "", "per month, on the month's highest 15-min mean import"),
    optional_param(
        {"fixed_monthly", Dim::money, "", -kInf, kInf, false, "a fixed charge per month"}),
};
constexpr ParamInfo kSeasonalPeak[] = {
    {"base", Dim::power_price, "", 0, kInf, false, "the price outside `months`"},
    required_text_param("months", "a list of month numbers like `[10, 11, 12, 1, 2, 3]`",
                        "the local months of `price`"),
    {"price", Dim::power_price, "", 0, kInf, false, "the price in `months`"},
};

constexpr ParamInfo kRate[] = {
    {"base", Dim::price, "", -kInf, kInf, false, "the price outside every window"},
    text_param("windows", "a list of window sections (below); none may overlap", "",
               "time-of-use windows"),
};
constexpr ParamInfo kWindow[] = {
    text_param("days", "`mon-fri`, `sat`, `sun`, a list like `[sat, sun]`, or `all`", "all",
               "the local weekdays"),
    text_param("months", "a list of month numbers like `[11, 12, 1]`, or `all`", "all",
               "the local months"),
    required_text_param("from", "a local clock time like `06:00`", "start of the window"),
    required_text_param("to", "a local clock time like `22:00` (`24:00` allowed)",
                        "end of the window; before `from`, it wraps midnight"),
    {"price", Dim::price, "", -kInf, kInf, false, "the price in the window"},
};
constexpr ParamInfo kAnnualPeak[] = {
    text_param("threshold", "a duration of use, like `2500 h`", "2500 h",
               "utilisation (annual import / annual peak) that selects the price pair"),
    required_text_param("below", "a price pair (below)", "the pair below the threshold"),
    required_text_param("above", "a price pair (below)", "the pair at or above it"),
};
constexpr ParamInfo kPeakPair[] = {
    {"power", Dim::power_price, "", -kInf, kInf, false, "per kW of the annual peak, per year"},
    {"energy", Dim::price, "", -kInf, kInf, false, "per kWh imported"},
};
constexpr ParamInfo kStep[] = {
    {"from", Dim::power, "", -kInf, kInf, false, "the step starts at this mean of peaks"},
    {"price", Dim::money, "", -kInf, kInf, false, "the monthly charge of the step"},
};
constexpr ParamInfo kLevy[] = {
    required_text_param("name", "text", "label of the levy in the bill"),
    {"rate", Dim::price, "", -kInf, kInf, false, "per kWh imported, net of VAT"},
    text_param("above", "`{energy: <energy>, rate: <price>}`", "",
               "a reduced rate for the annual import beyond `energy`"),
};
constexpr ParamInfo kLevyAbove[] = {
    {"energy", Dim::energy, "", -kInf, kInf, false, "the annual import the full rate applies to"},
    {"rate", Dim::price, "", -kInf, kInf, false, "the rate beyond it"},
};

TouWindow read_window(const ConfigNode& n) {
  n.check_keys(param_keys(kWindow));
  TouWindow w;
  if (auto d = n.get("days")) w.days = read_days(*d);
  if (auto m = n.get("months")) w.months = read_months(*m);
  w.from_min = read_clock(n.at("from"));
  w.to_min = read_clock(n.at("to"));
  if (w.from_min == w.to_min) n.at("to").fail("window is empty: from equals to");
  w.price = n.at("price").quantity(Dim::price);
  return w;
}

// A plain price ("1.79 ct/kWh") or {base, windows: [...]}.
EnergyRate read_rate(const ConfigNode& n) {
  EnergyRate r;
  if (n.is_scalar()) {
    r.base = n.quantity(Dim::price);
    return r;
  }
  n.check_keys(param_keys(kRate));
  r.base = n.at("base").quantity(Dim::price);
  if (auto ws = n.get("windows")) {
    auto items = ws->items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      r.windows.push_back(read_window(items[i]));
      for (std::size_t j = 0; j < i; ++j)
        if (overlap(r.windows[j], r.windows[i]))
          items[i].fail(fmt::format("overlaps window {} ({}); time-of-use windows must not overlap",
                                    j + 1, items[j].path()));
    }
  }
  return r;
}

SpotOrFixed read_spot_or_fixed(const ConfigNode& n) {
  n.check_keys(param_keys(kPrice));
  SpotOrFixed s;
  s.spot = n.at("type").choice(kPriceKinds) == 0;
  if (s.spot) {
    if (n.get("price")) n.at("price").fail("a spot price takes margin:, not price:");
    if (auto m = n.get("margin")) s.margin = m->quantity(Dim::price);
  } else {
    if (n.get("margin")) n.at("margin").fail("a fixed price takes price:, not margin:");
    s.fixed = n.at("price").quantity(Dim::price);
  }
  return s;
}

AnnualPeakCharge read_annual_peak(const ConfigNode& n) {
  n.check_keys(param_keys(kAnnualPeak));
  AnnualPeakCharge a;
  if (auto t = n.get("threshold")) a.threshold_h = t->duration().to_hours();
  auto lo = n.at("below"), hi = n.at("above");
  lo.check_keys(param_keys(kPeakPair));
  hi.check_keys(param_keys(kPeakPair));
  a.low_power = lo.at("power").quantity(Dim::power_price);
  a.low_energy = lo.at("energy").quantity(Dim::price);
  a.high_power = hi.at("power").quantity(Dim::power_price);
  a.high_energy = hi.at("energy").quantity(Dim::price);
  return a;
}

std::vector<CapacityStep> read_steps(const ConfigNode& n) {
  std::vector<CapacityStep> steps;
  for (const auto& it : n.items()) {
    it.check_keys(param_keys(kStep));
    CapacityStep s{it.at("from").quantity(Dim::power), it.at("price").quantity(Dim::money)};
    if (steps.empty() ? s.from_w != 0 : s.from_w <= steps.back().from_w)
      it.at("from").fail("steps must start at 0 kW and rise strictly");
    if (!steps.empty() && s.eur_per_month < steps.back().eur_per_month)
      it.at("price").fail("a higher step must not cost less than the one below it");
    steps.push_back(s);
  }
  if (steps.empty()) n.fail("expected at least one capacity step");
  return steps;
}

// `network.monthly_peak`: a demand price, or a seasonal pair (`price` in `months`, `base`
// in the others).
void read_monthly_peak(const ConfigNode& network, Tariff& t) {
  const ConfigNode n = network.at("monthly_peak");
  if (!n.is_map()) {
    constexpr ParamInfo kFlat{"monthly_peak", Dim::power_price, "", 0, kInf, false, ""};
    t.monthly_peak_price.fill(read_param(network, kFlat));
    return;
  }
  n.check_keys(param_keys(kSeasonalPeak));
  const unsigned months = read_months(n.at("months"));
  const double base = read_param(n, param(kSeasonalPeak, "base"));
  const double price = read_param(n, param(kSeasonalPeak, "price"));
  for (int m = 0; m < 12; ++m) t.monthly_peak_price[m] = months & (1u << m) ? price : base;
}

void read_network(const ConfigNode& n, Tariff& t) {
  n.check_keys(param_keys(kNetwork));
  if (auto e = n.get("energy")) t.network = read_rate(*e);
  if (auto a = n.get("annual_peak")) {
    if (n.get("energy"))
      a->fail("the annual-peak system brings its own energy prices; remove network.energy");
    t.annual_peak = read_annual_peak(*a);
  }
  if (auto c = n.get("capacity_steps")) t.capacity_steps = read_steps(*c);
  if (n.get("monthly_peak")) read_monthly_peak(n, t);
  if (auto f = n.get("fixed_monthly")) t.fixed_per_month = f->quantity(Dim::money);
}

Levy read_levy(const ConfigNode& n) {
  n.check_keys(param_keys(kLevy));
  Levy l{n.at("name").scalar(), n.at("rate").quantity(Dim::price)};
  if (auto a = n.get("above")) {
    a->check_keys(param_keys(kLevyAbove));
    l.threshold_j = a->at("energy").quantity(Dim::energy);
    l.rate_above = a->at("rate").quantity(Dim::price);
  }
  return l;
}

}  // namespace

bool TouWindow::contains(int weekday, int month, int minute) const {
  if (!(days & (1u << weekday)) || !(months & (1u << (month - 1)))) return false;
  return from_min < to_min ? (minute >= from_min && minute < to_min)
                           : (minute >= from_min || minute < to_min);
}

double EnergyRate::at(int weekday, int month, int minute) const {
  for (const auto& w : windows)
    if (w.contains(weekday, month, minute)) return w.price;
  return base;
}

std::vector<ParamTable> tariff_param_tables() {
  auto table = [](std::string name, std::span<const ParamInfo> t) {
    return ParamTable{std::move(name), {t.begin(), t.end()}};
  };
  return {table("tariff", kTariff),
          table("tariff.price", kPrice),
          table("tariff.network", kNetwork),
          table("tariff.monthly_peak", kSeasonalPeak),
          table("tariff.rate", kRate),
          table("tariff.window", kWindow),
          table("tariff.annual_peak", kAnnualPeak),
          table("tariff.annual_peak.pair", kPeakPair),
          table("tariff.capacity_step", kStep),
          table("tariff.levy", kLevy),
          table("tariff.levy.above", kLevyAbove)};
}

Tariff read_tariff(const ConfigNode& node) {
  node.check_keys(param_keys(kTariff));
  Tariff t;
  if (auto n = node.get("name")) t.name = n->scalar();
  if (auto z = node.get("timezone")) t.timezone = z->scalar();
  t.supplier = read_spot_or_fixed(node.at("supplier"));
  if (auto n = node.get("network")) read_network(*n, t);
  if (auto l = node.get("levies"))
    for (const auto& it : l->items()) t.levies.push_back(read_levy(it));
  if (auto v = node.get("vat")) {
    t.vat = v->quantity(Dim::dimensionless);
    if (t.vat < 0 || t.vat > 1) v->fail(fmt::format("expected a VAT rate 0..100 %, got {}", t.vat));
  }
  if (auto f = node.get("feed_in")) t.feed_in = read_spot_or_fixed(*f);
  return t;
}

Tariff load_tariff_file(const std::filesystem::path& file) {
  return read_tariff(ConfigDoc::load(file).root());
}

std::filesystem::path tariff_preset_dir() {
  return std::filesystem::path(WF_DATA_DIR) / "tariffs";
}

Tariff read_tariff_field(const ConfigNode& node) {
  if (node.is_map() && node.get("preset")) {
    static constexpr std::array<std::string_view, 1> kKeys{"preset"};
    node.check_keys(kKeys);
    const ConfigNode p = node.at("preset");
    const auto file = tariff_preset_dir() / (p.scalar() + ".yaml");
    if (!std::filesystem::is_regular_file(file)) {
      std::vector<std::string> names;
      for (const auto& e : std::filesystem::directory_iterator(tariff_preset_dir()))
        if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
      std::sort(names.begin(), names.end());
      p.fail(fmt::format("unknown tariff preset; expected one of {}", fmt::join(names, ", ")));
    }
    return load_tariff_file(file);
  }
  if (node.is_map() && node.get("file")) {
    static constexpr std::array<std::string_view, 1> kKeys{"file"};
    node.check_keys(kKeys);
    return load_tariff_file(node.base_dir() / node.at("file").scalar());
  }
  return read_tariff(node);
}

}  // namespace wf
