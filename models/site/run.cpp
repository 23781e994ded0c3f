#include "models/site/run.hpp"

#include <chrono>
#include <ctime>
#include <memory>

#include <wattfleet/version.hpp>

#include "models/site/site_builder.hpp"
#include "sim/engine.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

std::string join_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string now_utc() {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  return format_utc(Time::seconds(secs));
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  const auto wall_start = std::chrono::steady_clock::now();
  RunResult result;
  auto sites = build_sites(scenario, &result.repairs);
  const std::uint64_t seed = options.seed.value_or(scenario.seed);

  std::unique_ptr<ResultWriter> writer;
  if (!options.output.empty()) {
    RunMeta meta{.version = kVersion,
                 .git_hash = kGitHash,
                 .scenario_text = scenario.doc.text(),
                 .scenario_path = scenario.path.string(),
                 .overrides = join_lines(scenario.overrides),
                 .created_utc = now_utc(),
                 .seed = seed};
    writer = std::make_unique<ResultWriter>(options.output, meta, scenario.start,
                                            scenario.output_interval, options.rows_per_chunk);
  }
  try {
    Engine engine(scenario.start, seed);
    for (auto& site : sites) {
      int index = writer ? writer->add_site(site->id(), site->output_channels()) : -1;
      ResultWriter* w = writer.get();
      site->connect(
          [w, index, &result](std::span<const double> row) {
            if (w) w->append_row(index, row);
            ++result.rows;
          },
          [w, &result](Time t, std::string_view id, std::string_view kind, double value,
                       std::string_view msg) {
            if (w) w->add_event(t, id, kind, value, msg);
            ++result.event_records;
          });
      site->start(engine);
    }
    if (options.progress) {
      const double span = static_cast<double>((scenario.end - scenario.start).count_us());
      auto report = options.progress;
      engine.set_progress([report, span, start = scenario.start](Time now) {
        report(static_cast<double>((now - start).count_us()) / span);
      });
    }
    engine.run_until(scenario.end);
    for (auto& site : sites) {
      site->finish(scenario.end);
      result.sites.push_back({site->id(), site->summary()});
      if (writer) writer->add_summary(site->id(), result.sites.back().summary);
    }
    result.events = engine.events_handled();
    if (writer) {
      writer->add_summary(
          "", {{"events_handled", "1", "events the engine handled", double(result.events)}});
      writer->finish();
    }
  } catch (...) {
    if (writer) writer->abandon();
    throw;
  }
  if (options.progress) options.progress(1.0);
  result.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  return result;
}

}  // namespace wf
