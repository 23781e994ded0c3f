#pragma once
// SIGINT, SIGTERM and SIGHUP during an armed session must not kill the process
// with a live setpoint: while a StopSignals guard lives, they only raise a flag
// that the pacer reads at its next slice of sleep, so the run ends through the
// normal path (0 W written, the cabinet disabled, the result file closed).
// A second signal of the same kind while stopping falls back to the default
// action, so a hung shutdown can still be interrupted.
namespace wf::hil {

class StopSignals {
 public:
  StopSignals();   ///< installs the handlers
  ~StopSignals();  ///< restores the previous ones
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
};

/// The signal that asked the run to stop, or 0.
int stop_signal();
/// Forgets a caught signal (tests).
void clear_stop_signal();

}  // namespace wf::hil
