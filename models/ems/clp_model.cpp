#include "models/ems/clp_model.hpp"

#include <Clp_C_Interface.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <string>
#include <type_traits>

#include "sim/error.hpp"

#ifndef WF_CLP_SONAME
#define WF_CLP_SONAME "libClp.so.1"
#endif
#ifndef WF_CLP_PATH
#define WF_CLP_PATH WF_CLP_SONAME
#endif

namespace wf {

namespace {

// The C header's CoinBigIndex is int unless COIN_BIG_INDEX says otherwise (Debian's
// Clp: int); ClpModel::load takes int column starts.
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

struct Loaded {
  ClpApi api{};
  std::string library;  // what was opened, or tried last
  std::string error;    // empty once loaded
};

// Opens the first library that loads; every function must be found in it.
Loaded open_clp() {
  Loaded r;
  std::string candidates[2] = {WF_CLP_PATH, WF_CLP_SONAME};
  std::size_t n = 2;
  if (const char* env = std::getenv("WATTFLEET_CLP"); env && *env) candidates[0] = env, n = 1;
  void* lib = nullptr;
  for (std::size_t i = 0; i < n && !lib; ++i) {
    r.library = candidates[i];
    lib = ::dlopen(r.library.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* why = ::dlerror();
      r.error = why ? why : "unknown reason";
    }
  }
  if (!lib) return r;
  bool all = true;
  auto get = [&](auto& fn, const char* name) {
    if (!all) return;
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
    if (fn) return;
    const char* why = ::dlerror();
    r.error = why ? why : fmt::format("no symbol {}", name);
    all = false;
  };
  ClpApi& a = r.api;
  get(a.new_model, "Clp_newModel");
  get(a.delete_model, "Clp_deleteModel");
  get(a.set_log_level, "Clp_setLogLevel");
  get(a.load_problem, "Clp_loadProblem");
  get(a.set_direction, "Clp_setOptimizationDirection");
  get(a.dual, "Clp_dual");
  get(a.proven_optimal, "Clp_isProvenOptimal");
  get(a.status, "Clp_status");
  get(a.secondary_status, "Clp_secondaryStatus");
  get(a.columns, "Clp_primalColumnSolution");
  if (!all) {
    ::dlclose(lib);
    return r;
  }
  r.error.clear();
  return r;
}

const ClpApi& api() {
  static const Loaded loaded = open_clp();
  if (!loaded.error.empty())
    throw InputError(loaded.library, 0, "",
                     "COIN-OR Clp (Debian package coinor-libclp1; or set WATTFLEET_CLP to the "
                     "library) does not load: " +
                         loaded.error);
  return loaded.api;
}

Clp_Simplex* cast(void* m) {
  return static_cast<Clp_Simplex*>(m);
}

}  // namespace

void require_clp() {
  api();
}

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
