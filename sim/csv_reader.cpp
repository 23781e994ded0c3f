#include "sim/csv_reader.hpp"

#include <fmt/format.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "sim/error.hpp"
#include "sim/input_files.hpp"

// Dialect: RFC 4180 quoting ("" inside quotes is a quote, quoted fields may span lines),
// CRLF or LF, optional UTF-8 BOM. Spaces around unquoted fields are trimmed, so headers
// like `time, power` name the column `power`; quoted fields are kept verbatim.

namespace wf {

namespace {

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

constexpr std::size_t kBlock = std::size_t{1} << 18;  // bytes decompressed at a time

}  // namespace

// The file, decompressed when it starts like gzip (whatever its name, as zlib's
// gzread does). ISA-L's inflate reads a year of 1-minute rows about 2.5 times as fast
// as zlib's on this kind of text and checks each member's CRC and length the same way.
struct CsvReader::Source {
  std::string file;
  std::FILE* f = nullptr;
  bool gzip = false;
  bool done = false;
  inflate_state st{};
  std::vector<unsigned char> in;

  ~Source() {
    if (f) std::fclose(f);
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(file, 0, "", fmt::format("cannot read: {}", what));
  }
  std::size_t read_raw(void* out, std::size_t n) {
    const std::size_t k = std::fread(out, 1, n, f);
    if (k < n && std::ferror(f)) fail(std::strerror(errno));
    return k;
  }
  // The unread input moved to the front of the buffer, the rest refilled from the file.
  void top_up() {
    if (st.avail_in > 0) std::memmove(in.data(), st.next_in, st.avail_in);
    st.next_in = in.data();
    st.avail_in +=
        static_cast<std::uint32_t>(read_raw(in.data() + st.avail_in, in.size() - st.avail_in));
  }
  // Up to n bytes of text; 0 at the end of the file.
  std::size_t read(char* out, std::size_t n) {
    if (!gzip) return read_raw(out, n);
    n = std::min<std::size_t>(n, 1u << 30);
    std::size_t got = 0;
    while (got == 0 && !done) {
      if (st.avail_in == 0) {
        top_up();
        if (st.avail_in == 0) fail("unexpected end of file (the gzip data is truncated)");
      }
      st.next_out = reinterpret_cast<std::uint8_t*>(out);
      st.avail_out = static_cast<std::uint32_t>(n);
      const int r = isal_inflate(&st);
      if (r < 0) fail(message(r));
      got = n - st.avail_out;
      if (st.block_state == ISAL_BLOCK_FINISH) {
        // Another gzip member may follow (concatenated files); anything else is ignored,
        // as zlib does.
        top_up();
        if (st.avail_in >= 2 && st.next_in[0] == 0x1f && st.next_in[1] == 0x8b) {
          const std::uint8_t* next = st.next_in;
          const std::uint32_t avail = st.avail_in;
          isal_inflate_reset(&st);
          st.crc_flag = ISAL_GZIP;
          st.next_in = const_cast<std::uint8_t*>(next);
          st.avail_in = avail;
        } else {
          done = true;
        }
      }
    }
    return got;
  }
  static const char* message(int code) {
    switch (code) {
      case ISAL_INVALID_WRAPPER:
        return "not a valid gzip header";
      case ISAL_UNSUPPORTED_METHOD:
        return "gzip data not compressed with deflate";
      case ISAL_INCORRECT_CHECKSUM:
        return "the gzip checksum does not match: the file is damaged";
      default:
        return "invalid compressed data: the file is damaged";
    }
  }
};

// A gzip member ends with its uncompressed length modulo 2^32 (RFC 1952): a hint
// for capacities, bounded by deflate's largest ratio (1032:1) against crafted trailers.
std::uint64_t text_length(std::FILE* f, bool gzip) {
  if (std::fseek(f, 0, SEEK_END) != 0) return 0;
  const long size = std::ftell(f);
  std::uint64_t out = size > 0 ? std::uint64_t(size) : 0;
  unsigned char b[4];
  if (gzip) {
    out = 0;
    if (size >= 18 && std::fseek(f, -4, SEEK_END) == 0 && std::fread(b, 1, 4, f) == 4) {
      const std::uint64_t isize = b[0] | b[1] << 8 | b[2] << 16 | std::uint64_t{b[3]} << 24;
      out = std::min(isize, std::uint64_t(size) * 1032);
    }
  }
  std::clearerr(f);
  std::rewind(f);
  return out;
}

CsvReader::CsvReader(const std::filesystem::path& file, char separator)
    : src_(std::make_unique<Source>()), file_(file.string()) {
  admit_input_file(file, "CSV file");
  errno = 0;
  src_->file = file_;
  src_->f = std::fopen(file.c_str(), "rb");
  if (!src_->f) {
    throw InputError(
        file_, 0, "",
        fmt::format("cannot open: {}", errno ? std::strerror(errno) : "out of memory"));
  }
  unsigned char magic[2] = {0, 0};
  const std::size_t m = std::fread(magic, 1, 2, src_->f);
  src_->gzip = m == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  bytes_ = text_length(src_->f, src_->gzip);
  if (src_->gzip) {
    isal_inflate_init(&src_->st);
    src_->st.crc_flag = ISAL_GZIP;
    src_->in.resize(std::size_t{1} << 16);
  }
  buf_.resize(kBlock);
  fill();
  if (end_ >= 3 && std::memcmp(buf_.data(), "\xEF\xBB\xBF", 3) == 0) pos_ = 3;
  std::size_t nl = 0;
  if (!skip_to_record(nl))
    throw InputError(file_, 0, "", "no header line: the file is empty or only comments");
  sep_ = separator != 0 ? separator : detect_separator({buf_.data() + pos_, nl - pos_});
  record_line_ = line_;
  if (!split_plain(nl)) split_quoted();
  header_.assign(fields_.begin(), fields_.end());
  pairs_ = header_.size() == 2 && sep_ != '\n' && sep_ != '\r' && sep_ != '"';
}

CsvReader::~CsvReader() = default;

int CsvReader::column(std::string_view name) const {
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (header_[i] == name) return static_cast<int>(i);
  return -1;
}

std::size_t CsvReader::estimated_records() const {
  const std::size_t in_block = end_ - pos_;
  if (bytes_ == 0 || in_block == 0) return 0;
  std::size_t lines = 0;
  for (const char* p = buf_.data() + pos_;
       (p = static_cast<const char*>(std::memchr(p, '\n', buf_.data() + end_ - p))); ++p)
    ++lines;
  if (eof_) return lines + 1;
  const double per_byte = double(lines + 1) / double(in_block);
  return static_cast<std::size_t>(std::min(double(bytes_) * per_byte * 1.02 + 16, 64e6));
}

bool CsvReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);  // a line longer than the buffer
  const std::size_t n = src_->read(buf_.data() + end_, buf_.size() - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

std::size_t CsvReader::line_end() {
  std::size_t from = pos_;
  for (;;) {
    if (const void* p = std::memchr(buf_.data() + from, '\n', end_ - from))
      return static_cast<std::size_t>(static_cast<const char*>(p) - buf_.data());
    const std::size_t scanned = end_ - pos_;
    if (!fill()) return end_;
    from = pos_ + scanned;
  }
}

bool CsvReader::skip_to_record(std::size_t& nl) {
  for (;;) {
    if (pos_ >= end_ && !fill()) return false;
    nl = line_end();
    std::size_t p = pos_;
    while (p < nl && (is_blank(buf_[p]) || buf_[p] == '\r')) ++p;
    if (p < nl && buf_[p] != '#') return true;
    pos_ = nl < end_ ? nl + 1 : end_;
    ++line_;
  }
}

bool CsvReader::next() {
  if (!split_short()) {
    std::size_t nl = 0;
    if (!skip_to_record(nl)) return false;
    record_line_ = line_;
    if (!split_plain(nl)) split_quoted();
  }
  if (fields_.size() != header_.size()) {
    throw InputError(
        file_, record_line_, "",
        fmt::format("expected {} fields like the header, got {}", header_.size(), fields_.size()));
  }
  return true;
}

// The record at pos_ in one pass, 16 bytes at a time, when its line is whole in the
// buffer, starts with a character of content (not blank, CR, '#' or a newline: no
// skipping to do) and has no quote: the newline, the separators and the quotes show
// up together in three byte compares, where split_plain's memchr calls made three
// passes. Fields are cut and trimmed as split_plain cuts them; anything else returns
// false with nothing consumed, and the general path reads the record.
bool CsvReader::split_short() {
#if defined(__SSE2__)
  if (pos_ >= end_ || sep_ == '\n' || sep_ == '\r' || sep_ == '"') return false;
  const char* a = buf_.data() + pos_;
  const char* e = buf_.data() + end_;
  if (is_blank(*a) || *a == '\r' || *a == '#' || *a == '\n') return false;
  const __m128i newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"'),
                sep = _mm_set1_epi8(sep_);
  fields_.clear();
  const char* f = a;  // start of the open field
  for (const char* p = a; e - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const auto nl = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, newline)));
    const unsigned before = nl ? (nl & (0u - nl)) - 1 : 0xFFFFu;  // bytes before the newline
    if (static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote))) & before) break;
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, sep))) & before; m;
         m &= m - 1) {
      const char* at = p + __builtin_ctz(m);
      fields_.push_back(trimmed(f, at));
      f = at + 1;
    }
    if (!nl) continue;
    const char* eol = p + __builtin_ctz(nl);
    const char* last = eol > a && eol[-1] == '\r' && eol - 1 >= f ? eol - 1 : eol;
    fields_.push_back(trimmed(f, last));
    record_line_ = line_++;
    pos_ = static_cast<std::size_t>(eol + 1 - buf_.data());
    return true;
  }
#endif
  return false;
}

bool CsvReader::next_starting_with(std::string_view first) {
  std::string_view second;
  const char* a = take_pair(first, second);
  if (!a) return false;
  fields_.resize(2);
  fields_[0] = {a, first.size()};
  fields_[1] = second;
  return true;
}

bool CsvReader::split_plain(std::size_t nl) {
  const char* a = buf_.data() + pos_;
  const char* e = buf_.data() + nl;
  if (e > a && e[-1] == '\r') --e;  // CRLF, or a CR ending the file
  // memchr scans a word or a vector at a time: a third of the instructions of a
  // byte loop on a 30-byte record.
  if (std::memchr(a, '"', static_cast<std::size_t>(e - a))) return false;
  fields_.clear();
  const char* f = a;
  while (const auto* p =
             static_cast<const char*>(std::memchr(f, sep_, static_cast<std::size_t>(e - f)))) {
    fields_.push_back(trimmed(f, p));
    f = p + 1;
  }
  fields_.push_back(trimmed(f, e));
  pos_ = nl < end_ ? nl + 1 : end_;
  ++line_;
  return true;
}

// RFC 4180 fields; the record is scanned again from its start whenever the buffer
// runs out inside it (nothing is written to the buffer, so a rescan is exact).
void CsvReader::split_quoted() {
  for (;;) {
    unquoted_.clear();
    bounds_.clear();
    enum { start, unquoted, quoted, after_quote } st = start;
    std::size_t i = pos_;
    int line = line_;
    bool more = false;
    auto finish = [&] {
      if (st == unquoted)
        while (unquoted_.size() > (bounds_.empty() ? 0 : bounds_.back()) &&
               is_blank(unquoted_.back()))
          unquoted_.pop_back();
      bounds_.push_back(unquoted_.size());
    };
    for (;;) {
      // The CR of a CRLF may be the last byte read so far.
      if (i >= end_ || (buf_[i] == '\r' && i + 1 >= end_ && !eof_)) {
        if (fill()) {
          more = true;
          break;
        }
        if (i >= end_) {
          if (st == quoted)
            throw InputError(file_, record_line_, "",
                             "a quoted field is not closed (missing '\"')");
          finish();
          pos_ = end_;
          break;
        }
      }
      const char c = buf_[i];
      if (st == quoted) {
        if (c == '"' && i + 1 < end_ && buf_[i + 1] == '"') {
          unquoted_ += '"';
          i += 2;
        } else if (c == '"' && i + 1 >= end_ && fill()) {
          more = true;  // was it "" or a closing quote? rescan with more bytes
          break;
        } else if (c == '"') {
          st = after_quote;
          ++i;
        } else {
          if (c == '\n') ++line;
          unquoted_ += c;
          ++i;
        }
        continue;
      }
      if (c == '\n' || (c == '\r' && (i + 1 == end_ || buf_[i + 1] == '\n'))) {
        finish();
        const char* nl = static_cast<const char*>(std::memchr(buf_.data() + i, '\n', end_ - i));
        pos_ = nl ? static_cast<std::size_t>(nl - buf_.data()) + 1 : end_;
        break;
      }
      ++i;
      if (c == sep_) {
        finish();
        st = start;
      } else if (st == start && is_blank(c)) {
        // leading blanks are not part of the field
      } else if (st == start && c == '"') {
        st = quoted;
      } else if (st == start || st == unquoted) {
        st = unquoted;
        unquoted_ += c;
      } else if (!is_blank(c)) {  // after_quote
        throw InputError(file_, line, "",
                         fmt::format("unexpected '{}' after a closing quote; expected a separator "
                                     "'{}' or the end of the line",
                                     c, sep_ == '\t' ? std::string("\\t") : std::string(1, sep_)));
      }
    }
    if (more) continue;
    line_ = line + 1;
    fields_.clear();
    std::size_t from = 0;
    for (std::size_t b : bounds_) {
      fields_.emplace_back(unquoted_.data() + from, b - from);
      from = b;
    }
    return;
  }
}

int CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

CsvTable read_csv(const std::filesystem::path& file, char separator) {
  CsvReader r(file, separator);
  CsvTable table;
  table.header = r.header();
  table.separator = r.separator();
  while (r.next()) {
    table.rows.emplace_back(r.fields().begin(), r.fields().end());
    table.lines.push_back(r.line());
  }
  return table;
}

}  // namespace wf
