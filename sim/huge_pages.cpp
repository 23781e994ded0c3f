#include "sim/huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace wf {

namespace {
// The whole pages inside [p, p + bytes), or an empty range.
bool inner_pages(const void* p, std::size_t bytes, void*& at, std::size_t& len) {
  const auto a = (reinterpret_cast<std::uintptr_t>(p) + 4095) & ~std::uintptr_t{4095};
  const auto e = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~std::uintptr_t{4095};
  if (e <= a) return false;
  at = reinterpret_cast<void*>(a);
  len = e - a;
  return true;
}
}  // namespace

void advise_huge_pages(const void* p, std::size_t bytes) {
  void* at;
  std::size_t len;
  if (inner_pages(p, bytes, at, len)) ::madvise(at, len, MADV_HUGEPAGE);
}

void prefault(const void* p, std::size_t bytes) {
  void* at;
  std::size_t len;
  if (!inner_pages(p, bytes, at, len)) return;
  ::madvise(at, len, MADV_HUGEPAGE);
  ::madvise(at, len, MADV_POPULATE_WRITE);
}

}  // namespace wf
