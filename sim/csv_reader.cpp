#include "sim/csv_reader.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

#include "sim/error.hpp"
#include "sim/input_files.hpp"

// Dialect: RFC 4180 quoting ("" inside quotes is a quote, quoted fields may span lines),
// CRLF or LF, optional UTF-8 BOM. Spaces around unquoted fields are trimmed, so headers
// like `time, power` name the column `power`; quoted fields are kept verbatim.

namespace wf {

namespace {

struct GzCloser {
  void operator()(gzFile_s* f) const { gzclose(f); }
};

// Whole file as bytes; zlib reads plain files through unchanged, so .gz is just handled.
std::string read_all(const std::filesystem::path& file) {
  admit_input_file(file, "CSV file");
  errno = 0;
  std::unique_ptr<gzFile_s, GzCloser> f(gzopen(file.c_str(), "rb"));
  if (!f) {
    throw InputError(
        file.string(), 0, "",
        fmt::format("cannot open: {}", errno ? std::strerror(errno) : "out of memory"));
  }
  gzbuffer(f.get(), 1 << 17);
  std::string out;
  std::array<char, 1 << 16> buf;
  for (;;) {
    const int n = gzread(f.get(), buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int code = 0;
      const char* msg = gzerror(f.get(), &code);
      throw InputError(
          file.string(), 0, "",
          fmt::format("cannot read: {}", code == Z_ERRNO ? std::strerror(errno) : msg));
    }
    if (n == 0) break;
    out.append(buf.data(), static_cast<std::size_t>(n));
  }
  // A truncated gzip stream ends "normally" with Z_BUF_ERROR left in the state.
  int code = Z_OK;
  const char* msg = gzerror(f.get(), &code);
  if (code != Z_OK) throw InputError(file.string(), 0, "", fmt::format("cannot read: {}", msg));
  return out;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

// Splits the text into records, keeping the line each record starts on.
class Parser {
 public:
  Parser(std::string text, std::string file) : s_(std::move(text)), file_(std::move(file)) {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
  }

  /// Skips blank and comment lines; false at the end of the text.
  bool next_record_start() {
    while (pos_ < s_.size()) {
      std::size_t p = pos_;
      while (p < s_.size() && (is_blank(s_[p]) || s_[p] == '\r')) ++p;
      if (p < s_.size() && s_[p] != '\n' && s_[p] != '#') return true;
      skip_line();
    }
    return false;
  }
  int line() const { return line_; }

  /// The current physical line, for separator detection.
  std::string_view peek_line() const {
    std::size_t e = s_.find('\n', pos_);
    return std::string_view(s_).substr(pos_, e == std::string::npos ? e : e - pos_);
  }

  /// Reads one record (which may span lines inside quotes) and moves past it.
  std::vector<std::string> record(char sep) {
    std::vector<std::string> fields;
    std::string cur;
    enum { start, unquoted, quoted, after_quote } st = start;
    const int first_line = line_;
    for (;;) {
      if (pos_ >= s_.size()) {
        if (st == quoted)
          throw InputError(file_, first_line, "", "a quoted field is not closed (missing '\"')");
        break;
      }
      const char c = s_[pos_];
      if (st == quoted) {
        if (c == '"' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
          cur += '"';
          pos_ += 2;
        } else if (c == '"') {
          st = after_quote;
          ++pos_;
        } else {
          if (c == '\n') ++line_;
          cur += c;
          ++pos_;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && (pos_ + 1 == s_.size() || s_[pos_ + 1] == '\n'))) {
        skip_line();
        break;
      }
      ++pos_;
      if (c == sep) {
        finish(fields, cur, st == unquoted);
        st = start;
      } else if (st == start && is_blank(c)) {
        // leading blanks are not part of the field
      } else if (st == start && c == '"') {
        st = quoted;
      } else if (st == start || st == unquoted) {
        st = unquoted;
        cur += c;
      } else if (!is_blank(c)) {  // after_quote
        throw InputError(file_, line_, "",
                         fmt::format("unexpected '{}' after a closing quote; expected a separator "
                                     "'{}' or the end of the line",
                                     c, sep == '\t' ? std::string("\\t") : std::string(1, sep)));
      }
    }
    finish(fields, cur, st == unquoted);
    return fields;
  }

 private:
  std::string s_, file_;
  std::size_t pos_ = 0;
  int line_ = 1;

  void skip_line() {
    std::size_t e = s_.find('\n', pos_);
    pos_ = e == std::string::npos ? s_.size() : e + 1;
    ++line_;
  }
  static void finish(std::vector<std::string>& fields, std::string& cur, bool trim_end) {
    if (trim_end) {
      while (!cur.empty() && is_blank(cur.back())) cur.pop_back();
    }
    fields.push_back(std::move(cur));
    cur.clear();
  }
};

// The most frequent of ',', ';', tab and '|' outside quotes; ',' when none occurs.
char detect_separator(std::string_view header) {
  constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  std::array<int, 4> counts{};
  bool quoted = false;
  for (char c : header) {
    if (c == '"') quoted = !quoted;
    for (std::size_t k = 0; k < kCandidates.size(); ++k)
      if (!quoted && c == kCandidates[k]) ++counts[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < kCandidates.size(); ++k)
    if (counts[k] > counts[best]) best = k;
  return kCandidates[best];
}

}  // namespace

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

CsvTable read_csv(const std::filesystem::path& file, char separator) {
  Parser p(read_all(file), file.string());
  CsvTable table;
  if (!p.next_record_start())
    throw InputError(file.string(), 0, "", "no header line: the file is empty or only comments");
  table.separator = separator != 0 ? separator : detect_separator(p.peek_line());
  table.header = p.record(table.separator);
  while (p.next_record_start()) {
    const int line = p.line();
    auto row = p.record(table.separator);
    if (row.size() != table.header.size()) {
      throw InputError(file.string(), line, "",
                       fmt::format("expected {} fields like the header, got {}",
                                   table.header.size(), row.size()));
    }
    table.rows.push_back(std::move(row));
    table.lines.push_back(line);
  }
  return table;
}

}  // namespace wf
