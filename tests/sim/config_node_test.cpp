#include "sim/config_node.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/error.hpp"
#include "tests/test_support.hpp"

namespace wf {
namespace {

using ::testing::HasSubstr;

constexpr const char* kDoc = R"(top: 1
site:
  battery:
    capacity: 215 kWh
    power: 100 kW
  list:
    - a
    - b
)";

std::string error_of(const std::function<void()>& f) {
  return test::input_error_text(f);
}

// "ok", or the InputError a text is refused with.
std::string parses(const std::string& text) {
  try {
    ConfigDoc::parse(text, "t.yaml");
    return "ok";
  } catch (const InputError& e) {
    return e.what();
  }
}

// The text the parser accepts is stored in every result file: it must be UTF-8.
TEST(ConfigDoc, RefusesTextThatIsNotUtf8) {
  EXPECT_EQ(parses("name: Grüße € 🚀\nx: 1\n"), "ok");
  for (const char* bad : {"name: \xC0\xAF\n", "name: \xED\xA0\x80\n", "name: \xF5\x80\x80\x80\n",
                          "name: \xE0\x80\x80\n", "name: \xC3\n", "a: 1\nname: \xFF\n"})
    EXPECT_THAT(parses(bad), HasSubstr("expected UTF-8 text")) << bad;
  EXPECT_THAT(parses("a: 1\nname: \xFF\n"), HasSubstr("t.yaml:2:"));
  EXPECT_THAT(parses(std::string("a: 1\0b: 2\n", 11)), HasSubstr("expected UTF-8 text"));
}

// yaml-cpp reads the first document only: a second one is refused, not ignored.
TEST(ConfigDoc, RefusesASecondDocumentButNotItsMarkers) {
  EXPECT_EQ(parses("---\na: 1\n"), "ok");
  EXPECT_EQ(parses("a: 1\n...\n"), "ok");
  EXPECT_EQ(parses("%YAML 1.2\n---\na: 1\n...\n# done\n"), "ok");
  EXPECT_EQ(parses("a: |\n  --- inside a block\n"), "ok");
  EXPECT_THAT(parses("a: 1\n---\nb: 2\n"), HasSubstr("t.yaml:2: expected one YAML document"));
  EXPECT_THAT(parses("a: 1\n...\nb: 2\n"), HasSubstr("t.yaml:3: expected one YAML document"));
}

TEST(ConfigNode, KnowsLinesAndPaths) {
  auto doc = ConfigDoc::parse(kDoc, "s.yaml");
  ConfigNode cap = doc.root().at("site").at("battery").at("capacity");
  EXPECT_EQ(cap.path(), "site.battery.capacity");
  EXPECT_EQ(cap.line(), 4);
  EXPECT_EQ(cap.file(), "s.yaml");
  EXPECT_DOUBLE_EQ(cap.quantity(Dim::energy), 215 * 3.6e6);
  auto items = doc.root().at("site").at("list").items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].scalar(), "b");
  EXPECT_EQ(items[1].path(), "site.list.1");
  EXPECT_EQ(items[1].line(), 8);
}

TEST(ConfigNode, WrongDimensionNamesFileLineFieldAndExpectation) {
  auto doc = ConfigDoc::parse(kDoc, "s.yaml");
  std::string msg =
      error_of([&] { doc.root().at("site").at("battery").at("capacity").quantity(Dim::power); });
  EXPECT_THAT(msg, HasSubstr("s.yaml:4: site.battery.capacity: expected a power like '250 kW'"));
  EXPECT_THAT(msg, HasSubstr("got '215 kWh'"));
}

TEST(ConfigNode, UnknownKeySuggestsClosest) {
  auto doc = ConfigDoc::parse("a:\n  capacty: 1 kWh\n", "s.yaml");
  std::array<std::string_view, 2> allowed{"capacity", "power"};
  std::string msg = error_of([&] { doc.root().at("a").check_keys(allowed); });
  EXPECT_THAT(msg, HasSubstr("s.yaml:2: a.capacty: unknown field (did you mean 'capacity'?)"));
}

TEST(ConfigNode, DuplicateKeyIsRefused) {
  auto doc = ConfigDoc::parse("a:\n  x: 1\n  x: 2\n", "s.yaml");
  std::array<std::string_view, 1> allowed{"x"};
  EXPECT_THAT(error_of([&] { doc.root().at("a").check_keys(allowed); }),
              HasSubstr("appears twice"));
}

TEST(ConfigNode, MissingFieldNamesParentLine) {
  auto doc = ConfigDoc::parse(kDoc, "s.yaml");
  std::string msg = error_of([&] { doc.root().at("site").at("battery").at("voltage"); });
  EXPECT_THAT(msg, HasSubstr("s.yaml:4: site.battery: missing required field 'voltage'"));
}

TEST(ConfigNode, MalformedYamlGivesLine) {
  std::string msg = error_of([] { ConfigDoc::parse("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml"); });
  EXPECT_THAT(msg, HasSubstr("bad.yaml:"));
  EXPECT_THAT(msg, HasSubstr("malformed YAML"));
}

TEST(ConfigNode, OverridesReplaceAndAreAttributedToSet) {
  auto doc = ConfigDoc::parse(kDoc, "s.yaml", {"site.battery.capacity=430 kWh", "site.list.0=z"});
  ConfigNode cap = doc.root().at("site").at("battery").at("capacity");
  EXPECT_DOUBLE_EQ(cap.quantity(Dim::energy), 430 * 3.6e6);
  EXPECT_EQ(cap.file(), "--set");
  EXPECT_EQ(doc.root().at("site").at("list").items()[0].scalar(), "z");
  EXPECT_THAT(error_of([&] { cap.quantity(Dim::power); }),
              HasSubstr("--set: site.battery.capacity"));
  // The unchanged sibling still points into the file.
  EXPECT_EQ(doc.root().at("site").at("battery").at("power").file(), "s.yaml");
}

TEST(ConfigNode, BadOverridesAreRefused) {
  EXPECT_THAT(error_of([] { ConfigDoc::parse(kDoc, "s.yaml", {"site.battery.capacity"}); }),
              HasSubstr("expected key.path=value"));
  EXPECT_THAT(error_of([] { ConfigDoc::parse(kDoc, "s.yaml", {"site.list.7=x"}); }),
              HasSubstr("list index"));
  EXPECT_THAT(error_of([] { ConfigDoc::parse(kDoc, "s.yaml", {"top.x=1"}); }),
              HasSubstr("single value"));
}

TEST(ConfigNode, TypedReads) {
  auto doc = ConfigDoc::parse("b: yes\nn: 12\nc: fast\nd: 15min\nt: 2025-01-01T00:00:00+01:00\n",
                              "s.yaml");
  EXPECT_TRUE(doc.root().at("b").boolean());
  EXPECT_EQ(doc.root().at("n").integer(0, 100), 12);
  EXPECT_THAT(error_of([&] { doc.root().at("n").integer(0, 10); }), HasSubstr("from 0 to 10"));
  std::array<std::string_view, 2> choices{"slow", "fast"};
  EXPECT_EQ(doc.root().at("c").choice(choices), 1u);
  EXPECT_EQ(doc.root().at("d").duration(), Time::minutes(15));
  EXPECT_EQ(doc.root().at("t").datetime(), Time::seconds(1735686000));
}

}  // namespace
}  // namespace wf
