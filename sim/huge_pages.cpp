#include "sim/huge_pages.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>

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

void grow_heap_on_huge_pages(std::size_t pad_bytes) {
  constexpr int kMmapAbove = 32 << 20;  // glibc's largest threshold on 64-bit
  const auto pad = static_cast<int>(std::min<std::size_t>(pad_bytes, 1u << 30));
  // Blocks up to the threshold come from the heap, not from mmap calls of their own,
  // faulted in page by page and unmapped when freed; freed memory stays for the next.
  if (!::mallopt(M_MMAP_THRESHOLD, kMmapAbove) || !::mallopt(M_TRIM_THRESHOLD, pad) ||
      !::mallopt(M_TOP_PAD, pad))
    return;  // an allocator that does not take these (a sanitizer's, a tunable's limits)
  // A block larger than the free top of the heap: the heap grows by it and the pad.
  const std::size_t probe = ::mallinfo2().keepcost + (std::size_t{1} << 20);
  if (probe >= static_cast<std::size_t>(kMmapAbove)) return;
  char* const from = static_cast<char*>(::sbrk(0));
  void* const grow = std::malloc(probe);
  asm volatile("" : : "r"(grow) : "memory");  // a pair the compiler may not drop
  std::free(grow);
  char* const to = static_cast<char*>(::sbrk(0));
  if (from != reinterpret_cast<char*>(-1) && to > from)
    advise_huge_pages(from, static_cast<std::size_t>(to - from));
}

}  // namespace wf
