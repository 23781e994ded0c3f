// wattfleet: run, validate and inspect scenarios from the shell.
// Exit codes: 0 success, 2 bad input (scenario, trace, command line), 1 anything else.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <system_error>

#include <wattfleet/version.hpp>

#include "assembly/run.hpp"
#include "assembly/run_cost.hpp"
#include "assembly/site_builder.hpp"
#include "assembly/split_run.hpp"
#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "sim/huge_pages.hpp"
#include "sim/time_format.hpp"
#include "tools/wattfleet/common_options.hpp"
#include "tools/wattfleet/hil_commands.hpp"
#include "tools/wattfleet/html_report.hpp"
#include "tools/wattfleet/isolated_read.hpp"
#include "tools/wattfleet/mpi_session.hpp"
#include "tools/wattfleet/progress.hpp"
#include "tools/wattfleet/report.hpp"
#include "tools/wattfleet/size_command.hpp"

namespace {

constexpr int kInputError = 2;

struct Args {
  std::string scenario, output, result, seed;
  std::vector<std::string> overrides;
  bool quiet = false, allow_large = false, report = false;
};

// A seed is a whole number 0..2^64-1, written as such: CLI11 would turn -1,
// 2^64 or 1e23 silently into 18446744073709551615.
std::optional<std::uint64_t> parse_seed(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size())
    throw wf::InputError("<command line>", 0, "--seed",
                         fmt::format("expected a whole number from 0 to {}, got '{}'",
                                     std::numeric_limits<std::uint64_t>::max(), text));
  return v;
}

int cmd_run(const Args& a) {
  // Under mpirun the processes share the fleet's sites (assembly/split_run.hpp);
  // process 0 reports and writes the result.
  std::optional<wf::cli::MpiSession> mpi;
  if (wf::cli::launched_by_mpi()) mpi.emplace();
  const bool lead = !mpi || mpi->rank() == 0;
  // Where every process fails alike, one says why and the others wait until it has: a
  // process that exits with an error first makes mpirun end the rest at once, the one
  // about to print included.
  auto fail_together = [&mpi](int code, const std::string& message) {
    if (!message.empty()) fmt::print(stderr, "{}", message), std::fflush(stderr);
    if (mpi) mpi->allgather({});
    return code;
  };
  std::optional<wf::Scenario> loaded;
  std::optional<std::uint64_t> seed;
  try {  // the same input fails the same way in every process: one says so
    seed = parse_seed(a.seed);
    wf::allow_large_runs(a.allow_large);
    loaded = wf::load_scenario(a.scenario, a.overrides);
  } catch (const wf::InputError& e) {
    if (!mpi) throw;
    return fail_together(kInputError, lead ? fmt::format("wattfleet: error: {}\n", e.what()) : "");
  }
  const wf::Scenario& s = *loaded;
  std::filesystem::path out = a.output.empty()
                                  ? std::filesystem::path(s.path.stem().string() + ".h5")
                                  : std::filesystem::path(a.output);
  wf::cli::ProgressBar bar(fmt::format("running {}", s.name), a.quiet || !lead);
  wf::RunOptions opt{.output = out, .seed = seed};
  if (bar.enabled()) opt.progress = [&bar](double f) { bar.update(f); };
  if (mpi) {
    opt.rank = mpi->rank(), opt.ranks = mpi->size();
    opt.allgather = [&](const std::vector<char>& mine) { return mpi->allgather(mine); };
  }
  wf::RunResult r;
  try {
    r = wf::run_scenario(s, opt);
  } catch (const wf::SplitRunFailed& e) {  // every process stopped before its run
    return fail_together(
        e.input() ? kInputError : 1,
        e.report() ? fmt::format("wattfleet: {}error: {}\n", e.input() ? "" : "internal ", e.what())
                   : "");
  } catch (const std::exception& e) {
    if (!mpi || mpi->size() == 1) throw;
    // The others wait for this one in the exchange after the run: end them all.
    const bool input = dynamic_cast<const wf::InputError*>(&e) != nullptr;
    fmt::print(stderr, "wattfleet: {}error (process {}): {}\n", input ? "" : "internal ",
               mpi->rank(), e.what());
    mpi->abort(input ? kInputError : 1);
  }
  if (!lead) return 0;
  for (const auto& line : r.repairs) fmt::print(stderr, "repaired: {}\n", line);
  if (!a.quiet) wf::cli::print_run_summary(stdout, s, r, out);
  if (a.report) {  // after the summary: a failing page does not hide the run's figures
    std::filesystem::path page = out;
    wf::cli::write_html_report(out, page.replace_extension(".html"), true);
    if (!a.quiet) fmt::print("report: {}\n", page.string());
  }
  return 0;
}

int cmd_report(const Args& a) {
  std::filesystem::path out = a.output;
  if (out.empty()) out = std::filesystem::path(a.result).filename().replace_extension(".html");
  wf::cli::write_html_report(a.result, out);
  if (!a.quiet) fmt::print("report: {}\n", out.string());
  return 0;
}

int cmd_validate(const Args& a) {
  wf::allow_large_runs(a.allow_large);
  wf::Scenario s = wf::load_scenario(a.scenario, a.overrides);
  std::vector<std::string> repairs;
  auto sites = wf::build_sites(s, &repairs);
  wf::check_run_cost(s, sites);
  for (const auto& line : repairs) fmt::print(stderr, "would repair: {}\n", line);
  fmt::print("{}: valid: {} site(s), {} from {}, output every {}\n", a.scenario, sites.size(),
             wf::format_duration(s.duration()), wf::format_utc(s.start),
             wf::format_duration(s.output_interval));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  wf::disable_hdf5_exit_cleanup();
  CLI::App app{"wattfleet: discrete-event digital twin of the energy side of compute nodes"};
  app.set_version_flag("--version", fmt::format("wattfleet {} ({})", wf::kVersion, wf::kGitHash));
  app.require_subcommand(1);
  Args a;

  auto* run = app.add_subcommand("run", "Run a scenario and write its results to HDF5");
  wf::cli::add_scenario_argument(*run, a.scenario);
  wf::cli::add_output_option(*run, a.output, "Result file (default: <scenario name>.h5 here)");
  run->add_option("--seed", a.seed, "Seed for the random parts (overrides the scenario's)")
      ->check(CLI::Validator(
          [](std::string& s) {
            return s.empty() ? std::string("expected a number") : std::string();
          },
          "SEED"));
  wf::cli::add_set_option(*run, a.overrides);
  run->add_flag("-q,--quiet", a.quiet, "No progress bar and no summary");
  run->add_flag("--report", a.report, "Also write the HTML report beside the result (.html)");
  run->add_flag("--allow-large", a.allow_large,
                "Run even beyond the cost bounds (100 years, 50 million rows per site, 64 GB of "
                "rows, 50 million samples per trace)");

  auto* validate =
      app.add_subcommand("validate", "Check a scenario and its traces without running it");
  wf::cli::add_scenario_argument(*validate, a.scenario);
  wf::cli::add_set_option(*validate, a.overrides);
  validate->add_flag("--allow-large", a.allow_large, "Accept runs beyond the cost bounds");

  auto* info = app.add_subcommand("info", "Print the summary of a result file");
  info->add_option("result", a.result, "Result file (.h5)")->required()->check(CLI::ExistingFile);
  auto* report = app.add_subcommand(
      "report", "Write a self-contained HTML report (charts, tables) of a run or sizing file");
  report->add_option("result", a.result, "Result file (.h5) of wattfleet run or wattfleet size")
      ->required()
      ->check(CLI::ExistingFile);
  wf::cli::add_output_option(*report, a.output, "Page to write (default: <result name>.html here)");
  report->add_flag("-q,--quiet", a.quiet, "Print nothing");
  wf::cli::Action hil_action;  // hardware in the loop (tools/wattfleet/hil_command.cpp etc.)
  wf::cli::add_hil_command(app, hil_action);
  wf::cli::add_cabinet_server_command(app, hil_action);
  wf::cli::add_size_command(app, hil_action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // One line like every other bad input (CLI11 adds a second, "Run with --help").
    fmt::print(stderr, "wattfleet: error: <command line>: {} (see --help)\n", e.what());
    return kInputError;
  }
  // What simulates (not the readers of result files, nor the wall-clock-paced HIL loop).
  for (const char* name : {"run", "validate", "size"})
    if (app.got_subcommand(name)) wf::grow_heap_on_huge_pages(std::size_t{64} << 20);
  try {
    if (*run) return cmd_run(a);
    if (hil_action) return hil_action();
    if (*validate) return cmd_validate(a);
    if (*report) return cmd_report(a);
    if (*info) {
      const std::string text = wf::cli::read_isolated(a.result, [&] {
        char* buf = nullptr;
        std::size_t len = 0;
        std::FILE* mem = open_memstream(&buf, &len);
        if (!mem) throw std::system_error(errno, std::generic_category(), "open_memstream");
        try {
          wf::cli::print_result_info(mem, a.result);
        } catch (const wf::InputError&) {
          throw;
        } catch (const std::runtime_error& e) {  // HDF5 could not read it: damaged or foreign
          throw wf::InputError(a.result, 0, "",
                               fmt::format("not a readable wattfleet result: {}", e.what()));
        }
        std::fclose(mem);
        std::string out(buf, len);
        std::free(buf);
        return out;
      });
      if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout))
        throw std::system_error(errno, std::generic_category(), "writing the output");
      return 0;
    }
  } catch (const wf::InputError& e) {
    fmt::print(stderr, "wattfleet: error: {}\n", e.what());
    return kInputError;
  } catch (const std::bad_alloc&) {
    fmt::print(stderr, "wattfleet: error: out of memory (a run beyond --allow-large bounds?)\n");
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "wattfleet: internal error: {}\n", e.what());
    return 1;
  }
  return 0;
}
