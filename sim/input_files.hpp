#pragma once
// Every file a run reads passes here first: it must be a regular file (a FIFO
// would hang the run, /dev/zero would grow memory until the kernel kills it)
// of a bounded size, and it is remembered as an input of this process, so an
// output path that names it (`-o` naming the scenario or a trace) is refused
// instead of replacing it.
#include <cstdint>
#include <filesystem>

namespace wf {

/// Largest input file read whole (8 GiB): a year of 1-s records is well below.
inline constexpr std::uintmax_t kMaxInputFileBytes = std::uintmax_t{8} << 30;

/// Checks `file` (following links) is a readable regular file no larger than
/// kMaxInputFileBytes and records it as an input. InputError naming the file
/// otherwise. `what` names it in the message ("trace", "scenario file", …).
void admit_input_file(const std::filesystem::path& file, const char* what);

/// "a directory", "a FIFO", "a symbolic link", ... for a file mode (st_mode), in messages.
const char* kind_of_file_mode(unsigned mode);

/// True when `file` exists and is (the same inode as) a file admitted before.
bool is_input_file(const std::filesystem::path& file);

}  // namespace wf
