#include "sim/config_node.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/error.hpp"
#include "sim/input_files.hpp"
#include "sim/time_format.hpp"

namespace wf {

struct ConfigState {
  std::string file;
  std::string text;
  YAML::Node root;
  std::set<std::string> overridden;  // dotted paths set by overrides
  std::string override_source;       // what messages call the overrides: "--set", ...
  std::map<std::string, StepSeries> arrays;
};

struct ConfigNode::Handle {
  YAML::Node node;
  int line;  // 1-based, 0 unknown
};

namespace {

int line_of(const YAML::Node& n) {
  return n.Mark().line >= 0 ? n.Mark().line + 1 : 0;
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

bool under(const std::string& path, const std::string& prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
          path[prefix.size()] == '.');
}

// Levenshtein distance, for "did you mean" hints on misspelt keys.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

void apply_override(ConfigState& st, const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(st.override_source, 0, text,
                     "expected key.path=value, e.g. sites.demo.devices.battery.capacity=400kWh");
  std::string path = text.substr(0, eq);
  std::string value = text.substr(eq + 1);
  if (path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos)
    throw InputError(st.override_source, 0, path, "empty key in the path");
  YAML::Node cur;
  cur.reset(st.root);
  std::string walked;
  std::stringstream parts(path);
  std::string key;
  std::vector<std::string> keys;
  while (std::getline(parts, key, '.')) keys.push_back(key);
  // `key=null` leaves the field out (a device, a section); an empty value does not.
  const bool remove = value == "null" || value == "~" || value == "Null" || value == "NULL";
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::string& k = keys[i];
    if (k.empty()) throw InputError(st.override_source, 0, path, "empty key in the path");
    walked = join(walked, k);
    YAML::Node next;
    if (cur.IsSequence()) {
      std::size_t index = 0;
      auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), index);
      if (ec != std::errc() || p != k.data() + k.size() || index >= cur.size())
        throw InputError(st.override_source, 0, walked,
                         fmt::format("expected a list index below {}", cur.size()));
      next.reset(cur[index]);
    } else if (cur.IsMap() || cur.IsNull()) {
      if (i + 1 < keys.size() && !cur[k]) {
        if (remove) break;  // nothing there to leave out
        cur[k] = YAML::Node(YAML::NodeType::Map);
      }
      next.reset(cur[k]);
    } else {
      throw InputError(st.override_source, 0, walked, "cannot descend into a single value");
    }
    if (i + 1 == keys.size()) {
      YAML::Node v;
      try {
        v = YAML::Load(value);
      } catch (const YAML::Exception& e) {
        throw InputError(st.override_source, 0, path,
                         fmt::format("malformed value '{}': {}", value, e.msg));
      }
      if (cur.IsSequence())
        cur[std::stoul(k)] = v;
      else if (remove && cur.IsMap())
        cur.remove(k);
      else
        cur[k] = v;
    }
    cur.reset(next);
  }
  st.overridden.insert(path);
}

// Line (1-based) of the first byte that is not UTF-8, or 0 when all of it is.
// The text is stored in every result file; a UTF-16 file would be cut at its
// first NUL byte there, and invalid UTF-8 would not decode when read back.
int first_non_utf8_line(std::string_view s) {
  int line = 1;
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  for (std::size_t i = 0; i < s.size();) {
    const unsigned c = at(i);
    if (c == '\n') ++line;
    if (c == 0) return line;
    if (c < 0x80) {
      ++i;
      continue;
    }
    // RFC 3629: no overlong forms (C0, C1, E0 80..9F, F0 80..8F), no surrogates
    // (ED A0..BF), nothing above U+10FFFF (F4 90.., F5..FF).
    int n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
      n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
      n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
      n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
      return line;
    if (i + static_cast<std::size_t>(n) > s.size() || at(i + 1) < lo || at(i + 1) > hi) return line;
    for (int k = 2; k < n; ++k)
      if ((at(i + static_cast<std::size_t>(k)) & 0xC0) != 0x80) return line;
    i += static_cast<std::size_t>(n);
  }
  return 0;
}

// Line of a document marker ('---' or '...' at the start of a line) that
// follows content, or 0: YAML::Load reads only the first document and would
// ignore the rest silently. A lexical check: yaml-cpp 0.7's LoadAll loops
// forever on some inputs (", " found by tests/fuzz).
int second_document_line(std::string_view s) {
  bool content = false, ended = false;
  int line = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t eol = std::min(s.find('\n', pos), s.size());
    const std::string_view l = s.substr(pos, eol - pos);
    ++line;
    pos = eol + 1;
    auto is_marker = [&](std::string_view m) {
      return l.starts_with(m) && (l.size() == 3 || l[3] == ' ' || l[3] == '\t' || l[3] == '\r');
    };
    const std::size_t first = l.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || l[first] == '#') continue;  // blank or comment
    if (is_marker("---")) {
      if (content || ended) return line;  // a document after the first
      continue;
    }
    if (is_marker("...")) {  // the end of the first document
      ended = true;
      continue;
    }
    if (l.starts_with("%") && !content) continue;  // a directive (%YAML 1.2) before the document
    if (ended) return line;                        // content after the end of the first document
    content = true;
  }
  return 0;
}

std::shared_ptr<ConfigState> parse_state(std::string text, const std::string& name,
                                         const std::vector<std::string>& overrides,
                                         const std::string& override_source) {
  auto st = std::make_shared<ConfigState>();
  st->file = name;
  st->override_source = override_source;
  st->text = std::move(text);
  if (const int bad = first_non_utf8_line(st->text))
    throw InputError(name, bad, "",
                     "expected UTF-8 text (this holds a NUL byte or bytes that are not UTF-8; "
                     "a UTF-16 file?)");
  if (const int second = second_document_line(st->text))
    throw InputError(name, second, "",
                     "expected one YAML document; a second one starts here (after '---' or "
                     "'...'); put everything in one");
  try {
    st->root = YAML::Load(st->text);
  } catch (const YAML::Exception& e) {
    throw InputError(name, e.mark.line >= 0 ? e.mark.line + 1 : 0, "",
                     fmt::format("malformed YAML: {}", e.msg));
  }
  if (!st->root.IsMap())
    throw InputError(name, 1, "", "expected a YAML map of settings at the top level");
  for (const auto& o : overrides) apply_override(*st, o);
  return st;
}

}  // namespace

ConfigNode::ConfigNode(std::shared_ptr<const ConfigState> doc, std::shared_ptr<const Handle> node,
                       std::string path)
    : doc_(std::move(doc)), node_(std::move(node)), path_(std::move(path)) {}

std::string ConfigNode::file() const {
  for (const auto& o : doc_->overridden)
    if (under(path_, o)) return doc_->override_source;
  return doc_->file;
}

int ConfigNode::line() const {
  for (const auto& o : doc_->overridden)
    if (under(path_, o)) return 0;
  return node_->line;
}

bool ConfigNode::is_map() const {
  return node_->node.IsMap();
}
bool ConfigNode::is_sequence() const {
  return node_->node.IsSequence();
}
bool ConfigNode::is_scalar() const {
  return node_->node.IsScalar();
}

void ConfigNode::fail(const std::string& what) const {
  throw InputError(file(), line(), path_, what);
}

std::string ConfigNode::scalar() const {
  if (!node_->node.IsScalar()) fail("expected a single value, got a map or list");
  return node_->node.Scalar();
}

std::optional<ConfigNode> ConfigNode::get(std::string_view key) const {
  if (!node_->node.IsMap()) fail(fmt::format("expected a map with '{}'", key));
  const YAML::Node& n = node_->node;
  for (auto it = n.begin(); it != n.end(); ++it) {
    if (it->first.Scalar() != key) continue;
    if (it->second.IsNull()) return std::nullopt;
    int ln = line_of(it->second);
    if (ln == 0) ln = line_of(it->first);
    auto h = std::make_shared<Handle>(Handle{it->second, ln});
    return ConfigNode(doc_, std::move(h), join(path_, key));
  }
  return std::nullopt;
}

ConfigNode ConfigNode::at(std::string_view key) const {
  auto child = get(key);
  if (!child) fail(fmt::format("missing required field '{}'", key));
  return *child;
}

std::vector<std::pair<std::string, ConfigNode>> ConfigNode::entries() const {
  if (!node_->node.IsMap()) fail("expected a map of named entries");
  std::vector<std::pair<std::string, ConfigNode>> out;
  for (auto it = node_->node.begin(); it != node_->node.end(); ++it) {
    std::string key = it->first.Scalar();
    int ln = line_of(it->second);
    if (ln == 0) ln = line_of(it->first);
    auto h = std::make_shared<Handle>(Handle{it->second, ln});
    out.emplace_back(key, ConfigNode(doc_, std::move(h), join(path_, key)));
  }
  return out;
}

std::vector<ConfigNode> ConfigNode::items() const {
  if (!node_->node.IsSequence()) fail("expected a list");
  std::vector<ConfigNode> out;
  std::size_t i = 0;
  for (const auto& item : node_->node) {
    auto h = std::make_shared<Handle>(Handle{item, line_of(item)});
    out.push_back(ConfigNode(doc_, std::move(h), join(path_, std::to_string(i++))));
  }
  return out;
}

void ConfigNode::check_keys(std::span<const std::string_view> allowed) const {
  if (!node_->node.IsMap()) fail("expected a map");
  std::set<std::string> seen;
  for (auto it = node_->node.begin(); it != node_->node.end(); ++it) {
    const std::string key = it->first.Scalar();
    int ln = line_of(it->first);
    if (!seen.insert(key).second)
      throw InputError(file(), ln, join(path_, key), "appears twice; give each field once");
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string_view best;
    std::size_t best_d = 3;  // suggest only close matches
    for (auto a : allowed) {
      std::size_t d = edit_distance(key, a);
      if (d < best_d) best_d = d, best = a;
    }
    std::string list;
    for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
    std::string hint = best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
    throw InputError(file(), ln, join(path_, key),
                     fmt::format("unknown field{}; expected one of: {}", hint, list));
  }
}

double ConfigNode::quantity(Dim dim) const {
  std::string text = scalar();
  std::string why;
  auto v = parse_quantity(text, dim, &why);
  if (!v) fail(fmt::format("expected {}, got '{}' ({})", describe(dim), text, why));
  return *v;
}

Time ConfigNode::duration() const {
  std::string text = scalar();
  auto d = parse_duration(text);
  if (!d || *d <= Time::zero())
    fail(fmt::format("expected a positive duration like '15min', '1h' or '365d', got '{}'", text));
  return *d;
}

Time ConfigNode::datetime() const {
  std::string text = scalar();
  auto t = parse_datetime(text);
  if (!t || !t->has_offset)
    fail(fmt::format(
        "expected an ISO 8601 time with offset like '2025-01-01T00:00:00+01:00', got '{}'", text));
  return t->t;
}

bool ConfigNode::boolean() const {
  std::string text = scalar();
  if (text == "true" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "no" || text == "off") return false;
  fail(fmt::format("expected true or false, got '{}'", text));
}

std::int64_t ConfigNode::integer(std::int64_t min, std::int64_t max) const {
  std::string text = scalar();
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v < min || v > max)
    fail(fmt::format("expected a whole number from {} to {}, got '{}'", min, max, text));
  return v;
}

std::size_t ConfigNode::choice(std::span<const std::string_view> choices) const {
  std::string text = scalar();
  for (std::size_t i = 0; i < choices.size(); ++i)
    if (choices[i] == text) return i;
  std::string list;
  for (auto c : choices) list += fmt::format("{}{}", list.empty() ? "" : ", ", c);
  fail(fmt::format("expected one of {}, got '{}'", list, text));
}

std::filesystem::path ConfigNode::base_dir() const {
  return std::filesystem::path(doc_->file).parent_path();
}

ConfigDoc ConfigDoc::load(const std::filesystem::path& file,
                          const std::vector<std::string>& overrides,
                          const std::string& override_source) {
  admit_input_file(file, "YAML file");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), 0, "", "cannot open the scenario file");
  std::stringstream ss;
  ss << in.rdbuf();
  ConfigDoc doc;
  doc.state_ = parse_state(ss.str(), file.string(), overrides, override_source);
  return doc;
}

ConfigDoc ConfigDoc::parse(const std::string& text, const std::string& name,
                           const std::vector<std::string>& overrides,
                           const std::string& override_source) {
  ConfigDoc doc;
  doc.state_ = parse_state(text, name, overrides, override_source);
  return doc;
}

ConfigNode ConfigDoc::root() const {
  auto h = std::make_shared<ConfigNode::Handle>(ConfigNode::Handle{state_->root, 1});
  return ConfigNode(state_, std::move(h), "");
}

const std::string& ConfigDoc::text() const {
  return state_->text;
}

void ConfigDoc::add_array(const std::string& name, StepSeries series) {
  state_->arrays.insert_or_assign(name, std::move(series));
}

const StepSeries* ConfigNode::array(const std::string& name) const {
  auto it = doc_->arrays.find(name);
  return it == doc_->arrays.end() ? nullptr : &it->second;
}

}  // namespace wf
