#pragma once
// Line-oriented CSV reading (plain or gzip) that keeps line numbers for messages.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/short_equal.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace wf {

/// Streams the records of a CSV file (`.gz` decompressed on the fly, a block at a
/// time): a year of 1-minute rows is never held as text or as strings. Skips blank
/// lines and lines starting with '#'. Handles double-quoted fields. Throws
/// InputError on unreadable files and rows whose field count differs from the header.
class CsvReader {
 public:
  /// Opens the file and reads the header. `separator` 0 detects ',', ';', tab or
  /// '|' from the header line.
  explicit CsvReader(const std::filesystem::path& file, char separator = 0);
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  const std::vector<std::string>& header() const { return header_; }
  char separator() const { return sep_; }
  int column(std::string_view name) const;  ///< -1 when absent
  const std::string& file() const { return file_; }

  /// Moves to the next data record; false at the end of the file.
  bool next();
  /// Moves to the next record, as next() would read it, when it is `first`, the separator
  /// and one more field (a header of two columns) and its line is whole in the buffer;
  /// otherwise false with nothing consumed. `first` (what the caller expects, e.g. the next
  /// time of a grid: 16 to 32 characters, others are never taken) must hold no separator,
  /// quote, CR or newline, and neither start nor end with a blank or start with '#'. Skips
  /// next()'s field search for the first field.
  bool next_starting_with(std::string_view first);
  /// next_starting_with() for a caller that reads the second field only: it goes to
  /// `second` (trimmed as next() trims it), and fields() stays as it was. Inline: a year
  /// of 1-minute rows takes it half a million times.
  bool next_pair_starting_with(std::string_view first, std::string_view& second) {
    return take_pair(first, second) != nullptr;
  }
  /// The current record's fields (as many as the header's), valid until next().
  const std::vector<std::string_view>& fields() const { return fields_; }
  /// 1-based source line the current record starts on.
  int line() const { return record_line_; }
  /// Records still to come, estimated from the file's (uncompressed) size and the
  /// lines of the block in memory: a capacity hint, never trusted for more.
  std::size_t estimated_records() const;

 private:
  struct Source;  // the open file and its decompressor
  std::unique_ptr<Source> src_;
  std::string file_;
  std::vector<char> buf_;  // [pos_, end_) not yet parsed
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  std::uint64_t bytes_ = 0;  // the file's length as text (a gzip trailer's ISIZE), 0: unknown
  int line_ = 1;             // line of buf_[pos_]
  int record_line_ = 0;
  char sep_ = ',';
  std::vector<std::string> header_;
  std::vector<std::string_view> fields_;
  std::string unquoted_;  // fields of a record with quotes, unescaped
  std::vector<std::size_t> bounds_;
  bool pairs_ = false;  // two columns, and a separator that is no newline, CR or quote

  static bool is_blank(char c) { return c == ' ' || c == '\t'; }
  static std::string_view trimmed(const char* a, const char* e) {
    while (a < e && is_blank(*a)) ++a;
    while (e > a && is_blank(e[-1])) --e;
    return {a, static_cast<std::size_t>(e - a)};
  }
  // next_pair_starting_with's work: the record's first byte, or nullptr with nothing
  // consumed.
  const char* take_pair(std::string_view first, std::string_view& second);
  bool fill();                           // more bytes after end_; false at the end of the file
  std::size_t line_end();                // index of the '\n' ending pos_'s line, or end_ at EOF
  bool skip_to_record(std::size_t& nl);  // past blank and comment lines; false at EOF
  bool split_short();                    // the common record in one pass; false: not that
  bool split_plain(std::size_t nl);      // a record on [pos_, nl); false if it has quotes
  void split_quoted();                   // the general state machine (may span lines)
};

inline const char* CsvReader::take_pair(std::string_view first, std::string_view& second) {
#if defined(__SSE2__)
  const std::size_t n = first.size();
  // The first field, the separator and 16 bytes for the second field's search.
  if (!pairs_ || n < 16 || n > 32 || pos_ > end_ || end_ - pos_ < n + 17) return nullptr;
  const char* a = buf_.data() + pos_;
  const char* f = a + n + 1;  // the second field
  if (a[n] != sep_ || !equal_16_to_32(a, first.data(), n)) return nullptr;
  // The second field and its line end within 16 bytes, with no quote or separator before it.
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(f));
  const auto nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
  if (!nl) return nullptr;
  const unsigned before = (nl & (0u - nl)) - 1;
  const auto stops = static_cast<unsigned>(_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8(sep_)))));
  if (stops & before) return nullptr;
  const char* eol = f + __builtin_ctz(nl);
  const char* last = eol[-1] == '\r' && eol - 1 >= f ? eol - 1 : eol;  // as split_short
  second = trimmed(f, last);
  record_line_ = line_++;
  pos_ = static_cast<std::size_t>(eol + 1 - buf_.data());
  return a;
#else
  (void)first, (void)second;
  return nullptr;
#endif
}

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  ///< 1-based source line of each row
  char separator = ',';
  int column(std::string_view name) const;  ///< -1 when absent
};

/// Reads a whole CSV file into strings (for the small files: prices, workloads,
/// weather); see CsvReader for the rules. Large traces stream through CsvReader.
CsvTable read_csv(const std::filesystem::path& file, char separator = 0);

}  // namespace wf
