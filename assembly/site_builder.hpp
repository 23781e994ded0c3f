#pragma once
// Turns a site section of a scenario into a ready Site: reads every device
// through the registry, validates the graph, loads traces. All of it happens
// before the simulation starts, so bad input never costs a half-finished run.
#include <memory>
#include <string>
#include <vector>

#include "models/registry/site_assembly.hpp"
#include "models/site/site.hpp"
#include "sim/config_node.hpp"
#include "sim/scenario.hpp"

namespace wf {

class Registry;

class SiteBuilder final : public SiteAssembly {
 public:
  SiteBuilder(std::string id, const Scenario& scenario);

  // What the device factories use (SiteAssembly).
  Time start() const override { return start_; }
  Time end() const override { return end_; }
  std::uint64_t seed() const override { return seed_; }
  int add_vertex(const std::string& id, const ConfigNode& node, bool is_bus, bool is_root) override;
  void set_grid(const GridConnectionParams& g, const ConfigNode& where, std::vector<Outage> outages,
                std::vector<Sag> sags) override;
  void add_load(std::unique_ptr<Load> l, int vertex) override;
  void add_pv(std::unique_ptr<PvTrace> pv, int vertex) override;
  void add_battery(std::unique_ptr<Battery> b, int vertex) override;
  void add_cooling(Cooling c, int vertex) override;
  void set_controller(std::unique_ptr<Controller> c) override;
  void log_repairs(const std::vector<std::string>& lines) override;
  const std::vector<std::string>& repairs() const { return repairs_; }

  /// Reads the whole site section. Without storage, battery devices are left out:
  /// the same site as it would be without its cabinets (the economics baseline).
  void read(const ConfigNode& site, const Registry& registry, bool with_storage = true);
  /// The finished site. Throws InputError when the graph is invalid.
  std::unique_ptr<Site> build(Time output_interval);

 private:
  void read_billing(const ConfigNode& site);

  std::string id_;
  Time start_, end_;
  std::uint64_t seed_;
  std::uint64_t run_seed_;  ///< the run's seed, for draws shared by sites (zone prices)
  SiteParts parts_;
  std::vector<GraphNode> nodes_;
  bool has_grid_ = false;
  bool topology_given_ = false;
  std::vector<std::string> repairs_;
};

/// The declared fields of a site section and its `ride_through`, for the docs.
std::vector<ParamTable> site_param_tables();

/// Builds every site of a scenario (reading all traces) with the device types of
/// `registry` (null: the built-in ones) and applies the fleet's job shifting.
/// Repairs go to `repairs`. With `keep`, only the sites whose place in the scenario
/// it marks are returned (after the fleet's job shifting, which needs them all).
std::vector<std::unique_ptr<Site>> build_sites(const Scenario& s,
                                               std::vector<std::string>* repairs = nullptr,
                                               bool with_storage = true,
                                               const Registry* registry = nullptr,
                                               const std::vector<bool>* keep = nullptr);

/// Drops the sites whose place `keep` does not mark.
void keep_sites(std::vector<std::unique_ptr<Site>>& sites, const std::vector<bool>& keep);

}  // namespace wf
