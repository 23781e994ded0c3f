#include "models/forecast/load_skill.hpp"

#include <fmt/format.h>

#include <utility>

#include "models/forecast/forecast.hpp"

namespace wf {

namespace {

std::vector<double> quarter_means(const StepSeries& s, Time start, std::size_t n) {
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i)
    y[i] = s.mean(start + Time::minutes(15) * static_cast<std::int64_t>(i),
                  start + Time::minutes(15) * static_cast<std::int64_t>(i + 1));
  return y;
}

void add(std::vector<SummaryValue>& out, const std::string& prefix, const Skill& k) {
  out.push_back({prefix + ".mae", "W", "mean absolute error of the forecast", k.mae});
  out.push_back({prefix + ".rmse", "W", "root mean square error of the forecast", k.rmse});
  out.push_back({prefix + ".skill", "1",
                 "1 - RMSE / RMSE of persistence (> 0: better than persistence)", k.skill});
}

}  // namespace

std::vector<SummaryValue> load_forecast_skills(const std::string& id, const WindowedSteps& actual,
                                               const StepSeries* plan, Time start, Time end) {
  const auto n = static_cast<std::size_t>((end - start) / Time::minutes(15));
  constexpr std::size_t kDay = 96;
  std::vector<SummaryValue> out;
  if (n < 2 * kDay + 8) return out;  // too short to score a day-ahead forecast
  const std::vector<double> y = actual.means(start, Time::minutes(15), n);
  const std::vector<double> p = plan ? quarter_means(*plan, start, n) : std::vector<double>{};
  for (const auto& [h, label] : {std::pair<std::size_t, const char*>{1, "15min"}, {kDay, "1d"}}) {
    const auto base = forecast_persistence(y, h);
    const std::string pre = fmt::format("forecast.{}.", id);
    add(out, pre + "persistence." + label, skill(y, base, base));
    add(out, pre + "seasonal_naive." + label, skill(y, forecast_seasonal_naive(y, h, kDay), base));
    add(out, pre + "exp_smoothing." + label, skill(y, forecast_exp_smoothing(y, h, 0.5), base));
    add(out, pre + "autoregressive." + label,
        skill(y, forecast_autoregressive(y, h, 4, n / 2), base));
    if (plan) {
      const double keep = fit_schedule_keep(y, p, h, n / 2);
      add(out, pre + "schedule_aware." + label,
          skill(y, forecast_schedule_aware(y, p, h, keep), base));
    }
  }
  return out;
}

}  // namespace wf
