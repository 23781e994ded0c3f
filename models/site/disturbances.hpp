#pragma once
// What grid disturbances do to a site: outages (the site becomes an island),
// voltage sags, whether the IT load rides through them behind the site's
// topology (ITIC, ride_through.hpp), and the jobs lost when it does not or when
// an island collapses. Keeps the counts for the site's /summary.
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/battery/battery.hpp"
#include "models/compute/load.hpp"
#include "models/grid/grid_connection.hpp"
#include "models/site/ride_through.hpp"
#include "sim/time.hpp"

namespace wf {

/// Event sink: (time, site id, kind, value, message).
using EventSink =
    std::function<void(Time, std::string_view, std::string_view, double, std::string_view)>;

struct DisturbanceCounts {
  int outages = 0;        ///< grid interruptions begun
  double outage_s = 0;    ///< time without grid
  int dropouts = 0;       ///< sags and outages the IT load did not ride through
  int interruptions = 0;  ///< islands whose demand the batteries could not carry
  int jobs_killed = 0;
  double lost_node_hours = 0;
};

class Disturbances {
 public:
  /// The site's devices, outages and sags stay owned by the site; `events` may be empty.
  Disturbances(const std::string& site_id, const std::vector<Outage>& outages,
               const std::vector<Sag>& sags, Topology topology, double transfer_s,
               const std::vector<std::unique_ptr<Load>>& loads,
               const std::vector<std::unique_ptr<Battery>>& batteries, const EventSink& events);

  bool grid_up() const { return grid_up_; }
  /// The grid goes down (`up` false) or comes back at `now`.
  void grid_change(Time now, bool up);
  /// Sag number `index` happens at `now`.
  void sag(Time now, std::size_t index);
  /// The island's demand could not be carried: compute is interrupted, running jobs are lost.
  void island_collapse(Time now);
  /// Closes an outage still running at the end.
  void finish(Time end);
  const DisturbanceCounts& counts() const { return n_; }

 private:
  void judge(Time now, const Disturbance& d, std::string_view what);
  void kill_jobs(Time now, std::string_view why);

  const std::string& id_;
  const std::vector<Outage>& outages_;
  const std::vector<Sag>& sags_;
  Topology topology_;
  double transfer_s_;
  const std::vector<std::unique_ptr<Load>>& loads_;
  const std::vector<std::unique_ptr<Battery>>& batteries_;
  const EventSink& events_;
  bool grid_up_ = true;
  Time outage_start_;
  DisturbanceCounts n_;
};

}  // namespace wf
