#pragma once
// What the CLI prints: the end-of-run summary and `wattfleet info`.
#include <cstdio>
#include <filesystem>

#include "assembly/run.hpp"

namespace wf::cli {

/// Short per-site table: energy in/out, peak import, PV, battery throughput.
void print_run_summary(std::FILE* out, const Scenario& s, const RunResult& r,
                       const std::filesystem::path& output);

/// Prints /meta and /summary of a result file. Throws InputError when it is not one.
void print_result_info(std::FILE* out, const std::filesystem::path& file);

}  // namespace wf::cli
