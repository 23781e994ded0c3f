#pragma once
// The site's observer: the layout of its output channels, the solved powers of
// each instant turned into recorder values, and the whole-run figures the
// recorder's integrals give (/summary).
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "models/battery/battery.hpp"
#include "models/site/disturbances.hpp"
#include "sim/hdf5_writer.hpp"
#include "sim/recorder.hpp"

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

/// What the site solved at one instant (W unless noted).
struct SiteInstant {
  double grid = 0, pv = 0, battery = 0, it = 0, cooling = 0, aux = 0, loss = 0;
  double unserved = 0, pv_curtailed = 0, battery_loss = 0;
  bool has_soc = false;  ///< the batteries have capacity
  double soc = 0, soc_slope_per_s = 0, soh = 0;
  std::size_t decided_rule = 0;                   ///< of a stack controller
  double pv_dc = 0, poa_w_m2 = 0, pv_cell_k = 0;  ///< of the modelled PV arrays
  double pv_clipped = 0;  ///< AC power the PV inverters cut off at their rating
};

class SiteRecording {
 public:
  SiteRecording(Time start, Time interval, bool battery, bool pv, bool pv_detail,
                std::vector<std::string> rule_labels, Recorder::RowSink rows);

  bool pv_detail() const { return pv_detail_; }
  /// The rule labels of the controller the site was built with.
  const std::vector<std::string>& rule_labels() const { return rule_labels_; }
  bool records_rules() const { return n_rule_ch_ > 0; }
  /// A replacement controller with other rules: the rule channels stay zero.
  void drop_rule_channels() { n_rule_ch_ = 0; }
  /// Only the battery power and state of health from now on (Site::record_totals_only).
  void keep_totals_only() { totals_only_ = true; }
  bool totals_only() const { return totals_only_; }

  void record(const SiteInstant& x);
  Recorder& recorder() { return recorder_; }
  const Recorder& recorder() const { return recorder_; }
  std::vector<ChannelSpec> output_channels() const { return recorder_.output_channels(); }

  /// Energies, peaks, disturbance counts and (with batteries) the battery figures.
  std::vector<SummaryValue> summary(const DisturbanceCounts& d,
                                    const std::vector<std::unique_ptr<Battery>>& batteries) const;

 private:
  bool pv_, pv_detail_;
  bool totals_only_ = false;
  std::size_t ch_pv_clipped_ = 0;  ///< with PV
  // How long the inverters clipped (summed as the state changes; the recorder's now).
  bool clipping_ = false;
  Time clip_since_;
  double clipped_s_ = 0;
  std::vector<std::string> rule_labels_;
  std::size_t ch_pv_detail_ = 0;  ///< first of pv_dc_power, poa_irradiance, pv_cell_temperature
  std::size_t ch_rules_ = 0, n_rule_ch_ = 0;  ///< one channel per rule of a stack
  Recorder recorder_;
};

}  // namespace wf
