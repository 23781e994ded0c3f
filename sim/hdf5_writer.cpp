#include "sim/hdf5_writer.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <regex>
#include <system_error>

#include <fmt/format.h>

#include "sim/chunk_deflater.hpp"
#include "sim/error.hpp"
#include "sim/hdf5_util.hpp"
#include "sim/huge_pages.hpp"
#include "sim/input_files.hpp"

namespace wf {

namespace {

using h5::check;
using h5::Hid;
using h5::own;

constexpr const char* kTimeUnits = "microseconds since 1970-01-01 00:00:00";

// deflate level for the float channels and /time, after byte shuffle. Measured
// with 1e6 rows x 27 channels, rows_per_chunk 16384, one site, whole run
// (2-core VM, noisy to about 10%):
//   smooth data (sines + ramp):  level 1: 4.0 s, 143 MB;  level 4: 4.2 s, 141 MB
//   piecewise-constant data:     level 1: 0.9 s, 3.4 MB;  level 4: 1.3 s, 2.6 MB
//   (no compression: 0.8 s, 228 MB)
// Level 4 buys little size for its time, so level 1 it is.
constexpr unsigned kDeflateLevel = 1;

// Events are rare next to rows; a smaller chunk keeps their buffers small.
constexpr std::size_t kMaxEventsPerChunk = 4096;

// One cache line of padding between channel columns in a site's row buffer, so
// the per-channel stores of one row do not all map to the same cache set when
// rows_per_chunk is a power of two (measured: append_row of 27 channels takes
// 33 ns with the pad, 68 ns without).
constexpr std::size_t kColumnPad = 8;

/// A name usable as one HDF5 link: not empty, no '/', not "." .
void check_link_name(std::string_view name, std::string_view what) {
  if (name.empty() || name == "." || name.find('/') != std::string_view::npos)
    throw InternalError(fmt::format("hdf5 writer: {} '{}' cannot be an HDF5 name", what, name));
}

/// An empty, unlimited, chunked 1-D dataset; compressed (shuffle + deflate) when asked.
Hid create_series(hid_t loc, const std::string& name, hid_t type, std::size_t chunk,
                  bool compress) {
  const hsize_t zero = 0, unlimited = H5S_UNLIMITED, chunk_len = chunk;
  Hid space = own(H5Screate_simple(1, &zero, &unlimited), H5Sclose, "creating a dataspace");
  Hid dcpl = own(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "creating a property list");
  check(H5Pset_chunk(dcpl.get(), 1, &chunk_len), "setting the chunk size of " + name);
  if (compress) {
    check(H5Pset_shuffle(dcpl.get()), "setting the shuffle filter of " + name);
    check(H5Pset_deflate(dcpl.get(), kDeflateLevel), "setting the deflate filter of " + name);
  }
  // We only ever write whole chunks (but for the last one) and never read back:
  // no chunk cache, so memory does not grow with the number of datasets either.
  Hid dapl = own(H5Pcreate(H5P_DATASET_ACCESS), H5Pclose, "creating a property list");
  check(H5Pset_chunk_cache(dapl.get(), 0, 0, 1.0), "disabling the chunk cache of " + name);
  return own(H5Dcreate2(loc, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), dapl.get()),
             H5Dclose, "creating dataset " + name);
}

/// Writes `bytes`, a whole chunk as ChunkDeflater made it, at rows [offset, offset + n)
/// (offset on a chunk boundary) of a 1-D dataset, extending it first.
void append_deflated_chunk(hid_t ds, std::uint64_t offset, std::size_t n,
                           std::span<const std::uint8_t> bytes, std::string_view what) {
  const hsize_t start = offset, new_len = offset + n;
  if (H5Dset_extent(ds, &new_len) < 0) h5::fail(fmt::format("extending {}", what));
  if (H5Dwrite_chunk(ds, H5P_DEFAULT, 0, &start, bytes.size(), bytes.data()) < 0)
    h5::fail(fmt::format("writing rows {}..{} of {}", offset, offset + n, what));
}

/// Writes `n` elements at [offset, offset + n) of a 1-D dataset, extending it first.
/// `what` names the dataset in error messages. With a deflater, rows that start a chunk
/// of `chunk` elements (shuffle + deflate, 8-byte little-endian elements) are
/// compressed here and written as the chunk, past HDF5's filter pipeline; the last
/// chunk is padded with zeros beyond the extent. Rows that continue a chunk on disk (a
/// flush() mid-run wrote its start) go through the filters, which merge them.
void append_block(hid_t ds, hid_t memtype, std::uint64_t offset, std::size_t n, const void* data,
                  std::string_view what, ChunkDeflater* deflater = nullptr, std::size_t chunk = 0,
                  hid_t dxpl = H5P_DEFAULT) {
  if (n == 0) return;
  if (deflater && chunk > 0 && offset % chunk == 0 && n <= chunk) {
    static_assert(std::endian::native == std::endian::little, "chunks are written as stored");
    WF_ASSERT(H5Tget_size(memtype) == 8);
    append_deflated_chunk(ds, offset, n, deflater->compress(data, n, chunk, 8), what);
    return;
  }
  const hsize_t start = offset, count = n, new_len = offset + n;
  if (H5Dset_extent(ds, &new_len) < 0) h5::fail(fmt::format("extending {}", what));
  Hid fspace = own(H5Dget_space(ds), H5Sclose, "getting a dataspace");
  check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
        "selecting a hyperslab");
  Hid mspace = own(H5Screate_simple(1, &count, nullptr), H5Sclose, "creating a dataspace");
  if (H5Dwrite(ds, memtype, mspace.get(), fspace.get(), dxpl, data) < 0)
    h5::fail(fmt::format("writing rows {}..{} of {}", offset, offset + n, what));
}

/// n doubles at a and b equal bit for bit (-0 is not 0, NaNs by payload); a few
/// samples first, so that columns that differ seldom cost a whole comparison.
bool same_bits(const double* a, const double* b, std::size_t n) {
  if (n == 0) return true;
  for (std::size_t i : {std::size_t{0}, n / 2, n - 1})
    if (std::memcmp(a + i, b + i, sizeof(double)) != 0) return false;
  return std::memcmp(a, b, n * sizeof(double)) == 0;
}

void write_units(hid_t obj, const std::string& units, const std::string& description) {
  h5::write_string_attr(obj, "units", units);
  h5::write_string_attr(obj, "description", description);
}

/// A group whose links list in creation order (so readers show channels in declared order).
Hid create_group(hid_t loc, const std::string& name, const std::string& what) {
  Hid gcpl = own(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "creating a property list");
  check(H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "tracking link creation order");
  return own(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), H5Gclose,
             "creating " + what);
}

// The output must be a new file or a regular one that is not an input of this
// run: a device, a FIFO, a symbolic link (the link would be replaced, not its
// target) or the scenario itself would be destroyed by the final rename.
void check_output_path(const std::filesystem::path& path) {
  if (path.empty() || path.filename().empty())
    throw OutputError(path.string(), 0, "", "expected an output file name");
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw OutputError(path.string(), 0, "",
                      fmt::format("cannot use it as the output: {}", std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode))
    throw OutputError(path.string(), 0, "", "cannot create output file: it is a directory");
  if (!S_ISREG(st.st_mode))
    throw OutputError(path.string(), 0, "",
                      fmt::format("the output exists and is {}; name a new or regular file",
                                  kind_of_file_mode(st.st_mode)));
  if (is_input_file(path))
    throw OutputError(path.string(), 0, "",
                      "the output is an input of this run (the result would replace it); "
                      "choose another output file");
}

// One line from an HDF5 failure: the system's reason when it names an errno
// (a full disk), else the message with its line breaks folded.
std::string io_reason(const std::string& what) {
  static const std::regex errno_re(R"(errno = (\d+))");
  std::smatch m;
  if (std::regex_search(what, m, errno_re)) return std::strerror(std::stoi(m[1].str()));
  std::string one = what;
  std::replace(one.begin(), one.end(), '\n', ' ');
  return one;
}

std::string reason_cannot_create(const std::filesystem::path& partial) {
  std::error_code ec;
  auto dir = partial.parent_path();
  if (dir.empty()) dir = ".";
  if (!std::filesystem::exists(dir, ec))
    return fmt::format("directory '{}' does not exist", dir.string());
  if (!std::filesystem::is_directory(dir, ec))
    return fmt::format("'{}' is not a directory", dir.string());
  return h5::error_text();
}

}  // namespace

struct ResultWriter::Impl {
  struct Site {
    std::string id;
    Hid group;
    std::vector<Hid> datasets;       ///< one per channel, in channel order
    std::vector<std::string> names;  ///< their paths, for error messages
    std::size_t stride = 0;          ///< distance between channel columns in `buffer`
    /// Channel c's pending rows at [c * stride, c * stride + fill); left uninitialised,
    /// so that a short run touches only the pages its rows reach.
    std::unique_ptr<double[]> buffer;
    std::size_t fill = 0;       ///< buffered rows
    std::uint64_t written = 0;  ///< rows already in the file
  };

  struct Events {
    Hid time, site, kind, value, message;
    std::vector<std::int64_t> t;
    std::vector<double> v;
    std::vector<std::string> s, k, m;
    std::vector<const char*> ptrs;  ///< scratch for writing the string columns
    std::size_t fill = 0;
    std::uint64_t written = 0;
    /// Every column sized to hold one chunk of events.
    void size_for_chunk(std::size_t rows) {
      t.resize(rows), v.resize(rows), ptrs.resize(rows);
      for (auto* col : {&s, &k, &m}) col->resize(rows);
    }
  };

  enum class State { open, finished, closed, failed };

  std::filesystem::path path, partial;
  int lock_fd = -1;      ///< our own lock on the partial file when HDF5 took none
  bool existed = false;  ///< a file was at `path` when the run began: (dev, ino) below
  dev_t existed_dev = 0;
  ino_t existed_ino = 0;
  timespec existed_ctime{};      ///< inode numbers are reused: a new file may get the old one's
  std::uint64_t rows_named = 0;  ///< rows_flushed as written to the attribute (in memory)
  std::uint64_t rows_named_on_disk = 0;  ///< rows_flushed as the last successful flush stored it
  Time start, interval;
  std::size_t rows_per_chunk = 0;
  std::size_t events_per_chunk = 0;
  ChunkDeflater deflater;
  struct Deflated {
    const double* column = nullptr;  ///< in the site's buffer, during one flush
    std::vector<std::uint8_t> bytes;
  };
  std::vector<Deflated> deflated;  ///< distinct columns of the flush under way (kept for reuse)

  Hid file, string_type, sites_group, summary_group, events_group, time_ds;
  // Writes of strings convert through a buffer HDF5 allocates zeroed per write (1 MiB by
  // default: about 1 ms of fresh pages each time); one event chunk's worth is enough.
  Hid string_dxpl;
  std::vector<Site> sites;
  std::vector<std::int64_t> time_buf;  ///< scratch for one block of /time
  std::uint64_t time_written = 0;
  std::uint64_t linked_rows = 0;  ///< rows of the sites linked from other files
  Events events;
  std::size_t blocks_since_flush = 0;
  bool rows_started = false;
  State state = State::open;

  void create(const RunMeta& meta);
  void write_meta(const RunMeta& meta);
  void flush_site(Site& s);
  void extend_time();
  void flush_events();
  void block_written();
  void flush_file();
  void write_pending();
  void create_site(Site& s, const std::vector<ChannelSpec>& channels);
  void write_summary(std::string_view site, const std::vector<SummaryValue>& values);
  void write_table(std::string_view site, std::string_view name,
                   const std::vector<TableColumn>& columns);
  void close_all() noexcept;
  void leak_all() noexcept;
  void create_partial(hid_t fapl);
  void unlock() noexcept;
  void remove_own_partial() noexcept;
  void move_into_place();
  [[noreturn]] void fail_output(const std::string& what);
  /// Runs `f`; an HDF5 failure inside (a full disk, an I/O error) ends the
  /// writer: the partial file is closed and kept, and OutputError thrown.
  template <class F>
  void guarded(F&& f) {
    try {
      f();
    } catch (const InputError&) {
      throw;
    } catch (const InternalError&) {
      throw;
    } catch (const std::runtime_error& e) {
      fail_output(e.what());
    }
  }
  void require_open(const char* what) const {
    if (state == State::failed)
      throw OutputError(path.string(), 0, "",
                        fmt::format("cannot write the result: an earlier write failed ({})", what));
    if (state != State::open)
      throw InternalError(fmt::format("hdf5 writer: {} after finish() or abandon()", what));
  }
};

void ResultWriter::Impl::create_partial(hid_t fapl) {
  // Ours from the first instant: created exclusively and locked at once (our
  // flock; HDF5's own locking is off), so a second run with the same output
  // finds a locked file and stops, and a stale file of a killed run (unlocked)
  // is replaced. Whoever removes a stale file holds its lock while doing so: a
  // run that created it that very instant then fails to lock it and stops.
  const auto another_run = [&] {
    return OutputError(path.string(), 0, "",
                       fmt::format("another run is writing this output ({} is locked); choose "
                                   "another output file or wait for it",
                                   partial.string()));
  };
  const auto create_locked = [&]() -> int {
    const int fd =
        ::open(partial.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      throw another_run();
    }
    return fd;
  };
  int fd = create_locked();
  if (fd < 0 && errno == EEXIST) {
    struct stat st {};
    if (::lstat(partial.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
      throw OutputError(partial.string(), 0, "",
                        fmt::format("exists and is {}; remove it or choose another output",
                                    kind_of_file_mode(st.st_mode)));
    const int old = ::open(partial.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (old >= 0) {
      if (::flock(old, LOCK_EX | LOCK_NB) != 0) {
        ::close(old);
        throw another_run();
      }
      ::unlink(partial.c_str());  // stale: a killed run's
      ::close(old);
    }
    fd = create_locked();
  }
  if (fd < 0) {
    const int err = errno;
    throw OutputError(path.string(), 0, "",
                      "cannot create output file: " + (err == ENOENT || err == ENOTDIR
                                                           ? reason_cannot_create(partial)
                                                           : std::string(std::strerror(err))));
  }
  lock_fd = fd;  // held until the writer is done with the file
  const hid_t f = H5Fcreate(partial.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
  if (f < 0) {
    const std::string why = h5::error_text();
    remove_own_partial();
    unlock();
    throw OutputError(path.string(), 0, "", "cannot create output file: " + io_reason(why));
  }
  file = Hid(f, H5Fclose);
}

void ResultWriter::Impl::remove_own_partial() noexcept {
  // Only the file we created and still hold: never one that took its name since.
  struct stat mine {
  }, there{};
  if (lock_fd >= 0 && ::fstat(lock_fd, &mine) == 0 && ::lstat(partial.c_str(), &there) == 0 &&
      mine.st_dev == there.st_dev && mine.st_ino == there.st_ino)
    ::unlink(partial.c_str());
}

void ResultWriter::Impl::unlock() noexcept {
  if (lock_fd >= 0) ::close(lock_fd);
  lock_fd = -1;
}

void ResultWriter::Impl::create(const RunMeta& meta) {
  h5::silence_errors();
  check_output_path(path);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0)
    existed = true, existed_dev = st.st_dev, existed_ino = st.st_ino, existed_ctime = st.st_ctim;

  // Format of HDF5 1.8 (as netCDF-4 writes): attributes without the 64 KiB limit
  // of the oldest format (dense attribute storage), which /time needs for the
  // REFERENCE_LIST of its dimension scale once many channels are attached to it
  // (with the oldest format, attaching fails after about 4000 channels).
  // Not the 1.10 format: its superblock (v3) carries an "open for write" flag,
  // and a killed run's file would not open without h5clear (the test of a
  // killed run fails with it).
  Hid fapl = own(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "creating a property list");
  check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_V18, H5F_LIBVER_V18),
        "setting the file format version");
  // The writer locks the partial file itself from its creation (create_partial).
  check(H5Pset_file_locking(fapl.get(), false, true), "turning off HDF5's file locking");
  create_partial(fapl.get());

  try {
    string_type = h5::vlen_utf8_type();
    string_dxpl = own(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "creating a transfer property list");
    check(H5Pset_buffer(string_dxpl.get(), 64 * 1024, nullptr, nullptr),
          "sizing the conversion buffer");
    write_meta(meta);

    time_ds = create_series(file.get(), "time", H5T_STD_I64LE, rows_per_chunk, true);
    write_units(time_ds.get(), kTimeUnits,
                "Start of each output interval; row k of every channel covers "
                "[time[k], time[k] + interval_us).");
    const std::int64_t interval_us = interval.count_us();
    h5::write_scalar_attr(time_ds.get(), "interval_us", H5T_NATIVE_INT64, &interval_us);
    h5::write_string_attr(time_ds.get(), "label", "interval start");
    check(H5DSset_scale(time_ds.get(), "time"), "making /time a dimension scale");

    sites_group = create_group(file.get(), "sites", "/sites");
    summary_group = create_group(file.get(), "summary", "/summary");

    events_group = create_group(file.get(), "events", "/events");
    hid_t eg = events_group.get();
    std::size_t ec_len = events_per_chunk;
    events.time = create_series(eg, "time", H5T_STD_I64LE, ec_len, true);
    write_units(events.time.get(), kTimeUnits, "When the event happened.");
    events.site = create_series(eg, "site", string_type.get(), ec_len, false);
    write_units(events.site.get(), "1", "Site id the event belongs to (empty: the whole run).");
    events.kind = create_series(eg, "kind", string_type.get(), ec_len, false);
    write_units(events.kind.get(), "1", "Kind of event, e.g. outage, interruption, limit_hit.");
    events.value = create_series(eg, "value", H5T_IEEE_F64LE, ec_len, true);
    write_units(events.value.get(), "1",
                "Number attached to the event (its meaning depends on kind).");
    events.message = create_series(eg, "message", string_type.get(), ec_len, false);
    write_units(events.message.get(), "1", "Human-readable description of the event.");
    // The event columns share one dimension, so the group also opens in xarray.
    check(H5DSset_scale(events.time.get(), "time"), "making /events/time a dimension scale");
    for (hid_t d : {events.site.get(), events.kind.get(), events.value.get(), events.message.get()})
      check(H5DSattach_scale(d, events.time.get(), 0), "attaching /events/time");

    events.size_for_chunk(ec_len);
    time_buf.resize(rows_per_chunk);
    const std::uint64_t zero = 0;
    h5::write_scalar_attr(file.get(), "rows_flushed", H5T_STD_U64LE, &zero);
    h5::write_scalar_attr(file.get(), "events_flushed", H5T_STD_U64LE, &zero);
    flush_file();
  } catch (const std::exception& e) {
    // Nothing worth keeping yet (no rows): the partial file goes.
    close_all();
    remove_own_partial();
    unlock();
    if (dynamic_cast<const InputError*>(&e) || dynamic_cast<const InternalError*>(&e)) throw;
    throw OutputError(path.string(), 0, "", "cannot create the result: " + io_reason(e.what()));
  }
}

void ResultWriter::Impl::fail_output(const std::string& what) {
  state = State::failed;
  // Not closed: closing writes metadata, and on a full disk only part of it
  // lands (a superblock naming space that was never written, a file HDF5 then
  // refuses to open). Left as it was at the last flush, the file is what a
  // killed run leaves, readable up to rows_flushed. The handles are leaked;
  // disable_hdf5_exit_cleanup() keeps HDF5 from closing them at exit.
  leak_all();
  if (rows_named_on_disk == 0) {  // the file names no row: nothing to keep
    remove_own_partial();
    unlock();
    throw OutputError(path.string(), 0, "",
                      fmt::format("cannot write the result: {}; no row had been safely written",
                                  io_reason(what)));
  }
  unlock();
  throw OutputError(path.string(), 0, "",
                    fmt::format("cannot write the result: {}; the rows its root attribute "
                                "rows_flushed names ({}) are kept in {}",
                                io_reason(what), rows_named_on_disk, partial.string()));
}

// The final rename must not replace a file that appeared at the output path
// during the run (another run, another program): that one is left alone and
// the result stays in the partial file.
void ResultWriter::Impl::move_into_place() {
  auto refuse = [&] {
    throw OutputError(path.string(), 0, "",
                      fmt::format("the file was created or replaced by another program during "
                                  "the run; it is left alone and the result stays in {}",
                                  partial.string()));
  };
  if (!existed) {
    if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0)
      return;
    if (errno == EEXIST) refuse();
    if (errno != EINVAL && errno != ENOSYS)  // no RENAME_NOREPLACE on this file system
      throw OutputError(path.string(), 0, "",
                        fmt::format("cannot move {} to the output path: {}", partial.string(),
                                    std::strerror(errno)));
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ec))) refuse();
  } else {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0 &&
        (!S_ISREG(st.st_mode) || st.st_dev != existed_dev || st.st_ino != existed_ino ||
         st.st_ctim.tv_sec != existed_ctime.tv_sec || st.st_ctim.tv_nsec != existed_ctime.tv_nsec))
      refuse();
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec)
    throw OutputError(
        path.string(), 0, "",
        fmt::format("cannot move {} to the output path: {}", partial.string(), ec.message()));
}

void ResultWriter::Impl::write_meta(const RunMeta& meta) {
  Hid g = create_group(file.get(), "meta", "/meta");
  h5::write_string_attr(g.get(), "version", meta.version);
  h5::write_string_attr(g.get(), "git_hash", meta.git_hash);
  // The scenario text stays an attribute even when large: a variable-length
  // string attribute only holds a reference in the object header, the text
  // itself lives in the global heap, so the 64 KiB attribute limit does not
  // apply (the test writes a 1 MiB scenario).
  h5::write_string_attr(g.get(), "scenario", meta.scenario_text);
  h5::write_string_attr(g.get(), "scenario_path", meta.scenario_path);
  h5::write_string_attr(g.get(), "overrides", meta.overrides);
  h5::write_string_attr(g.get(), "created_utc", meta.created_utc);
  h5::write_scalar_attr(g.get(), "seed", H5T_NATIVE_UINT64, &meta.seed);
}

void ResultWriter::Impl::flush_site(Site& s) {
  const bool whole_chunks =
      s.fill > 0 && s.written % rows_per_chunk == 0 && s.fill <= rows_per_chunk;
  std::size_t distinct = 0;  // columns of this flush deflated so far, in `deflated`
  for (std::size_t c = 0; c < s.datasets.size(); ++c) {
    const double* col = s.buffer.get() + c * s.stride;
    if (!whole_chunks) {
      append_block(s.datasets[c].get(), H5T_NATIVE_DOUBLE, s.written, s.fill, col, s.names[c],
                   &deflater, rows_per_chunk);
      continue;
    }
    // A column equal bit for bit to one deflated before takes its chunk (a channel's
    // mean, min and max at rows no longer than its steps; channels at zero): deflate,
    // the writer's largest cost, runs once per distinct column.
    std::size_t d = 0;
    while (d < distinct && !same_bits(col, deflated[d].column, s.fill)) ++d;
    if (d == distinct) {
      if (deflated.size() == distinct) deflated.emplace_back();
      const auto bytes = deflater.compress(col, s.fill, rows_per_chunk, 8);
      deflated[d].column = col;
      deflated[d].bytes.assign(bytes.begin(), bytes.end());
      ++distinct;
    }
    append_deflated_chunk(s.datasets[c].get(), s.written, s.fill, deflated[d].bytes, s.names[c]);
  }
  s.written += s.fill;
  s.fill = 0;
  extend_time();
  block_written();
}

void ResultWriter::Impl::extend_time() {
  std::uint64_t target = std::max(time_written, linked_rows);
  for (const Site& s : sites) target = std::max(target, s.written);
  // A site's flush adds at most rows_per_chunk rows to the maximum, so the
  // scratch buffer always suffices; loop anyway to keep that an optimisation.
  while (time_written < target) {
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(target - time_written, time_buf.size()));
    for (std::size_t i = 0; i < n; ++i)
      time_buf[i] = (start + interval * static_cast<std::int64_t>(time_written + i)).count_us();
    append_block(time_ds.get(), H5T_NATIVE_INT64, time_written, n, time_buf.data(), "/time",
                 &deflater, rows_per_chunk);
    time_written += n;
  }
}

void ResultWriter::Impl::flush_events() {
  Events& e = events;
  if (e.fill == 0) return;
  append_block(e.time.get(), H5T_NATIVE_INT64, e.written, e.fill, e.t.data(), "/events/time");
  append_block(e.value.get(), H5T_NATIVE_DOUBLE, e.written, e.fill, e.v.data(), "/events/value");
  auto strings = [&](const Hid& ds, const std::vector<std::string>& col, const char* what) {
    for (std::size_t i = 0; i < e.fill; ++i) e.ptrs[i] = col[i].c_str();
    append_block(ds.get(), string_type.get(), e.written, e.fill, e.ptrs.data(), what, nullptr, 0,
                 string_dxpl.get());
  };
  strings(e.site, e.s, "/events/site");
  strings(e.kind, e.k, "/events/kind");
  strings(e.message, e.m, "/events/message");
  e.written += e.fill;
  e.fill = 0;
}

// Sites usually fill their buffers in lockstep; flushing the file once per round
// (every sites.size() blocks) instead of after each site's block saves most
// H5Fflush calls, and the file on disk then has all sites at the same length.
void ResultWriter::Impl::block_written() {
  if (++blocks_since_flush >= std::max<std::size_t>(1, sites.size())) flush_file();
}

void ResultWriter::Impl::flush_file() {
  flush_events();
  check(H5Fflush(file.get(), H5F_SCOPE_GLOBAL), "flushing the file");
  blocks_since_flush = 0;
  rows_named_on_disk = rows_named;
  rows_named = time_written;
  // Rows and events on disk as of this flush. Set after it, so it reaches the disk
  // with the next one: the value a killed run leaves never names rows whose chunk
  // (or the index pointing at it) was still being written.
  const std::uint64_t counts[2] = {time_written, events.written};
  for (int i = 0; i < 2; ++i) {
    const char* name = i == 0 ? "rows_flushed" : "events_flushed";
    Hid attr =
        own(H5Aopen(file.get(), name, H5P_DEFAULT), H5Aclose, std::string("opening ") + name);
    check(H5Awrite(attr.get(), H5T_NATIVE_UINT64, &counts[i]), std::string("writing ") + name);
  }
}

void ResultWriter::Impl::write_pending() {
  for (Site& s : sites)
    if (s.fill > 0) flush_site(s);
  extend_time();  // sites without channels still count rows
  flush_file();
}

void ResultWriter::Impl::leak_all() noexcept {
  for (Site& s : sites) {
    for (Hid& d : s.datasets) d.release();
    s.group.release();
  }
  for (Hid* h :
       {&events.time, &events.site, &events.kind, &events.value, &events.message, &events_group,
        &summary_group, &sites_group, &time_ds, &string_type, &string_dxpl, &file})
    h->release();
}

void ResultWriter::Impl::close_all() noexcept {
  for (Site& s : sites) {
    for (Hid& d : s.datasets) d.reset();
    s.group.reset();
  }
  for (Hid* h : {&events.time, &events.site, &events.kind, &events.value, &events.message,
                 &events_group, &summary_group, &sites_group, &time_ds, &string_type, &string_dxpl})
    h->reset();
  file.reset();
}

ResultWriter::ResultWriter(std::filesystem::path path, const RunMeta& meta, Time start,
                           Time interval, std::size_t rows_per_chunk)
    : impl_(std::make_unique<Impl>()) {
  WF_ASSERT(rows_per_chunk > 0);
  WF_ASSERT(interval > Time::zero());
  Impl& m = *impl_;
  m.path = std::move(path);
  m.partial = m.path;
  m.partial += ".partial";
  m.start = start;
  m.interval = interval;
  m.rows_per_chunk = rows_per_chunk;
  m.events_per_chunk = std::min(rows_per_chunk, kMaxEventsPerChunk);
  m.create(meta);
}

ResultWriter::~ResultWriter() {
  if (!impl_) return;
  if (impl_->state == Impl::State::open) {
    // Best effort: a run that ends in an exception keeps everything it produced.
    try {
      impl_->write_pending();
    } catch (...) {
    }
    impl_->close_all();
  }
  impl_->unlock();
}

int ResultWriter::add_site(std::string_view id, std::vector<ChannelSpec> channels) {
  Impl& m = *impl_;
  m.require_open("add_site()");
  if (m.rows_started)
    throw InternalError(fmt::format("hdf5 writer: add_site('{}') after the first row", id));
  check_link_name(id, "site id");
  for (const auto& s : m.sites)
    if (s.id == id) throw InternalError(fmt::format("hdf5 writer: site '{}' added twice", id));
  for (std::size_t i = 0; i < channels.size(); ++i) {
    check_link_name(channels[i].name, "channel name");
    if (channels[i].name == "time")
      throw InternalError(
          fmt::format("hdf5 writer: site '{}': a channel cannot be named time", id));
    for (std::size_t j = 0; j < i; ++j)
      if (channels[j].name == channels[i].name)
        throw InternalError(
            fmt::format("hdf5 writer: site '{}': channel '{}' twice", id, channels[i].name));
  }

  Impl::Site s;
  s.id = std::string(id);
  m.guarded([&] { m.create_site(s, channels); });
  m.sites.push_back(std::move(s));
  return static_cast<int>(m.sites.size() - 1);
}

void ResultWriter::link_site(std::string_view id, const std::string& file, std::uint64_t rows) {
  Impl& m = *impl_;
  m.require_open("link_site()");
  check_link_name(id, "site id");
  for (const auto& s : m.sites)
    if (s.id == id) throw InternalError(fmt::format("hdf5 writer: site '{}' added twice", id));
  m.guarded([&] {
    const std::pair<const char*, hid_t> groups[] = {{"sites", m.sites_group.get()},
                                                    {"summary", m.summary_group.get()}};
    for (const auto& [name, group] : groups) {
      const std::string target = fmt::format("/{}/{}", name, id);
      check(H5Lcreate_external(file.c_str(), target.c_str(), group, std::string(id).c_str(),
                               H5P_DEFAULT, H5P_DEFAULT),
            fmt::format("linking {} to {}", target, file));
    }
  });
  m.linked_rows = std::max(m.linked_rows, rows);
}

void ResultWriter::mark_part(std::string_view whole, int part, int parts) {
  Impl& m = *impl_;
  m.require_open("mark_part()");
  m.guarded([&] {
    h5::write_string_attr(m.file.get(), "part_of", std::string(whole));
    const std::int64_t at[2] = {part, parts};
    h5::write_scalar_attr(m.file.get(), "part", H5T_NATIVE_INT64, &at[0]);
    h5::write_scalar_attr(m.file.get(), "parts", H5T_NATIVE_INT64, &at[1]);
  });
}

void ResultWriter::Impl::create_site(Site& s, const std::vector<ChannelSpec>& channels) {
  Impl& m = *this;
  const std::string& id = s.id;
  s.group = create_group(m.sites_group.get(), s.id, fmt::format("/sites/{}", id));
  // The same /time object appears in every site group, so each group is a
  // self-contained netCDF-like dataset (h5netcdf finds the dimension scale in it).
  check(H5Lcreate_hard(m.time_ds.get(), ".", s.group.get(), "time", H5P_DEFAULT, H5P_DEFAULT),
        fmt::format("linking /sites/{}/time", id));
  for (const auto& ch : channels) {
    Hid ds = create_series(s.group.get(), ch.name, H5T_IEEE_F64LE, m.rows_per_chunk, true);
    write_units(ds.get(), ch.units, ch.description);
    check(H5DSattach_scale(ds.get(), m.time_ds.get(), 0),
          fmt::format("attaching time to /sites/{}/{}", id, ch.name));
    s.datasets.push_back(std::move(ds));
    s.names.push_back(fmt::format("/sites/{}/{}", id, ch.name));
  }
  s.stride = m.rows_per_chunk + kColumnPad;
  s.buffer.reset(new double[s.stride * channels.size()]);
  advise_huge_pages(s.buffer.get(), s.stride * channels.size() * sizeof(double));
}

void ResultWriter::append_row(int site, std::span<const double> values) {
  Impl& m = *impl_;
  if (m.state == Impl::State::failed) m.require_open("append_row()");
  if (site < 0 || static_cast<std::size_t>(site) >= m.sites.size() || m.state != Impl::State::open)
    throw InternalError(fmt::format("hdf5 writer: append_row to site index {} of {}{}", site,
                                    m.sites.size(),
                                    m.state != Impl::State::open ? " after finish()" : ""));
  Impl::Site& s = m.sites[static_cast<std::size_t>(site)];
  const std::size_t n = s.datasets.size();
  if (values.size() != n)
    throw InternalError(fmt::format("hdf5 writer: site '{}' has {} channels, row has {} values",
                                    s.id, n, values.size()));
  m.rows_started = true;
  double* col = s.buffer.get() + s.fill;
  const std::size_t stride = s.stride;
  for (std::size_t c = 0; c < n; ++c) col[c * stride] = values[c];
  if (++s.fill == m.rows_per_chunk) m.guarded([&] { m.flush_site(s); });
}

void ResultWriter::add_event(Time t, std::string_view site, std::string_view kind, double value,
                             std::string_view message) {
  Impl& m = *impl_;
  m.require_open("add_event()");
  Impl::Events& e = m.events;
  e.t[e.fill] = t.count_us();
  e.v[e.fill] = value;
  e.s[e.fill].assign(site);
  e.k[e.fill].assign(kind);
  e.m[e.fill].assign(message);
  if (++e.fill == e.t.size())
    m.guarded([&] {
      m.flush_events();
      m.block_written();
    });
}

void ResultWriter::add_summary(std::string_view site, const std::vector<SummaryValue>& values) {
  Impl& m = *impl_;
  m.require_open("add_summary()");
  for (const auto& v : values) check_link_name(v.name, "summary name");
  if (!site.empty()) check_link_name(site, "site id");
  m.guarded([&] { m.write_summary(site, values); });
}

void ResultWriter::Impl::write_summary(std::string_view site,
                                       const std::vector<SummaryValue>& values) {
  Impl& m = *this;
  Hid owned;
  hid_t g = m.summary_group.get();
  if (!site.empty()) {
    const std::string name(site);
    const htri_t exists = H5Lexists(g, name.c_str(), H5P_DEFAULT);
    check(exists, "looking up /summary/" + name);
    owned = exists > 0
                ? own(H5Gopen2(g, name.c_str(), H5P_DEFAULT), H5Gclose, "opening /summary/" + name)
                : create_group(g, name, "/summary/" + name);
    g = owned.get();
  }
  Hid space = own(H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace");
  for (const auto& v : values) {
    const std::string where = site.empty() ? fmt::format("/summary/{}", v.name)
                                           : fmt::format("/summary/{}/{}", site, v.name);
    const htri_t exists = H5Lexists(g, v.name.c_str(), H5P_DEFAULT);
    check(exists, "looking up " + where);
    if (exists > 0) throw InternalError(fmt::format("hdf5 writer: {} written twice", where));
    Hid ds = own(H5Dcreate2(g, v.name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, "creating " + where);
    check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v.value),
          "writing " + where);
    write_units(ds.get(), v.units, v.description);
  }
}

void ResultWriter::add_table(std::string_view site, std::string_view name,
                             const std::vector<TableColumn>& columns) {
  Impl& m = *impl_;
  m.require_open("add_table()");
  check_link_name(site, "site id");
  check_link_name(name, "table name");
  for (const auto& c : columns) {
    check_link_name(c.name, "column name");
    if (c.values.size() != columns.front().values.size())
      throw InternalError(fmt::format("hdf5 writer: table {} has columns of unequal length", name));
  }
  m.guarded([&] { m.write_table(site, name, columns); });
}

void ResultWriter::Impl::write_table(std::string_view site, std::string_view name,
                                     const std::vector<TableColumn>& columns) {
  const std::string s(site), n(name);
  hid_t root = summary_group.get();
  const htri_t exists = H5Lexists(root, s.c_str(), H5P_DEFAULT);
  check(exists, "looking up /summary/" + s);
  Hid site_group =
      exists > 0 ? own(H5Gopen2(root, s.c_str(), H5P_DEFAULT), H5Gclose, "opening /summary/" + s)
                 : create_group(root, s, "/summary/" + s);
  const std::string where = fmt::format("/summary/{}/{}", s, n);
  Hid table = create_group(site_group.get(), n, where);
  for (const auto& c : columns) {
    const hsize_t len = c.values.size();
    Hid space = own(H5Screate_simple(1, &len, nullptr), H5Sclose, "creating a dataspace");
    const std::string at = where + "/" + c.name;
    Hid ds = own(H5Dcreate2(table.get(), c.name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT),
                 H5Dclose, "creating " + at);
    if (len > 0)
      check(H5Dwrite(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.values.data()),
            "writing " + at);
    write_units(ds.get(), c.units, c.description);
  }
}

void ResultWriter::flush() {
  Impl& m = *impl_;
  m.require_open("flush()");
  m.guarded([&] {
    m.write_pending();
    m.flush_file();  // a second flush takes the rows_flushed naming the first to the disk
  });
}

void ResultWriter::finish() {
  Impl& m = *impl_;
  m.require_open("finish()");
  m.guarded([&] { m.write_pending(); });
  const hid_t f = m.file.release();  // close everything else first, then count what is left
  m.close_all();
  const ssize_t open_ids = H5Fget_obj_count(f, H5F_OBJ_ALL);
  const herr_t closed = H5Fclose(f);
  m.state = Impl::State::finished;
  if (open_ids != 1)
    throw InternalError(
        fmt::format("hdf5 writer: {} HDF5 ids left open at finish()", open_ids - 1));
  if (closed < 0) {
    m.state = Impl::State::failed;
    m.unlock();
    throw OutputError(
        m.path.string(), 0, "",
        fmt::format("cannot write the result: {}; the rows its root attribute "
                    "rows_flushed names ({}) are kept in {}",
                    io_reason(h5::error_text()), m.rows_named_on_disk, m.partial.string()));
  }
  try {
    m.move_into_place();
  } catch (...) {
    m.unlock();  // the result stays in the closed partial file, free to read
    throw;
  }
  m.unlock();
}

void ResultWriter::abandon() {
  Impl& m = *impl_;
  if (m.state != Impl::State::open) return;
  m.close_all();
  m.state = Impl::State::closed;
  m.remove_own_partial();
  m.unlock();
}

bool ResultWriter::failed() const {
  return impl_->state == Impl::State::failed;
}

void disable_hdf5_exit_cleanup() {
  // HDF5 closes the files still open at exit; one whose close failed (a full
  // disk) it cannot close and crashes on (H5F__close_cb). The writer always
  // closes its own file, so the cleanup has nothing to do in wattfleet.
  H5dont_atexit();
}

const std::filesystem::path& ResultWriter::partial_path() const {
  return impl_->partial;
}

}  // namespace wf
