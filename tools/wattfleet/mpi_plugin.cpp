// The MPI calls of wattfleet, built as the plugin libwattfleet_mpi.so that
// mpi_session.cpp loads when mpirun started the process.
#include <mpi.h>

#include <cstddef>
#include <vector>

#include "tools/wattfleet/mpi_api.hpp"

namespace wf::cli {
namespace {

void init(int* rank, int* size) {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, rank);
  MPI_Comm_size(MPI_COMM_WORLD, size);
}

void finalize() {
  MPI_Finalize();
}

std::vector<std::vector<char>> allgather(const std::vector<char>& mine) {
  int ranks_int = 0;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks_int);
  const auto ranks = static_cast<std::size_t>(ranks_int);
  const int n = static_cast<int>(mine.size());
  std::vector<int> sizes(ranks), offsets(ranks);
  MPI_Allgather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD);
  int total = 0;
  for (std::size_t r = 0; r < ranks; ++r) offsets[r] = total, total += sizes[r];
  std::vector<char> all(static_cast<std::size_t>(total));
  MPI_Allgatherv(mine.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(), MPI_CHAR,
                 MPI_COMM_WORLD);
  std::vector<std::vector<char>> out;
  for (std::size_t r = 0; r < ranks; ++r)
    out.emplace_back(all.begin() + offsets[r], all.begin() + offsets[r] + sizes[r]);
  return out;
}

void abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
}

constexpr MpiApi kApi{init, finalize, allgather, abort};

}  // namespace
}  // namespace wf::cli

extern "C" const wf::cli::MpiApi* wattfleet_mpi_api() {
  return &wf::cli::kApi;
}
