#pragma once
// How a run's random streams get their seeds: every seed comes from the
// scenario's seed, mixed with the names of what draws (site, device, price zone).
#include <cstdint>
#include <string_view>

namespace wf {

/// FNV-1a's 64-bit offset basis.
inline constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ull;
/// The start state the seed mixes xor their parent into: FNV's offset basis with
/// its last digit lost when it was first written down. Kept, because every
/// shipped result's draws depend on it; the mix is as good with either.
inline constexpr std::uint64_t kSeedBasis = 1469598103934665603ull;

/// FNV-1a steps over the bytes of `label`, from `state` (FNV-1a proper from kFnvOffsetBasis).
constexpr std::uint64_t fnv1a(std::uint64_t state, std::string_view label) {
  for (unsigned char c : label) state = (state ^ c) * 1099511628211ull;
  return state;
}

/// The seed of the stream named `label` drawn from `parent`: FNV-1a steps from
/// kSeedBasis xor `parent`, then splitmix64's finaliser, so neighbouring labels
/// and parents give unrelated streams.
constexpr std::uint64_t derive_seed(std::uint64_t parent, std::string_view label) {
  std::uint64_t h = fnv1a(kSeedBasis ^ parent, label);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  return h ^ (h >> 31);
}

// Three older mixes stay as they are because every shipped scenario's draws
// depend on them; new streams use derive_seed.

/// A site's seed: FNV-1a steps over the site id from the run's seed.
constexpr std::uint64_t site_seed(std::uint64_t run_seed, std::string_view site_id) {
  return fnv1a(run_seed, site_id);
}

/// A synthetic-weather device's seed: FNV-1a steps from kSeedBasis xor the site's seed.
constexpr std::uint64_t weather_seed(std::uint64_t site_seed, std::string_view device_id) {
  return fnv1a(kSeedBasis ^ site_seed, device_id);
}

/// The seed of a site's random grid outages (and, plus one, its sags): the site's seed xor
/// the golden ratio.
constexpr std::uint64_t outage_seed(std::uint64_t site_seed) {
  return site_seed ^ 0x9e3779b97f4a7c15ull;
}

}  // namespace wf
