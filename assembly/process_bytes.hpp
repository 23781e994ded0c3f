#pragma once
// Bytes exchanged between the processes of one MPI launch (sizing sweeps, split runs):
// plain copies of numbers and length-prefixed strings, all processes on one machine type.
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "sim/error.hpp"

namespace wf {

/// Hands every process's bytes to every process, in rank order (MPI_Allgatherv).
using Allgather = std::function<std::vector<std::vector<char>>(const std::vector<char>& mine)>;

struct Packer {
  std::vector<char> bytes;
  template <class T>
  void put(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof(T));
  }
  void put(const std::string& s) {
    put(std::uint64_t(s.size()));
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
};

struct Unpacker {
  const std::vector<char>& bytes;
  std::size_t at = 0;
  bool done() const { return at >= bytes.size(); }
  template <class T>
  T get() {
    need(sizeof(T));
    T v;
    std::memcpy(&v, bytes.data() + at, sizeof(T));
    at += sizeof(T);
    return v;
  }
  std::string text() {
    const auto n = get<std::uint64_t>();
    need(n);
    std::string s(bytes.data() + at, n);
    at += n;
    return s;
  }

 private:
  void need(std::size_t n) const {
    if (at + n > bytes.size()) throw InternalError("a message between processes is cut short");
  }
};

}  // namespace wf
