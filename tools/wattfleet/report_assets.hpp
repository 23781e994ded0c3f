#pragma once
// The files `wattfleet report` inlines into its page, built into the binary (the
// page opens offline and the binary needs nothing beside it).
#include <string_view>

namespace wf::cli {

enum class ReportAsset {
  page,        ///< tools/wattfleet/report/page.html, with @...@ placeholders
  style,       ///< report/report.css
  script,      ///< report/report.js
  charts_lib,  ///< Apache ECharts (echarts.min.js, version and hash pinned in cmake/echarts.cmake)
  charts_lib_common,  ///< its common build (line, bar, scatter and the usual components)
};

std::string_view report_asset(ReportAsset a);

}  // namespace wf::cli
