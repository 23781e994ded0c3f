#include "models/grid/tariff.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "models/grid/tariff_rates.hpp"
#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

std::filesystem::path preset(const char* name) {
  return std::filesystem::path(WF_SOURCE_DIR) / "data" / "tariffs" / name;
}

Tariff parse(const std::string& yaml) {
  return read_tariff(ConfigDoc::parse(yaml, "tariff.yaml").root());
}

std::string error_of(const std::string& yaml) {
  return test::input_error_text([&] { parse(yaml); });
}

TEST(Tariff, EveryPresetLoads) {
  int count = 0;
  for (const auto& e : std::filesystem::directory_iterator(preset(""))) {
    SCOPED_TRACE(e.path().string());
    ++count;
    Tariff t = load_tariff_file(e.path());
    EXPECT_FALSE(t.name.empty());
    EXPECT_FALSE(t.timezone.empty());
    EXPECT_GT(t.vat, 0);
    EXPECT_FALSE(t.levies.empty());
  }
  EXPECT_GE(count, 6);
}

TEST(Tariff, NorwegianPresetsCarryTheWholeLadderAndTheSeasons) {
  // Small business: eleven steps from 0 to 200 kW, each dearer; night energy cheaper.
  const Tariff small = load_tariff_file(preset("no_small_business_2023.yaml"));
  ASSERT_EQ(small.capacity_steps.size(), 11u);
  EXPECT_EQ(small.capacity_steps.back().from_w, 200e3);
  for (std::size_t i = 1; i < small.capacity_steps.size(); ++i)
    EXPECT_GT(small.capacity_steps[i].eur_per_month, small.capacity_steps[i - 1].eur_per_month);
  EXPECT_NEAR(small.network.at(0, 1, 12 * 60), 20.51, 1e-9);  // Monday noon
  EXPECT_NEAR(small.network.at(0, 1, 23 * 60), 10.26, 1e-9);  // and night
  // Large business: a seasonal demand price, no steps.
  const Tariff large = load_tariff_file(preset("no_large_business_2024.yaml"));
  EXPECT_TRUE(large.capacity_steps.empty());
  EXPECT_NEAR(large.monthly_peak(1), 5.34, 1e-12);
  EXPECT_NEAR(large.monthly_peak(7), 3.91, 1e-12);
  EXPECT_NEAR(large.network.at(2, 12, 3 * 60), 4.70, 1e-9);
  EXPECT_NEAR(large.network.at(2, 6, 3 * 60), 2.99, 1e-9);
}

TEST(TariffRates, CapacityStepsBecomeTheirLowerConvexEnvelope) {
  Tariff t = parse(
      "supplier: {type: spot}\nnetwork: {capacity_steps: [{from: 0 kW, price: 10 EUR}, "
      "{from: 400 kW, price: 1000 EUR}, {from: 500 kW, price: 1500 EUR}]}\nvat: 25 %\n");
  auto cost = [](const std::vector<CostLine>& lines, double kw) {
    double c = -1e300;
    for (const auto& l : lines) c = std::max(c, l.eur + l.eur_per_kw * kw);
    return c;
  };
  // 225-475 kW: flat to the corner just below 400 kW (399.6), then up to the step's price
  // at 475 kW.
  auto lines = capacity_step_envelope(t, 225e3, 475e3);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NEAR(cost(lines, 225), 12.5, 1e-9);
  EXPECT_NEAR(cost(lines, 399.6), 12.5, 1e-9);
  EXPECT_NEAR(cost(lines, 475), 1250, 1e-9);
  EXPECT_NEAR(cost(lines, 450), 12.5 + (1250 - 12.5) * 50.4 / 75.4, 1e-9);
  // Never above the steps over the range, and equal at its ends.
  for (double kw = 225; kw <= 475; kw += 5)
    EXPECT_LE(cost(lines, kw), capacity_step_eur(t, kw * 1e3) * 1.25 + 1e-9) << kw;
  // Over two steps (300-600 kW) the hull skips the corner at 500 kW, above the chord.
  lines = capacity_step_envelope(t, 300e3, 600e3);
  EXPECT_NEAR(cost(lines, 399.6), 12.5, 1e-9);
  EXPECT_NEAR(cost(lines, 600), 1875, 1e-9);
  EXPECT_NEAR(cost(lines, 500), 12.5 + (1875 - 12.5) * 100.4 / 200.4, 1e-9);
  // A range starting just below a step (its corner left out): below the range the cost
  // stays at the price there, not the rising line's extension.
  lines = capacity_step_envelope(t, 399.9e3, 450e3);
  EXPECT_NEAR(cost(lines, 300), 12.5, 1e-9);
  EXPECT_NEAR(cost(lines, 450), 1250, 1e-9);
  // Inside one step: flat; no range: the step's price; no steps: nothing.
  lines = capacity_step_envelope(t, 100e3, 300e3);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].eur_per_kw, 0.0);
  EXPECT_NEAR(capacity_step_envelope(t, 450e3, 450e3)[0].eur, 1250, 1e-9);
  EXPECT_TRUE(capacity_step_envelope(parse("supplier: {type: spot}\n"), 0, 1e3).empty());
  // Steps only rise.
  EXPECT_NE(error_of("supplier: {type: spot}\nnetwork: {capacity_steps: [{from: 0 kW, price: 10 "
                     "EUR}, {from: 5 kW, price: 5 EUR}]}\n")
                .find("must not cost less"),
            std::string::npos);
}

TEST(Tariff, SiteFieldReadsAPresetRelativeToTheScenario) {
  const auto scenario = std::filesystem::path(WF_SOURCE_DIR) / "scenarios" / "x.yaml";
  auto doc = ConfigDoc::parse("tariff: {file: ../data/tariffs/fi_business_2025.yaml}\n",
                              scenario.string());
  Tariff t = read_tariff_field(doc.root().at("tariff"));
  EXPECT_EQ(t.name, "fi_business_2025");
  EXPECT_DOUBLE_EQ(t.vat, 0.255);
  auto inl = ConfigDoc::parse("tariff: {supplier: {type: spot}, vat: 25 %}\n", scenario.string());
  EXPECT_DOUBLE_EQ(read_tariff_field(inl.root().at("tariff")).vat, 0.25);
}

TEST(Tariff, SiteFieldReadsANamedPreset) {
  auto doc = ConfigDoc::parse("tariff: {preset: no_business_2024}\nbad: {preset: no_business}\n",
                              "s.yaml");
  EXPECT_EQ(read_tariff_field(doc.root().at("tariff")).name, "no_business_2024");
  try {
    read_tariff_field(doc.root().at("bad"));
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("de_mv_rlm_2025, fi_business_2025, no_business_2024"),
              std::string::npos)
        << e.what();
  }
}

TEST(Tariff, GermanPresetCarriesBothPricePairsAndTheGwhLevyStep) {
  Tariff t = load_tariff_file(preset("de_mv_rlm_2025.yaml"));
  ASSERT_TRUE(t.annual_peak);
  EXPECT_DOUBLE_EQ(t.annual_peak->threshold_h, 2500);
  EXPECT_DOUBLE_EQ(t.annual_peak->low_power, 9.81);
  EXPECT_DOUBLE_EQ(t.annual_peak->low_energy, 17.9);  // 1.79 ct/kWh in EUR/MWh
  EXPECT_DOUBLE_EQ(t.annual_peak->high_power, 39.18);
  EXPECT_DOUBLE_EQ(t.annual_peak->high_energy, 6.2);
  EXPECT_DOUBLE_EQ(t.vat, 0.19);
  ASSERT_EQ(t.levies.size(), 5u);
  EXPECT_DOUBLE_EQ(t.levies[3].threshold_j, 3.6e12);  // 1 GWh
  EXPECT_DOUBLE_EQ(t.levies[3].rate_above, 0.5);
}

TEST(Tariff, TimeOfUseWindowsInLocalTime) {
  Tariff t = parse(R"(
supplier: {type: fixed, price: 100 EUR/MWh}
network:
  energy:
    base: 20 EUR/MWh
    windows:
      - {days: mon-fri, months: [11, 12, 1, 2, 3], from: "06:00", to: "22:00", price: 50 EUR/MWh}
      - {days: [sat, sun], from: "22:00", to: "06:00", price: 5 EUR/MWh}
)");
  const auto& r = t.network;
  EXPECT_DOUBLE_EQ(r.at(0, 1, 6 * 60), 50);      // Monday January 06:00
  EXPECT_DOUBLE_EQ(r.at(0, 1, 6 * 60 - 1), 20);  // 05:59
  EXPECT_DOUBLE_EQ(r.at(4, 1, 22 * 60), 20);     // Friday 22:00: window closed
  EXPECT_DOUBLE_EQ(r.at(0, 6, 12 * 60), 20);     // June: not in the winter window
  EXPECT_DOUBLE_EQ(r.at(5, 6, 23 * 60), 5);      // Saturday 23:00, wraps midnight
  EXPECT_DOUBLE_EQ(r.at(6, 6, 3 * 60), 5);       // Sunday 03:00
  EXPECT_DOUBLE_EQ(t.supplier.price(-40), 100);  // fixed ignores spot
}

TEST(Tariff, OverlappingWindowsAreRefused) {
  auto e = error_of(R"(
supplier: {type: spot}
network:
  energy:
    base: 20 EUR/MWh
    windows:
      - {days: mon-fri, from: "06:00", to: "12:00", price: 50 EUR/MWh}
      - {days: fri-sun, from: "11:00", to: "13:00", price: 40 EUR/MWh}
)");
  EXPECT_NE(e.find("overlaps window 1"), std::string::npos) << e;
  EXPECT_NE(e.find("tariff.yaml:8"), std::string::npos) << e;
}

TEST(Tariff, BadInputNamesTheField) {
  EXPECT_NE(error_of("supplier: {type: spot, margn: 1 EUR/MWh}\n").find("margn"),
            std::string::npos);
  EXPECT_NE(error_of("supplier: {type: spot}\nvat: 19 kW\n").find("vat"), std::string::npos);
  EXPECT_NE(error_of("supplier: {type: spot}\nnetwork: {energy: 1 ct/kWh, annual_peak: "
                     "{below: {power: 1 EUR/kW, energy: 1 ct/kWh}, above: {power: 2 EUR/kW, "
                     "energy: 1 ct/kWh}}}\n")
                .find("remove network.energy"),
            std::string::npos);
  EXPECT_NE(error_of("supplier: {type: spot}\nnetwork: {capacity_steps: [{from: 5 kW, price: 1 "
                     "EUR}]}\n")
                .find("start at 0 kW"),
            std::string::npos);
  EXPECT_NE(error_of("supplier: {type: spot}\nnetwork: {energy: {base: 1 EUR/MWh, windows: "
                     "[{from: \"25:00\", to: \"06:00\", price: 1 EUR/MWh}]}}\n")
                .find("07:00"),
            std::string::npos);
  EXPECT_NE(error_of("supplier: {type: flat}\n").find("supplier.type"), std::string::npos);
}

}  // namespace
}  // namespace wf
