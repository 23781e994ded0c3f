#include "sim/summary_figures.hpp"

#include <fmt/format.h>

namespace wf {

std::string describe_figures(const SummaryFigureTable& table) {
  auto cell = [](std::string_view text) {  // a '|' would end the Markdown cell
    std::string out;
    for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::string out = "| name | unit | meaning |\n|---|---|---|\n";
  for (const auto& f : table.figures)
    out += fmt::format("| `{}{}` | {} | {} |\n", table.prefix, f.name, f.units, cell(f.doc));
  return out;
}

std::vector<SummaryFigureTable> summary_figure_tables() {
  return {{"summary.site", kSiteFigures},
          {"summary.bill", kBillFigures, "bill."},
          {"summary.bill_year", kBillYearFigures, "bill.<year>."},
          {"summary.economics", kEconomicsFigures},
          {"summary.fleet", kFleetFigures}};
}

}  // namespace wf
