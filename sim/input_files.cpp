#include "sim/input_files.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <utility>

#include "sim/error.hpp"

namespace wf {

namespace {

std::mutex g_mutex;
std::set<std::pair<dev_t, ino_t>> g_inputs;  // by inode: other names of a file count too

}  // namespace

const char* kind_of_file_mode(unsigned m) {
  if (S_ISREG(m)) return "a regular file";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISBLK(m)) return "a block device";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISLNK(m)) return "a symbolic link";
  return "not a regular file";
}

void admit_input_file(const std::filesystem::path& file, const char* what) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw InputError(file.string(), 0, "",
                     fmt::format("cannot open the {}: {}", what, std::strerror(errno)));
  if (!S_ISREG(st.st_mode))
    throw InputError(file.string(), 0, "",
                     fmt::format("cannot read the {}: it is {}, expected a regular file", what,
                                 kind_of_file_mode(st.st_mode)));
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxInputFileBytes)
    throw InputError(file.string(), 0, "",
                     fmt::format("the {} has {:.1f} GiB, more than the {} GiB read whole", what,
                                 double(st.st_size) / double(1 << 30), kMaxInputFileBytes >> 30));
  const std::lock_guard lock(g_mutex);
  g_inputs.emplace(st.st_dev, st.st_ino);
}

bool is_input_file(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return false;
  const std::lock_guard lock(g_mutex);
  return g_inputs.count({st.st_dev, st.st_ino}) > 0;
}

}  // namespace wf
