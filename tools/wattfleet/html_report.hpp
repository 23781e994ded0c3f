#pragma once
// `wattfleet report`: one self-contained HTML page (charts, tables, provenance) from a
// run or sizing result file. Everything shown comes from the file: the page embeds it
// as JSON; the page's scripts only arrange it.
#include <filesystem>
#include <string>

namespace wf::cli {

/// Writes the page through `<html>.partial`, renamed when complete. InputError when the
/// file is not a complete wattfleet result of a version this build reads. The file is read
/// in a child process (isolated_read.hpp) unless `trusted` (one this process wrote:
/// `run --report`, `size --report`, where a fork would also upset MPI).
void write_html_report(const std::filesystem::path& result, const std::filesystem::path& html,
                       bool trusted = false);

}  // namespace wf::cli
