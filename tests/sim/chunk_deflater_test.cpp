#include "sim/chunk_deflater.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace wf {
namespace {

// zlib inflates what the deflater wrote; undoing HDF5's byte shuffle gives the input,
// then zeros up to the chunk's length.
std::vector<double> round_trip(const std::vector<double>& in, std::size_t chunk) {
  ChunkDeflater d;
  const auto z = d.compress(in.data(), in.size(), chunk, sizeof(double));
  std::vector<std::uint8_t> shuffled(chunk * sizeof(double));
  uLongf len = static_cast<uLongf>(shuffled.size());
  EXPECT_EQ(uncompress(shuffled.data(), &len, z.data(), static_cast<uLong>(z.size())), Z_OK);
  EXPECT_EQ(len, shuffled.size());
  std::vector<double> out(chunk);
  auto* bytes = reinterpret_cast<std::uint8_t*>(out.data());
  for (std::size_t k = 0; k < sizeof(double); ++k)
    for (std::size_t i = 0; i < chunk; ++i) bytes[i * sizeof(double) + k] = shuffled[k * chunk + i];
  return out;
}

TEST(ChunkDeflater, ZlibInflatesAndUnshufflesToTheInput) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 1e3);
  std::vector<double> smooth(4096), random(4096), constant(4096, 42.5);
  for (std::size_t i = 0; i < smooth.size(); ++i) {
    smooth[i] = 1e5 + 10 * static_cast<double>(i);
    random[i] = noise(rng);
  }
  for (const auto* v : {&smooth, &random, &constant}) EXPECT_EQ(round_trip(*v, v->size()), *v);
  // A constant chunk compresses to a few hundred bytes; noise does not grow much.
  ChunkDeflater d;
  EXPECT_LT(d.compress(constant.data(), 4096, 4096, 8).size(), 512u);
  EXPECT_LT(d.compress(random.data(), 4096, 4096, 8).size(), 4096u * 8 + 64);
}

// Lengths around the 16- and 8-element blocks of the shuffle, random bytes in every position.
TEST(ChunkDeflater, EveryLengthRoundTrips) {
  std::mt19937_64 rng(11);
  for (std::size_t n :
       {1u, 7u, 8u, 9u, 15u, 16u, 17u, 24u, 31u, 32u, 33u, 63u, 64u, 1000u, 1023u}) {
    std::vector<double> v(n);
    for (auto& x : v) {
      const std::uint64_t bits = rng();  // any bytes, NaN patterns too: compared as bytes
      std::memcpy(&x, &bits, sizeof x);
    }
    const auto out = round_trip(v, 1024);
    for (std::size_t i = 0; i < n; ++i)
      ASSERT_EQ(std::memcmp(&out[i], &v[i], 8), 0) << n << " " << i;
    for (std::size_t i = n; i < out.size(); ++i) ASSERT_EQ(out[i], 0.0);
  }
}

TEST(ChunkDeflater, APartialChunkIsPaddedWithZeros) {
  std::vector<double> head{1.5, -2.25, 3e300, 0.0, 5};
  const auto out = round_trip(head, 64);
  ASSERT_EQ(out.size(), 64u);
  for (std::size_t i = 0; i < head.size(); ++i) EXPECT_EQ(out[i], head[i]);
  for (std::size_t i = head.size(); i < out.size(); ++i) EXPECT_EQ(out[i], 0.0);
}

}  // namespace
}  // namespace wf
