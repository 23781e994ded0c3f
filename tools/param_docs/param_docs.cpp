// Writes the parameter tables of docs/ from the declarations (the registry's
// ParamTables, and the /summary figures of sim/summary_figures.hpp), so a table in
// the docs is never typed by hand. A block is
//   <!-- params: NAME -->
//   ...generated table...
//   <!-- /params -->
// usage: param_docs --check DOCS_DIR   (exit 1 when a block drifted or a table has no block)
//        param_docs --write DOCS_DIR   (rewrites the blocks)
//        param_docs --list             (the table names)
//        param_docs --fields           (every declared field name, once each)
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "assembly/builtin_registry.hpp"
#include "sim/summary_figures.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kOpen = "<!-- params: ", kClose = "<!-- /params -->";

struct Outcome {
  std::string text;               // the file with every block regenerated
  std::vector<std::string> used;  // table names, in order
  std::vector<std::string> errors;
};

Outcome regenerate(const fs::path& file, const std::string& text,
                   const std::map<std::string, std::string>& tables) {
  Outcome o;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  bool inside = false;
  while (std::getline(in, line)) {
    ++n;
    if (inside) {
      if (line == kClose) {
        inside = false;
        o.text += line + "\n";
      }
      continue;
    }
    o.text += line + "\n";
    if (!line.starts_with(kOpen)) continue;
    const std::string name = line.substr(kOpen.size(), line.rfind(" -->") - kOpen.size());
    auto it = tables.find(name);
    if (it == tables.end()) {
      o.errors.push_back(fmt::format("{}:{}: no parameter table '{}'", file.string(), n, name));
      continue;
    }
    o.text += it->second;
    o.used.push_back(name);
    inside = true;
  }
  if (inside) o.errors.push_back(fmt::format("{}: a params block is not closed", file.string()));
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  std::map<std::string, std::string> tables;
  for (const auto& t : wf::builtin_registry().params()) tables[t.name] = wf::describe_params(t);
  for (const auto& t : wf::summary_figure_tables()) tables[t.name] = wf::describe_figures(t);
  if (mode == "--fields") {
    std::set<std::string_view> names;
    for (const auto& t : wf::builtin_registry().params())
      for (const auto& p : t.params) names.insert(p.name);
    for (auto n : names) fmt::print("{}\n", n);
    return 0;
  }
  if (mode == "--list") {
    for (const auto& [name, text] : tables) fmt::print("{}\n", name);
    return 0;
  }
  if ((mode != "--check" && mode != "--write") || argc != 3) {
    fmt::print(stderr,
               "usage: param_docs --check DOCS_DIR | --write DOCS_DIR | --list | --fields\n");
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(argv[2]))
    if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> where;  // table -> the file documenting it
  int problems = 0;
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    Outcome o = regenerate(f, text, tables);
    for (const auto& e : o.errors) fmt::print(stderr, "{}\n", e), ++problems;
    for (const auto& name : o.used)
      if (!where.emplace(name, f.string()).second)
        fmt::print(stderr, "{}: table '{}' is already documented in {}\n", f.string(), name,
                   where[name]),
            ++problems;
    if (o.text == text) continue;
    if (mode == "--write") {
      std::ofstream(f) << o.text;
      fmt::print("{}: tables regenerated\n", f.string());
    } else {
      fmt::print(stderr, "{}: a parameter table differs from its declaration\n", f.string());
      ++problems;
    }
  }
  for (const auto& [name, text] : tables)
    if (!where.contains(name))
      fmt::print(stderr, "table '{}' has no block in the docs (add '{}{} -->' ... '{}')\n", name,
                 kOpen, name, kClose),
          ++problems;
  if (problems && mode == "--check")
    fmt::print(stderr, "regenerate with: build/<preset>/tools/param_docs --write docs\n");
  return problems ? 1 : 0;
}
