// Encoding and decoding of every register type, word order and scale.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "hil/codec.hpp"
#include "hil/modbus_link.hpp"
#include "sim/config_node.hpp"
#include "sim/error.hpp"

namespace wf::hil {
namespace {

TEST(Codec, FloatWordOrders) {
  // 123456.0f is 0x47F12000: bytes A B C D = 47 F1 20 00, each register big-endian
  // (domain reference 6.1). libmodbus 3.1.6's float helpers do not follow this on
  // little-endian hosts (modbus_set_float_abcd gives f147 0020), so the codec does
  // its own byte work; pymodbus (big-endian bytes and words) agrees with it.
  std::vector<std::uint16_t> out(2);
  encode_raw(RegType::f32, WordOrder::abcd, 123456.0, out);
  EXPECT_EQ(out, (std::vector<std::uint16_t>{0x47F1, 0x2000}));
  EXPECT_FLOAT_EQ(float(decode_raw(RegType::f32, WordOrder::abcd, out)), 123456.0f);
  encode_raw(RegType::f32, WordOrder::cdab, 123456.0, out);
  EXPECT_EQ(out, (std::vector<std::uint16_t>{0x2000, 0x47F1}));
  encode_raw(RegType::f32, WordOrder::badc, 123456.0, out);
  EXPECT_EQ(out, (std::vector<std::uint16_t>{0xF147, 0x0020}));
  encode_raw(RegType::f32, WordOrder::dcba, 123456.0, out);
  EXPECT_EQ(out, (std::vector<std::uint16_t>{0x0020, 0xF147}));
}

TEST(Codec, EveryTypeAndOrderRoundTrips) {
  const std::vector<std::pair<RegType, std::vector<double>>> cases{
      {RegType::u16, {0, 1, 65535, 40000}},
      {RegType::i16, {0, -1, 32767, -32768, -1234}},
      {RegType::u32, {0, 1, 4294967295.0, 0x53756E53}},
      {RegType::i32, {0, -1, 2147483647.0, -2147483648.0, -100000}},
      {RegType::f32, {0, -1.5, 3.25e6, -42.125}}};
  for (auto order : {WordOrder::abcd, WordOrder::badc, WordOrder::cdab, WordOrder::dcba})
    for (const auto& [type, values] : cases)
      for (double v : values) {
        std::vector<std::uint16_t> w(type == RegType::u16 || type == RegType::i16 ? 1 : 2);
        encode_raw(type, order, v, w);
        EXPECT_EQ(decode_raw(type, order, w), v) << int(type) << " " << int(order);
      }
}

TEST(Codec, IntegersSaturateAndRound) {
  std::vector<std::uint16_t> w(1);
  encode_raw(RegType::i16, WordOrder::abcd, 1e9, w);
  EXPECT_EQ(w[0], 0x7FFF);
  encode_raw(RegType::u16, WordOrder::abcd, -5, w);
  EXPECT_EQ(w[0], 0);
  encode_raw(RegType::i16, WordOrder::abcd, -2.6, w);
  EXPECT_EQ(decode_raw(RegType::i16, WordOrder::abcd, w), -3);
  std::vector<std::uint16_t> w2(2);
  encode_raw(RegType::i32, WordOrder::cdab, -3e10, w2);
  EXPECT_EQ(decode_raw(RegType::i32, WordOrder::cdab, w2), -2147483648.0);
}

TEST(Codec, WordOrderOfIntegers) {
  std::vector<std::uint16_t> w(2);
  encode_raw(RegType::u32, WordOrder::abcd, 0x12345678, w);
  EXPECT_EQ(w, (std::vector<std::uint16_t>{0x1234, 0x5678}));
  encode_raw(RegType::u32, WordOrder::cdab, 0x12345678, w);
  EXPECT_EQ(w, (std::vector<std::uint16_t>{0x5678, 0x1234}));
}

RegisterMap parse(const std::string& text) {
  return parse_register_map(ConfigDoc::parse(text, "map.yaml").root());
}

TEST(Codec, FixedScaleAndUnitsToSi) {
  auto m = parse(R"(
points:
  soc: {address: 0, function: input, type: u16, scale: 0.1, units: '%', role: soc}
  p: {address: 1, function: input, type: f32, units: kW, role: ac_power, word_order: cdab}
  t: {address: 3, function: input, type: i16, scale: 0.1, units: degC, role: temperature}
)");
  RegisterImage img;
  img.set(Table::input, 0, 523);
  EXPECT_NEAR(read_point(m, img, *m.find("soc")), 0.523, 1e-12);
  write_point(m, img, *m.find("p"), -12500);  // W in, kW in the registers
  EXPECT_FLOAT_EQ(float(decode_raw(RegType::f32, WordOrder::cdab,
                                   std::vector<std::uint16_t>{img.get(Table::input, 1),
                                                              img.get(Table::input, 2)})),
                  -12.5f);
  EXPECT_NEAR(read_point(m, img, *m.find("p")), -12500, 1e-9);
  write_point(m, img, *m.find("t"), 273.15 + 31.4);
  EXPECT_EQ(static_cast<std::int16_t>(img.get(Table::input, 3)), 314);
  EXPECT_NEAR(read_point(m, img, *m.find("t")), 304.55, 1e-9);
}

TEST(Codec, SunSpecScaleFactors) {
  auto m = parse(R"(
points:
  W: {address: 40047, function: holding, type: i16, scale_factor: W_SF, units: W, role: ac_power}
  SoC: {address: 40048, function: holding, type: u16, scale_factor: SoC_SF, units: '%', role: soc}
  W_SF: {address: 40049, function: holding, type: i16, role: scale_factor}
  SoC_SF: {address: 40050, function: holding, type: i16, role: scale_factor}
)");
  RegisterImage img;
  img.set(Table::holding, 40049, 2);                               // W x 100
  img.set(Table::holding, 40050, static_cast<std::uint16_t>(-1));  // SoC x 0.1
  write_point(m, img, *m.find("W"), -51200);
  EXPECT_EQ(static_cast<std::int16_t>(img.get(Table::holding, 40047)), -512);
  EXPECT_NEAR(read_point(m, img, *m.find("W")), -51200, 1e-9);
  img.set(Table::holding, 40048, 875);
  EXPECT_NEAR(read_point(m, img, *m.find("SoC")), 0.875, 1e-12);
  // Not implemented: the value (0x8000) and an invalid scale factor both read as NaN.
  img.set(Table::holding, 40047, 0x8000);
  EXPECT_TRUE(std::isnan(read_point(m, img, *m.find("W"))));
  img.set(Table::holding, 40047, 10);
  img.set(Table::holding, 40049, 0x8000);
  EXPECT_TRUE(std::isnan(read_point(m, img, *m.find("W"))));
}

}  // namespace
}  // namespace wf::hil

namespace wf::hil {
namespace {

// libmodbus takes numeric IPv4 only: names are resolved first, localhost even
// without /etc/hosts, and what is neither is bad input.
TEST(Endpoint, ResolvesNamesAndRefusesWhatIsNotAnAddress) {
  EXPECT_EQ(resolve_ipv4("10.1.2.3", "--x"), "10.1.2.3");
  EXPECT_EQ(resolve_ipv4("localhost", "--x"), "127.0.0.1");
  EXPECT_EQ(resolve_ipv4("LocalHost", "--x"), "127.0.0.1");
  EXPECT_EQ(parse_endpoint("localhost:5020", "--cabinet"),
            std::make_pair(std::string("127.0.0.1"), 5020));
  for (const char* bad : {"999.1.1.1", "1.2.3", "", "no-such-host.invalid"})
    EXPECT_THROW(resolve_ipv4(bad, "--bind"), InputError) << bad;
  EXPECT_THROW(parse_endpoint("127.0.0.1:0", "--cabinet"), InputError);
  EXPECT_THROW(parse_endpoint("127.0.0.1", "--cabinet"), InputError);
}

}  // namespace
}  // namespace wf::hil
