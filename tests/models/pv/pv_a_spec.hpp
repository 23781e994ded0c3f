#pragma once
// The PV-A system of ../shared/data/reference (pvlib model chain, README): the one
// spec the PV tests and the PV benchmark run. Free of gtest so the bench includes it.
#include <numbers>

#include "models/pv/pv_chain.hpp"

namespace wf::test {

/// The PV-A chain of the reference README for one sky model.
inline PvChainSpec pv_a_spec(SkyModel sky, Time step) {
  constexpr double deg = std::numbers::pi / 180;
  PvChainSpec s;
  s.array.tilt = 35 * deg;
  s.array.azimuth = 180 * deg;
  s.array.albedo = 0.25;
  s.array.dc_rating_w = 100e3;
  s.array.gamma_per_k = -0.004;
  s.array.sky = sky;
  s.array.ac_rating_w = 100e3;
  s.array.eta_nom = 0.96;
  s.array.eta_ref = 0.9637;
  s.site = {45 * deg, 8 * deg};
  s.delta_t_s = 67;
  s.step = step;
  return s;
}

}  // namespace wf::test
