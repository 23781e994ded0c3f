#include "models/ems/clp_model.hpp"

#include <Clp_C_Interface.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <type_traits>

#include "sim/error.hpp"

#ifndef WF_CLP_SONAME
#define WF_CLP_SONAME "libClp.so.1"
#endif

namespace wf {

namespace {

static_assert(std::is_same_v<CoinBigIndex, int>, "ClpModel::load takes int column starts");

// Clp's C functions, looked up once; the library stays open for the process's life.
struct ClpApi {
  decltype(&Clp_newModel) new_model;
  decltype(&Clp_deleteModel) delete_model;
  decltype(&Clp_setLogLevel) set_log_level;
  decltype(&Clp_loadProblem) load_problem;
  decltype(&Clp_setOptimizationDirection) set_direction;
  decltype(&Clp_dual) dual;
  decltype(&Clp_isProvenOptimal) proven_optimal;
  decltype(&Clp_status) status;
  decltype(&Clp_secondaryStatus) secondary_status;
  decltype(&Clp_primalColumnSolution) columns;
};

const ClpApi& api() {
  static const ClpApi a = [] {
    auto fail = [](const char* why) {
      throw InputError(WF_CLP_SONAME, 0, "",
                       fmt::format("the LP solver (COIN-OR Clp, Debian package coinor-libclp1) "
                                   "does not load: {}",
                                   why ? why : "unknown reason"));
    };
    void* lib = ::dlopen(WF_CLP_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) fail(::dlerror());
    ClpApi r{};
    auto get = [&](auto& fn, const char* name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
      if (!fn) fail(::dlerror());
    };
    get(r.new_model, "Clp_newModel");
    get(r.delete_model, "Clp_deleteModel");
    get(r.set_log_level, "Clp_setLogLevel");
    get(r.load_problem, "Clp_loadProblem");
    get(r.set_direction, "Clp_setOptimizationDirection");
    get(r.dual, "Clp_dual");
    get(r.proven_optimal, "Clp_isProvenOptimal");
    get(r.status, "Clp_status");
    get(r.secondary_status, "Clp_secondaryStatus");
    get(r.columns, "Clp_primalColumnSolution");
    return r;
  }();
  return a;
}

Clp_Simplex* cast(void* m) {
  return static_cast<Clp_Simplex*>(m);
}

}  // namespace

ClpModel::ClpModel() : model_(api().new_model()) {
  api().set_log_level(cast(model_), 0);
}

ClpModel::~ClpModel() {
  api().delete_model(cast(model_));
}

void ClpModel::load(int ncol, int nrow, const int* start, const int* index, const double* value,
                    const double* col_lo, const double* col_hi, const double* obj,
                    const double* row_lo, const double* row_hi) {
  api().load_problem(cast(model_), ncol, nrow, start, index, value, col_lo, col_hi, obj, row_lo,
                     row_hi);
}

void ClpModel::minimise_dual() {
  api().set_direction(cast(model_), 1);
  api().dual(cast(model_), 0);
}

bool ClpModel::proven_optimal() const {
  return api().proven_optimal(cast(model_)) != 0;
}

int ClpModel::status() const {
  return api().status(cast(model_));
}

int ClpModel::secondary_status() const {
  return api().secondary_status(cast(model_));
}

const double* ClpModel::columns() const {
  return api().columns(cast(model_));
}

}  // namespace wf
