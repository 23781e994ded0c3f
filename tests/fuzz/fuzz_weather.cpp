// Weather files: PVGIS typical-year exports, DTU 1-min station files and EPW, then the
// gap policies.
#include <cstddef>
#include <cstdint>

#include "models/pv/weather.hpp"
#include "sim/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wf::fuzz::Bytes in(data, size);
  wf::WeatherSpec spec;
  spec.format = static_cast<wf::WeatherFormat>(in.pick(3));
  spec.year = 2000 + static_cast<int>(in.pick(40));
  wf::WeatherGaps gaps;  // the repair policies, chosen by the input too
  for (auto& rule : gaps.rule)
    rule = {static_cast<wf::WeatherFill>(in.pick(5)), wf::Time::minutes(1 + int(in.pick(120))),
            static_cast<wf::WeatherFill>(in.pick(5))};
  gaps.closure = in.pick(2) == 1;
  spec.file = wf::fuzz::scratch(in.rest(), ".csv");  // the readers ignore the extension
  try {
    wf::WeatherData d = wf::read_weather(spec);
    wf::repair_weather(d, gaps, [](wf::Time) { return 0.5; });
  } catch (const wf::InputError&) {
  }
  return 0;
}
