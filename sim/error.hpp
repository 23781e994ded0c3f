#pragma once
// Two error channels: InputError for what the user gave us (file, line, field,
// what was expected; exit code 2), WF_ASSERT for our own bugs.
#include <stdexcept>
#include <string>

namespace wf {

/// Bad user input. Carries where it was found and what was expected.
class InputError : public std::runtime_error {
 public:
  /// `line` is 1-based; 0 when not known. `field` is a dotted path or column name.
  InputError(std::string file, int line, std::string field, std::string what);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& detail() const { return detail_; }

 private:
  std::string file_, field_, detail_;
  int line_;
};

/// The result could not be written: the output path refused (an input of the
/// run, a device, a symbolic link, another run's file) or the disk full or
/// failing. Exit code 2 like bad input: the environment, not a bug.
class OutputError : public InputError {
  using InputError::InputError;
};

/// Contract violated inside wattfleet: a bug, never the user's fault.
class InternalError : public std::logic_error {
  using std::logic_error::logic_error;
};

[[noreturn]] void assert_fail(const char* expr, const char* file, int line);

}  // namespace wf

#define WF_ASSERT(expr) ((expr) ? void(0) : ::wf::assert_fail(#expr, __FILE__, __LINE__))
