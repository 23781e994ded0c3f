#pragma once
// Short byte strings compared a word at a time (the reader's per-row checks).
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wf {

/// Whether a[0, n) equals b[0, n) for 16 <= n <= 32: four 8-byte words, overlapping,
/// cover every byte.
inline bool equal_16_to_32(const char* a, const char* b, std::size_t n) {
  std::uint64_t diff = 0;
  for (std::size_t at : {std::size_t{0}, std::size_t{8}, n - 16, n - 8}) {
    std::uint64_t x, y;
    std::memcpy(&x, a + at, 8), std::memcpy(&y, b + at, 8);
    diff |= x ^ y;
  }
  return diff == 0;
}

}  // namespace wf
