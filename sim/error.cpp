#include "sim/error.hpp"

#include <fmt/format.h>

namespace wf {

namespace {

// An error is one line of reasonable length whatever the input echoed in it
// holds (a 10 MB CSV cell, a value with line breaks).
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  constexpr std::size_t kMax = 600, kKeep = 280;
  if (s.size() <= kMax) return s;
  // Cut between characters, not inside a multi-byte UTF-8 sequence.
  auto boundary = [&](std::size_t i) {
    while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return i;
  };
  const std::size_t head = boundary(kKeep), tail = boundary(s.size() - kKeep);
  return s.substr(0, head) + fmt::format(" [... {} bytes ...] ", tail - head) + s.substr(tail);
}

std::string format_input_error(const std::string& file, int line, const std::string& field,
                               const std::string& what) {
  std::string where = file.empty() ? std::string("<input>") : file;
  if (line > 0) where += fmt::format(":{}", line);
  return field.empty() ? fmt::format("{}: {}", where, what)
                       : fmt::format("{}: {}: {}", where, field, what);
}
}  // namespace

InputError::InputError(std::string file, int line, std::string field, std::string what)
    : std::runtime_error(format_input_error(one_line(file), line, one_line(field), one_line(what))),
      file_(std::move(file)),
      field_(one_line(std::move(field))),
      detail_(one_line(std::move(what))),
      line_(line) {}

void assert_fail(const char* expr, const char* file, int line) {
  throw InternalError(fmt::format("internal error: {} failed at {}:{}", expr, file, line));
}

}  // namespace wf
