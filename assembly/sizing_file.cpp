#include "assembly/sizing_file.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <wattfleet/version.hpp>

#include "sim/error.hpp"
#include "sim/seed.hpp"
#include "sim/time_format.hpp"

namespace wf {

namespace {

constexpr std::string_view kJournalHead = "wattfleet sizing journal";

std::string escape(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\t') c = ' ';
  return s.empty() ? "-" : s;
}

double* fields(SizingOutcome& o) {
  return outcome_numbers(o);
}
constexpr int kFields = kSizingOutcomeNumbers;

// HDF5 handles closed on scope exit; failures become OutputError naming what was written.
struct H {
  hid_t id;
  herr_t (*close)(hid_t);
  ~H() {
    if (id >= 0) close(id);
  }
};

hid_t check(hid_t id, const std::string& what) {
  if (id < 0) throw OutputError("<sizing file>", 0, "", "cannot write " + what);
  return id;
}

void string_attr(hid_t obj, const char* name, const std::string& value) {
  H type{check(H5Tcopy(H5T_C_S1), "a string type"), H5Tclose};
  H5Tset_size(type.id, std::max<std::size_t>(1, value.size()));
  H space{check(H5Screate(H5S_SCALAR), "a dataspace"), H5Sclose};
  H a{check(H5Acreate2(obj, name, type.id, space.id, H5P_DEFAULT, H5P_DEFAULT), name), H5Aclose};
  const std::string v = value.empty() ? std::string(1, '\0') : value;
  check(H5Awrite(a.id, type.id, v.data()), name);
}

void column(hid_t g, const std::string& name, const std::string& units, const std::string& what,
            const std::vector<double>& v) {
  const hsize_t n = v.size();
  H space{check(H5Screate_simple(1, &n, nullptr), "a dataspace"), H5Sclose};
  H d{check(H5Dcreate2(g, name.c_str(), H5T_IEEE_F64LE, space.id, H5P_DEFAULT, H5P_DEFAULT,
                       H5P_DEFAULT),
            name),
      H5Dclose};
  if (n > 0)
    check(H5Dwrite(d.id, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), name);
  string_attr(d.id, "units", units);
  string_attr(d.id, "description", what);
}

void text_column(hid_t g, const std::string& name, const std::vector<std::string>& v) {
  const hsize_t n = v.size();
  H type{check(H5Tcopy(H5T_C_S1), "a string type"), H5Tclose};
  H5Tset_size(type.id, H5T_VARIABLE);
  H5Tset_cset(type.id, H5T_CSET_UTF8);
  H space{check(H5Screate_simple(1, &n, nullptr), "a dataspace"), H5Sclose};
  H d{check(H5Dcreate2(g, name.c_str(), type.id, space.id, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
            name),
      H5Dclose};
  std::vector<const char*> p;
  for (const auto& s : v) p.push_back(s.c_str());
  if (n > 0) check(H5Dwrite(d.id, type.id, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()), name);
  string_attr(d.id, "description", "why the configuration failed; empty when it ran");
}

}  // namespace

std::uint64_t journal_key(const Scenario& s, const SizingPlan& plan) {
  std::string all = s.doc.text() + "\n--\n";
  for (const auto& o : s.overrides) all += o + "\n";
  all += fmt::format("--\nseed {}\n--\n{}", s.seed, plan.text);
  return derive_seed(0, all);
}

double* outcome_numbers(SizingOutcome& o) {
  static_assert(offsetof(SizingOutcome, lost_node_hours) - offsetof(SizingOutcome, nameplate_kwh) ==
                (kSizingOutcomeNumbers - 1) * sizeof(double));
  return &o.nameplate_kwh;
}

SizingJournal::SizingJournal(const std::filesystem::path& output, std::uint64_t key, bool resume,
                             int rank, int ranks)
    : path_(output.string() + ".journal" + (ranks > 1 ? fmt::format(".{}", rank) : "")) {
  const std::string head = fmt::format("{} {:016x}", kJournalHead, key);
  if (resume) {
    std::ifstream in(path_);
    if (!in)
      throw InputError(path_.string(), 0, "--resume",
                       "no journal of a killed sweep here; run without --resume");
    std::string line;
    std::getline(in, line);
    if (line != head)
      throw InputError(path_.string(), 1, "--resume",
                       "the journal belongs to another sweep (the scenario, its overrides, the "
                       "seed or the sizing changed); remove it or run without --resume");
    // Only whole lines count: a killed process may have left half of its last one.
    while (std::getline(in, line) && !in.eof()) {
      std::vector<std::string> parts;
      for (std::size_t a = 0;;) {
        const std::size_t b = line.find('\t', a);
        parts.push_back(line.substr(a, b == std::string::npos ? b : b - a));
        if (b == std::string::npos) break;
        a = b + 1;
      }
      if (parts.size() != kFields + 2) break;
      SizingOutcome o;
      o.error = parts[1] == "-" ? "" : parts[1];
      for (int i = 0; i < kFields; ++i)
        fields(o)[i] = std::strtod(parts[std::size_t(i) + 2].c_str(), nullptr);
      char* end = nullptr;
      const unsigned long task = std::strtoul(parts[0].c_str(), &end, 10);
      if (parts[0].empty() || *end != '\0') break;  // not a line this journal wrote
      done_[task] = o;
    }
  }
  out_ = std::fopen(path_.c_str(), resume ? "a" : "w");
  if (!out_) throw OutputError(path_.string(), 0, "", "cannot write the sweep's journal");
  if (!resume) {
    fmt::print(out_, "{}\n", head);
    std::fflush(out_);
  }
}

SizingJournal::~SizingJournal() {
  if (out_) std::fclose(out_);
}

std::optional<SizingOutcome> SizingJournal::find(std::size_t task) const {
  std::lock_guard lock(m_);
  auto it = done_.find(task);
  if (it == done_.end()) return std::nullopt;
  return it->second;
}

void SizingJournal::record(std::size_t task, const SizingOutcome& o) {
  SizingOutcome copy = o;
  std::string line = fmt::format("{}\t{}", task, escape(o.error));
  for (int i = 0; i < kFields; ++i) line += fmt::format("\t{}", fields(copy)[i]);
  std::lock_guard lock(m_);
  done_[task] = o;
  fmt::print(out_, "{}\n", line);
  if (std::fflush(out_) != 0)
    throw OutputError(path_.string(), 0, "", "writing the sweep's journal failed");
}

void SizingJournal::remove() {
  std::lock_guard lock(m_);
  if (out_) std::fclose(out_);
  out_ = nullptr;
  std::error_code ec;
  std::filesystem::remove(path_, ec);
}

void write_sizing_file(const std::filesystem::path& path, const Scenario& s, const SizingPlan& plan,
                       const SizingResult& r) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    H f{check(H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
              partial.string()),
        H5Fclose};
    {
      H meta{check(H5Gcreate2(f.id, "meta", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/meta"),
             H5Gclose};
      std::string overrides;
      for (const auto& o : s.overrides) overrides += o + "\n";
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      string_attr(meta.id, "kind", "sizing");
      string_attr(meta.id, "version", std::string(kVersion));
      string_attr(meta.id, "git_hash", std::string(kGitHash));
      string_attr(meta.id, "scenario_text", s.doc.text());
      string_attr(meta.id, "scenario_path", s.path.string());
      string_attr(meta.id, "overrides", overrides);
      string_attr(meta.id, "sizing", plan.text);
      string_attr(meta.id, "created_utc", format_utc(Time::seconds(now)));
    }
    H g{check(H5Gcreate2(f.id, "configurations", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
              "/configurations"),
        H5Gclose};
    auto col = [&](const std::string& name, const std::string& units, const std::string& what,
                   auto get) {
      std::vector<double> v;
      for (const auto& row : r.rows) v.push_back(double(get(row)));
      column(g.id, name, units, what, v);
    };
    using R = SizingRow;
    col("capacity", "kWh", "nameplate energy asked for", [](const R& x) { return x.capacity_kwh; });
    col("power", "kW", "rated power", [](const R& x) { return x.power_kw; });
    col("nameplate", "kWh", "nameplate energy as built (whole strings for a cabinet)",
        [](const R& x) { return x.nameplate_kwh; });
    col("refined", "1", "1: from the refinement around the best grid cell",
        [](const R& x) { return x.refined; });
    col("ok", "1", "1: the configuration ran; 0: see error",
        [](const R& x) { return x.error.empty(); });
    col("capex", "EUR", "investment", [](const R& x) { return x.capex; });
    col("npv_p10", "EUR", "NPV over the seeds, 10th percentile",
        [](const R& x) { return x.npv_p10; });
    col("npv_p50", "EUR", "NPV over the seeds, median", [](const R& x) { return x.npv_p50; });
    col("npv_p90", "EUR", "NPV over the seeds, 90th percentile",
        [](const R& x) { return x.npv_p90; });
    col("npv_mean", "EUR", "NPV over the seeds, mean", [](const R& x) { return x.npv_mean; });
    col("irr", "1", "internal rate of return (first seed; NaN: none)",
        [](const R& x) { return x.irr; });
    col("discounted_payback", "a", "discounted payback (first seed; NaN: not within the life)",
        [](const R& x) { return x.payback; });
    col("lcos", "EUR/MWh", "levelised cost of storage (first seed)",
        [](const R& x) { return x.lcos; });
    col("saving_per_year", "EUR", "bill saving per year of the life, mean over seeds",
        [](const R& x) { return x.saving_per_year; });
    col("end_of_life_year", "a", "first year ending at end of life, earliest seed (NaN: none)",
        [](const R& x) { return x.end_of_life_year; });
    col("replacements", "1", "cell replacements within the life (first seed)",
        [](const R& x) { return x.replacements; });
    col("final_soh", "1", "state of health at the life's end (first seed)",
        [](const R& x) { return x.final_soh; });
    col("lost_node_hours", "h", "node-hours of work lost over the life, worst seed",
        [](const R& x) { return x.lost_node_hours; });
    col("pareto", "1", "1: on the Pareto front of NPV (P50) against lost node-hours",
        [](const R& x) { return x.pareto; });
    std::vector<std::string> errors;
    for (const auto& row : r.rows) errors.push_back(row.error);
    text_column(g.id, "error", errors);
    H sum{check(H5Gcreate2(f.id, "summary", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "/summary"),
          H5Gclose};
    column(sum.id, "npv_optimum", "1", "row of the highest median NPV (-1: none ran)",
           {double(r.npv_optimum)});
    column(sum.id, "resilience_choice", "1",
           "row of the cheapest configuration meeting max_lost_node_hours (-1: none)",
           {double(r.resilience_choice)});
    if (!r.optimum_cash_flow.empty()) {
      H opt{check(H5Gcreate2(f.id, "optimum_cashflow", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  "/optimum_cashflow"),
            H5Gclose};
      for (const auto& c : r.optimum_cash_flow)
        column(opt.id, c.name, c.units, c.description + " (NPV optimum, first seed)", c.values);
    }
    if (H5Fflush(f.id, H5F_SCOPE_GLOBAL) < 0)
      throw OutputError(partial.string(), 0, "", "flushing failed");
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec)
    throw OutputError(path.string(), 0, "",
                      fmt::format("renaming {} failed: {}", partial.string(), ec.message()));
}

}  // namespace wf
