#include "models/site/ride_through.hpp"

#include <gtest/gtest.h>

namespace wf {
namespace {

// The ITIC points of domain reference 5.6, on both sides of each boundary.
TEST(RideThrough, IticCurvePoints) {
  struct Case {
    double v, d;
    bool ok;
  };
  const Case cases[] = {
      {0.0, 0.019, true},  {0.0, 0.021, false},   // dropout: 20 ms at 0 %
      {0.70, 0.4, true},   {0.69, 0.4, false},    // 70 % up to 0.5 s
      {0.70, 0.6, false},  {0.80, 0.6, true},     // 80 % from 0.5 s to 10 s
      {0.80, 9.0, true},   {0.79, 9.0, false},    //
      {0.85, 11, false},   {0.90, 11, true},      // steady-state band beyond 10 s
      {1.40, 0.002, true}, {1.41, 0.002, false},  // swell: 140 % for 3 ms
      {1.20, 0.4, true},   {1.25, 0.4, false},    // 120 % up to 0.5 s
      {1.10, 60, true},    {1.15, 60, false},     // 110 % beyond
  };
  for (const auto& c : cases)
    EXPECT_EQ(itic_tolerates(c.v, c.d), c.ok) << c.v << " pu for " << c.d << " s";
}

// Transfer times against outages and sags, per topology.
TEST(RideThrough, VerdictTable) {
  struct Case {
    Disturbance d;
    Topology topo;
    double transfer_s;
    bool ok;
  };
  const Disturbance outage{0, 3600}, deep_sag{0.4, 0.2}, shallow_sag{0.75, 0.3}, long_sag{0.75, 2};
  const Case cases[] = {
      {outage, Topology::direct, 0, false},  // no cabinet: the servers drop
      {outage, Topology::line_interactive, 0.010,
       true},  // 10 ms transfer < 20 ms dropout tolerance
      {outage, Topology::line_interactive, 0.030, false},   // 30 ms is too slow
      {outage, Topology::double_conversion, 0.5, true},     // online: nothing seen
      {deep_sag, Topology::direct, 0, false},               // 40 % for 200 ms
      {deep_sag, Topology::line_interactive, 0.015, true},  //
      {shallow_sag, Topology::direct, 0, true},             // 75 % for 300 ms is inside ITIC
      {long_sag, Topology::direct, 0, false},               // 75 % for 2 s is not
      {long_sag, Topology::line_interactive, 0.4, true},    // seen for 0.4 s at 75 %: tolerated
  };
  for (const auto& c : cases)
    EXPECT_EQ(rides_through(c.d, c.topo, c.transfer_s), c.ok)
        << c.d.voltage_pu << " pu " << c.d.duration_s << " s, topology "
        << static_cast<int>(c.topo);
}

}  // namespace
}  // namespace wf
