#include "sim/huge_pages.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace wf {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kOwnAllocator = true;  // ASan's allocator does not grow the heap with brk
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kOwnAllocator = true;
#else
constexpr bool kOwnAllocator = false;
#endif
#else
constexpr bool kOwnAllocator = false;
#endif

// The VmFlags of the mapping holding p, from /proc/self/smaps ("" if not found).
std::string vm_flags_at(const void* p) {
  std::ifstream smaps("/proc/self/smaps");
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t lo = 0, hi = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> lo >> dash >> hi && dash == '-') {
      inside = lo <= at && at < hi;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line;
  }
  return "";
}

TEST(GrowHeapOnHugePages, AdvisesTheGrownHeapAndMallocCarriesOn) {
  if (kOwnAllocator) GTEST_SKIP() << "the sanitizer's allocator has no brk heap";
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  if (!std::getline(thp, mode) || mode.find("[never]") != std::string::npos)
    GTEST_SKIP() << "this kernel gives no transparent huge pages";
  const char* const before = static_cast<char*>(::sbrk(0));
  grow_heap_on_huge_pages(std::size_t{16} << 20);
  const char* const end = static_cast<char*>(::sbrk(0));
  ASSERT_GT(end - before, std::ptrdiff_t{8} << 20);  // grown by (about) the pad
  EXPECT_NE(vm_flags_at(end - 1).find(" hg"), std::string::npos) << vm_flags_at(end - 1);
  // A block below the new mmap threshold comes from that heap, up to its end.
  auto* block = static_cast<char*>(std::malloc(std::size_t{4} << 20));
  ASSERT_NE(block, nullptr);
  std::memset(block, 7, std::size_t{4} << 20);
  const char* const last = block + (std::size_t{4} << 20) - 1;
  EXPECT_LT(last, end);
  EXPECT_NE(vm_flags_at(last).find(" hg"), std::string::npos) << vm_flags_at(last);
  EXPECT_EQ(*last, 7);
  std::free(block);
}

}  // namespace
}  // namespace wf
