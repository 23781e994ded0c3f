#pragma once
// The processes of one MPI launch: `mpirun -n N wattfleet size ...` shares a sweep
// (assembly/sizing.hpp, SizingOptions), `mpirun -n N wattfleet run ...` a fleet's
// sites (assembly/split_run.hpp). MPI itself is in the plugin libwattfleet_mpi.so
// (mpi_api.hpp), built when CMake finds MPI and loaded only under mpirun.
#include <cstddef>
#include <vector>

namespace wf::cli {

/// True when this process was started by mpirun (and wattfleet was built with MPI).
bool launched_by_mpi();

class MpiSession {
 public:
  MpiSession();   ///< MPI_Init
  ~MpiSession();  ///< MPI_Finalize
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }
  /// Every process's bytes to every process, in rank order (SizingOptions::allgather).
  std::vector<std::vector<char>> allgather(const std::vector<char>& mine) const;
  /// Ends every process of the launch (a failure in the middle of a sweep).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace wf::cli
