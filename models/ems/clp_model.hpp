#pragma once
// One COIN-OR Clp model through Clp's C interface, the library opened with dlopen
// at the first use. Linked, Clp brought LAPACK, BLAS, gfortran and quadmath into
// every start (about 4 ms; most runs never solve an LP). Clp's headers stay in the .cpp.

namespace wf {

/// Opens Clp if it is not open yet: $WATTFLEET_CLP when set (a path or a library
/// name), else the Clp found at configure time, else its SONAME on the loader's path.
/// InputError naming the library when it does not load (exit 2); the attempt is made
/// once per process. Scenario assembly calls it for the LP controllers, so a missing
/// Clp stops a run before it starts.
void require_clp();

class ClpModel {
 public:
  /// require_clp(), then an empty model.
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
