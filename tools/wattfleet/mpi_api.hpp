#pragma once
// What the MPI plugin (libwattfleet_mpi.so, mpi_plugin.cpp) gives the wattfleet binary.
// MPI and its libraries load only under mpirun: linked into the binary they would add
// about 5 ms of loading and relocation to every run.
#include <vector>

namespace wf::cli {

struct MpiApi {
  void (*init)(int* rank, int* size);
  void (*finalize)();
  std::vector<std::vector<char>> (*allgather)(const std::vector<char>& mine);
  void (*abort)(int code);
};

}  // namespace wf::cli

/// The plugin's one entry point (C linkage, found with dlsym).
extern "C" const wf::cli::MpiApi* wattfleet_mpi_api();
