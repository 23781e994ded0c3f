#include "sim/error.hpp"

#include <fmt/format.h>

namespace wf {

namespace {
std::string format_input_error(const std::string& file, int line, const std::string& field,
                               const std::string& what) {
  std::string where = file.empty() ? std::string("<input>") : file;
  if (line > 0) where += fmt::format(":{}", line);
  return field.empty() ? fmt::format("{}: {}", where, what)
                       : fmt::format("{}: {}: {}", where, field, what);
}
}  // namespace

InputError::InputError(std::string file, int line, std::string field, std::string what)
    : std::runtime_error(format_input_error(file, line, field, what)),
      file_(std::move(file)),
      field_(std::move(field)),
      detail_(std::move(what)),
      line_(line) {}

void assert_fail(const char* expr, const char* file, int line) {
  throw InternalError(fmt::format("internal error: {} failed at {}:{}", expr, file, line));
}

}  // namespace wf
