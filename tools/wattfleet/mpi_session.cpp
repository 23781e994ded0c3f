#include "tools/wattfleet/mpi_session.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include "sim/error.hpp"
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
// RTLD_GLOBAL: MPI's own components, opened later, resolve against libmpi. A plugin
// that does not load is the installation's fault, not a bug: exit 2 like bad input.
const MpiApi& plugin() {
  static const MpiApi* api = [] {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    const auto path = (ec ? std::filesystem::path() : exe.parent_path()) / "libwattfleet_mpi.so";
    auto fail = [&path](const char* why) -> const MpiApi* {
      throw InputError(path.string(), 0, "",
                       fmt::format("started by mpirun, but the MPI plugin does not load ({}); "
                                   "it is built beside the wattfleet binary when CMake finds "
                                   "MPI and must stay there",
                                   why ? why : "unknown reason"));
    };
    void* lib = ::dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return fail(::dlerror());
    auto* entry = reinterpret_cast<const MpiApi* (*)()>(::dlsym(lib, "wattfleet_mpi_api"));
    if (!entry) return fail(::dlerror());
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
