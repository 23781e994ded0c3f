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

namespace {
std::atomic<std::uint64_t> g_max_trace_samples{kMaxTraceSamples};
}

std::uint64_t max_trace_samples() {
  return g_max_trace_samples;
}

void set_max_trace_samples(std::uint64_t n) {
  g_max_trace_samples = n;
}

}  // namespace wf
