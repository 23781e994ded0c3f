#include "models/registry/registry.hpp"

#include <cmath>

namespace wf {

namespace {
constexpr ParamInfo kDeviceCommon[] = {
    required_text_param("type", "a device type", "which model the section describes"),
    text_param("connect", "the id of a `bus` or the `grid`", "",
               "where the device hangs in the site's tree (every device but `grid`)"),
    optional_param(
        {"connection_limit", Dim::power, "", -INFINITY, INFINITY, false,
         "capacity of the device's connection; overloads become `edge_overload_*` events"}),
};
}  // namespace

std::span<const ParamInfo> device_common_params() {
  return kDeviceCommon;
}

std::vector<std::string_view> device_keys(std::span<const ParamInfo> own) {
  std::vector<std::string_view> keys = param_keys(kDeviceCommon);
  for (const auto& p : own) keys.push_back(p.name);
  return keys;
}

const Registry::DeviceFactory* Registry::device(const std::string& type) const {
  auto it = devices_.find(type);
  return it == devices_.end() ? nullptr : &it->second;
}

const Registry::ControllerFactory* Registry::controller(const std::string& type) const {
  auto it = controllers_.find(type);
  return it == controllers_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> Registry::device_types() const {
  std::vector<std::string_view> v;
  for (const auto& [k, f] : devices_) v.push_back(k);
  return v;
}

std::vector<std::string_view> Registry::controller_types() const {
  std::vector<std::string_view> v;
  for (const auto& [k, f] : controllers_) v.push_back(k);
  return v;
}

}  // namespace wf
