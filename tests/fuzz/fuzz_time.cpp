// Durations, ISO 8601 times and quantities with units. A duration that
// parses must print back to the same duration.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sim/time_format.hpp"
#include "sim/units.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = wf::parse_duration(text)) {
    const auto again = wf::parse_duration(wf::format_duration(*d));
    if (!again || *again != *d) std::abort();  // format_duration must round-trip
  }
  if (auto t = wf::parse_datetime(text)) (void)wf::format_utc(t->t);
  for (int d = 0; d <= static_cast<int>(wf::Dim::length); ++d) {
    const auto v = wf::parse_quantity(text, static_cast<wf::Dim>(d), nullptr);
    if (v && !std::isfinite(*v)) std::abort();  // a quantity is always a finite number
  }
  return 0;
}
