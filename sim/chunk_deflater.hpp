#pragma once
// HDF5 chunks compressed outside HDF5: the byte shuffle and a zlib stream made with
// ISA-L's deflate, which every HDF5 reader inflates with its standard shuffle and
// deflate filters. Several times as fast as the deflate filter's zlib at level 1
// (the writer's largest cost on long runs; see docs/design.md, "Output").
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wf {

class ChunkDeflater {
 public:
  ChunkDeflater();
  /// The chunk of `chunk_elems` elements of `elem_size` bytes whose first `n` are
  /// at `data` (the rest zeros), shuffled and deflated in zlib format. Valid until
  /// the next call.
  std::span<const std::uint8_t> compress(const void* data, std::size_t n, std::size_t chunk_elems,
                                         std::size_t elem_size);

 private:
  std::vector<std::uint8_t> shuffled_, out_, level_buf_;
};

}  // namespace wf
