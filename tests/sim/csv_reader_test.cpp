#include "sim/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zlib.h>

#include <fstream>
#include <iterator>
#include <random>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Writes `text` gzip-compressed.
std::filesystem::path write_gz(const test::TempDir& dir, const std::string& name,
                               const std::string& text) {
  auto p = dir / name;
  gzFile f = gzopen(p.c_str(), "wb");
  EXPECT_NE(f, nullptr);
  EXPECT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
            static_cast<int>(text.size()));
  gzclose(f);
  return p;
}

// The InputError thrown by read_csv, or a test failure.
InputError read_error(const std::filesystem::path& p, char sep = 0) {
  return test::input_error([&] { read_csv(p, sep); }, "for " + p.string());
}

TEST(CsvReader, PlainCommaSeparated) {
  test::TempDir dir;
  auto t = read_csv(dir.write("a.csv", "time,value\n2025-01-01T00:00Z,1.5\n2025-01-01T01:00Z,2\n"));
  EXPECT_EQ(t.separator, ',');
  EXPECT_THAT(t.header, ElementsAre("time", "value"));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.rows[0], ElementsAre("2025-01-01T00:00Z", "1.5"));
  EXPECT_THAT(t.rows[1], ElementsAre("2025-01-01T01:00Z", "2"));
  EXPECT_THAT(t.lines, ElementsAre(2, 3));
  EXPECT_EQ(t.column("value"), 1);
  EXPECT_EQ(t.column("time"), 0);
  EXPECT_EQ(t.column("Value"), -1);
}

TEST(CsvReader, SkipsBlankAndCommentLinesKeepingLineNumbers) {
  test::TempDir dir;
  auto t = read_csv(
      dir.write("a.csv", "# exported 2025\n\ntime,value\n# units: kW\n1,2\n   \n\n3,4\n# end\n"));
  EXPECT_THAT(t.header, ElementsAre("time", "value"));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.lines, ElementsAre(5, 8));
}

TEST(CsvReader, DetectsSeparators) {
  test::TempDir dir;
  auto semi = read_csv(dir.write("s.csv", "HourUTC;Price\n2021-01-01 00:00;409,48\n"));
  EXPECT_EQ(semi.separator, ';');
  EXPECT_THAT(semi.rows[0], ElementsAre("2021-01-01 00:00", "409,48"));
  auto bar = read_csv(dir.write("b.csv", "time|value\n2025-01-01T00:00Z|1,5\n"));
  EXPECT_EQ(bar.separator, '|');
  EXPECT_THAT(bar.rows[0], ElementsAre("2025-01-01T00:00Z", "1,5"));
  auto tab = read_csv(dir.write("t.tsv", "a\tb\tc\n1\t2,5\t3\n"));
  EXPECT_EQ(tab.separator, '\t');
  EXPECT_THAT(tab.rows[0], ElementsAre("1", "2,5", "3"));
  // A separator inside a quoted header name does not count.
  auto q = read_csv(dir.write("q.csv", "\"a,b,c\";d\n1;2\n"));
  EXPECT_EQ(q.separator, ';');
  EXPECT_THAT(q.header, ElementsAre("a,b,c", "d"));
  // Single column: comma by default.
  auto one = read_csv(dir.write("one.csv", "value\n1\n2\n"));
  EXPECT_EQ(one.separator, ',');
  EXPECT_EQ(one.rows.size(), 2u);
  // An explicit separator wins over detection.
  auto forced = read_csv(dir.write("f.csv", "a;b,c\n1;2,3\n"), ',');
  EXPECT_THAT(forced.header, ElementsAre("a;b", "c"));
}

TEST(CsvReader, QuotedFields) {
  test::TempDir dir;
  auto t = read_csv(dir.write("q.csv",
                              "\"MTU (CET/CEST)\",\"Price\",\"Note\"\n"
                              "\"01.01.2023 00:00 - 01.01.2023 01:00\",\"1,5\",\"a;b\"\n"
                              "x,\"say \"\"hi\"\"\",\"\"\n"
                              "\"multi\nline\",2,  \" padded \"  \n"
                              "y,3,z\n"));
  EXPECT_THAT(t.header, ElementsAre("MTU (CET/CEST)", "Price", "Note"));
  ASSERT_EQ(t.rows.size(), 4u);
  EXPECT_THAT(t.rows[0], ElementsAre("01.01.2023 00:00 - 01.01.2023 01:00", "1,5", "a;b"));
  EXPECT_THAT(t.rows[1], ElementsAre("x", "say \"hi\"", ""));
  EXPECT_THAT(t.rows[2], ElementsAre("multi\nline", "2", " padded "));
  EXPECT_THAT(t.lines, ElementsAre(2, 3, 4, 6));  // the quoted newline counts as a line
}

TEST(CsvReader, TrimsUnquotedFieldsAndKeepsEmptyOnes) {
  test::TempDir dir;
  auto t = read_csv(dir.write("a.csv", " time , power.draw [W]\n 1 ,  \n2,3\n"));
  EXPECT_THAT(t.header, ElementsAre("time", "power.draw [W]"));
  EXPECT_THAT(t.rows[0], ElementsAre("1", ""));
}

TEST(CsvReader, CrlfAndBom) {
  test::TempDir dir;
  auto t = read_csv(dir.write("w.csv", "\xEF\xBB\xBFtime;value\r\n1;2\r\n\r\n3;\"4\"\r\n"));
  EXPECT_EQ(t.separator, ';');
  EXPECT_THAT(t.header, ElementsAre("time", "value"));  // no BOM in the first name
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.rows[0], ElementsAre("1", "2"));
  EXPECT_THAT(t.rows[1], ElementsAre("3", "4"));
  EXPECT_THAT(t.lines, ElementsAre(2, 4));
  // No final newline, final CR.
  auto u = read_csv(dir.write("u.csv", "a,b\r\n1,2\r"));
  EXPECT_THAT(u.rows[0], ElementsAre("1", "2"));
  auto v = read_csv(dir.write("v.csv", "a,b\n1,2"));
  EXPECT_THAT(v.rows[0], ElementsAre("1", "2"));
}

TEST(CsvReader, Gzip) {
  test::TempDir dir;
  std::string text = "# comment\ntime,value\n";
  for (int i = 0; i < 20000; ++i) text += std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  auto t = read_csv(write_gz(dir, "big.csv.gz", text));
  ASSERT_EQ(t.rows.size(), 20000u);
  EXPECT_THAT(t.rows[19999], ElementsAre("19999", "39998"));
  EXPECT_EQ(t.lines[19999], 20002);
}

TEST(CsvReader, FieldCountMismatchNamesTheLine) {
  test::TempDir dir;
  auto p = dir.write("bad.csv", "time,value\n1,2\n\n3,4,5\n");
  auto e = read_error(p);
  EXPECT_EQ(e.line(), 4);
  EXPECT_THAT(e.what(), HasSubstr("bad.csv:4"));
  EXPECT_THAT(e.detail(), HasSubstr("expected 2 fields"));
  EXPECT_THAT(e.detail(), HasSubstr("got 3"));
  EXPECT_EQ(read_error(dir.write("short.csv", "a,b,c\n1,2\n")).line(), 2);
  // A separator inside quotes does not split.
  EXPECT_NO_THROW(read_csv(dir.write("ok.csv", "a,b\n\"1,5\",2\n")));
}

TEST(CsvReader, QuoteErrors) {
  test::TempDir dir;
  auto open = read_error(dir.write("open.csv", "a,b\n1,2\n3,\"4\n5,6\n"));
  EXPECT_EQ(open.line(), 3);
  EXPECT_THAT(open.detail(), HasSubstr("not closed"));
  auto trailing = read_error(dir.write("trail.csv", "a,b\n1,\"2\"x\n"));
  EXPECT_EQ(trailing.line(), 2);
  EXPECT_THAT(trailing.detail(), HasSubstr("after a closing quote"));
}

TEST(CsvReader, MissingOrUnreadableFile) {
  test::TempDir dir;
  auto missing = read_error(dir / "nope.csv");
  EXPECT_EQ(missing.line(), 0);
  EXPECT_EQ(missing.field(), "");
  EXPECT_THAT(missing.file(), HasSubstr("nope.csv"));
  EXPECT_THAT(missing.detail(), HasSubstr("cannot open the CSV file: "));
  EXPECT_THAT(missing.detail(), HasSubstr("No such file"));
  EXPECT_THAT(read_error(dir.path()).detail(),
              HasSubstr("it is a directory, expected a regular file"));
  // A FIFO would block the read forever, /dev/zero never ends: both are refused up front.
  EXPECT_THAT(read_error("/dev/zero").detail(), HasSubstr("it is a character device"));
  ASSERT_EQ(::mkfifo((dir / "fifo.csv").c_str(), 0600), 0);
  EXPECT_THAT(read_error(dir / "fifo.csv").detail(), HasSubstr("it is a FIFO"));
  auto empty = read_error(dir.write("empty.csv", "# only a comment\n\n"));
  EXPECT_THAT(empty.detail(), HasSubstr("no header"));
  // A truncated gzip stream is a read error, not silent data loss.
  std::string text = "time,value\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + ",1\n";
  auto gz = write_gz(dir, "cut.csv.gz", text);
  std::filesystem::resize_file(gz, std::filesystem::file_size(gz) / 2);
  EXPECT_THAT(read_error(gz).detail(), HasSubstr("cannot read"));
}

TEST(CsvReader, HeaderOnlyHasNoRows) {
  test::TempDir dir;
  auto t = read_csv(dir.write("h.csv", "time,value\n"));
  EXPECT_THAT(t.header, ElementsAre("time", "value"));
  EXPECT_TRUE(t.rows.empty());
}

TEST(CsvReader, RealEntsoeExportHasAnUnnamedMissingColumn) {
  WF_REQUIRE_SHARED_DATA();
  // Its header names 4 columns, the rows carry 3: strict reading refuses at line 2.
  auto e = read_error(test::shared_data() / "prices" / "SE3_2023_entsoe.csv");
  EXPECT_EQ(e.line(), 2);
  EXPECT_THAT(e.detail(), HasSubstr("expected 4 fields like the header, got 3"));
}

TEST(CsvReader, RealGzipWithSemicolons) {
  WF_REQUIRE_SHARED_DATA();
  auto t = read_csv(test::shared_data() / "prices" / "Elspotprices_DK1_DK2_2021-2024.csv.gz");
  EXPECT_EQ(t.separator, ';');
  EXPECT_THAT(t.header,
              ElementsAre("HourUTC", "HourDK", "PriceArea", "SpotPriceDKK", "SpotPriceEUR"));
  EXPECT_EQ(t.rows.size(), 56926u);
}

// The reader holds 256 KiB of text at a time: records of every kind cross that
// boundary at every offset, and a line longer than the buffer grows it.
TEST(CsvReader, RecordsAcrossBlockBoundaries) {
  test::TempDir dir;
  std::string text = "id,text,n\r\n";
  std::vector<std::vector<std::string>> want;
  std::vector<int> lines;
  int line = 2;
  for (int i = 0; text.size() < 900'000; ++i) {
    std::string quoted(static_cast<std::size_t>(i % 37), 'x');
    std::vector<std::string> row{std::to_string(i), "", std::to_string(i * 3)};
    lines.push_back(line);
    switch (i % 5) {
      case 0:  // plain, CRLF
        row[1] = "plain" + quoted;
        text += row[0] + "," + row[1] + "," + row[2] + "\r\n";
        break;
      case 1:  // quoted with an escaped quote and a separator
        row[1] = "say \"" + quoted + "\", ok";
        text += row[0] + ",\"say \"\"" + quoted + "\"\", ok\"," + row[2] + "\n";
        break;
      case 2:  // a quoted newline: the record spans two lines
        row[1] = quoted + "\nnext";
        text += row[0] + ",\"" + row[1] + "\"," + row[2] + "\n";
        ++line;
        break;
      case 3:  // a comment and a blank line before it
        text += "# note\n\n";
        lines.back() += 2;
        line += 2;
        row[1] = quoted;
        text += row[0] + ",  " + row[1] + "  ," + row[2] + "\n";
        break;
      default:  // a quoted field ending the record
        row[2] = "\"" + quoted + "\"";
        text += row[0] + ",," + "\"\"\"" + quoted + "\"\"\"\n";
        break;
    }
    ++line;
    want.push_back(row);
  }
  const std::string wide(600'000, 'w');  // one field wider than the buffer
  text += "x," + wide + ",\"" + wide + "\"\n";
  want.push_back({"x", wide, wide});
  lines.push_back(line);
  for (const auto& file : {dir.write("big.csv", text), write_gz(dir, "big.csv.gz", text)}) {
    auto t = read_csv(file);
    ASSERT_EQ(t.rows.size(), want.size()) << file;
    for (std::size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(t.rows[i], want[i]) << file << " row " << i;
      ASSERT_EQ(t.lines[i], lines[i]) << file << " row " << i;
    }
  }
}

TEST(CsvReader, UnquotedRecordsMatchAPlainReadingOfTheRules) {
  // Random lines (blanks, tabs, CRs, comments, empty fields, every length around the
  // 16-byte steps of the one-pass split, a quote past them now and then) against the
  // rules read plainly: skip lines with nothing but blanks and CRs or a '#' first; drop
  // one CR before the newline; cut at the separator; trim blanks; keep quoted text.
  test::TempDir dir;
  for (const char sep : {',', '\t'}) {
    std::mt19937 rng(7);
    std::string alphabet = "ab1 \t;|.\r-,";
    alphabet.erase(alphabet.find(sep), 1);
    auto pick = [&] { return alphabet[rng() % alphabet.size()]; };
    auto trim = [](std::string f) {
      while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) f.erase(0, 1);
      while (!f.empty() && (f.back() == ' ' || f.back() == '\t')) f.pop_back();
      return f;
    };
    const std::string s(1, sep);
    std::string text = "a" + s + "b" + s + "c\n";
    std::vector<std::vector<std::string>> want;
    std::vector<int> lines;
    int line = 2;
    for (; text.size() < 700'000; ++line) {
      const bool crlf = rng() % 3 == 0;
      std::string body;
      std::vector<std::string> row;  // stays empty for a line the reader skips
      const auto kind = rng() % 13;
      if (kind == 0) {  // blanks and CRs, maybe a comment
        for (std::size_t k = rng() % 5; k > 0; --k) body += " \t\r"[rng() % 3];
        if (rng() % 2) body += "#" + s + "x" + s + "y";
      } else if (kind == 1) {  // a quoted field past the first 16 bytes
        const std::string first(17 + rng() % 9, 'q'), inner = "in" + s + "side ";
        body = first + s + "\"" + inner + "\"" + s + "z";
        row = {first, inner, "z"};
      } else {
        for (int f = 0; f < 3; ++f) {
          if (f > 0) body += sep;
          for (std::size_t k = rng() % (f == 1 ? 40 : 9); k > 0; --k) body += pick();
        }
        const std::size_t head = body.find_first_not_of(" \t\r");
        if (head != std::string::npos && body[head] != '#') {
          std::string rec = body + (crlf ? "\r" : "");
          if (rec.back() == '\r') rec.pop_back();  // one CR before the newline is dropped
          for (std::size_t from = 0, at = 0; at != std::string::npos; from = at + 1) {
            at = rec.find(sep, from);
            row.push_back(trim(rec.substr(from, at == std::string::npos ? at : at - from)));
          }
        }
      }
      text += body + (crlf ? "\r\n" : "\n");
      if (!row.empty()) want.push_back(row), lines.push_back(line);
    }
    text += "x" + s + "y" + s + "z";  // the last record without a newline
    want.push_back({"x", "y", "z"});
    lines.push_back(line);
    for (const auto& file : {dir.write("u.csv", text), write_gz(dir, "u.csv.gz", text)}) {
      auto t = read_csv(file, sep);
      ASSERT_EQ(t.rows.size(), want.size()) << file;
      for (std::size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(t.rows[i], want[i]) << file << " row " << i;
        ASSERT_EQ(t.lines[i], lines[i]) << file << " row " << i;
      }
    }
  }
}

// next_starting_with reads what next() reads when the record starts with the given
// first field, and consumes nothing when it does not. The pair form takes the same
// records, gives their second field and leaves fields() as they were.
TEST(CsvReader, ARecordStartingWithTheExpectedFieldReadsAsNextReadsIt) {
  test::TempDir dir;
  const std::string text =
      "time;value\n2025-01-01T00:00:00Z;1.5\n2025-01-01T00:01:00Z; 2 \r\n# note\n"
      "2025-01-01T00:02:00Z;\"3\"\n2025-01-01T00:03:00Z;4\n2025-01-01T00:04:00Z;5";
  const auto p = dir.write("a.csv", text);
  CsvReader plain(p), short_road(p), pairs(p);
  const std::vector<std::string> expected = {"2025-01-01T00:00:00Z", "2025-01-01T00:01:00Z",
                                             "2025-01-01T00:02:00Z", "2025-01-01T00:03:00Z",
                                             "2025-01-01T00:04:00Z"};
  // Taken: plain rows with a value (blanks and CRLF too). Not: a quote, the last row
  // without a newline (its line is not known whole), another first field.
  const std::vector<bool> taken = {true, true, false, true, false};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(plain.next());
    EXPECT_FALSE(short_road.next_starting_with("2025-01-01T00:09:00Z")) << i;
    EXPECT_FALSE(short_road.next_starting_with(expected[i].substr(0, 17))) << i;  // a prefix
    const bool took = short_road.next_starting_with(expected[i]);
    EXPECT_EQ(took, taken[i]) << i;
    if (!took) {
      ASSERT_TRUE(short_road.next());
    }
    EXPECT_EQ(short_road.fields(), plain.fields()) << i;
    EXPECT_EQ(short_road.line(), plain.line()) << i;

    std::string_view second = "untouched";
    EXPECT_FALSE(pairs.next_pair_starting_with("2025-01-01T00:09:00Z", second)) << i;
    EXPECT_EQ(second, "untouched") << i;
    const std::vector<std::string_view> before = pairs.fields();
    EXPECT_EQ(pairs.next_pair_starting_with(expected[i], second), taken[i]) << i;
    if (taken[i]) {
      EXPECT_EQ(second, plain.fields()[1]) << i;
      EXPECT_EQ(pairs.fields(), before) << i;
    } else {
      ASSERT_TRUE(pairs.next());
    }
    EXPECT_EQ(pairs.line(), plain.line()) << i;
  }
  EXPECT_FALSE(plain.next());
  EXPECT_FALSE(short_road.next_starting_with(expected.back()));
  EXPECT_FALSE(short_road.next());
  std::string_view second;
  EXPECT_FALSE(pairs.next_pair_starting_with(expected.back(), second));
  EXPECT_FALSE(pairs.next());
}

TEST(CsvReader, StreamsRecordByRecord) {
  test::TempDir dir;
  CsvReader r(dir.write("s.csv", "time;value\n1;2\n# gap\n3;4\n"));
  EXPECT_THAT(r.header(), ElementsAre("time", "value"));
  EXPECT_EQ(r.separator(), ';');
  EXPECT_EQ(r.column("value"), 1);
  ASSERT_TRUE(r.next());
  EXPECT_THAT(r.fields(), ElementsAre("1", "2"));
  EXPECT_EQ(r.line(), 2);
  ASSERT_TRUE(r.next());
  EXPECT_THAT(r.fields(), ElementsAre("3", "4"));
  EXPECT_EQ(r.line(), 4);
  EXPECT_FALSE(r.next());
  EXPECT_FALSE(r.next());
}

TEST(CsvReader, GzipMembersConcatenatedAndPlainTextUnderAGzName) {
  test::TempDir dir;
  // `cat a.gz b.gz > c.gz` is one valid gzip file: both members are read.
  auto a = write_gz(dir, "a.gz", "time,value\n1,2\n");
  auto b = write_gz(dir, "b.gz", "3,4\n");
  std::ofstream(dir / "ab.csv.gz", std::ios::binary)
      << std::ifstream(a, std::ios::binary).rdbuf() << std::ifstream(b, std::ios::binary).rdbuf();
  auto t = read_csv(dir / "ab.csv.gz");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_THAT(t.rows[1], ElementsAre("3", "4"));
  // Text named .gz is read as text, as zlib does.
  EXPECT_EQ(read_csv(dir.write("plain.csv.gz", "a,b\n1,2\n")).rows.size(), 1u);
}

TEST(CsvReader, DamagedGzipIsAReadError) {
  test::TempDir dir;
  std::string text = "time,value\n";
  for (int i = 0; i < 5000; ++i) text += std::to_string(i) + "," + std::to_string(i % 7) + "\n";
  auto gz = write_gz(dir, "bad.csv.gz", text);
  std::string bytes;
  {
    std::ifstream in(gz, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The CRC-32 in the trailer no longer matches the text.
  bytes[bytes.size() - 6] = static_cast<char>(bytes[bytes.size() - 6] ^ 0x55);
  std::ofstream(dir / "crc.csv.gz", std::ios::binary) << bytes;
  EXPECT_THAT(read_error(dir / "crc.csv.gz").detail(), HasSubstr("checksum"));
  // A damaged deflate stream.
  for (std::size_t k = 20; k < 60; ++k) bytes[k] = static_cast<char>(0xff);
  std::ofstream(dir / "body.csv.gz", std::ios::binary) << bytes;
  EXPECT_THAT(read_error(dir / "body.csv.gz").detail(), HasSubstr("cannot read"));
}

}  // namespace
}  // namespace wf
