#include "models/registry/registry.hpp"

namespace wf {

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
