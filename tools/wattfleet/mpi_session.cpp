#include "tools/wattfleet/mpi_session.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "tools/wattfleet/mpi_api.hpp"

namespace wf::cli {

bool launched_by_mpi() {
#ifdef WF_HAVE_MPI
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
#endif
  return false;
}

namespace {

// The plugin beside this executable, loaded once and kept for the process's life.
// RTLD_GLOBAL: MPI's own components, opened later, resolve against libmpi.
const MpiApi& plugin() {
  static const MpiApi* api = [] {
    const auto path =
        std::filesystem::read_symlink("/proc/self/exe").parent_path() / "libwattfleet_mpi.so";
    void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!lib)
      throw std::runtime_error(fmt::format(
          "started by mpirun, but the MPI plugin does not load ({}); it is built beside "
          "the wattfleet binary when CMake finds MPI",
          ::dlerror()));
    auto* entry = reinterpret_cast<const MpiApi* (*)()>(::dlsym(lib, "wattfleet_mpi_api"));
    if (!entry) throw std::runtime_error(fmt::format("{}: no wattfleet_mpi_api", path.string()));
    return entry();
  }();
  return *api;
}

}  // namespace

MpiSession::MpiSession() {
  plugin().init(&rank_, &size_);
}

MpiSession::~MpiSession() {
  plugin().finalize();
}

std::vector<std::vector<char>> MpiSession::allgather(const std::vector<char>& mine) const {
  return plugin().allgather(mine);
}

void MpiSession::abort(int code) const {
  plugin().abort(code);
  std::exit(code);
}

}  // namespace wf::cli
