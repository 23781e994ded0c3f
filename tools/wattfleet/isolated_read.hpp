#pragma once
// Reading a result file the user hands us in a child process. A damaged HDF5 file
// can crash the HDF5 library itself (a corrupt global heap: a wild memcpy inside
// H5HG_read), which no check of ours can prevent; in a child the crash becomes
// "damaged file", exit 2, like every other bad input.
#include <filesystem>
#include <functional>
#include <string>

namespace wf::cli {

/// Runs `work` in a forked child and returns what it returned. An InputError in the
/// child is thrown here as it was, bad_alloc as bad_alloc, any other exception as
/// runtime_error; a child that crashes becomes an InputError naming `file` (damaged).
std::string read_isolated(const std::filesystem::path& file,
                          const std::function<std::string()>& work);

}  // namespace wf::cli
