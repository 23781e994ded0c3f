#include "models/compute/finance_power.hpp"

#include <algorithm>

#include "models/compute/group_clock.hpp"
#include "models/compute/summed_changes.hpp"
#include "sim/random.hpp"

namespace wf {

using namespace group_clock;

namespace {

class FinancePower final : public SummedChanges<FinancePower> {
 public:
  FinancePower(const WorkloadGroup& g, const FinanceParams& p)
      : SummedChanges(g.start, g.end, g.nodes * node_ac_power_w(g.node, g.parked)),
        g_(g),
        p_(p),
        idle_w_(node_ac_power_w(g.node, g.parked)),
        rng_(g.seed) {
    rewind();
  }

  void rewind() override {
    rng_ = Rng(g_.seed);
    std::tie(day_, last_day_) = local_days(g_);
    changes_.clear();
    restart_sum();
  }

 private:
  friend class SummedChanges<FinancePower>;

  WorkloadGroup g_;
  FinanceParams p_;
  double idle_w_;
  Rng rng_;
  Time day_, last_day_;  ///< the next local midnight to draw (naive), one past the last
  ChangeQueue changes_;

  double active_w(double u) const {
    return g_.nodes * (node_ac_power_w(g_.node, NodeState::active, u) - idle_w_);
  }
  // One local day: market hours on weekdays, each step drawn, then the batch.
  void add_day() {
    const Time day = day_;
    day_ += Time::days(1);
    const std::int64_t days = day / Time::days(1);
    const std::int64_t weekday = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
    if (weekday >= 5) return;
    for (double t = p_.market_open; t < p_.market_close; t += p_.step) {
      const double u = p_.u_market * (1 + p_.market_variation * rng_.uniform(-1, 1));
      const Time a = from_local(g_, day + secs(t));
      const Time b = from_local(g_, day + secs(std::min(t + p_.step, p_.market_close)));
      changes_.add(a, b, active_w(u));
    }
    const double dur = p_.batch_duration * (1 + p_.batch_jitter * rng_.uniform(-1, 1));
    const Time a = from_local(g_, day + secs(p_.batch_start));
    changes_.add(a, a + secs(dur), active_w(p_.u_batch));
  }

  // A day's changes lie at or after its local midnight (times of day are >= 0); a day's
  // margin covers any clock shift. Days are drawn until the next cannot come first.
  Time next_instant() {
    while (day_ < last_day_ && from_local(g_, day_) - Time::days(1) <= changes_.next()) add_day();
    return changes_.next();
  }

  void add_instant(Time at) { changes_.take(at, level_); }
};

}  // namespace

std::unique_ptr<StepGenerator> finance_power(const WorkloadGroup& g, const FinanceParams& p) {
  return std::make_unique<FinancePower>(g, p);
}

}  // namespace wf
