#include "models/battery/lfp_cell.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "sim/error.hpp"

namespace wf {
namespace {

const std::filesystem::path kSony =
    std::filesystem::path(WF_SOURCE_DIR) / "data/battery/sony_us26650";

const LfpCell& sony() {
  static const LfpCell cell = LfpCell::load(kSony);
  return cell;
}

TEST(LfpCell, OcvAndHysteresisFollowTheSimsesTables) {
  // Domain reference 1.2 (SimSES CLFP_Sony_US26650_OCV.csv) and the HystV table.
  EXPECT_NEAR(sony().ocv(0.5), 3.2995, 5e-5);
  EXPECT_NEAR(sony().ocv(0.05), 3.0647, 5e-5);
  EXPECT_NEAR(sony().ocv(1.0), 3.5305, 5e-5);
  EXPECT_NEAR(sony().hysteresis(0.5), 0.0187108619770334, 1e-10);
  // Linear between grid points, clamped outside.
  EXPECT_NEAR(sony().ocv(0.5025), 0.5 * (sony().ocv(0.5) + sony().ocv(0.505)), 1e-12);
  EXPECT_EQ(sony().ocv(1.3), sony().ocv(1.0));
}

TEST(LfpCell, OcvIntegralIsTheExactIntegralOfTheInterpolant) {
  // Midpoint rule on a grid 100x finer than the table converges to the same value.
  for (double soc : {0.0, 0.0031, 0.25, 0.5, 0.7777, 1.0}) {
    const int n = static_cast<int>(std::ceil(soc * 20000));
    double sum = 0;
    for (int i = 0; i < n; ++i) sum += sony().ocv((i + 0.5) * soc / n) * soc / n;
    EXPECT_NEAR(sony().ocv_integral(soc), sum, 1e-6) << soc;
  }
}

TEST(LfpCell, ResistanceIsBilinearInSocAndTemperatureByDirection) {
  // Domain reference 1.3: 44.8 / 47.8 mOhm at 50 % and 25 C (charge / discharge).
  EXPECT_NEAR(sony().resistance(0.5, 298.15, true), 0.044767041, 1e-12);
  EXPECT_NEAR(sony().resistance(0.5, 298.15, false), 0.047827935, 1e-12);
  const double mid = sony().resistance(0.55, 290.65, false);
  const double expect = 0.25 * (0.069390124 + 0.047827935 + 0.065120954 + 0.04426628);
  EXPECT_NEAR(mid, expect, 1e-12);
  EXPECT_NEAR(sony().resistance(0.5, 250, true), 0.062648279, 1e-12);  // clamped at 10 C
}

// A cabinet keeps the table cell of its last look-up and tries it first; whatever the
// walk (small steps, jumps back, grid points, beyond the table), the answer is the
// searched one bit for bit.
TEST(LfpCell, ResistancesWithAHintEqualTheSearchedOnes) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> step(-0.004, 0.004), jump(-0.3, 1.3), temp(260, 340);
  LfpCell::GridHint hint;
  double soc = 0.5, kelvin = 298.15;
  auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  for (int i = 0; i < 20000; ++i) {
    if (i % 97 == 0)
      soc = jump(rng);
    else if (i % 89 == 0)
      soc = std::round(soc * 10) / 10;  // on a grid point
    else
      soc += step(rng);
    if (i % 53 == 0) kelvin = i % 106 == 0 ? temp(rng) : 273.15 + 10.0 * (i % 7);
    const auto a = sony().resistances(soc, kelvin, hint);
    LfpCell::GridHint none{.soc = SIZE_MAX, .temp = SIZE_MAX};  // no cell: searched
    const auto b = sony().resistances(soc, kelvin, none);
    ASSERT_EQ(bits(a.charge_ohm), bits(b.charge_ohm)) << soc << " " << kelvin;
    ASSERT_EQ(bits(a.discharge_ohm), bits(b.discharge_ohm)) << soc << " " << kelvin;
  }
  // A hint from elsewhere (another table, a stale cell) is only a guess.
  LfpCell::GridHint stale{.soc = 1000, .temp = 7};
  EXPECT_EQ(bits(sony().resistances(0.55, 290.65, stale).discharge_ohm),
            bits(sony().resistance(0.55, 290.65, false)));
}

TEST(LfpCell, RcPairRelaxesExponentially) {
  // After a step of 2 A into R1 = 10 mOhm, tau = 30 s: u = R1 I (1 - e^(-t/tau)).
  const double u = rc_voltage_after(0, 2, 0.01, 30, 45);
  EXPECT_NEAR(u, 0.02 * (1 - std::exp(-1.5)), 1e-15);
  // Relaxation at zero current: u e^(-t/tau), no energy taken.
  EXPECT_NEAR(rc_voltage_after(u, 0, 0.01, 30, 60), u * std::exp(-2.0), 1e-15);
  EXPECT_EQ(rc_energy(u, 0, 0.01, 30, 60), 0);
  // Energy: integral of u i dt, checked by fine steps.
  double e = 0, v = 0.005;
  for (int i = 0; i < 100000; ++i) {  // midpoint rule, dt = 1 ms
    e += rc_voltage_after(v, 3, 0.01, 30, 0.0005) * 3 * 0.001;
    v = rc_voltage_after(v, 3, 0.01, 30, 0.001);
  }
  EXPECT_NEAR(rc_energy(0.005, 3, 0.01, 30, 100), e, 1e-7);
}

OcvTable table3(double mid) {
  return {{0, 0.5, 1}, {3.0, mid, 3.4}, {0, 0, 0}};
}
ResistanceTable r1(double r) {
  return {{0.5}, {298.15}, {r}, {r}};
}

TEST(LfpCell, BadTablesAreRefusedWithTheReason) {
  EXPECT_NO_THROW(LfpCell(table3(3.3), r1(0.01)));
  try {
    LfpCell(table3(3.5), r1(0.01));
    FAIL();
  } catch (const InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("open-circuit voltage must increase"), std::string::npos);
  }
  try {
    LfpCell(table3(3.3), r1(-0.01));
    FAIL();
  } catch (const InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("resistance must be > 0"), std::string::npos);
  }
  EXPECT_NE(LfpCell::table_problem(table3(3.5), r1(0.01)).find("open-circuit voltage"),
            std::string::npos);
  EXPECT_THROW(LfpCell::load("/nonexistent"), InputError);
}

}  // namespace
}  // namespace wf
