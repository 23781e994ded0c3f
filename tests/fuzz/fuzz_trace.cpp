// CSV traces (CSV reader, time formats, time zones, policies, resampling):
// the first bytes choose the options, the rest is the file.
#include <cstddef>
#include <cstdint>

#include "sim/cost_limits.hpp"
#include "sim/error.hpp"
#include "sim/trace.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // 50 million steps (the product's bound) take tens of seconds under ASan:
  // the harness explores the same code with a bound of one million.
  wf::set_max_trace_samples(1'000'000);
  wf::fuzz::Bytes in(data, size);
  wf::TraceSpec spec;
  spec.time_format = static_cast<wf::TimeFormat>(in.pick(3));
  spec.timezone = in.flag() ? "Europe/Berlin" : "";
  spec.separator = "\0,;\t|"[in.pick(5)];
  spec.decimal = in.flag() ? ',' : '.';
  spec.interpolation = static_cast<wf::Interpolation>(in.pick(2));
  spec.resample = wf::Time::seconds(1 + in.byte() * 15);
  spec.gaps = static_cast<wf::GapPolicy>(in.pick(4));
  spec.duplicates = static_cast<wf::DuplicatePolicy>(in.pick(4));
  spec.unsorted = static_cast<wf::UnsortedPolicy>(in.pick(2));
  spec.ambiguous = static_cast<wf::AmbiguousPolicy>(in.pick(3));
  spec.nonexistent = static_cast<wf::NonexistentPolicy>(in.pick(2));
  spec.repeat = in.flag();
  spec.unit_factor = in.flag() ? 1e3 : 1;
  spec.field = "fuzz";
  const bool gz = in.flag();  // a .gz name: zlib reads gzip data, and plain text unchanged
  spec.file = wf::fuzz::scratch(in.rest(), gz ? ".csv.gz" : ".csv");
  try {
    const wf::Time start = wf::Time::seconds(1'735'689'600);  // 2025-01-01T00:00Z
    (void)wf::load_trace(spec, start, start + wf::Time::days(7));
  } catch (const wf::InputError&) {
  }
  return 0;
}
