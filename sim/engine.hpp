#pragma once
// The hybrid discrete-event engine: a value (no globals), one queue, one loop.
// Models schedule events; continuous states are advanced by the models between
// events, so the engine never steps blindly.
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "sim/event_queue.hpp"
#include "sim/time.hpp"

namespace wf {

/// Handle to a scheduled event, for cancellation.
struct EventId {
  std::uint32_t slot = 0;
  std::uint32_t gen = 0;  // 0: no event
  explicit operator bool() const { return gen != 0; }
};

class Engine;
using EventFn = void (*)(void* ctx, Engine& engine, std::uint64_t tag);

class Engine {
 public:
  explicit Engine(Time start = Time::zero(), std::uint64_t seed = 0);

  /// Current simulation time (the time of the event being handled).
  Time now() const { return now_; }

  /// Schedules fn(ctx, engine, tag) at t (>= now). Not thread-safe.
  EventId schedule(Time t, Phase phase, EventFn fn, void* ctx, std::uint64_t tag = 0);
  /// Convenience for member functions: obj->method(engine, tag).
  template <class T, void (T::*Method)(Engine&, std::uint64_t)>
  EventId schedule_member(Time t, Phase phase, T* obj, std::uint64_t tag = 0) {
    return schedule(
        t, phase, [](void* c, Engine& e, std::uint64_t g) { (static_cast<T*>(c)->*Method)(e, g); },
        obj, tag);
  }
  /// Slower convenience with a closure (tests, one-off events).
  EventId schedule_fn(Time t, Phase phase, std::function<void(Engine&)> fn);

  /// Cancels a pending event; cancelling one that already ran or was cancelled is a no-op.
  void cancel(EventId id);

  /// Runs events with time < end, then sets now() to end. Returns the number handled.
  std::uint64_t run_until(Time end);
  /// Ends run_until after the current event.
  void stop() { stopped_ = true; }

  std::uint64_t events_handled() const { return handled_; }
  std::size_t pending() const { return live_; }

  /// Seeded generator shared by the run's stochastic models (same seed, same run).
  std::mt19937_64& rng() { return rng_; }

  /// Called with now() about every `every` events while running (progress bars).
  void set_progress(std::function<void(Time)> fn, std::uint64_t every = 1 << 16);

 private:
  // What to call for a scheduled event, and its generation: an event is live
  // while its entry's generation matches the slot's. Cancelling bumps it; the
  // queue entry is dropped when it surfaces.
  struct Slot {
    EventFn fn;
    void* ctx;
    std::uint64_t tag;
    std::uint32_t gen;
  };
  EventQueue queue_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::size_t live_ = 0;
  std::vector<std::unique_ptr<std::function<void(Engine&)>>> closures_;
  std::vector<std::size_t> free_closures_;
  Time now_;
  std::uint64_t next_seq_ = 1;
  std::uint64_t handled_ = 0;
  bool stopped_ = false;
  std::mt19937_64 rng_;
  std::function<void(Time)> progress_;
  std::uint64_t progress_mask_ = 0;
  static void run_closure(void* ctx, Engine& e, std::uint64_t slot);
};

}  // namespace wf
