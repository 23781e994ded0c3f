#pragma once
// Synthetic day-ahead prices for runs without price traces: seasonal mean (annual harmonic)
// + daily shape (weekday/weekend, local hours) + AR(1) hourly noise + rare spike and dip
// events. Parameters per bidding zone are fitted to real files by tools/fit_price_model.py
// into data/prices/synthetic/<zone>.yaml; docs/models/grid.md ("Synthetic prices").
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "sim/calendar.hpp"
#include "sim/config_node.hpp"
#include "sim/params.hpp"
#include "sim/random.hpp"
#include "sim/time.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// Rare excursions: events start after a geometric wait and last a geometric number of hours;
/// each event adds one exponential excess (spikes) or subtracts one (dips) for all its hours.
struct PriceEvents {
  double every_h = 0;     ///< mean hours outside events between two events; 0: no events
  double duration_h = 1;  ///< mean event length, hours (>= 1)
  double size = 0;        ///< mean excess of an event, EUR/MWh
};

/// Statistics of the period the parameters were fitted to (informative, for checks).
struct FittedPriceStats {
  double mean = 0, sd = 0, lag1 = 0, min = 0, max = 0;  ///< EUR/MWh, lag1 dimensionless
  double negative = 0;                                  ///< share of negative hours, 0..1
};

struct SyntheticPriceModel {
  std::string zone;  ///< "DE-LU", "SE3", ...
  TimeZone tz = TimeZone::utc();
  double level = 0, cos_amp = 0, sin_amp = 0;   ///< seasonal mean, EUR/MWh
  std::array<double, 24> weekday{}, weekend{};  ///< daily shape per local hour, EUR/MWh
  double phi = 0, sigma = 0;                    ///< AR(1) coefficient; innovation sd, EUR/MWh
  PriceEvents spikes, dips;
  std::optional<FittedPriceStats> fitted;
};

/// Reads a parameter file's root map. Throws InputError naming file, line and field.
SyntheticPriceModel read_synthetic_price_model(const ConfigNode& root);
/// The model file's declared sections (data/prices/synthetic/<zone>.yaml), for the docs.
std::vector<ParamTable> synthetic_price_model_tables();
/// Loads and reads a parameter file.
SyntheticPriceModel load_synthetic_price_model(const std::filesystem::path& file);

/// Folder of the shipped parameter files (data/prices/synthetic).
std::filesystem::path synthetic_price_dir();
/// Zones with a shipped parameter file ("DE-LU", "SE3", ...), sorted.
std::vector<std::string> synthetic_price_zones();
/// Shipped parameter file of `zone` ("DE-LU" -> de_lu.yaml); it may not exist.
std::filesystem::path synthetic_price_file(std::string_view zone);

/// Seasonal mean plus daily shape at instant t: the price without noise and events.
double expected_price(const SyntheticPriceModel& m, Time t);

/// Hourly prices (EUR/MWh) on whole UTC hours covering [start, end), made as they are
/// read (a generator for WindowedSteps). The draws start at 2000-01-01T00:00Z (or earlier
/// when the run does), so every window of one seed sees the same path; the draws before
/// the window are made once, on construction (a copy starts from them). The seed is mixed
/// with the zone name: zones draw different paths.
class SyntheticPrices final : public StepGenerator {
 public:
  SyntheticPrices(const SyntheticPriceModel& m, Time start, Time end, std::uint64_t seed);
  bool next(Time& t, double& v) override;
  void rewind() override;
  Time end() const override { return stop_; }

 private:
  struct EventState {
    bool on = false;
    double excess = 0;
    double step(const PriceEvents& p, Rng& rng);
  };
  SyntheticPriceModel m_;
  Rng rng_;
  double x_ = 0;  ///< AR(1) state
  EventState spikes_, dips_;
  Time first_, stop_, hour_;
  std::tuple<Rng, double, EventState, EventState> at_first_{Rng(0), 0, {}, {}};
  double draw();  // one hour's noise step; returns the events' excursion
};

/// The whole series of SyntheticPrices.
StepSeries generate_synthetic_prices(const SyntheticPriceModel& m, Time start, Time end,
                                     std::uint64_t seed);

}  // namespace wf
