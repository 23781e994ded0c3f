#pragma once
// Large buffers filled once (a year of 1-minute values is 4 MiB a column): backed by
// 2 MiB pages they take a few page faults instead of one per 4 KiB, which on a
// virtual machine is a tenth of a run that reads traces or runs the PV chain.
#include <cstddef>
#include <vector>

namespace wf {

/// Asks the kernel for huge pages behind [p, p + bytes); pages still become
/// resident only when written. A hint: without transparent huge pages nothing changes.
void advise_huge_pages(const void* p, std::size_t bytes);
/// The same, and makes the pages resident now (for a buffer that will be filled).
void prefault(const void* p, std::size_t bytes);

/// For a process whose heap carries a whole run (the CLI's run, validate and size, not
/// a host like Python): the main heap grows by `pad_bytes` now, advised onto huge
/// pages, and later `pad_bytes` at a time; blocks up to 32 MiB come from it and freed
/// memory stays. A run then takes a few hundred page faults instead of thousands (on
/// a virtual machine a tenth of a run). Growth past the first pad and the heaps of
/// other threads are on ordinary pages.
void grow_heap_on_huge_pages(std::size_t pad_bytes);

/// advise_huge_pages on a vector's reserved storage.
template <class T>
void advise_huge_pages(const std::vector<T>& v) {
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace wf
