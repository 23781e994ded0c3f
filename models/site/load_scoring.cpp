#include "models/site/load_scoring.hpp"

#include "models/forecast/load_skill.hpp"

namespace wf {

namespace {
constexpr Time kQuarter = Time::minutes(15);
}  // namespace

LoadScoring::LoadScoring(std::span<const std::unique_ptr<Load>> loads, Time start, Time end)
    : start_(start) {
  for (const auto& l : loads) {
    if (l->kind() != LoadKind::it) continue;
    Scored s{l.get(), nullptr, l->plan() != nullptr};
    const WindowedSteps& d = l->demand();
    if (d.generated() && !end.is_never() && end > start && d.mean_origin() == start &&
        d.mean_step() == kQuarter && d.means_told() == 0) {
      s.scorer = std::make_unique<LoadSkillScorer>(
          static_cast<std::size_t>((end - start) / kQuarter), s.with_plan);
      l->tell_demand_means([load = s.load, sc = s.scorer.get(), start](double y) {
        const Time a = start + kQuarter * static_cast<std::int64_t>(sc->count());
        const WindowedSteps* plan = load->plan();
        sc->add(y, plan ? plan->mean(a, a + kQuarter) : 0);
      });
    }
    loads_.push_back(std::move(s));
  }
}

LoadScoring::~LoadScoring() {
  stop();
}

void LoadScoring::stop() {
  for (auto& s : loads_)
    if (s.scorer) s.load->tell_demand_means(nullptr), s.scorer.reset();
}

std::vector<SummaryValue> LoadScoring::summary(Time end) const {
  std::vector<SummaryValue> out;
  for (const auto& s : loads_) {
    const Load& l = *s.load;
    if (!l.demand().varies()) continue;
    const WindowedSteps* plan = l.plan();
    const auto n = static_cast<std::size_t>((end - start_) / kQuarter);
    const LoadSkillScorer* sc = s.scorer.get();
    // The means told so far are in the scorer unless the demand was replaced since
    // (no longer generated) or the run ends elsewhere than the scorer was sized for.
    std::vector<SummaryValue> v;
    if (sc && l.demand().generated() && l.demand().means_told() == sc->count() &&
        sc->expected() == n && (plan != nullptr) == s.with_plan) {
      LoadSkillScorer rest = *sc;  // the rest is still in the load's window
      for (std::size_t i = rest.count(); i < n; ++i) {
        const Time a = start_ + kQuarter * static_cast<std::int64_t>(i);
        rest.add(l.demand().mean(a, a + kQuarter), plan ? plan->mean(a, a + kQuarter) : 0);
      }
      v = rest.results(l.id());
    } else {
      v = load_forecast_skills(l.id(), l.demand(), plan, start_, end);
    }
    for (auto& x : v) out.push_back(std::move(x));
  }
  return out;
}

}  // namespace wf
