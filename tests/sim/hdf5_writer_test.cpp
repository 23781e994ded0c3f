#include "sim/hdf5_writer.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>
#include <hdf5_hl.h>

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

#include "sim/error.hpp"
#include "sim/hdf5_util.hpp"
#include "sim/input_files.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using h5::Hid;
using h5::own;

// ---- reading helpers (HDF5 C API) ---------------------------------------------

Hid open_file(const std::filesystem::path& p) {
  return own(H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, "opening " + p.string());
}

Hid open_ds(hid_t loc, const std::string& name) {
  return own(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), H5Dclose, "opening " + name);
}

std::size_t length_of(hid_t ds) {
  Hid space = own(H5Dget_space(ds), H5Sclose, "dataspace");
  EXPECT_EQ(H5Sget_simple_extent_ndims(space.get()), 1);
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  return static_cast<std::size_t>(n);
}

template <class T>
std::vector<T> read_all(hid_t loc, const std::string& name, hid_t memtype) {
  Hid ds = open_ds(loc, name);
  std::vector<T> out(length_of(ds.get()));
  if (!out.empty())
    h5::check(H5Dread(ds.get(), memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
              "read " + name);
  return out;
}

/// The first `n` values only: a partial file's chunks past rows_flushed may not be on disk.
std::vector<double> read_prefix(hid_t loc, const std::string& name, std::size_t n) {
  Hid ds = open_ds(loc, name);
  EXPECT_GE(length_of(ds.get()), n) << name;
  std::vector<double> out(n);
  if (n == 0) return out;
  const hsize_t start = 0, count = n;
  Hid fspace = own(H5Dget_space(ds.get()), H5Sclose, "dataspace");
  h5::check(H5Sselect_hyperslab(fspace.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
            "hyperslab");
  Hid mspace = own(H5Screate_simple(1, &count, nullptr), H5Sclose, "dataspace");
  h5::check(
      H5Dread(ds.get(), H5T_NATIVE_DOUBLE, mspace.get(), fspace.get(), H5P_DEFAULT, out.data()),
      "read " + name);
  return out;
}

std::vector<double> read_doubles(hid_t loc, const std::string& name) {
  return read_all<double>(loc, name, H5T_NATIVE_DOUBLE);
}
std::vector<std::int64_t> read_int64s(hid_t loc, const std::string& name) {
  return read_all<std::int64_t>(loc, name, H5T_NATIVE_INT64);
}

std::vector<std::string> read_strings(hid_t loc, const std::string& name) {
  Hid ds = open_ds(loc, name);
  Hid type = h5::vlen_utf8_type();
  std::vector<char*> raw(length_of(ds.get()), nullptr);
  std::vector<std::string> out;
  if (raw.empty()) return out;
  h5::check(H5Dread(ds.get(), type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()), "read");
  for (char* p : raw) out.emplace_back(p != nullptr ? p : "");
  Hid space = own(H5Dget_space(ds.get()), H5Sclose, "dataspace");
  H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, raw.data());
  return out;
}

double read_scalar(hid_t loc, const std::string& name) {
  Hid ds = open_ds(loc, name);
  Hid space = own(H5Dget_space(ds.get()), H5Sclose, "dataspace");
  EXPECT_EQ(H5Sget_simple_extent_type(space.get()), H5S_SCALAR) << name;
  double v = 0;
  h5::check(H5Dread(ds.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v), "read");
  return v;
}

std::string attr(hid_t loc, const std::string& obj, const char* name) {
  Hid o = own(H5Oopen(loc, obj.c_str(), H5P_DEFAULT), H5Oclose, "opening " + obj);
  return h5::read_string_attr(o.get(), name);
}

template <class T>
T numeric_attr(hid_t obj, const char* name, hid_t memtype) {
  Hid a = own(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, name);
  T v{};
  h5::check(H5Aread(a.get(), memtype, &v), name);
  return v;
}

haddr_t link_address(hid_t loc, const char* name) {
  H5L_info_t info;
  h5::check(H5Lget_info(loc, name, &info, H5P_DEFAULT), name);
  EXPECT_EQ(info.type, H5L_TYPE_HARD) << name;
  return info.u.address;
}

bool starts_with_hdf5_signature(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  char sig[8] = {};
  in.read(sig, 8);
  return in && std::string(sig, 8) == std::string("\x89HDF\r\n\x1a\n", 8);
}

// ---- test data -------------------------------------------------------------------

constexpr Time kStart = Time::seconds(1'704'067'200);  // 2024-01-01T00:00:00Z
constexpr Time kInterval = Time::seconds(60);

double value_of(int site, std::size_t channel, std::size_t row) {
  return site * 1e6 + static_cast<double>(channel) * 1e4 + static_cast<double>(row) * 0.25;
}

std::vector<ChannelSpec> channels(std::size_t n) {
  std::vector<ChannelSpec> out;
  const char* units[] = {"W", "1", "J"};
  for (std::size_t c = 0; c < n; ++c)
    out.push_back({"ch" + std::to_string(c), units[c % 3], "channel " + std::to_string(c)});
  return out;
}

RunMeta meta() {
  RunMeta m;
  m.version = "0.1.0";
  m.git_hash = "0123456789ab";
  m.scenario_text = "name: test\nsites: [berlin, paris]\n# Grüße\n";
  m.scenario_path = "scenarios/test.yaml";
  m.overrides = "seed=7";
  m.created_utc = "2024-05-06T07:08:09Z";
  m.seed = 0xFFFF'FFFF'FFFF'FF01ull;  // above INT64_MAX: must stay unsigned
  return m;
}

/// Appends rows [from, to) to every site, values from value_of().
void append_rows(ResultWriter& w, const std::vector<std::pair<int, std::size_t>>& sites,
                 std::size_t from, std::size_t to) {
  std::vector<double> row;
  for (std::size_t r = from; r < to; ++r)
    for (auto [site, nch] : sites) {
      row.resize(nch);
      for (std::size_t c = 0; c < nch; ++c) row[c] = value_of(site, c, r);
      w.append_row(site, row);
    }
}

void expect_rows(hid_t file, const std::string& site_id, int site, std::size_t nch,
                 std::size_t rows) {
  for (std::size_t c = 0; c < nch; ++c) {
    const std::string name = "sites/" + site_id + "/ch" + std::to_string(c);
    auto v = read_doubles(file, name);
    ASSERT_EQ(v.size(), rows) << name;
    for (std::size_t r = 0; r < rows; ++r)
      ASSERT_EQ(v[r], value_of(site, c, r)) << name << " " << r;
  }
}

class ResultWriterTest : public ::testing::Test {
 protected:
  void TearDown() override {
    // Neither the writer nor the readers above leave HDF5 objects open.
    EXPECT_EQ(H5Fget_obj_count(static_cast<hid_t>(H5F_OBJ_ALL), H5F_OBJ_ALL), 0);
  }
  test::TempDir dir;
};

// ---- tests -------------------------------------------------------------------------

TEST_F(ResultWriterTest, WritesTheDocumentedLayout) {
  const auto path = dir / "run.h5";
  const std::size_t rows = 3000, rpc = 256;  // 11 full chunks and 184 rows
  const std::size_t n_events = 600;          // more than one event chunk
  RunMeta m = meta();
  m.scenario_text += std::string(1 << 20, 'x');  // far beyond the 64 KiB attribute limit
  {
    ResultWriter w(path, m, kStart, kInterval, rpc);
    EXPECT_EQ(w.partial_path(), dir / "run.h5.partial");
    const int berlin = w.add_site("berlin", channels(3));
    const int paris = w.add_site("paris", channels(2));
    EXPECT_EQ(berlin, 0);
    EXPECT_EQ(paris, 1);
    append_rows(w, {{berlin, 3}, {paris, 2}}, 0, rows / 2);
    for (std::size_t i = 0; i < n_events; ++i)
      w.add_event(kStart + Time::seconds(static_cast<std::int64_t>(i)), i % 2 ? "paris" : "berlin",
                  i % 3 ? "limit_hit" : "outage", static_cast<double>(i) * 1.5,
                  "event " + std::to_string(i));
    append_rows(w, {{berlin, 3}, {paris, 2}}, rows / 2, rows);
    w.add_summary("", {{"energy_total", "J", "Energy of the whole fleet.", 1.25e9}});
    w.add_summary("berlin", {{"energy", "J", "Energy of Berlin.", 1e9},
                             {"peak_power", "W", "Highest interval mean.", 4.5e3}});
    w.add_summary("berlin", {{"outages", "1", "Number of outages.", 2}});
    EXPECT_TRUE(std::filesystem::exists(w.partial_path()));
    EXPECT_FALSE(std::filesystem::exists(path));
    w.finish();
    EXPECT_FALSE(std::filesystem::exists(w.partial_path()));
  }
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir / "run.h5.partial"));

  Hid f = open_file(path);
  const hid_t file = f.get();

  // /meta
  Hid meta_g = own(H5Gopen2(file, "meta", H5P_DEFAULT), H5Gclose, "meta");
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "version"), m.version);
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "git_hash"), m.git_hash);
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "scenario"), m.scenario_text);
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "scenario_path"), m.scenario_path);
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "overrides"), m.overrides);
  EXPECT_EQ(h5::read_string_attr(meta_g.get(), "created_utc"), m.created_utc);
  EXPECT_EQ(numeric_attr<std::uint64_t>(meta_g.get(), "seed", H5T_NATIVE_UINT64), m.seed);
  {
    Hid a = own(H5Aopen(meta_g.get(), "seed", H5P_DEFAULT), H5Aclose, "seed");
    Hid t = own(H5Aget_type(a.get()), H5Tclose, "type");
    EXPECT_EQ(H5Tget_sign(t.get()), H5T_SGN_NONE);
    EXPECT_EQ(H5Tget_size(t.get()), 8u);
  }

  // /time
  Hid time = open_ds(file, "time");
  const auto t = read_int64s(file, "time");
  ASSERT_EQ(t.size(), rows);
  // A complete file says all its rows and events were flushed.
  EXPECT_EQ(numeric_attr<std::uint64_t>(file, "rows_flushed", H5T_NATIVE_UINT64), rows);
  EXPECT_EQ(numeric_attr<std::uint64_t>(file, "events_flushed", H5T_NATIVE_UINT64),
            read_int64s(file, "events/time").size());
  for (std::size_t k = 0; k < rows; ++k)
    ASSERT_EQ(t[k], (kStart + kInterval * static_cast<std::int64_t>(k)).count_us()) << k;
  EXPECT_EQ(attr(file, "time", "units"), "microseconds since 1970-01-01 00:00:00");
  EXPECT_EQ(attr(file, "time", "label"), "interval start");
  EXPECT_FALSE(attr(file, "time", "description").empty());
  EXPECT_EQ(numeric_attr<std::int64_t>(time.get(), "interval_us", H5T_NATIVE_INT64),
            kInterval.count_us());
  EXPECT_GT(H5DSis_scale(time.get()), 0);
  char scale_name[16] = {};
  EXPECT_EQ(H5DSget_scale_name(time.get(), scale_name, sizeof scale_name), 4);
  EXPECT_STREQ(scale_name, "time");
  {
    Hid dcpl = own(H5Dget_create_plist(time.get()), H5Pclose, "dcpl");
    EXPECT_EQ(H5Pget_layout(dcpl.get()), H5D_CHUNKED);
    hsize_t chunk = 0;
    EXPECT_EQ(H5Pget_chunk(dcpl.get(), 1, &chunk), 1);
    EXPECT_EQ(chunk, rpc);
  }

  // /sites
  const haddr_t time_addr = link_address(file, "time");
  for (auto [id, site, nch] : {std::tuple<std::string, int, std::size_t>{"berlin", 0, 3},
                               std::tuple<std::string, int, std::size_t>{"paris", 1, 2}}) {
    SCOPED_TRACE(id);
    Hid g = own(H5Gopen2(file, ("sites/" + id).c_str(), H5P_DEFAULT), H5Gclose, id);
    EXPECT_EQ(link_address(g.get(), "time"), time_addr);  // a hard link to /time
    H5G_info_t ginfo;
    ASSERT_GE(H5Gget_info(g.get(), &ginfo), 0);
    EXPECT_EQ(ginfo.nlinks, nch + 1);  // the channels and time
    expect_rows(file, id, site, nch, rows);
    for (std::size_t c = 0; c < nch; ++c) {
      const std::string name = "ch" + std::to_string(c);
      Hid ds = open_ds(g.get(), name);
      EXPECT_EQ(h5::read_string_attr(ds.get(), "units"), channels(nch)[c].units);
      EXPECT_EQ(h5::read_string_attr(ds.get(), "description"), channels(nch)[c].description);
      EXPECT_GT(H5DSis_attached(ds.get(), time.get(), 0), 0) << name;
      Hid dcpl = own(H5Dget_create_plist(ds.get()), H5Pclose, "dcpl");
      EXPECT_EQ(H5Pget_nfilters(dcpl.get()), 2) << "shuffle + deflate";
      Hid type = own(H5Dget_type(ds.get()), H5Tclose, "type");
      EXPECT_GT(H5Tequal(type.get(), H5T_IEEE_F64LE), 0);
    }
  }

  // /events
  for (const char* name : {"time", "site", "kind", "value", "message"}) {
    Hid ds = open_ds(file, std::string("events/") + name);
    EXPECT_EQ(length_of(ds.get()), n_events) << name;
    EXPECT_FALSE(h5::read_string_attr(ds.get(), "units").empty()) << name;
    EXPECT_FALSE(h5::read_string_attr(ds.get(), "description").empty()) << name;
  }
  EXPECT_EQ(attr(file, "events/time", "units"), "microseconds since 1970-01-01 00:00:00");
  const auto et = read_int64s(file, "events/time");
  const auto ev = read_doubles(file, "events/value");
  const auto es = read_strings(file, "events/site");
  const auto ek = read_strings(file, "events/kind");
  const auto em = read_strings(file, "events/message");
  ASSERT_EQ(em.size(), n_events);
  for (std::size_t i = 0; i < n_events; ++i) {
    ASSERT_EQ(et[i], (kStart + Time::seconds(static_cast<std::int64_t>(i))).count_us()) << i;
    ASSERT_EQ(ev[i], static_cast<double>(i) * 1.5) << i;
    ASSERT_EQ(es[i], i % 2 ? "paris" : "berlin") << i;
    ASSERT_EQ(ek[i], i % 3 ? "limit_hit" : "outage") << i;
    ASSERT_EQ(em[i], "event " + std::to_string(i)) << i;
  }

  // /summary
  EXPECT_EQ(read_scalar(file, "summary/energy_total"), 1.25e9);
  EXPECT_EQ(attr(file, "summary/energy_total", "units"), "J");
  EXPECT_EQ(read_scalar(file, "summary/berlin/energy"), 1e9);
  EXPECT_EQ(read_scalar(file, "summary/berlin/peak_power"), 4.5e3);
  EXPECT_EQ(read_scalar(file, "summary/berlin/outages"), 2);
  EXPECT_EQ(attr(file, "summary/berlin/peak_power", "units"), "W");
  EXPECT_EQ(attr(file, "summary/berlin/peak_power", "description"), "Highest interval mean.");
}

// Chunks that start at a chunk boundary are compressed by the writer (ISA-L) and
// written past HDF5's filters; a flush() in mid-chunk leaves a chunk on disk that
// the next rows continue through the filters. Both read back exactly, with the
// standard shuffle + deflate filters in the dataset's pipeline.
TEST_F(ResultWriterTest, ChunksWrittenDirectlyAndMergedAfterAFlushReadBack) {
  const auto path = dir / "run.h5";
  const std::size_t rpc = 128, rows = 1000;
  {
    ResultWriter w(path, meta(), kStart, kInterval, rpc);
    const int a = w.add_site("a", channels(3));
    append_rows(w, {{a, 3}}, 0, 200);  // one chunk written, 72 rows buffered
    w.flush();                         // rows 128..199 start chunk 1 on disk
    append_rows(w, {{a, 3}}, 200, 700);
    w.flush();
    append_rows(w, {{a, 3}}, 700, rows);
    w.finish();
  }
  Hid f = open_file(path);
  expect_rows(f.get(), "a", 0, 3, rows);
  const auto t = read_int64s(f.get(), "time");
  ASSERT_EQ(t.size(), rows);
  for (std::size_t r = 0; r < rows; ++r)
    ASSERT_EQ(t[r], (kStart + kInterval * static_cast<std::int64_t>(r)).count_us()) << r;
  Hid ds = open_ds(f.get(), "sites/a/ch1");
  Hid dcpl = own(H5Dget_create_plist(ds.get()), H5Pclose, "dcpl");
  ASSERT_EQ(H5Pget_nfilters(dcpl.get()), 2);
  unsigned flags = 0;
  std::size_t nelmts = 0;
  EXPECT_EQ(H5Pget_filter2(dcpl.get(), 0, &flags, &nelmts, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_SHUFFLE);
  nelmts = 0;  // no room for the filters' parameters: only their ids are asked
  EXPECT_EQ(H5Pget_filter2(dcpl.get(), 1, &flags, &nelmts, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
}

TEST_F(ResultWriterTest, EqualColumnsShareADeflatedChunkAndReadBackBitForBit) {
  // Columns deflated once when equal bit for bit (ch0 = ch2, ch4 = ch5 = zeros), never
  // when only equal as numbers (ch3 holds -0.0 where ch4 holds 0.0, ch1 differs from ch0
  // in one row only): every column reads back as written, in whole and partial chunks.
  const auto path = dir / "run.h5";
  const std::size_t rpc = 64, rows = 200;
  auto row_of = [](std::size_t r) {
    const double x = 0.1 * static_cast<double>(r) + 1.0 / 3;
    return std::vector<double>{x, r == 150 ? x + 1e-12 : x, x, -0.0, 0.0, 0.0};
  };
  {
    ResultWriter w(path, meta(), kStart, kInterval, rpc);
    const int a = w.add_site("a", channels(6));
    for (std::size_t r = 0; r < rows; ++r) w.append_row(a, row_of(r));
    w.finish();
  }
  Hid f = open_file(path);
  for (std::size_t c = 0; c < 6; ++c) {
    const auto v = read_doubles(f.get(), "sites/a/ch" + std::to_string(c));
    ASSERT_EQ(v.size(), rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const double want = row_of(r)[c];
      ASSERT_EQ(std::memcmp(&v[r], &want, sizeof want), 0) << "ch" << c << " row " << r;
    }
  }
}

TEST_F(ResultWriterTest, EmptyRunStillHasEveryDataset) {
  const auto path = dir / "empty.h5";
  {
    ResultWriter w(path, meta(), kStart, kInterval, 64);
    w.add_site("solo", channels(2));
    w.finish();
  }
  Hid f = open_file(path);
  EXPECT_EQ(read_int64s(f.get(), "time").size(), 0u);
  EXPECT_EQ(read_doubles(f.get(), "sites/solo/ch1").size(), 0u);
  for (const char* name : {"time", "site", "kind", "value", "message"}) {
    Hid ds = open_ds(f.get(), std::string("events/") + name);
    EXPECT_EQ(length_of(ds.get()), 0u) << name;
  }
  Hid s = own(H5Gopen2(f.get(), "summary", H5P_DEFAULT), H5Gclose, "summary");
}

TEST_F(ResultWriterTest, LeavesAnExistingOutputAloneUntilFinish) {
  const auto path = dir.write("run.h5", "results of an earlier run");
  dir.write("run.h5.partial", "stale partial file of a crashed run");
  {
    ResultWriter w(path, meta(), kStart, kInterval, 16);
    EXPECT_TRUE(starts_with_hdf5_signature(w.partial_path()));  // the stale one was replaced
    w.add_site("a", channels(1));
    append_rows(w, {{0, 1}}, 0, 40);
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "results of an earlier run");
    w.finish();
  }
  EXPECT_TRUE(starts_with_hdf5_signature(path));
  Hid f = open_file(path);
  expect_rows(f.get(), "a", 0, 1, 40);
}

TEST_F(ResultWriterTest, DestructorWithoutFinishLeavesAReadablePartialFile) {
  const auto path = dir / "run.h5";
  {
    ResultWriter w(path, meta(), kStart, kInterval, 64);
    w.add_site("a", channels(2));
    w.add_site("b", channels(3));
    append_rows(w, {{0, 2}, {1, 3}}, 0, 150);  // 2 chunks flushed, 22 rows buffered
    w.add_event(kStart, "a", "outage", 1, "grid lost");
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  const auto partial = dir / "run.h5.partial";
  ASSERT_TRUE(std::filesystem::exists(partial));
  Hid f = open_file(partial);
  // The destructor writes what was buffered, too.
  EXPECT_EQ(read_int64s(f.get(), "time").size(), 150u);
  expect_rows(f.get(), "a", 0, 2, 150);
  expect_rows(f.get(), "b", 1, 3, 150);
  EXPECT_EQ(read_strings(f.get(), "events/message"), std::vector<std::string>{"grid lost"});
}

TEST_F(ResultWriterTest, KilledProcessLeavesTheRowsOfTheLastFlush) {
  const auto path = dir / "run.h5";
  const std::size_t rpc = 64, rows = 150;  // the process dies with 22 rows per site buffered
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int code = 0;
    try {
      auto* w = new ResultWriter(path, meta(), kStart, kInterval, rpc);  // never destroyed
      w->add_site("a", channels(2));
      w->add_site("b", channels(3));
      w->add_event(kStart, "b", "outage", 3, "before the first flush");
      append_rows(*w, {{0, 2}, {1, 3}}, 0, rows);
    } catch (...) {
      code = 1;
    }
    ::_exit(code);  // like a kill: no destructors, no atexit, no HDF5 close
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);

  EXPECT_FALSE(std::filesystem::exists(path));
  Hid f = open_file(dir / "run.h5.partial");
  const std::size_t flushed = rows / rpc * rpc;
  EXPECT_EQ(read_int64s(f.get(), "time").size(), flushed);
  expect_rows(f.get(), "a", 0, 2, flushed);
  expect_rows(f.get(), "b", 1, 3, flushed);
  EXPECT_EQ(read_strings(f.get(), "events/message"),
            std::vector<std::string>{"before the first flush"});
}

TEST_F(ResultWriterTest, AbandonDeletesThePartialFile) {
  const auto path = dir / "run.h5";
  {
    ResultWriter w(path, meta(), kStart, kInterval, 16);
    w.add_site("a", channels(1));
    append_rows(w, {{0, 1}}, 0, 40);
    ASSERT_TRUE(std::filesystem::exists(w.partial_path()));
    w.abandon();
    EXPECT_FALSE(std::filesystem::exists(w.partial_path()));
    EXPECT_THROW(w.finish(), InternalError);
    EXPECT_THROW(append_rows(w, {{0, 1}}, 40, 41), InternalError);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(dir / "run.h5.partial"));
}

TEST_F(ResultWriterTest, BadOutputPathIsAnInputError) {
  const auto path = dir / "no-such-dir" / "run.h5";
  try {
    ResultWriter w(path, meta(), kStart, kInterval);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path.string());
    EXPECT_NE(e.detail().find("cannot create output file"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("does not exist"), std::string::npos) << e.detail();
  }
  std::filesystem::create_directory(dir / "out.h5");
  EXPECT_THROW(ResultWriter(dir / "out.h5", meta(), kStart, kInterval), InputError);
  // A directory where the partial file should go: refused, and left alone.
  std::filesystem::create_directory(dir / "x.h5.partial");
  std::filesystem::create_directory(dir / "x.h5.partial" / "keep");
  try {
    ResultWriter w(dir / "x.h5", meta(), kStart, kInterval);
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(e.detail().find("exists and is a directory"), std::string::npos) << e.detail();
  }
  EXPECT_TRUE(std::filesystem::exists(dir / "x.h5.partial" / "keep"));
}

// The output path must not destroy what it names: an input of the run, a
// device, a FIFO, a symbolic link. Each is refused before anything is written.
TEST_F(ResultWriterTest, OutputThatWouldDestroyAFileIsRefused) {
  const auto scenario = dir.write("scenario.yaml", "sites: {}\n");
  admit_input_file(scenario, "scenario file");
  const auto target = dir.write("target.h5", "someone's file");
  std::filesystem::create_symlink(target, dir / "link.h5");
  ASSERT_EQ(::mkfifo((dir / "fifo.h5").c_str(), 0600), 0);
  const std::vector<std::pair<std::filesystem::path, std::string>> cases = {
      {scenario, "is an input of this run"},
      {"/dev/null", "is a character device"},
      {dir / "link.h5", "is a symbolic link"},
      {dir / "fifo.h5", "is a FIFO"},
      {"", "expected an output file name"}};
  for (const auto& [path, why] : cases) {
    try {
      ResultWriter w(path, meta(), kStart, kInterval);
      ADD_FAILURE() << "accepted " << path;
    } catch (const OutputError& e) {
      EXPECT_NE(e.detail().find(why), std::string::npos) << e.detail();
    }
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial")) << path;
  }
  std::ifstream in(scenario);
  std::string text;
  std::getline(in, text);
  EXPECT_EQ(text, "sites: {}");
  EXPECT_TRUE(std::filesystem::is_symlink(dir / "link.h5"));
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
}

// Two runs with one output: the second is refused while the first writes, and
// the first one's file holds its own rows.
TEST_F(ResultWriterTest, ASecondRunOnTheSameOutputIsRefused) {
  const auto path = dir / "run.h5";
  ResultWriter a(path, meta(), kStart, kInterval, 16);
  a.add_site("a", channels(1));
  append_rows(a, {{0, 1}}, 0, 40);
  try {
    ResultWriter b(path, meta(), kStart, kInterval, 16);
    ADD_FAILURE() << "two writers of one output";
  } catch (const OutputError& e) {
    EXPECT_NE(e.detail().find("another run is writing this output"), std::string::npos)
        << e.detail();
  }
  a.finish();
  Hid f = open_file(path);
  expect_rows(f.get(), "a", 0, 1, 40);
}

// A file that appears at the output path during the run is not replaced.
TEST_F(ResultWriterTest, AFileCreatedDuringTheRunIsNotReplaced) {
  for (bool existed : {false, true}) {
    const auto path = dir / (existed ? "old.h5" : "new.h5");
    if (existed) dir.write(path.filename().string(), "the file there at the start");
    ResultWriter w(path, meta(), kStart, kInterval, 16);
    w.add_site("a", channels(1));
    append_rows(w, {{0, 1}}, 0, 20);
    std::filesystem::remove(path);
    dir.write(path.filename().string(), "another program's file");
    try {
      w.finish();
      ADD_FAILURE() << "replaced " << path;
    } catch (const OutputError& e) {
      EXPECT_NE(e.detail().find("created or replaced by another program"), std::string::npos);
    }
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "another program's file");
    Hid f = open_file(path.string() + ".partial");  // the result is kept beside it
    expect_rows(f.get(), "a", 0, 1, 20);
  }
}

// Write errors at every point of a run (the file size limit of the process
// makes each write past N bytes fail with EFBIG, as a full disk does): in a
// child process per N, the writer never crashes, fails with OutputError, and
// every row the kept partial file names in rows_flushed is there and right.
TEST_F(ResultWriterTest, WriteFailuresAnywhereEndCleanlyAndLoseNothingNamed) {
  const std::size_t rpc = 32, rows = 1000;
  auto write_run = [&](const std::filesystem::path& path) {
    ResultWriter w(path, meta(), kStart, kInterval, rpc);
    w.add_site("a", channels(2));
    w.add_site("b", channels(3));
    for (std::size_t r = 0; r < rows; r += 20) {
      append_rows(w, {{0, 2}, {1, 3}}, r, r + 20);
      w.add_event(kStart + kInterval * static_cast<std::int64_t>(r), "a", "tick", double(r),
                  "every 20 rows");
    }
    w.add_summary("a", {{"energy", "J", "test value", 1.5}});
    w.finish();
  };
  write_run(dir / "whole.h5");
  const auto whole = std::filesystem::file_size(dir / "whole.h5");
  int failed_runs = 0, kept = 0;
  for (std::uintmax_t limit = 0; limit < whole + 4096; limit += whole / 80) {
    const auto path = dir / fmt::format("run{}.h5", limit);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      std::signal(SIGXFSZ, SIG_IGN);  // a failing write(), not a killed process
      rlimit rl{static_cast<rlim_t>(limit), static_cast<rlim_t>(limit)};
      ::setrlimit(RLIMIT_FSIZE, &rl);
      int code = 0;
      try {
        write_run(path);
      } catch (const OutputError&) {
        code = 3;
      } catch (...) {
        code = 4;
      }
      ::_exit(code);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status))
        << "limit " << limit << ": killed by signal " << WTERMSIG(status);
    const int code = WEXITSTATUS(status);
    ASSERT_TRUE(code == 0 || code == 3) << "limit " << limit << ": exit " << code;
    if (code == 0) {
      Hid f = open_file(path);
      expect_rows(f.get(), "a", 0, 2, rows);
      continue;
    }
    ++failed_runs;
    EXPECT_FALSE(std::filesystem::exists(path)) << limit;
    const auto partial = path.string() + ".partial";
    if (!std::filesystem::exists(partial)) continue;  // failed while creating: nothing to keep
    ++kept;
    hid_t raw = H5Fopen(partial.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (raw < 0) {
      ADD_FAILURE() << "limit " << limit
                    << ": the kept partial file does not open: " << h5::error_text();
      continue;
    }
    Hid f(raw, H5Fclose);
    const auto flushed = numeric_attr<std::uint64_t>(f.get(), "rows_flushed", H5T_NATIVE_UINT64);
    for (const auto& [id, site, nch] : {std::tuple{"a", 0, 2}, std::tuple{"b", 1, 3}})
      for (std::size_t c = 0; c < static_cast<std::size_t>(nch); ++c) {
        const auto v = read_prefix(f.get(), fmt::format("sites/{}/ch{}", id, c), flushed);
        for (std::size_t r = 0; r < flushed; ++r)
          ASSERT_EQ(v[r], value_of(site, c, r)) << limit << " " << id << c << " row " << r;
      }
  }
  std::printf("%d runs failed, %d kept a partial file\n", failed_runs, kept);
  EXPECT_GT(failed_runs, 40);
  EXPECT_GT(kept, 20);
}

TEST_F(ResultWriterTest, ContractViolationsAreInternalErrors) {
  ResultWriter w(dir / "run.h5", meta(), kStart, kInterval, 16);
  const int a = w.add_site("a", channels(2));
  EXPECT_THROW(w.add_site("a", channels(1)), InternalError);
  EXPECT_THROW(w.add_site("b/c", channels(1)), InternalError);
  EXPECT_THROW(w.add_site("d", {{"time", "1", "clashes with the time link"}}), InternalError);
  EXPECT_THROW(w.add_site("e", {{"x", "1", ""}, {"x", "1", ""}}), InternalError);
  const std::vector<double> three{1, 2, 3};
  EXPECT_THROW(w.append_row(a, three), InternalError);
  EXPECT_THROW(w.append_row(7, three), InternalError);
  const std::vector<double> two{1, 2};
  w.append_row(a, two);
  EXPECT_THROW(w.add_site("late", channels(1)), InternalError);
  w.add_summary("a", {{"x", "1", "", 1}});
  EXPECT_THROW(w.add_summary("a", {{"x", "1", "", 2}}), InternalError);
  w.abandon();
}

}  // namespace
}  // namespace wf
