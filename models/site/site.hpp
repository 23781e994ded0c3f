#pragma once
// One site in the engine: an event source that owns its devices and runs, at
// every instant with an event, the phases of the design in order:
//   integrate  continuous states (batteries, meter, recorder) up to now;
//   input      new input values (loads, PV, ambient, prices, frequency);
//   protection battery limits reached, grid outages and sags (disturbances.hpp);
//   control    the controller's battery power;
//   solve      the bus balance within the grid limits (balance.hpp) and the
//              batteries' shares of it (battery_dispatch.hpp);
//   record     the solved powers to the observer (site_recording.hpp);
// then schedules its next wake: the earliest input change or state event.
// The phases run inside one engine event: one event per instant and site.
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/battery/battery.hpp"
#include "models/compute/cooling.hpp"
#include "models/compute/load.hpp"
#include "models/ems/controller.hpp"
#include "models/grid/grid_connection.hpp"
#include "models/grid/site_billing.hpp"
#include "models/pv/pv_trace.hpp"
#include "models/site/battery_dispatch.hpp"
#include "models/site/disturbances.hpp"
#include "models/site/grid_view.hpp"
#include "models/site/load_scoring.hpp"
#include "models/site/ride_through.hpp"
#include "models/site/site_recording.hpp"
#include "sim/calendar.hpp"
#include "sim/engine.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/recorder.hpp"
#include "sim/site_graph.hpp"

namespace wf {

struct SiteParts {
  std::string id;
  GridConnectionParams grid;
  SiteGraph graph;
  std::vector<std::unique_ptr<Load>> loads;
  std::vector<std::unique_ptr<PvTrace>> pv;
  std::vector<std::unique_ptr<Battery>> batteries;
  std::vector<Cooling> cooling;
  std::unique_ptr<Controller> controller;
  StepSeries ambient_k = StepSeries::constant(298.15);    ///< outdoor air temperature (K)
  StepSeries carbon_g_per_kwh = StepSeries::constant(0);  ///< grid carbon intensity (g/kWh)
  std::shared_ptr<WindowedSteps> prices;  ///< day-ahead EUR/MWh, when given (shared with billing)
  StepSeries frequency_hz = StepSeries::constant(50);  ///< grid frequency
  TimeZone tz = TimeZone::utc();                       ///< the site's local time
  Time end = Time::never();                            ///< end of the run
  Time grid_view = Time::days(1);        ///< span analysed for ramps and the 0.1-3 Hz band
  bool carbon_given = false;             ///< emissions go to /summary only when given
  std::vector<Outage> outages;           ///< grid interruptions, sorted, disjoint
  std::vector<Sag> sags;                 ///< voltage sags, in time order
  std::unique_ptr<SiteBilling> billing;  ///< meter + tariff; none without a tariff
  DispatchRule dispatch = DispatchRule::limits;
  Topology topology = Topology::direct;  ///< how the IT load is fed
  double transfer_s = 0.010;             ///< line-interactive transfer time
  // Graph vertex of each device, for the per-edge flow check.
  std::vector<int> load_vertex, pv_vertex, battery_vertex, cooling_vertex;
  std::vector<std::string> vertex_ids;  ///< device id of each graph vertex
};

class Site final : public SiteView {
 public:
  Site(SiteParts parts, Time start, Time interval);
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  const std::string& id() const { return p_.id; }
  Time start_time() const { return start_; }
  bool has_battery() const { return !p_.batteries.empty(); }
  /// Output channels (means, then _min/_max) in row order.
  std::vector<ChannelSpec> output_channels() const { return recording_.output_channels(); }

  /// Replaces the controller; call before start(). The result channels of a stack's
  /// rules stay those of the controller the site was built with.
  void set_controller(std::unique_ptr<Controller> c) {
    p_.controller = std::move(c);
    if (p_.controller->rule_labels() != recording_.rule_labels()) recording_.drop_rule_channels();
    keep_load_history();
  }
  /// Wires the outputs; call before start().
  void connect(Recorder::RowSink rows, EventSink events);
  /// Solves the first instant and schedules the first wake.
  void start(Engine& engine);
  /// Integrates to `end` and emits the last rows.
  void finish(Time end);
  /// Records only what totals() and running() read; the rows and summary() figures
  /// of the other channels (and the grid view's) stay zero. For runs nobody reads the
  /// rows of (a life, the economics baseline).
  void record_totals_only() {
    recording_.keep_totals_only();
    grid_view_ = GridView(start_, Time::zero());
    scoring_.stop();
  }

  /// Whole-run figures for /summary and the end-of-run report.
  std::vector<SummaryValue> summary() const;
  /// The typed whole-run figures others compute with (SI; summary() gives them in kWh).
  struct Totals {
    const Bill* bill = nullptr;  ///< none without a tariff
    double nameplate_j = 0;      ///< storage energy when new
    double final_soh = 1;        ///< 1 without storage
    double charge_j = 0, discharge_j = 0;
  };
  Totals totals() const;
  /// Figures so far, read between engine runs (the lifetime appraisal's year ends).
  struct Running {
    double charge_j = 0, discharge_j = 0;  ///< AC energy into and out of the storage
    double soh = 1;                        ///< storage capacity now / when new (1 without)
    double lost_node_hours = 0;
    double revenue_eur = 0;  ///< what the controller earned (FCR capacity payments)
  };
  Running running() const;
  /// Rated AC power of the storage (W), summed over the batteries.
  double storage_rated_power_w() const {
    double w = 0;
    for (const auto& b : p_.batteries) w += b->rated_power_w();
    return w;
  }
  /// New cells in every battery (see Battery::replace_cells).
  void replace_cells() {
    for (auto& b : p_.batteries) b->replace_cells();
  }
  const Recorder& recorder() const { return recording_.recorder(); }

  /// A load by device id, nullptr if none (fleet job shifting, before start()).
  Load* load(std::string_view id) {
    for (auto& l : p_.loads)
      if (l->id() == id) return l.get();
    return nullptr;
  }
  /// Import headroom (W) left over [a, b) if `extra_it_w` more IT load ran then: the
  /// grid's import limit less the highest demand the site's series reach there, the
  /// extra IT load and its cooling included (batteries and PV not counted on).
  double import_headroom_w(Time a, Time b, double extra_it_w) const;
  /// Carbon intensity of the grid (g/kWh), nullptr when not given.
  const StepSeries* carbon() const { return p_.carbon_given ? &p_.carbon_g_per_kwh : nullptr; }
  /// A figure computed outside the site (the fleet's job shifting) for its /summary.
  void add_summary(SummaryValue v) { extra_summary_.push_back(std::move(v)); }

  // SiteView: what controllers may look up.
  double it_peak_forecast_w(Time from, Time to, LoadForecast f, Time season) const override;
  const WindowedSteps* prices() const override { return p_.prices.get(); }
  const TimeZone& timezone() const override { return p_.tz; }
  double net_demand_mean_w(Time a, Time b) const override;
  StorageRating storage_rating() const override;
  const Tariff* tariff() const override;
  Time run_end() const override { return p_.end; }

 private:
  SiteParts p_;
  Time start_;
  void keep_load_history();  // as much demand behind the run as the controller reads
  Recorder::RowSink rows_;
  EventSink events_;
  SiteRecording recording_;
  BatteryDispatch dispatch_;
  Disturbances disturbances_;
  std::vector<double> injection_, flow_;
  std::vector<char> overloaded_;
  int overloads_ = 0;  ///< connections flagged in overloaded_
  double min_edge_capacity_w_ = std::numeric_limits<double>::infinity();
  bool shedding_ = false, curtailing_ = false;
  EventId wake_;
  std::vector<Battery::Limit> battery_limit_;
  StepSeries::Cursor ambient_;
  StepSeries::Cursor carbon_;
  StepSeries::Cursor frequency_;
  double soc_now_ = 0, soc_slope_ = 0, soc_floor_ = 0;  // aggregate, for the reserve wake
  double grid_now_w_ = 0, emissions_g_ = 0;
  Time carbon_t_;
  GridView grid_view_;
  LoadScoring scoring_;  ///< forecast scores of the IT loads
  std::vector<SummaryValue> extra_summary_;

  static void on_wake(void* self, Engine& e, std::uint64_t);
  static void on_grid_change(void* self, Engine& e, std::uint64_t up);
  static void on_sag(void* self, Engine& e, std::uint64_t index);
  // The phases of an instant, in order.
  void integrate(Time t);
  void take_inputs(Time now);
  void note_battery_limits(Time now);
  void solve(Time now);  // control, solve, record
  void check_edges(Time now);
  void schedule_next(Engine& e);
};

}  // namespace wf
