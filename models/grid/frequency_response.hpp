#pragma once
// Frequency containment reserves: the static droop each product asks of a reserved power,
// and the capacity payment. Values from ../shared/docs/domain-reference.md §5.7.
#include <array>
#include <string_view>

#include "sim/config_node.hpp"
#include "sim/time.hpp"

namespace wf {

enum class FcrProduct {
  fcr_ce,      ///< Continental Europe FCR: symmetric, +-10 mHz deadband, full at +-200 mHz
  fcr_n,       ///< Nordic FCR-N: symmetric, linear over 49.9-50.1 Hz
  fcr_d_up,    ///< Nordic FCR-D up: 0 at 49.9 Hz, full at 49.5 Hz
  fcr_d_down,  ///< Nordic FCR-D down: 0 at 50.1 Hz, full at 50.5 Hz
};

/// Scenario names of the products, in FcrProduct order.
inline constexpr std::array<std::string_view, 4> kFcrProductNames{"fcr_ce", "fcr_n", "fcr_d_up",
                                                                  "fcr_d_down"};
/// Scenario name: "fcr_ce", "fcr_n", "fcr_d_up", "fcr_d_down".
std::string_view product_name(FcrProduct p);
/// Product named by a scalar node; an unknown name fails listing the known ones.
FcrProduct parse_fcr_product(const ConfigNode& node);

/// Share of the reserved power the product asks for at `freq_hz`, in [-1, 1];
/// > 0 is up-regulation (the battery discharges), < 0 down-regulation (it charges).
double fcr_activation(FcrProduct p, double freq_hz);
/// Power asked of `reserved_w` at `freq_hz`, W; > 0 discharge (up-regulation).
double fcr_power_w(FcrProduct p, double freq_hz, double reserved_w);

/// Capacity payment, EUR: price (EUR per MW per hour) x reserved MW x hours.
double fcr_capacity_revenue_eur(double price_eur_per_mw_h, double reserved_w, Time duration);

}  // namespace wf
