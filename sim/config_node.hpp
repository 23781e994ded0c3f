#pragma once
// Read-only view of a scenario document (YAML) that always knows where it is:
// file, line and dotted field path, so every complaint can name them.
// yaml-cpp stays behind this header.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/time.hpp"
#include "sim/time_series.hpp"
#include "sim/units.hpp"

namespace wf {

struct ConfigState;  // the parsed document, shared by all views

class ConfigNode {
 public:
  /// Dotted path from the root, e.g. "sites.demo.devices.battery.capacity".
  const std::string& path() const { return path_; }
  /// Where the node came from: the scenario file, or "--set <path>" for overrides.
  std::string file() const;
  /// 1-based line in file(); 0 when not from the file.
  int line() const;

  bool is_map() const;
  bool is_sequence() const;
  bool is_scalar() const;

  /// The text of a scalar; a map or list here is an error.
  std::string scalar() const;
  /// Child of a map, or nullopt when absent (or null).
  std::optional<ConfigNode> get(std::string_view key) const;
  /// Child of a map that must be present.
  ConfigNode at(std::string_view key) const;
  /// Map entries in document order.
  std::vector<std::pair<std::string, ConfigNode>> entries() const;
  /// List items in order.
  std::vector<ConfigNode> items() const;

  /// Throws InputError at this node: "file:line: path: what".
  [[noreturn]] void fail(const std::string& what) const;
  /// Refuses keys not in `allowed`, suggesting the closest one.
  void check_keys(std::span<const std::string_view> allowed) const;

  // Typed reads of a scalar, each failing with what was expected.
  double quantity(Dim dim) const;
  Time duration() const;
  Time datetime() const;  ///< ISO 8601 with offset
  bool boolean() const;
  std::int64_t integer(std::int64_t min, std::int64_t max) const;
  /// One of `choices`; returns its index.
  std::size_t choice(std::span<const std::string_view> choices) const;

  /// Folder of the scenario file: relative paths in the file are relative to it.
  std::filesystem::path base_dir() const;
  /// An in-memory series registered with ConfigDoc::add_array; nullptr when unknown.
  const StepSeries* array(const std::string& name) const;

 private:
  friend class ConfigDoc;
  struct Handle;
  ConfigNode(std::shared_ptr<const ConfigState> doc, std::shared_ptr<const Handle> node,
             std::string path);
  std::shared_ptr<const ConfigState> doc_;
  std::shared_ptr<const Handle> node_;
  std::string path_;
};

class ConfigDoc {
 public:
  /// Parses `file`, then applies overrides "a.b.c=value" (maps by key, lists by
  /// index). Malformed YAML and bad overrides throw InputError. Messages about an
  /// overridden field name `override_source` as its file (the CLI's "--set",
  /// Python's "Scenario.set").
  static ConfigDoc load(const std::filesystem::path& file,
                        const std::vector<std::string>& overrides = {},
                        const std::string& override_source = "--set");
  /// Same from text (tests); `name` stands for the file in messages.
  static ConfigDoc parse(const std::string& text, const std::string& name,
                         const std::vector<std::string>& overrides = {},
                         const std::string& override_source = "--set");

  ConfigNode root() const;
  /// The file's text as read (before overrides).
  const std::string& text() const;

  /// Registers an in-memory series (values in SI) that fields can name with
  /// `{array: <name>}`: how notebooks hand numpy arrays to a scenario.
  void add_array(const std::string& name, StepSeries series);

 private:
  std::shared_ptr<ConfigState> state_;
};

}  // namespace wf
