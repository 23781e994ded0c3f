#pragma once
// Device and controller types by the name scenario files use. Each model domain
// registers its own types next to its code (register_<domain>_models); the
// built-in set is assembled above the domains (assembly/builtin_registry.hpp).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "sim/config_node.hpp"
#include "sim/params.hpp"

namespace wf {

class SiteAssembly;

/// The fields every device section has besides its type's own (`grid` has no `connect`).
std::span<const ParamInfo> device_common_params();
/// The keys a device section of a type with `own` fields accepts.
std::vector<std::string_view> device_keys(std::span<const ParamInfo> own);

class Registry {
 public:
  /// Reads one device section (type already known) and adds the device to the builder.
  using DeviceFactory =
      std::function<void(const std::string& id, const ConfigNode& node, SiteAssembly& b)>;
  using ControllerFactory = std::function<void(const ConfigNode& node, SiteAssembly& b)>;

  void add_device(std::string type, DeviceFactory f) { devices_[std::move(type)] = std::move(f); }
  void add_controller(std::string type, ControllerFactory f) {
    controllers_[std::move(type)] = std::move(f);
  }
  const DeviceFactory* device(const std::string& type) const;
  const ControllerFactory* controller(const std::string& type) const;
  std::vector<std::string_view> device_types() const;
  std::vector<std::string_view> controller_types() const;

  /// The declared parameters of a type or section, for listings and the docs.
  void add_params(ParamTable t) { params_.push_back(std::move(t)); }
  const std::vector<ParamTable>& params() const { return params_; }

 private:
  std::map<std::string, DeviceFactory, std::less<>> devices_;
  std::map<std::string, ControllerFactory, std::less<>> controllers_;
  std::vector<ParamTable> params_;
};

}  // namespace wf
