// Register maps (YAML) and the codec on what they describe: a map that loads
// is decoded from and encoded into register images made of the input's bytes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "hil/codec.hpp"
#include "hil/register_map.hpp"
#include "sim/config_node.hpp"
#include "sim/error.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  wf::hil::RegisterMap map;
  try {
    map = wf::hil::parse_register_map(wf::ConfigDoc::parse(text, "fuzz.yaml", {}).root());
  } catch (const wf::InputError&) {
    return 0;
  }
  // Register contents from the input again, so every point decodes something odd.
  wf::hil::RegisterImage img;
  std::size_t k = 0;
  for (const auto& b : map.blocks) {
    std::vector<std::uint16_t> words(static_cast<std::size_t>(b.count));
    for (auto& w : words) {
      w = static_cast<std::uint16_t>(data[k % size] | data[(k + 1) % size] << 8);
      k += 2;
    }
    img.store(b.table, b.start, words);
  }
  for (const auto& p : map.points) {
    const double si = wf::hil::read_point(map, img, p);
    (void)wf::hil::read_point_engineering(map, img, p);
    if (p.writable && std::isfinite(si)) {
      const auto words = wf::hil::encode_point(map, img, p, si);
      if (words.size() != static_cast<std::size_t>(p.width())) std::abort();
    }
  }
  return 0;
}
