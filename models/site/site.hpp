#pragma once
// One site in the engine: its devices, the balance solve at each event, and
// the recorder that turns the solved powers into output rows.
//
// At every instant with an event the site (1) integrates its continuous state
// up to now, (2) takes the new input values, (3) asks its controller for the
// battery power, (4) solves the bus balance within the grid limits, shedding
// load or curtailing PV when nothing else balances, (5) hands the powers to the
// recorder and (6) schedules its next wake: the earliest input change or
// battery state event.
#include <cstdint>
#include <functional>
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
#include "models/site/grid_view.hpp"
#include "models/site/ride_through.hpp"
#include "sim/calendar.hpp"
#include "sim/engine.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/recorder.hpp"
#include "sim/site_graph.hpp"

namespace wf {

/// Channel indices of every site's recorder, in output order.
enum SiteChannel : std::size_t {
  ch_grid,
  ch_pv,
  ch_battery,
  ch_it,
  ch_cooling,
  ch_aux,
  ch_loss,
  ch_unserved,
  ch_pv_curtailed,
  ch_battery_loss,
  ch_soc,
  ch_soh,
  ch_count
};

/// Event sink: (time, site id, kind, value, message).
using EventSink =
    std::function<void(Time, std::string_view, std::string_view, double, std::string_view)>;

/// How several batteries share the site's battery power.
enum class DispatchRule {
  limits,    ///< in proportion to what each can deliver now (derating included)
  energy,    ///< in proportion to stored energy (discharge) or room (charge): balances SoC
  capacity,  ///< in proportion to capacity (SoH-weighted): a worn cabinet works less
};

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
  std::optional<StepSeries> prices;                       ///< day-ahead EUR/MWh, when given
  StepSeries frequency_hz = StepSeries::constant(50);     ///< grid frequency
  TimeZone tz = TimeZone::utc();                          ///< the site's local time
  Time end = Time::never();                               ///< end of the run
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
  std::vector<ChannelSpec> output_channels() const { return recorder_.output_channels(); }

  /// Replaces the controller; call before start(). The result channels of a stack's
  /// rules stay those of the controller the site was built with.
  void set_controller(std::unique_ptr<Controller> c) {
    p_.controller = std::move(c);
    if (p_.controller->rule_labels() != rule_labels_) n_rule_ch_ = 0;  // rows stay zero
  }
  /// Wires the outputs; call before start().
  void connect(Recorder::RowSink rows, EventSink events);
  /// Solves the first instant and schedules the first wake.
  void start(Engine& engine);
  /// Integrates to `end` and emits the last rows.
  void finish(Time end);

  /// Whole-run figures for /summary and the end-of-run report.
  std::vector<SummaryValue> summary() const;
  const Recorder& recorder() const { return recorder_; }

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
  double it_peak_forecast_w(Time from, Time to) const override;
  const StepSeries* prices() const override { return p_.prices ? &*p_.prices : nullptr; }
  const TimeZone& timezone() const override { return p_.tz; }
  double net_demand_mean_w(Time a, Time b) const override;
  StorageRating storage_rating() const override;
  const Tariff* tariff() const override;
  Time run_end() const override { return p_.end; }

 private:
  SiteParts p_;
  Time start_;
  Recorder recorder_;
  Recorder::RowSink rows_;
  EventSink events_;
  std::vector<double> injection_, flow_;
  std::vector<char> overloaded_;
  bool shedding_ = false, curtailing_ = false;
  bool grid_up_ = true;
  EventId wake_;
  int outages_seen_ = 0, interruptions_ = 0, dropouts_ = 0;
  double outage_s_ = 0;
  Time outage_start_;
  std::vector<Battery::Limit> battery_limit_;
  StepSeries::Cursor ambient_;
  StepSeries::Cursor carbon_;
  StepSeries::Cursor price_, frequency_;
  double soc_now_ = 0, soc_slope_ = 0, soc_floor_ = 0;  // aggregate, for the reserve wake
  double grid_now_w_ = 0, emissions_g_ = 0;
  Time carbon_t_;
  // Per battery: the setpoint last commanded and when its PCS gets there (grid-following).
  std::vector<double> cmd_w_;
  std::vector<Time> cmd_due_;
  int jobs_killed_ = 0;
  double lost_node_hours_ = 0;
  std::size_t ch_pv_detail_ = 0;  ///< first of pv_dc_power, poa_irradiance, pv_cell_temperature
  bool pv_detail_ = false;
  GridView grid_view_;
  std::vector<SummaryValue> extra_summary_;
  std::vector<std::string> rule_labels_;      ///< of the controller the site was built with
  std::size_t ch_rules_ = 0, n_rule_ch_ = 0;  ///< one channel per rule of a stack

  static void on_wake(void* self, Engine& e, std::uint64_t);
  static void on_grid_change(void* self, Engine& e, std::uint64_t up);
  static void on_sag(void* self, Engine& e, std::uint64_t index);
  void judge_disturbance(Time now, const Disturbance& d, std::string_view what);
  void advance(Time t);
  void solve(Time now);
  void dispatch_batteries(Time now, double request_w);
  void kill_jobs(Time now, std::string_view why);
  void check_edges(Time now);
  void schedule_next(Engine& e);
  void note_battery_limits(Time now);
  void update_inputs(Time now);
};

}  // namespace wf
