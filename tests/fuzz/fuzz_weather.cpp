// Weather files: PVGIS typical-year exports and DTU 1-min station files.
#include <cstddef>
#include <cstdint>

#include "models/pv/weather.hpp"
#include "sim/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wf::fuzz::Bytes in(data, size);
  wf::WeatherSpec spec;
  spec.format = static_cast<wf::WeatherFormat>(in.pick(2));
  spec.year = 2000 + static_cast<int>(in.pick(40));
  spec.file = wf::fuzz::scratch(in.rest(), ".csv");
  try {
    (void)wf::read_weather(spec);
  } catch (const wf::InputError&) {
  }
  return 0;
}
