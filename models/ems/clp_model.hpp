#pragma once
// One COIN-OR Clp model through Clp's C interface, the library opened with dlopen
// at the first model. Linked, Clp brought LAPACK, BLAS, gfortran and quadmath into
// every start (about 5 ms, most runs never solve an LP). Clp's headers stay in the .cpp.
#include <span>

namespace wf {

class ClpModel {
 public:
  /// Opens Clp on first use; InputError naming the library when it does not load.
  ClpModel();
  ~ClpModel();
  ClpModel(const ClpModel&) = delete;
  ClpModel& operator=(const ClpModel&) = delete;

  /// ClpSimplex::loadProblem with a column-major matrix (start has ncol + 1 entries).
  void load(int ncol, int nrow, const int* start, const int* index, const double* value,
            const double* col_lo, const double* col_hi, const double* obj, const double* row_lo,
            const double* row_hi);
  /// Minimises with the dual simplex, quietly (log level 0).
  void minimise_dual();
  bool proven_optimal() const;
  int status() const;
  int secondary_status() const;
  /// The primal column values after a solve (valid while the model lives).
  const double* columns() const;

 private:
  void* model_;  // Clp_Simplex*
};

}  // namespace wf
