// Day-ahead price files in every supported export format (or detected from
// the header), for every known bidding zone.
#include <cstddef>
#include <cstdint>

#include "models/grid/price_formats.hpp"
#include "sim/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {
constexpr std::size_t kFormats = static_cast<std::size_t>(wf::PriceFormat::smard) + 1;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  wf::fuzz::Bytes in(data, size);
  wf::PriceFileSpec spec;
  const std::size_t format = in.pick(kFormats + 1);  // 0: detect from the header
  if (format > 0) spec.format = static_cast<wf::PriceFormat>(format - 1);
  const auto& zones = wf::known_zones();
  spec.zone = zones[in.pick(zones.size())];
  spec.hold_gaps = in.flag();
  spec.field = "fuzz";
  spec.file = wf::fuzz::scratch(in.rest(), ".csv");
  try {
    (void)wf::load_price_file(spec);
  } catch (const wf::InputError&) {
  }
  return 0;
}
