#include "sim/chunk_deflater.hpp"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>

#include "sim/error.hpp"

namespace wf {

ChunkDeflater::ChunkDeflater() : level_buf_(ISAL_DEF_LVL1_DEFAULT) {}

std::span<const std::uint8_t> ChunkDeflater::compress(const void* data, std::size_t n,
                                                      std::size_t chunk_elems,
                                                      std::size_t elem_size) {
  WF_ASSERT(n <= chunk_elems && elem_size > 0);
  const std::size_t bytes = chunk_elems * elem_size;
  // HDF5's shuffle: byte k of every element, then byte k + 1, ...
  shuffled_.resize(bytes);
  const auto* in = static_cast<const std::uint8_t*>(data);
  for (std::size_t k = 0; k < elem_size; ++k) {
    std::uint8_t* plane = shuffled_.data() + k * chunk_elems;
    for (std::size_t i = 0; i < n; ++i) plane[i] = in[i * elem_size + k];
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
