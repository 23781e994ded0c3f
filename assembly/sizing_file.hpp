#pragma once
// What `wattfleet size` keeps on disk: a journal of finished configurations while the
// sweep runs (so a killed sweep resumes where it stopped) and SIZE.h5 at the end:
// /meta (scenario, sweep definition), /configurations/<column> (one row each),
// /summary (the chosen rows) and /optimum_cashflow (the NPV optimum's cash flows).
// Written through `<file>.partial`, renamed when complete.
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "assembly/sizing.hpp"

namespace wf {

/// A fingerprint of everything a sweep's rows depend on (scenario text, overrides,
/// seed, sweep definition): a journal is reused only by the same sweep.
std::uint64_t journal_key(const Scenario& s, const SizingPlan& plan);

class SizingJournal {
 public:
  /// `<output>.journal` (`.journal.<rank>` when processes share the sweep). With `resume`, the
  /// finished tasks of a journal of the same key are loaded (another key: InputError); without, any
  /// old journal is replaced.
  SizingJournal(const std::filesystem::path& output, std::uint64_t key, bool resume, int rank = 0,
                int ranks = 1);
  ~SizingJournal();
  SizingJournal(const SizingJournal&) = delete;
  SizingJournal& operator=(const SizingJournal&) = delete;

  std::optional<SizingOutcome> find(std::size_t task) const;
  /// Appends and flushes one finished task (thread-safe).
  void record(std::size_t task, const SizingOutcome& o);
  std::size_t loaded() const { return done_.size(); }
  /// Deletes the journal (the sweep's file is complete).
  void remove();

 private:
  std::filesystem::path path_;
  std::map<std::size_t, SizingOutcome> done_;
  std::FILE* out_ = nullptr;
  mutable std::mutex m_;
};

/// Writes SIZE.h5 through `<path>.partial`.
void write_sizing_file(const std::filesystem::path& path, const Scenario& s, const SizingPlan& plan,
                       const SizingResult& r);

}  // namespace wf
