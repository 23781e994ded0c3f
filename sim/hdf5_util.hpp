#pragma once
// Private helpers around the HDF5 C API for sim/hdf5_writer.cpp and its test:
// an owning id, error checks that turn HDF5's error stack into a message, and
// variable-length UTF-8 string attributes. Not part of any public header: HDF5
// types stay out of the library's interface.
#include <hdf5.h>

#include <stdexcept>
#include <string>
#include <utility>

namespace wf::h5 {

/// Owns one HDF5 id and closes it with the matching H5?close function.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid() = default;
  Hid(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Hid() { reset(); }
  Hid(Hid&& o) noexcept : id_(std::exchange(o.id_, H5I_INVALID_HID)), closer_(o.closer_) {}
  Hid& operator=(Hid&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, H5I_INVALID_HID);
      closer_ = o.closer_;
    }
    return *this;
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Gives up ownership without closing.
  hid_t release() { return std::exchange(id_, H5I_INVALID_HID); }
  /// Closes now; returns false when HDF5 reported a failure.
  bool reset() noexcept {
    herr_t rc = 0;
    if (id_ >= 0 && closer_ != nullptr) rc = closer_(id_);
    id_ = H5I_INVALID_HID;
    return rc >= 0;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// Turns off HDF5's automatic printing of its error stack (we report errors ourselves).
inline void silence_errors() {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

/// The current HDF5 error stack as one line (outermost and innermost message), then clears it.
inline std::string error_text() {
  struct Acc {
    std::string first, last;
  } acc;
  auto walk = [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
    auto* a = static_cast<Acc*>(data);
    std::string desc = (e->desc != nullptr && e->desc[0] != '\0') ? e->desc : "";
    if (desc.empty()) desc = e->func_name != nullptr ? e->func_name : "unknown error";
    if (a->first.empty()) a->first = desc;
    a->last = std::move(desc);
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, &acc);
  H5Eclear2(H5E_DEFAULT);
  if (acc.first.empty()) return "unknown HDF5 error";
  return acc.first == acc.last ? acc.first : acc.first + " (" + acc.last + ")";
}

[[noreturn]] inline void fail(const std::string& what) {
  throw std::runtime_error("HDF5: " + what + ": " + error_text());
}

/// Throws std::runtime_error with `what` and the HDF5 error stack when `rc` < 0.
inline void check(herr_t rc, const std::string& what) {
  if (rc < 0) fail(what);
}

/// Wraps a freshly returned id, throwing when it is invalid.
inline Hid own(hid_t id, Hid::Closer closer, const std::string& what) {
  if (id < 0) fail(what);
  return Hid(id, closer);
}

/// A variable-length UTF-8 string type (both file and memory type).
inline Hid vlen_utf8_type() {
  Hid t = own(H5Tcopy(H5T_C_S1), H5Tclose, "copying the string type");
  check(H5Tset_size(t.get(), H5T_VARIABLE), "making a variable-length string type");
  check(H5Tset_cset(t.get(), H5T_CSET_UTF8), "setting the UTF-8 character set");
  return t;
}

/// Writes a scalar variable-length UTF-8 string attribute on `obj`.
inline void write_string_attr(hid_t obj, const char* name, const std::string& value) {
  Hid type = vlen_utf8_type();
  Hid space = own(H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace");
  Hid attr = own(H5Acreate2(obj, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 std::string("creating attribute ") + name);
  const char* p = value.c_str();
  check(H5Awrite(attr.get(), type.get(), &p), std::string("writing attribute ") + name);
}

/// Writes a scalar attribute of a native numeric type (e.g. H5T_NATIVE_INT64).
inline void write_scalar_attr(hid_t obj, const char* name, hid_t type, const void* value) {
  Hid space = own(H5Screate(H5S_SCALAR), H5Sclose, "creating a scalar dataspace");
  Hid attr = own(H5Acreate2(obj, name, type, space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose,
                 std::string("creating attribute ") + name);
  check(H5Awrite(attr.get(), type, value), std::string("writing attribute ") + name);
}

/// Reads a scalar string attribute (variable or fixed length) of `obj`.
inline std::string read_string_attr(hid_t obj, const char* name) {
  Hid attr =
      own(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose, std::string("opening attribute ") + name);
  Hid ftype = own(H5Aget_type(attr.get()), H5Tclose, "reading an attribute type");
  if (H5Tget_class(ftype.get()) != H5T_STRING)
    throw std::runtime_error(std::string("attribute ") + name + " is not a string");
  if (H5Tis_variable_str(ftype.get()) > 0) {
    Hid mtype = vlen_utf8_type();
    char* p = nullptr;
    check(H5Aread(attr.get(), mtype.get(), &p), std::string("reading attribute ") + name);
    std::string out = p != nullptr ? p : "";
    H5free_memory(p);
    return out;
  }
  std::string out(H5Tget_size(ftype.get()), '\0');
  check(H5Aread(attr.get(), ftype.get(), out.data()), std::string("reading attribute ") + name);
  return out.substr(0, out.find('\0'));
}

}  // namespace wf::h5
