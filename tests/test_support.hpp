#pragma once
// Small helpers shared by the tests: temporary folders and the shared data path.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

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

}  // namespace wf::test

#define WF_REQUIRE_SHARED_DATA()                                                   \
  if (::wf::test::shared_data().empty())                                           \
  GTEST_SKIP() << "../shared/data is absent next to the project; this comparison " \
                  "with real data needs it"
