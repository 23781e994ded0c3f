#include "sim/hdf5_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/error.hpp"
#include "sim/hdf5_util.hpp"

namespace wf {

namespace {

using h5::Hid;

bool exists(hid_t loc, const std::string& path) {
  // H5Lexists checks one link; walk the path so a missing parent is "absent", not an error.
  std::size_t pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos)
    if (H5Lexists(loc, path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  return H5Lexists(loc, path.c_str(), H5P_DEFAULT) > 0;
}

std::string attr_or_empty(hid_t obj, const char* name) {
  return H5Aexists(obj, name) > 0 ? h5::read_string_attr(obj, name) : std::string();
}

template <class T>
T scalar_attr(hid_t obj, const char* name, hid_t type) {
  T v{};
  if (H5Aexists(obj, name) > 0) {
    Hid a = h5::own(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, name);
    h5::check(H5Aread(a.get(), type, &v), name);
  }
  return v;
}

std::vector<std::string> members(hid_t group) {
  std::vector<std::string> names;
  H5Literate(
      group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
      [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
        static_cast<std::vector<std::string>*>(data)->push_back(name);
        return 0;
      },
      &names);
  return names;
}

std::size_t length(hid_t dataset) {
  Hid space = h5::own(H5Dget_space(dataset), H5Sclose, "reading a dataspace");
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space.get(), &n, nullptr);
  return n;
}

Hid open_file(const std::filesystem::path& file) {
  h5::silence_errors();
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw InputError(file.string(), 0, "", "cannot open as an HDF5 file");
  return Hid(f, H5Fclose);
}

Hid open_dataset(hid_t loc, const std::string& path) {
  return h5::own(H5Dopen2(loc, path.c_str(), H5P_DEFAULT), H5Dclose, "opening " + path);
}

std::vector<SummaryValue> read_summary(hid_t f, const std::string& path) {
  std::vector<SummaryValue> out;
  if (!exists(f, path)) return out;
  Hid g = h5::own(H5Gopen2(f, path.c_str(), H5P_DEFAULT), H5Gclose, "opening " + path);
  for (const auto& name : members(g.get())) {
    H5O_info_t what;
    h5::check(H5Oget_info_by_name2(g.get(), name.c_str(), &what, H5O_INFO_BASIC, H5P_DEFAULT),
              "looking at " + path + "/" + name);
    if (what.type != H5O_TYPE_DATASET) continue;  // a table (the cash flows), not a value
    Hid d = open_dataset(g.get(), name);
    double v = 0;
    h5::check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v),
              "reading " + name);
    out.push_back(
        {name, attr_or_empty(d.get(), "units"), attr_or_empty(d.get(), "description"), v});
  }
  return out;
}

}  // namespace

ResultInfo read_result_info(const std::filesystem::path& file) {
  Hid f = open_file(file);
  if (!exists(f.get(), "meta") || !exists(f.get(), "time"))
    throw InputError(file.string(), 0, "", "not a wattfleet result (no /meta or /time)");
  ResultInfo info;
  Hid meta = h5::own(H5Gopen2(f.get(), "meta", H5P_DEFAULT), H5Gclose, "opening /meta");
  info.version = attr_or_empty(meta.get(), "version");
  info.git_hash = attr_or_empty(meta.get(), "git_hash");
  info.created_utc = attr_or_empty(meta.get(), "created_utc");
  info.scenario_path = attr_or_empty(meta.get(), "scenario_path");
  info.overrides = attr_or_empty(meta.get(), "overrides");
  info.scenario_text = attr_or_empty(meta.get(), "scenario");
  info.seed = scalar_attr<std::uint64_t>(meta.get(), "seed", H5T_NATIVE_UINT64);

  Hid time = open_dataset(f.get(), "time");
  info.interval = Time::us(scalar_attr<std::int64_t>(time.get(), "interval_us", H5T_NATIVE_INT64));
  info.rows = length(time.get());
  if (info.rows > 0) {
    Hid space = h5::own(H5Dget_space(time.get()), H5Sclose, "reading /time");
    hsize_t first = 0, count = 1;
    H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &first, nullptr, &count, nullptr);
    Hid mem = h5::own(H5Screate_simple(1, &count, nullptr), H5Sclose, "a memory space");
    std::int64_t t0 = 0;
    h5::check(H5Dread(time.get(), H5T_NATIVE_INT64, mem.get(), space.get(), H5P_DEFAULT, &t0),
              "reading /time");
    info.start = Time::us(t0);
  }
  if (exists(f.get(), "events/time"))
    info.events = length(open_dataset(f.get(), "events/time").get());
  if (exists(f.get(), "sites")) {
    Hid sites = h5::own(H5Gopen2(f.get(), "sites", H5P_DEFAULT), H5Gclose, "opening /sites");
    for (const auto& id : members(sites.get())) {
      ResultInfo::Site s{.id = id};
      Hid g = h5::own(H5Gopen2(sites.get(), id.c_str(), H5P_DEFAULT), H5Gclose, "opening a site");
      for (const auto& ch : members(g.get()))
        if (ch != "time") s.channels.push_back(ch);
      s.summary = read_summary(f.get(), "summary/" + id);
      info.sites.push_back(std::move(s));
    }
  }
  return info;
}

std::vector<double> read_channel(const std::filesystem::path& file, const std::string& site,
                                 const std::string& channel) {
  Hid f = open_file(file);
  std::string path = fmt::format("sites/{}/{}", site, channel);
  if (!exists(f.get(), path)) throw InputError(file.string(), 0, path, "no such channel");
  Hid d = open_dataset(f.get(), path);
  std::vector<double> v(length(d.get()));
  if (!v.empty())
    h5::check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()),
              "reading " + path);
  return v;
}

H5View::H5View(const std::filesystem::path& file) : file_(file) {
  id_ = open_file(file).release();
}

H5View::~H5View() {
  if (id_ >= 0) H5Fclose(id_);
}

bool H5View::has(const std::string& path) const {
  return exists(id_, path);
}

namespace {

// HDF5's own message is for developers; the user learns the file and the object.
template <class F>
auto guarded(const std::filesystem::path& file, const std::string& what, F&& f) {
  try {
    return f();
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e)) throw;
    throw InputError(file.string(), 0, what, fmt::format("cannot be read ({})", e.what()));
  }
}

}  // namespace

std::vector<std::string> H5View::members(const std::string& group, bool datasets_only) const {
  return guarded(file_, group, [&] {
    if (!exists(id_, group)) throw InputError(file_.string(), 0, group, "missing");
    Hid g = h5::own(H5Gopen2(id_, group.c_str(), H5P_DEFAULT), H5Gclose, "opening " + group);
    std::vector<std::string> out;
    for (auto& name : wf::members(g.get())) {
      if (datasets_only) {
        H5O_info_t what;
        h5::check(H5Oget_info_by_name2(g.get(), name.c_str(), &what, H5O_INFO_BASIC, H5P_DEFAULT),
                  "looking at " + name);
        if (what.type != H5O_TYPE_DATASET) continue;
      }
      out.push_back(std::move(name));
    }
    return out;
  });
}

std::string H5View::attr(const std::string& object, const std::string& name) const {
  return guarded(file_, object + "@" + name, [&] {
    if (object != "/" && !exists(id_, object)) return std::string();
    Hid o = h5::own(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose, "opening " + object);
    return attr_or_empty(o.get(), name.c_str());
  });
}

double H5View::number_attr(const std::string& object, const std::string& name) const {
  return guarded(file_, object + "@" + name, [&] {
    if (object != "/" && !exists(id_, object)) return double(NAN);
    Hid o = h5::own(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose, "opening " + object);
    if (H5Aexists(o.get(), name.c_str()) <= 0) return double(NAN);
    return scalar_attr<double>(o.get(), name.c_str(), H5T_NATIVE_DOUBLE);
  });
}

std::uint64_t H5View::uint64_attr(const std::string& object, const std::string& name) const {
  return guarded(file_, object + "@" + name, [&] {
    if (object != "/" && !exists(id_, object)) return std::uint64_t{0};
    Hid o = h5::own(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose, "opening " + object);
    return scalar_attr<std::uint64_t>(o.get(), name.c_str(), H5T_NATIVE_UINT64);
  });
}

std::vector<std::string> H5View::string_rows(const std::string& dataset, std::size_t first,
                                             std::size_t count) const {
  return guarded(file_, dataset, [&] {
    if (!exists(id_, dataset)) throw InputError(file_.string(), 0, dataset, "missing");
    Hid d = open_dataset(id_, dataset);
    Hid ftype = h5::own(H5Dget_type(d.get()), H5Tclose, "reading a type");
    if (H5Tget_class(ftype.get()) != H5T_STRING || H5Tis_variable_str(ftype.get()) <= 0)
      throw InputError(file_.string(), 0, dataset, "expected variable-length strings");
    if (first + count > wf::length(d.get()))
      throw InputError(file_.string(), 0, dataset, "fewer rows than expected");
    std::vector<std::string> out;
    if (count == 0) return out;
    Hid space = h5::own(H5Dget_space(d.get()), H5Sclose, "reading a dataspace");
    hsize_t start = first, n = count;
    h5::check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr),
              "selecting rows");
    Hid mem = h5::own(H5Screate_simple(1, &n, nullptr), H5Sclose, "a memory space");
    Hid mtype = h5::vlen_utf8_type();
    std::vector<char*> p(count, nullptr);
    h5::check(H5Dread(d.get(), mtype.get(), mem.get(), space.get(), H5P_DEFAULT, p.data()),
              "reading " + dataset);
    out.reserve(count);
    for (char* c : p) {
      out.emplace_back(c != nullptr ? c : "");
      H5free_memory(c);
    }
    return out;
  });
}

namespace {

template <class T>
std::vector<T> read_numbers(hid_t f, const std::filesystem::path& file, const std::string& path,
                            hid_t type) {
  return guarded(file, path, [&] {
    if (!exists(f, path)) throw InputError(file.string(), 0, path, "missing");
    Hid d = open_dataset(f, path);
    Hid space = h5::own(H5Dget_space(d.get()), H5Sclose, "reading a dataspace");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank > 1) throw InputError(file.string(), 0, path, "expected a 1-D dataset");
    Hid ftype = h5::own(H5Dget_type(d.get()), H5Tclose, "reading a type");
    const H5T_class_t c = H5Tget_class(ftype.get());
    if (c != H5T_FLOAT && c != H5T_INTEGER)
      throw InputError(file.string(), 0, path, "expected numbers");
    std::vector<T> v(rank == 0 ? 1 : length(d.get()));
    if (!v.empty())
      h5::check(H5Dread(d.get(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), "reading " + path);
    return v;
  });
}

}  // namespace

std::vector<double> H5View::doubles(const std::string& dataset) const {
  return read_numbers<double>(id_, file_, dataset, H5T_NATIVE_DOUBLE);
}

std::vector<std::int64_t> H5View::int64s(const std::string& dataset) const {
  return read_numbers<std::int64_t>(id_, file_, dataset, H5T_NATIVE_INT64);
}

std::size_t H5View::length(const std::string& dataset) const {
  return guarded(file_, dataset, [&] {
    if (!exists(id_, dataset)) throw InputError(file_.string(), 0, dataset, "missing");
    return wf::length(open_dataset(id_, dataset).get());
  });
}

void H5View::read_rows(const std::string& dataset, std::size_t first, std::span<double> out) const {
  if (out.empty()) return;
  guarded(file_, dataset, [&] {
    if (!exists(id_, dataset)) throw InputError(file_.string(), 0, dataset, "missing");
    Hid d = open_dataset(id_, dataset);
    if (first + out.size() > wf::length(d.get()))
      throw InputError(file_.string(), 0, dataset, "fewer rows than the time axis");
    Hid space = h5::own(H5Dget_space(d.get()), H5Sclose, "reading a dataspace");
    hsize_t start = first, count = out.size();
    h5::check(H5Sselect_hyperslab(space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
              "selecting rows");
    Hid mem = h5::own(H5Screate_simple(1, &count, nullptr), H5Sclose, "a memory space");
    h5::check(H5Dread(d.get(), H5T_NATIVE_DOUBLE, mem.get(), space.get(), H5P_DEFAULT, out.data()),
              "reading " + dataset);
    return 0;
  });
}

std::vector<std::string> H5View::strings(const std::string& dataset) const {
  return guarded(file_, dataset, [&] {
    if (!exists(id_, dataset)) throw InputError(file_.string(), 0, dataset, "missing");
    Hid d = open_dataset(id_, dataset);
    Hid ftype = h5::own(H5Dget_type(d.get()), H5Tclose, "reading a type");
    if (H5Tget_class(ftype.get()) != H5T_STRING)
      throw InputError(file_.string(), 0, dataset, "expected strings");
    const std::size_t n = wf::length(d.get());
    std::vector<std::string> out;
    out.reserve(n);
    if (n == 0) return out;
    if (H5Tis_variable_str(ftype.get()) > 0) {
      Hid mtype = h5::vlen_utf8_type();
      std::vector<char*> p(n, nullptr);
      h5::check(H5Dread(d.get(), mtype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()),
                "reading " + dataset);
      for (char* c : p) {
        out.emplace_back(c != nullptr ? c : "");
        H5free_memory(c);
      }
    } else {
      const std::size_t w = H5Tget_size(ftype.get());
      std::string all(n * w, '\0');
      h5::check(H5Dread(d.get(), ftype.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data()),
                "reading " + dataset);
      for (std::size_t i = 0; i < n; ++i) {
        std::string x = all.substr(i * w, w);
        out.push_back(x.substr(0, x.find('\0')));
      }
    }
    return out;
  });
}

}  // namespace wf
