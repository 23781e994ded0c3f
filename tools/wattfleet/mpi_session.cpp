#include "tools/wattfleet/mpi_session.hpp"

#include <cstdlib>
#include <stdexcept>
#include <vector>

#ifdef WF_HAVE_MPI
#include <mpi.h>
#endif

namespace wf::cli {

bool launched_by_mpi() {
#ifdef WF_HAVE_MPI
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"})
    if (std::getenv(v)) return true;
#endif
  return false;
}

#ifdef WF_HAVE_MPI

MpiSession::MpiSession() {
  MPI_Init(nullptr, nullptr);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
  MPI_Finalize();
}

std::vector<std::vector<char>> MpiSession::allgather(const std::vector<char>& mine) const {
  const int n = static_cast<int>(mine.size());
  const auto ranks = static_cast<std::size_t>(size_);
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

void MpiSession::abort(int code) const {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

#else

MpiSession::MpiSession() = default;
MpiSession::~MpiSession() = default;
std::vector<std::vector<char>> MpiSession::allgather(const std::vector<char>& mine) const {
  return {mine};
}
void MpiSession::abort(int code) const {
  std::exit(code);
}

#endif

}  // namespace wf::cli
