#pragma once
// Helpers shared by the libFuzzer harnesses: a byte reader that turns the
// first bytes of an input into options, and a scratch file per process for
// the readers that take a path.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace wf::fuzz {

class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
  /// The next byte, or 0 once the input is used up.
  std::uint8_t byte() {
    if (n_ == 0) return 0;
    --n_;
    return *p_++;
  }
  /// One of `count` choices.
  std::size_t pick(std::size_t count) { return byte() % count; }
  bool flag() { return byte() & 1; }
  std::string_view rest() {
    std::string_view s(reinterpret_cast<const char*>(p_), n_);
    p_ += n_, n_ = 0;
    return s;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
};

/// Writes `text` to this process's scratch file with the given suffix and
/// returns its path (the readers under test open files by name).
inline std::filesystem::path scratch(std::string_view text, const char* suffix) {
  static const std::filesystem::path dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("wattfleet-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  const auto path = dir / (std::string("input") + suffix);
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(text.data(), static_cast<std::streamsize>(text.size()));
  return path;
}

}  // namespace wf::fuzz
