#pragma once
// How well the site could have known a load in advance: each forecaster run
// over the load's 15-minute means, scored at 15 minutes and one day ahead.
#include <string>
#include <vector>

#include "sim/hdf5_writer.hpp"
#include "sim/time_series.hpp"
#include "sim/windowed_steps.hpp"

namespace wf {

/// Summary values `forecast.<id>.<method>.<horizon>.{mae,rmse,skill}` (W and 1) over
/// [start, end) on 15-minute means: persistence, seasonal naive (one day),
/// exponential smoothing, AR(4) fitted on the first half, and schedule-aware when
/// `plan` is given. Horizons: 15min and 1d. Skill is against persistence.
std::vector<SummaryValue> load_forecast_skills(const std::string& id, const WindowedSteps& actual,
                                               const StepSeries* plan, Time start, Time end);

}  // namespace wf
