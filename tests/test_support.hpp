#pragma once
// Small helpers shared by the tests: temporary folders and the shared data path.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/config_node.hpp"
#include "sim/error.hpp"
#include "sim/time_format.hpp"

namespace wf::test {

/// A fresh folder under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("wattfleet-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
  /// Writes `text` to `name` inside the folder and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    auto p = path_ / name;
    std::ofstream(p) << text;
    return p;
  }

 private:
  std::filesystem::path path_;
};

/// ../shared/data next to the project, or empty when absent (tests then skip with a message).
inline std::filesystem::path shared_data() {
  std::filesystem::path p = WF_SHARED_DATA_DIR;
  return std::filesystem::is_directory(p) ? p : std::filesystem::path{};
}

/// An ISO 8601 instant (naive readings as if UTC); a test failure when malformed.
inline Time at(const char* iso) {
  auto p = parse_datetime(iso);
  EXPECT_TRUE(p) << iso;
  return p ? p->t : Time::never();
}

/// The root of a YAML text parsed as `scenario.yaml` in `d` (paths in it resolve
/// against d). The document lives as long as the test program.
inline ConfigNode parsed(const TempDir& d, const std::string& yaml) {
  static std::vector<ConfigDoc> keep;  // views share the document; keep it alive
  keep.push_back(ConfigDoc::parse(yaml, (d / "scenario.yaml").string()));
  return keep.back().root();
}
inline ConfigNode field_of(const TempDir& d, const std::string& yaml, const std::string& key) {
  return parsed(d, yaml).at(key);
}

/// What the InputError thrown by `f` says, or "no error" when it throws none.
template <class F>
std::string input_error_text(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

/// The InputError thrown by `f`; a test failure naming `what` when it throws none.
template <class F>
InputError input_error(F&& f, const std::string& what = "") {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError " << what;
  return InputError("", 0, "", "");
}

/// Matches an InputError at `line` of `field` whose detail matches `detail`.
MATCHER_P3(InputErrorAt, line, field, detail,
           std::string(negation ? "not " : "") + "an input error at line " +
               ::testing::PrintToString(line) + " of " + ::testing::PrintToString(field) +
               " whose detail " + ::testing::DescribeMatcher<std::string>(detail)) {
  *result_listener << "at line " << arg.line() << " of '" << arg.field() << "': " << arg.detail();
  return arg.line() == line && arg.field() == field && ::testing::Matches(detail)(arg.detail());
}

}  // namespace wf::test

#define WF_REQUIRE_SHARED_DATA()                                                   \
  if (::wf::test::shared_data().empty())                                           \
  GTEST_SKIP() << "../shared/data is absent next to the project; this comparison " \
                  "with real data needs it"
