#pragma once
// A fleet of sites joined by WAN links (Boost.Graph, kept in the .cpp), and the
// shifting of deferrable jobs between sites by price or carbon intensity.
//
// Shifting happens once, before the run: each deferrable job of a sending load
// is offered to every site reachable over the links; it moves where its expected
// cost is lowest: energy x (price or carbon intensity) over the hours it would
// run there, started later by the transfer time (path latency + data / the
// path's narrowest bandwidth), plus the transfer cost of its data. The receiving
// site runs it on its spare nodes of the same kind (`spare_nodes`, checked over
// time); cooling and losses at the receiving site follow from its own models.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/site/site.hpp"
#include "sim/config_node.hpp"
#include "sim/params.hpp"

namespace wf {

struct WanLink {
  std::string a, b;
  double latency_s = 0, bandwidth_bps = 0, eur_per_gb = 0;
};

/// Shortest paths by latency over the links; the path's bandwidth is its narrowest link.
class FleetGraph {
 public:
  FleetGraph(std::vector<std::string> sites, const std::vector<WanLink>& links);
  ~FleetGraph();
  FleetGraph(FleetGraph&&) noexcept;
  struct Path {
    bool reachable = false;
    double latency_s = 0, bandwidth_bps = 0, eur_per_gb = 0;
    int hops = 0;
  };
  Path path(const std::string& from, const std::string& to) const;
  const std::vector<std::string>& sites() const { return sites_; }

 private:
  std::vector<std::string> sites_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Reads the scenario's `fleet:` section and moves jobs between the built sites
/// (before they start). Throws InputError naming the field.
/// The declared fields of the fleet section and its parts (for the docs).
std::vector<ParamTable> fleet_param_tables();

void apply_fleet(const ConfigNode& fleet, std::vector<std::unique_ptr<Site>>& sites);

}  // namespace wf
