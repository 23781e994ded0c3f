#pragma once
// A node group's local clock and random submissions: what the workload generators share.
#include <utility>

#include "models/compute/workload.hpp"
#include "sim/random.hpp"
#include "sim/seed.hpp"

namespace wf::group_clock {

inline Time secs(double s) {
  return Time::from_seconds(s);
}

/// Local hour of day (0..24) at instant t.
inline double local_hour(const WorkloadGroup& g, Time t) {
  const Time local = g.tz.to_local(t);
  const Time day = Time::days(1);
  Time r = local % day;
  if (r < Time::zero()) r += day;
  return r.to_seconds() / 3600.0;
}

/// Instant of local wall-clock `naive` (earliest reading on DST ambiguity).
inline Time from_local(const WorkloadGroup& g, Time naive) {
  return g.tz.resolve(naive).earliest;
}

/// Local midnights (as naive times) covering [start, end): first, and one past the last.
inline std::pair<Time, Time> local_days(const WorkloadGroup& g) {
  const Time d = Time::days(1);
  Time first = g.tz.to_local(g.start);
  first = first - ((first % d) + d) % d - d;
  return {first, g.tz.to_local(g.end) + d};
}

/// What each submission is (its length, size) is drawn from a stream of its own, so the
/// first year of a run is the same whatever the run's length.
inline Rng marks(const WorkloadGroup& g) {
  return Rng(derive_seed(g.seed, "workload/marks"));
}

/// Submissions over [from, to): exponential gaps, each kept with probability weight(t)
/// in [0, 1], read one at a time.
class Arrivals {
 public:
  Arrivals(Rng rng, Time from, Time to, double mean_gap_s)
      : rng_(rng), to_(to), gap_(mean_gap_s), t_(from + secs(rng_.exponential(gap_))) {}
  template <class W>
  bool next(Time& t, W weight) {
    while (t_ < to_) {
      const Time at = t_;
      const bool keep = rng_.uniform() < weight(at);
      t_ += secs(rng_.exponential(gap_));
      if (keep) return t = at, true;
    }
    return false;
  }
  bool next(Time& t) {
    return next(t, [](Time) { return 1.0; });
  }

 private:
  Rng rng_;
  Time to_;
  double gap_;
  Time t_;
};

}  // namespace wf::group_clock
