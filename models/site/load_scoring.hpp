#pragma once
// The forecast scores of a site's IT loads (forecast/load_skill.hpp) kept as the run
// goes: a generated load tells its 15-minute means as its window drops them, so the
// scores need no copy of the run's load. Loads known whole, or changed after the site
// was built (a fleet's moved jobs, a live load), are scored from their series at the end.
#include <memory>
#include <span>
#include <vector>

#include "models/compute/load.hpp"
#include "sim/summary_figures.hpp"
#include "sim/time.hpp"

namespace wf {

class LoadSkillScorer;

class LoadScoring {
 public:
  /// Listens to the generated IT loads among `loads` for a run over [start, end).
  LoadScoring(std::span<const std::unique_ptr<Load>> loads, Time start, Time end);
  ~LoadScoring();  // stops listening
  LoadScoring(const LoadScoring&) = delete;
  LoadScoring& operator=(const LoadScoring&) = delete;

  /// Stops listening (a run that keeps totals only has no scores).
  void stop();
  /// The scores of every varying IT load over [start, end) (summary values).
  std::vector<SummaryValue> summary(Time end) const;

 private:
  struct Scored {
    Load* load;
    std::unique_ptr<LoadSkillScorer> scorer;  ///< null: scored at the end from the series
    bool with_plan = false;
  };
  std::vector<Scored> loads_;
  Time start_;
};

}  // namespace wf
