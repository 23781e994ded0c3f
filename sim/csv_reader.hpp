#pragma once
// Line-oriented CSV reading (plain or gzip) that keeps line numbers for messages.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace wf {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;  ///< 1-based source line of each row
  char separator = ',';
  int column(std::string_view name) const;  ///< -1 when absent
};

/// Reads a whole CSV file (`.gz` decompressed on the fly). Skips blank lines and
/// lines starting with '#'. Handles double-quoted fields. `separator` 0 detects
/// ',', ';' or tab from the header. Throws InputError on unreadable files and rows
/// whose field count differs from the header.
CsvTable read_csv(const std::filesystem::path& file, char separator = 0);

}  // namespace wf
