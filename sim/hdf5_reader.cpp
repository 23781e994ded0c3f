#include "sim/hdf5_reader.hpp"

#include <fmt/format.h>
#include <hdf5.h>

#include <functional>

#include "sim/error.hpp"

namespace wf {

namespace {

// Closes an HDF5 id when it goes out of scope.
struct Id {
  hid_t id;
  herr_t (*close)(hid_t);
  ~Id() {
    if (id >= 0) close(id);
  }
  operator hid_t() const { return id; }
};

struct Silence {  // HDF5 prints its error stack by default; we report our own errors
  H5E_auto2_t fn;
  void* data;
  Silence() {
    H5Eget_auto2(H5E_DEFAULT, &fn, &data);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  }
  ~Silence() { H5Eset_auto2(H5E_DEFAULT, fn, data); }
};

std::string read_string(hid_t obj, bool is_attr) {
  Id type{is_attr ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose};
  if (type < 0 || H5Tget_class(type) != H5T_STRING) return {};
  if (H5Tis_variable_str(type) > 0) {
    Id mem{H5Tcopy(H5T_C_S1), H5Tclose};
    H5Tset_size(mem, H5T_VARIABLE);
    H5Tset_cset(mem, H5Tget_cset(type));
    char* text = nullptr;
    herr_t rc = is_attr ? H5Aread(obj, mem, &text) : H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text);
    std::string out = (rc >= 0 && text) ? text : "";
    if (text) H5free_memory(text);
    return out;
  }
  std::string buf(H5Tget_size(type), '\0');
  herr_t rc = is_attr ? H5Aread(obj, type, buf.data()) : H5Dread(obj, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
  if (rc < 0) return {};
  buf.resize(buf.find('\0') == std::string::npos ? buf.size() : buf.find('\0'));
  return buf;
}

// A string stored as attribute `name` of `loc` or as a dataset `loc/name`.
std::string meta_string(hid_t loc, const char* name) {
  if (H5Aexists(loc, name) > 0) {
    Id a{H5Aopen(loc, name, H5P_DEFAULT), H5Aclose};
    return read_string(a, true);
  }
  if (H5Lexists(loc, name, H5P_DEFAULT) > 0) {
    Id d{H5Dopen2(loc, name, H5P_DEFAULT), H5Dclose};
    return read_string(d, false);
  }
  return {};
}

std::string attr_string(hid_t obj, const char* name) {
  if (H5Aexists(obj, name) <= 0) return {};
  Id a{H5Aopen(obj, name, H5P_DEFAULT), H5Aclose};
  return read_string(a, true);
}

std::vector<std::string> members(hid_t group) {
  std::vector<std::string> names;
  H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, nullptr,
             [](hid_t, const char* name, const H5L_info_t*, void* data) -> herr_t {
               static_cast<std::vector<std::string>*>(data)->push_back(name);
               return 0;
             },
             &names);
  return names;
}

std::size_t length(hid_t loc, const char* name) {
  if (H5Lexists(loc, name, H5P_DEFAULT) <= 0) return 0;
  Id d{H5Dopen2(loc, name, H5P_DEFAULT), H5Dclose};
  Id space{H5Dget_space(d), H5Sclose};
  hsize_t n = 0;
  H5Sget_simple_extent_dims(space, &n, nullptr);
  return n;
}

double scalar_double(hid_t loc, const char* name) {
  Id d{H5Dopen2(loc, name, H5P_DEFAULT), H5Dclose};
  double v = 0;
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v);
  return v;
}

}  // namespace

ResultInfo read_result_info(const std::filesystem::path& file) {
  Silence quiet;
  Id f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (f < 0) throw InputError(file.string(), 0, "", "cannot open as an HDF5 file");
  if (H5Lexists(f, "meta", H5P_DEFAULT) <= 0 || H5Lexists(f, "time", H5P_DEFAULT) <= 0)
    throw InputError(file.string(), 0, "", "not a wattfleet result (no /meta or /time)");
  ResultInfo info;
  {
    Id meta{H5Gopen2(f, "meta", H5P_DEFAULT), H5Gclose};
    info.version = meta_string(meta, "version");
    info.git_hash = meta_string(meta, "git_hash");
    info.created_utc = meta_string(meta, "created_utc");
    info.scenario_path = meta_string(meta, "scenario_path");
    info.overrides = meta_string(meta, "overrides");
    info.scenario_text = meta_string(meta, "scenario");
    if (H5Aexists(meta, "seed") > 0) {
      Id a{H5Aopen(meta, "seed", H5P_DEFAULT), H5Aclose};
      H5Aread(a, H5T_NATIVE_UINT64, &info.seed);
    }
  }
  {
    Id time{H5Dopen2(f, "time", H5P_DEFAULT), H5Dclose};
    if (H5Aexists(time, "interval_us") > 0) {
      Id a{H5Aopen(time, "interval_us", H5P_DEFAULT), H5Aclose};
      std::int64_t us = 0;
      H5Aread(a, H5T_NATIVE_INT64, &us);
      info.interval = Time::us(us);
    }
    info.rows = length(f, "time");
    if (info.rows > 0) {
      Id space{H5Dget_space(time), H5Sclose};
      hsize_t start = 0, count = 1;
      H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nullptr, &count, nullptr);
      Id mem{H5Screate_simple(1, &count, nullptr), H5Sclose};
      std::int64_t t0 = 0;
      H5Dread(time, H5T_NATIVE_INT64, mem, space, H5P_DEFAULT, &t0);
      info.start = Time::us(t0);
    }
  }
  if (H5Lexists(f, "events", H5P_DEFAULT) > 0) {
    Id ev{H5Gopen2(f, "events", H5P_DEFAULT), H5Gclose};
    info.events = length(ev, "time");
  }
  if (H5Lexists(f, "sites", H5P_DEFAULT) > 0) {
    Id sites{H5Gopen2(f, "sites", H5P_DEFAULT), H5Gclose};
    for (const auto& id : members(sites)) {
      ResultInfo::Site s{.id = id};
      Id g{H5Gopen2(sites, id.c_str(), H5P_DEFAULT), H5Gclose};
      for (const auto& ch : members(g))
        if (ch != "time") s.channels.push_back(ch);
      std::string path = "summary/" + id;
      if (H5Lexists(f, "summary", H5P_DEFAULT) > 0 && H5Lexists(f, path.c_str(), H5P_DEFAULT) > 0) {
        Id sum{H5Gopen2(f, path.c_str(), H5P_DEFAULT), H5Gclose};
        for (const auto& name : members(sum)) {
          Id d{H5Dopen2(sum, name.c_str(), H5P_DEFAULT), H5Dclose};
          s.summary.push_back({name, attr_string(d, "units"), attr_string(d, "description"),
                               scalar_double(sum, name.c_str())});
        }
      }
      info.sites.push_back(std::move(s));
    }
  }
  return info;
}

std::vector<double> read_channel(const std::filesystem::path& file, const std::string& site,
                                 const std::string& channel) {
  Silence quiet;
  Id f{H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
  if (f < 0) throw InputError(file.string(), 0, "", "cannot open as an HDF5 file");
  std::string path = fmt::format("sites/{}/{}", site, channel);
  if (H5Lexists(f, "sites", H5P_DEFAULT) <= 0 || H5Lexists(f, fmt::format("sites/{}", site).c_str(), H5P_DEFAULT) <= 0 ||
      H5Lexists(f, path.c_str(), H5P_DEFAULT) <= 0)
    throw InputError(file.string(), 0, path, "no such channel");
  Id d{H5Dopen2(f, path.c_str(), H5P_DEFAULT), H5Dclose};
  std::vector<double> v(length(f, path.c_str()));
  if (!v.empty()) H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  return v;
}

}  // namespace wf
