#include "hil/stop_signals.hpp"

#include <csignal>

namespace wf::hil {

namespace {

volatile std::sig_atomic_t g_signal = 0;
constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  // The next one of this kind is not caught: a stuck shutdown stays interruptible.
  std::signal(sig, SIG_DFL);
}

}  // namespace

StopSignals::StopSignals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;  // a Modbus request in flight completes; the pacer sees the flag
  for (int i = 0; i < 3; ++i) {
    sigaction(kSignals[i], nullptr, &g_previous[i]);
    // An ignored signal stays ignored (nohup's SIGHUP): the user asked to run on.
    if (g_previous[i].sa_handler != SIG_IGN) sigaction(kSignals[i], &sa, nullptr);
  }
}

StopSignals::~StopSignals() {
  for (int i = 0; i < 3; ++i) sigaction(kSignals[i], &g_previous[i], nullptr);
}

int stop_signal() {
  return g_signal;
}

void clear_stop_signal() {
  g_signal = 0;
}

}  // namespace wf::hil
