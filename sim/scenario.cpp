#include "sim/scenario.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "sim/input_files.hpp"
#include "sim/params.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

// The scenario's top-level fields (read below; their tables live with their readers).
constexpr ParamInfo kTopLevel[] = {
    text_param("name", "text", "the file name", "label in messages and `/meta`"),
    text_param("description", "text", "", "free text"),
    required_text_param("start",
                        "an ISO 8601 instant with offset, like `2025-01-01T00:00:00+01:00`",
                        "first instant of the run (1900 to 2200)"),
    text_param("end", "an ISO 8601 instant with offset", "",
               "end of the run (exclusive); `end` or `duration` is required"),
    text_param("duration", "a duration like `365d`, `15min`, `1h`, `PT1H`", "",
               "length of the run, at most 100 years; `end` or `duration` is required"),
    text_param("output_interval", "a duration that divides the run", "15 min",
               "width of a result row"),
    text_param("seed", "a whole number from 0 to 2^64 - 1", "0",
               "seed of every random part (`--seed` overrides)"),
    required_text_param("sites",
                        "a map of site id to site section (ids: a letter, then letters, "
                        "digits, `_`, `-`)",
                        "the sites; at least one"),
    text_param("economics", "a section (see [economics](models/economics.md))", "",
               "appraise the storage over its life, simulated year by year with and without "
               "it"),
    text_param("sizing", "a section (see [sizing](sizing.md))", "",
               "what `wattfleet size` varies and how it chooses"),
    text_param("fleet", "a section (see [fleet](models/fleet.md))", "",
               "the sites as a fleet: WAN links and the shifting of deferrable jobs"),
};

}  // namespace

std::span<const ParamInfo> scenario_params() {
  return kTopLevel;
}

bool is_valid_id(std::string_view id) {
  if (id.empty() || !std::isalpha(static_cast<unsigned char>(id[0]))) return false;
  for (char c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

namespace {

Scenario from_doc(ConfigDoc doc, std::filesystem::path path,
                  const std::vector<std::string>& overrides) {
  Scenario s{.doc = std::move(doc), .path = std::move(path), .overrides = overrides};
  ConfigNode root = s.doc.root();
  root.check_keys(param_keys(kTopLevel));
  s.name = root.get("name") ? root.at("name").scalar() : s.path.stem().string();
  if (auto d = root.get("description")) s.description = d->scalar();
  s.start = root.at("start").datetime();
  auto end = root.get("end");
  auto duration = root.get("duration");
  if (end && duration) duration->fail("give either 'end' or 'duration', not both");
  if (!end && !duration) root.fail("missing 'end' or 'duration' (e.g. duration: 365d)");
  // 1900..2200: beyond, no input of this domain exists, and models that draw
  // from a fixed epoch up to the start (synthetic prices) would take hours.
  constexpr Time kEarliest = Time::seconds(-2'208'988'800), kLatest = Time::seconds(7'258'118'400);
  if (s.start < kEarliest || s.start >= kLatest)
    root.at("start").fail("expected a start from 1900 to 2200");
  if (duration && duration->duration() > kLatest - s.start)
    duration->fail("the run would end after 2200");
  s.end = end ? end->datetime() : s.start + duration->duration();
  if (s.end <= s.start) (end ? *end : *duration).fail("the run must end after it starts");
  if (s.end > kLatest) end->fail("expected an end from 1900 to 2200");
  // Checked here, before any model is built (a century of hourly prices is drawn then).
  const double years = (s.end - s.start).to_seconds() / (365.25 * 86400);
  if (years > kMaxRunYears && !large_runs_allowed())
    (end ? *end : *duration)
        .fail(fmt::format("the run is {:.0f} years, more than the {:.0f} a run takes; pass "
                          "--allow-large to run it anyway",
                          years, kMaxRunYears));
  s.output_interval =
      root.get("output_interval") ? root.at("output_interval").duration() : Time::minutes(15);
  // Every row covers interval_us: a shorter last row would be integrated as a whole one.
  if ((s.end - s.start) % s.output_interval != Time::zero()) {
    const std::string text = fmt::format(
        "{} does not divide the run's {}: the last row would cover {} only; choose an "
        "interval that divides the run, or a run of whole intervals",
        format_duration(s.output_interval), format_duration(s.end - s.start),
        format_duration((s.end - s.start) % s.output_interval));
    if (auto oi = root.get("output_interval")) oi->fail(text);
    root.fail("output_interval: " + text + " (the default is 15min)");
  }
  if (auto seed = root.get("seed"))
    s.seed = static_cast<std::uint64_t>(seed->integer(0, INT64_MAX));
  ConfigNode sites = root.at("sites");
  s.sites = sites.entries();
  s.economics = root.get("economics");
  s.sizing = root.get("sizing");
  s.fleet = root.get("fleet");
  if (s.sites.empty()) sites.fail("expected at least one site");
  for (const auto& [id, node] : s.sites)
    if (!is_valid_id(id))
      node.fail("a site id starts with a letter and holds only letters, digits, '_' and '-'");
  return s;
}
}  // namespace

ScenarioSource ScenarioSource::from_file(const std::filesystem::path& file) {
  admit_input_file(file, "scenario file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "", "cannot open the scenario file");
  std::stringstream ss;
  ss << in.rdbuf();
  return ScenarioSource{.text = ss.str(), .path = file};
}

Scenario ScenarioSource::load() const {
  ConfigDoc doc = ConfigDoc::parse(text, path.string(), overrides, override_source);
  for (const auto& [name, series] : arrays) doc.add_array(name, series);
  return from_doc(std::move(doc), path, overrides);
}

Scenario load_scenario(const std::filesystem::path& file,
                       const std::vector<std::string>& overrides) {
  return from_doc(ConfigDoc::load(file, overrides), file, overrides);
}

Scenario parse_scenario(const std::string& text, const std::string& name,
                        const std::vector<std::string>& overrides) {
  return from_doc(ConfigDoc::parse(text, name, overrides), name, overrides);
}

}  // namespace wf
