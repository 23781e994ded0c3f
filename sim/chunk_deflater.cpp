#include "sim/chunk_deflater.hpp"

#include <isa-l/igzip_lib.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/error.hpp"

namespace wf {

namespace {

// Transposes an 8 x 8 byte matrix held as eight little-endian words (row r = x[r],
// column c = byte c): swaps 4-byte, then 2-byte, then 1-byte blocks across the diagonal.
void transpose8(std::uint64_t x[8]) {
  for (int r = 0; r < 4; ++r) {
    const std::uint64_t a = x[r], b = x[r + 4];
    x[r] = (a & 0x00000000FFFFFFFFull) | (b << 32);
    x[r + 4] = (a >> 32) | (b & 0xFFFFFFFF00000000ull);
  }
  for (int r : {0, 1, 4, 5}) {
    const std::uint64_t a = x[r], b = x[r + 2];
    x[r] = (a & 0x0000FFFF0000FFFFull) | ((b & 0x0000FFFF0000FFFFull) << 16);
    x[r + 2] = ((a >> 16) & 0x0000FFFF0000FFFFull) | (b & 0xFFFF0000FFFF0000ull);
  }
  for (int r : {0, 2, 4, 6}) {
    const std::uint64_t a = x[r], b = x[r + 1];
    x[r] = (a & 0x00FF00FF00FF00FFull) | ((b & 0x00FF00FF00FF00FFull) << 8);
    x[r + 1] = ((a >> 8) & 0x00FF00FF00FF00FFull) | (b & 0xFF00FF00FF00FF00ull);
  }
}

#if defined(__SSE2__)
// Sixteen 8-byte elements at `in` to byte planes: byte k of each goes to
// out[k * stride .. + 16). Three rounds of unpacks regroup the bytes: after two,
// each vector holds bytes 0-3 (or 4-7) of four elements, byte by byte; the 32- and
// 64-bit unpacks then gather a byte's four groups into its plane.
void shuffle16(const std::uint8_t* in, std::uint8_t* out, std::size_t stride) {
  __m128i v[8];
  for (int j = 0; j < 8; ++j) v[j] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16 * j));
  __m128i lo[4], hi[4];  // bytes 0-3 and 4-7 of elements 4j .. 4j + 3
  for (int j = 0; j < 4; ++j) {
    const __m128i a = _mm_unpacklo_epi8(v[2 * j], v[2 * j + 1]);  // elements 4j, 4j + 2
    const __m128i b = _mm_unpackhi_epi8(v[2 * j], v[2 * j + 1]);  // elements 4j + 1, 4j + 3
    lo[j] = _mm_unpacklo_epi8(a, b);
    hi[j] = _mm_unpackhi_epi8(a, b);
  }
  auto planes = [&](const __m128i g[4], std::uint8_t* first) {
    const __m128i e0 = _mm_unpacklo_epi32(g[0], g[1]), e1 = _mm_unpackhi_epi32(g[0], g[1]);
    const __m128i e2 = _mm_unpacklo_epi32(g[2], g[3]), e3 = _mm_unpackhi_epi32(g[2], g[3]);
    const __m128i p[4] = {_mm_unpacklo_epi64(e0, e2), _mm_unpackhi_epi64(e0, e2),
                          _mm_unpacklo_epi64(e1, e3), _mm_unpackhi_epi64(e1, e3)};
    for (int k = 0; k < 4; ++k)
      _mm_storeu_si128(reinterpret_cast<__m128i*>(first + k * stride), p[k]);
  };
  planes(lo, out);
  planes(hi, out + 4 * stride);
}
#endif

}  // namespace

ChunkDeflater::ChunkDeflater() : level_buf_(ISAL_DEF_LVL1_DEFAULT) {}

std::span<const std::uint8_t> ChunkDeflater::compress(const void* data, std::size_t n,
                                                      std::size_t chunk_elems,
                                                      std::size_t elem_size) {
  WF_ASSERT(n <= chunk_elems && elem_size > 0);
  const std::size_t bytes = chunk_elems * elem_size;
  // HDF5's shuffle: byte k of every element, then byte k + 1, ...
  shuffled_.resize(bytes);
  const auto* in = static_cast<const std::uint8_t*>(data);
  std::size_t done = 0;
  if (elem_size == 8) {  // eight elements at a time: one 8 x 8 byte transpose
    static_assert(std::endian::native == std::endian::little, "byte k is bits 8k..8k+7");
#if defined(__SSE2__)
    for (; done + 16 <= n; done += 16)
      shuffle16(in + done * 8, shuffled_.data() + done, chunk_elems);
#endif
    for (; done + 8 <= n; done += 8) {
      std::uint64_t x[8];
      std::memcpy(x, in + done * 8, sizeof x);
      transpose8(x);
      for (std::size_t k = 0; k < 8; ++k)
        std::memcpy(shuffled_.data() + k * chunk_elems + done, &x[k], 8);
    }
  }
  for (std::size_t k = 0; k < elem_size; ++k) {
    std::uint8_t* plane = shuffled_.data() + k * chunk_elems;
    for (std::size_t i = done; i < n; ++i) plane[i] = in[i * elem_size + k];
    std::fill(plane + n, plane + chunk_elems, std::uint8_t{0});
  }
  // Stored blocks bound the expansion: 5 bytes per 64 KiB, plus the zlib wrapper.
  out_.resize(bytes + bytes / 1024 + 1024);
  isal_zstream z;
  isal_deflate_stateless_init(&z);
  z.level = 1;
  z.level_buf = level_buf_.data();
  z.level_buf_size = static_cast<std::uint32_t>(level_buf_.size());
  z.gzip_flag = IGZIP_ZLIB;
  z.end_of_stream = 1;
  z.flush = NO_FLUSH;
  z.next_in = shuffled_.data();
  z.avail_in = static_cast<std::uint32_t>(bytes);
  z.next_out = out_.data();
  z.avail_out = static_cast<std::uint32_t>(out_.size());
  const int r = isal_deflate_stateless(&z);
  if (r != COMP_OK)
    throw InternalError("chunk deflater: ISA-L deflate failed with code " + std::to_string(r));
  return {out_.data(), z.total_out};
}

}  // namespace wf
