// Each asset is included byte for byte by the assembler (.incbin): no generated source
// and no size limit of string literals. The paths come from tools/CMakeLists.txt.
#include "tools/wattfleet/report_assets.hpp"

// clang-format off
#define WF_INCBIN(name, path)                          \
  asm(".section .rodata\n"                             \
      ".balign 16\n"                                   \
      ".global wf_asset_" #name "\n"                   \
      "wf_asset_" #name ":\n"                          \
      ".incbin \"" path "\"\n"                         \
      ".global wf_asset_" #name "_end\n"               \
      "wf_asset_" #name "_end:\n"                      \
      ".byte 0\n"                                      \
      ".previous\n");                                  \
  extern "C" const char wf_asset_##name[], wf_asset_##name##_end[];
// clang-format on

WF_INCBIN(page, WF_REPORT_PAGE)
WF_INCBIN(style, WF_REPORT_STYLE)
WF_INCBIN(script, WF_REPORT_SCRIPT)
WF_INCBIN(charts_lib, WF_ECHARTS_JS)
WF_INCBIN(charts_lib_common, WF_ECHARTS_COMMON_JS)

namespace wf::cli {

std::string_view report_asset(ReportAsset a) {
  switch (a) {
    case ReportAsset::page:
      return {wf_asset_page, wf_asset_page_end};
    case ReportAsset::style:
      return {wf_asset_style, wf_asset_style_end};
    case ReportAsset::script:
      return {wf_asset_script, wf_asset_script_end};
    case ReportAsset::charts_lib:
      return {wf_asset_charts_lib, wf_asset_charts_lib_end};
    case ReportAsset::charts_lib_common:
      return {wf_asset_charts_lib_common, wf_asset_charts_lib_common_end};
  }
  return {};
}

}  // namespace wf::cli
