#include "tools/wattfleet/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace wf::cli {

ProgressBar::ProgressBar(std::string label, bool quiet)
    : label_(std::move(label)),
      enabled_(!quiet && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressBar::~ProgressBar() {
  if (drawn_) fmt::print(stderr, "\r\033[K");
}

void ProgressBar::update(double fraction) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (fraction < 1.0 && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  draw(std::clamp(fraction, 0.0, 1.0));
}

void ProgressBar::draw(double fraction) {
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::string eta = fraction > 0.01 && fraction < 1
                        ? fmt::format(", {:.0f} s left", elapsed * (1 - fraction) / fraction)
                        : "";
  fmt::print(stderr, "\r{} [{}{}] {:3.0f}%{}\033[K", label_, std::string(filled, '#'),
             std::string(kWidth - filled, ' '), fraction * 100, eta);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace wf::cli
