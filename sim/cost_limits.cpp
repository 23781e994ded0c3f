#include "sim/cost_limits.hpp"

#include <atomic>

namespace wf {

namespace {
std::atomic<bool> g_allow_large{false};
}

void allow_large_runs(bool allow) {
  g_allow_large = allow;
}

bool large_runs_allowed() {
  return g_allow_large;
}

}  // namespace wf
