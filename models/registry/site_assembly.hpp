#pragma once
// What a device or controller factory may do to the site being assembled. It
// sits below the model domains: the device types are only named here (each is
// declared in its domain) and the site builder above the domains implements it,
// so a domain registers its scenario types without knowing the site.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/time.hpp"

namespace wf {

class Battery;
class Controller;
class Cooling;
class Load;
class PvTrace;
struct GridConnectionParams;
struct Sag;

class SiteAssembly {
 public:
  virtual ~SiteAssembly() = default;

  /// The run's horizon, for traces and schedules read by the factories.
  virtual Time start() const = 0;
  virtual Time end() const = 0;
  /// Seed of this site's random draws (derive_seed of the run's seed and the site id).
  virtual std::uint64_t seed() const = 0;
  /// Registers the device's place in the site graph (connect/capacity read from `node`).
  virtual int add_vertex(const std::string& id, const ConfigNode& node, bool is_bus,
                         bool is_root) = 0;
  /// The grid connection with its interruptions (sorted, disjoint) and voltage sags.
  virtual void set_grid(const GridConnectionParams& g, const ConfigNode& where,
                        std::vector<std::pair<Time, Time>> outages, std::vector<Sag> sags) = 0;
  virtual void add_load(std::unique_ptr<Load> l, int vertex) = 0;
  virtual void add_pv(std::unique_ptr<PvTrace> pv, int vertex) = 0;
  virtual void add_battery(std::unique_ptr<Battery> b, int vertex) = 0;
  virtual void add_cooling(Cooling c, int vertex) = 0;
  virtual void set_controller(std::unique_ptr<Controller> c) = 0;
  /// Repairs applied to traces by their policies, for the run log.
  virtual void log_repairs(const std::vector<std::string>& lines) = 0;
};

}  // namespace wf
