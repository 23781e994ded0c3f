#include "sim/chunk_deflater.hpp"

#include <isa-l/igzip_lib.h>

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
