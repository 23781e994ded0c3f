#include "tools/wattfleet/size_command.hpp"

#include <fmt/format.h>

#include <cmath>
#include <memory>
#include <optional>
#include <thread>

#include "assembly/sizing.hpp"
#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "tools/wattfleet/common_options.hpp"
#include "tools/wattfleet/html_report.hpp"
#include "tools/wattfleet/mpi_session.hpp"
#include "tools/wattfleet/progress.hpp"

namespace wf::cli {

namespace {

struct SizeArgs {
  std::string scenario, output;
  std::vector<std::string> overrides;
  SizingCommandLine axes;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool resume = false, quiet = false, allow_large = false, report = false;
  const CLI::Option* threads_option = nullptr;
};

std::string money(double eur) {
  return std::isnan(eur) ? "-" : fmt::format("{:.0f}", eur);
}

void print_table(const SizingResult& r) {
  fmt::print("{:>3} {:>9} {:>7} {:>9} {:>10} {:>10} {:>10} {:>7} {:>6} {:>5} {:>8}  {}\n", "#",
             "kWh", "kW", "capex", "NPV P10", "NPV P50", "NPV P90", "IRR", "EoL", "SoH", "lost nh",
             "");
  for (std::size_t i = 0; i < r.rows.size(); ++i) {
    const SizingRow& x = r.rows[i];
    if (!x.error.empty()) {
      fmt::print("{:>3} {:>9.1f} {:>7.1f}  failed: {}\n", i, x.capacity_kwh, x.power_kw, x.error);
      continue;
    }
    std::string marks;
    if (x.npv_optimum) marks += " NPV optimum";
    if (x.resilience_choice) marks += " resilience choice";
    if (x.pareto) marks += " pareto";
    fmt::print(
        "{:>3} {:>9.1f} {:>7.1f} {:>9} {:>10} {:>10} {:>10} {:>7} {:>6} {:>5.3f} {:>8.1f} {}\n", i,
        x.nameplate_kwh, x.power_kw, money(x.capex), money(x.npv_p10), money(x.npv_p50),
        money(x.npv_p90), std::isnan(x.irr) ? "-" : fmt::format("{:.1f}%", 100 * x.irr),
        std::isnan(x.end_of_life_year) ? "-" : fmt::format("{:.0f}", x.end_of_life_year),
        x.final_soh, x.lost_node_hours, marks);
  }
}

int run(const SizeArgs& a) {
  // Under mpirun the processes share the sweep; rank 0 reports and writes the file.
  std::optional<MpiSession> mpi;
  if (launched_by_mpi()) mpi.emplace();
  const bool lead = !mpi || mpi->rank() == 0;
  allow_large_runs(a.allow_large);
  std::optional<Scenario> loaded;
  SizingPlan plan;
  try {  // the same input fails the same way in every process: one says so
    loaded = load_scenario(a.scenario, a.overrides);
    plan = read_sizing(*loaded, a.axes);
  } catch (const InputError&) {
    if (lead) throw;
    return 2;
  }
  const Scenario& s = *loaded;
  const std::filesystem::path out = a.output.empty()
                                        ? std::filesystem::path(s.path.stem().string() + "_size.h5")
                                        : std::filesystem::path(a.output);
  ProgressBar bar(fmt::format("sizing {}", s.name), a.quiet || !lead);
  SizingOptions opt{.threads = a.threads, .output = out, .resume = a.resume};
  if (bar.enabled()) opt.progress = [&bar](double f) { bar.update(f); };
  if (mpi) {
    opt.rank = mpi->rank(), opt.ranks = mpi->size();
    if (a.threads_option->count() == 0) opt.threads = 1;  // processes, not threads, by default
    opt.allgather = [&](const std::vector<char>& mine) { return mpi->allgather(mine); };
  }
  SizingResult r;
  try {
    r = run_sizing(s, plan, opt);
  } catch (const std::exception& e) {
    if (!mpi || mpi->size() == 1) throw;
    // The others wait for this one in the next exchange: end them all.
    const bool input = dynamic_cast<const InputError*>(&e) != nullptr;
    fmt::print(stderr, "wattfleet: {}error (process {}): {}\n", input ? "" : "internal ",
               mpi->rank(), e.what());
    mpi->abort(input ? 2 : 1);
  }
  if (!lead) return 0;
  std::filesystem::path page = out;
  page.replace_extension(".html");
  if (a.quiet) {
    if (a.report) write_html_report(out, page, true);
    return 0;
  }
  fmt::print(
      "{}: {} configuration(s) x {} seed(s), life of {} years per run ({} simulated here)\n",
      s.name, r.rows.size(), plan.seeds.size(),
      s.economics ? s.economics->get("years") ? s.economics->at("years").scalar() : "15" : "-",
      r.lives_simulated);
  print_table(r);
  if (r.npv_optimum >= 0) {
    const SizingRow& b = r.rows[std::size_t(r.npv_optimum)];
    fmt::print("NPV optimum: {:.1f} kWh / {:.1f} kW, NPV {} EUR (P10 {}, P90 {})\n",
               b.nameplate_kwh, b.power_kw, money(b.npv_p50), money(b.npv_p10), money(b.npv_p90));
  }
  if (r.resilience_choice >= 0) {
    const SizingRow& b = r.rows[std::size_t(r.resilience_choice)];
    fmt::print("cheapest meeting {} lost node-hours: {:.1f} kWh / {:.1f} kW, capex {} EUR\n",
               plan.max_lost_node_hours, b.nameplate_kwh, b.power_kw, money(b.capex));
  } else {
    fmt::print("no configuration meets {} lost node-hours over the life\n",
               plan.max_lost_node_hours);
  }
  fmt::print("results: {}\n", out.string());
  if (a.report) {  // after the table: a failing page does not hide the sweep's answer
    write_html_report(out, page, true);
    fmt::print("report: {}\n", page.string());
  }
  return 0;
}

}  // namespace

void add_size_command(CLI::App& app, Action& action) {
  auto a = std::make_shared<SizeArgs>();
  auto* c = app.add_subcommand(
      "size", "Size a battery or cabinet: every configuration's life simulated, NPV compared");
  add_scenario_argument(*c, a->scenario, "Scenario YAML file (with economics: and sizing:)");
  add_output_option(*c, a->output, "Result file (default: <scenario name>_size.h5 here)");
  a->threads_option =
      c->add_option("-j,--threads", a->threads, "Threads (default: every core; 1 under mpirun)")
          ->check(CLI::Range(1u, 1024u));
  c->add_option("--capacity", a->axes.capacity,
                "Capacities: FROM:TO:STEP (215kWh:860kWh:215kWh) or a list (215kWh,430kWh)");
  c->add_option("--power", a->axes.power, "Powers: FROM:TO:STEP or a list");
  c->add_option("--seeds", a->axes.seeds, "Seeds per configuration (P10/P50/P90 over them)");
  add_set_option(*c, a->overrides);
  c->add_flag("--resume", a->resume, "Go on with a killed sweep from its journal");
  c->add_flag("--report", a->report, "Also write the HTML report beside the result (.html)");
  c->add_flag("-q,--quiet", a->quiet, "No progress bar and no table");
  c->add_flag("--allow-large", a->allow_large, "Accept runs beyond the cost bounds");
  c->callback([a, &action] { action = [a] { return run(*a); }; });
}

}  // namespace wf::cli
