#include "models/site/disturbances.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace wf {

Disturbances::Disturbances(const std::string& site_id, const std::vector<Outage>& outages,
                           const std::vector<Sag>& sags, Topology topology, double transfer_s,
                           const std::vector<std::unique_ptr<Load>>& loads,
                           const std::vector<std::unique_ptr<Battery>>& batteries,
                           const EventSink& events)
    : id_(site_id),
      outages_(outages),
      sags_(sags),
      topology_(topology),
      transfer_s_(transfer_s),
      loads_(loads),
      batteries_(batteries),
      events_(events) {}

void Disturbances::judge(Time now, const Disturbance& d, std::string_view what) {
  // Cabinets that cannot carry the island protect nothing.
  const bool cabinet_ready = std::any_of(batteries_.begin(), batteries_.end(),
                                         [](const auto& b) { return b->max_discharge_w() > 0; });
  const Topology topo = cabinet_ready ? topology_ : Topology::direct;
  if (rides_through(d, topo, transfer_s_)) return;
  ++n_.dropouts;
  const Disturbance seen = seen_by_it(d, topo, transfer_s_);
  if (events_)
    events_(now, id_, "it_dropout", seen.duration_s,
            fmt::format("{}: the IT load saw {:.0f} % voltage for {:.0f} ms, outside the ITIC "
                        "curve; running jobs are lost",
                        what, 100 * seen.voltage_pu, 1e3 * seen.duration_s));
  kill_jobs(now, what);
}

void Disturbances::kill_jobs(Time now, std::string_view why) {
  Load::JobLoss total;
  for (auto& l : loads_) {
    if (l->kind() != LoadKind::it) continue;
    const Load::JobLoss x = l->kill_running_jobs(now);
    total.jobs += x.jobs;
    total.node_hours += x.node_hours;
  }
  if (total.jobs == 0) return;
  n_.jobs_killed += total.jobs;
  n_.lost_node_hours += total.node_hours;
  if (events_)
    events_(now, id_, "jobs_lost", total.node_hours,
            fmt::format("{}: {} running jobs killed, {:.1f} node-hours of work since their last "
                        "checkpoints lost",
                        why, total.jobs, total.node_hours));
}

void Disturbances::sag(Time now, std::size_t index) {
  const Sag& s = sags_[index];
  if (events_)
    events_(now, id_, "voltage_sag", s.voltage_pu,
            fmt::format("{:.0f} % for {:.0f} ms", 100 * s.voltage_pu, 1e3 * s.duration_s));
  if (grid_up_) judge(now, {s.voltage_pu, s.duration_s}, "voltage sag");
}

void Disturbances::grid_change(Time now, bool up) {
  grid_up_ = up;
  if (up) {
    n_.outage_s += (now - outage_start_).to_seconds();
  } else {
    outage_start_ = now;
    ++n_.outages;
    auto it = std::find_if(outages_.begin(), outages_.end(),
                           [&](const Outage& o) { return o.first <= now && now < o.second; });
    const double length_s = it != outages_.end() ? (it->second - now).to_seconds() : 3600.0;
    judge(now, {0.0, length_s}, "grid outage");
  }
  if (events_)
    events_(now, id_, up ? "grid_restored" : "grid_outage", 0,
            up ? "the grid is back" : "the grid connection is down: the site runs as an island");
  // The cabinets' PCS mode (domain reference 2.4): grid-forming in the island,
  // grid-following (after resynchronising) once the grid is back.
  if (events_ && !batteries_.empty())
    events_(now, id_, up ? "pcs_grid_following" : "pcs_grid_forming", up ? 0.0 : transfer_s_,
            up ? "the cabinets resynchronise to the grid and follow setpoints again"
               : "the cabinets form the island's voltage and carry its load at once");
}

void Disturbances::island_collapse(Time now) {
  ++n_.interruptions;
  kill_jobs(now, "island collapse");
}

void Disturbances::finish(Time end) {
  if (!grid_up_) n_.outage_s += (end - outage_start_).to_seconds();
}

}  // namespace wf
