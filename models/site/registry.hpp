#pragma once
// Device and controller types by the name scenario files use. Each model domain
// registers its own types next to its code (register_*_models); nothing here
// needs editing when a model is added.
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/config_node.hpp"

namespace wf {

class SiteBuilder;

class Registry {
 public:
  /// Reads one device section (type already known) and adds the device to the builder.
  using DeviceFactory =
      std::function<void(const std::string& id, const ConfigNode& node, SiteBuilder& b)>;
  using ControllerFactory = std::function<void(const ConfigNode& node, SiteBuilder& b)>;

  void add_device(std::string type, DeviceFactory f) { devices_[std::move(type)] = std::move(f); }
  void add_controller(std::string type, ControllerFactory f) {
    controllers_[std::move(type)] = std::move(f);
  }
  const DeviceFactory* device(const std::string& type) const;
  const ControllerFactory* controller(const std::string& type) const;
  std::vector<std::string_view> device_types() const;
  std::vector<std::string_view> controller_types() const;

  /// Every built-in model, registered once.
  static const Registry& builtin();

 private:
  std::map<std::string, DeviceFactory, std::less<>> devices_;
  std::map<std::string, ControllerFactory, std::less<>> controllers_;
};

// One registration function per model domain, each defined beside its models.
void register_grid_models(Registry& r);
void register_compute_models(Registry& r);
void register_pv_models(Registry& r);
void register_battery_models(Registry& r);
void register_ems_models(Registry& r);

}  // namespace wf
