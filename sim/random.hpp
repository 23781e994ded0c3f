#pragma once
// Seeded random draws with the distributions written out, so a seed gives the
// same numbers with every standard library (std::*_distribution is not portable).
#include <cmath>
#include <cstdint>
#include <random>

namespace wf {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : g_(seed) {}
  /// Uniform on [0, 1) from the top 53 bits.
  double uniform() { return static_cast<double>(g_() >> 11) * 0x1.0p-53; }
  /// Uniform on [a, b).
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  /// Exponential with the given mean (> 0).
  double exponential(double mean) { return -mean * std::log1p(-uniform()); }
  /// Standard normal (Box-Muller, one value per two uniforms).
  double normal() {
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
  }

 private:
  std::mt19937_64 g_;
};

}  // namespace wf
