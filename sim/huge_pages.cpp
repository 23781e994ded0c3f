#include "sim/huge_pages.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace wf {

namespace {
// The whole pages inside [p, p + bytes), or an empty range.
bool inner_pages(const void* p, std::size_t bytes, void*& at, std::size_t& len) {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto a = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const auto e = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
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
