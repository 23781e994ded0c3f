#pragma once
// The numbers trace files write on every row ("22560.0", "-3.25"), read without a
// general parser's passes for exponents and long digit strings.
#include <cstdint>
#include <optional>

namespace wf {

/// `[-]digits[<mark>digits]` on [a, e) with at most 19 digits whose integer m is at
/// most 2^53 and at most 22 after the mark: m and 10^k are then exact doubles, and one
/// IEEE division rounds m / 10^k to the nearest double (in the default rounding mode,
/// which nothing here changes), the correctly rounded value that fast_float (and strtod)
/// return. Anything else is nullopt: not this shape, not
/// necessarily not a number.
inline std::optional<double> plain_decimal(const char* a, const char* e, char mark) {
  static constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                      1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool neg = a < e && *a == '-';
  a += neg;
  std::uint64_t m = 0;
  int digits = 0, after = 0;
  const char* p = a;
  for (; p < e && static_cast<unsigned char>(*p - '0') < 10; ++p, ++digits)
    m = m * 10 + static_cast<unsigned>(*p - '0');
  if (p == a) return std::nullopt;
  if (p < e) {
    if (*p != mark) return std::nullopt;
    const char* f = ++p;
    for (; p < e && static_cast<unsigned char>(*p - '0') < 10; ++p, ++digits)
      m = m * 10 + static_cast<unsigned>(*p - '0');
    after = static_cast<int>(p - f);
    if (after == 0 || p != e) return std::nullopt;
  }
  if (digits > 19 || after > 22 || m > (std::uint64_t{1} << 53)) return std::nullopt;
  const double v = static_cast<double>(m) / kPow10[after];
  return neg ? -v : v;
}

}  // namespace wf
