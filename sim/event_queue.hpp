#pragma once
// The pending-event set: a binary heap ordered by (time, phase, sequence), so
// events at one instant run phase by phase and, within a phase, in the order
// they were scheduled. Five operations; another structure (calendar queue) can
// stand in behind them.
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace wf {

class Engine;

/// Phases at one instant, in the order they run.
enum class Phase : std::uint8_t { input = 0, protection = 1, control = 2, solve = 3, record = 4 };

using EventFn = void (*)(void* ctx, Engine& engine, std::uint64_t tag);

struct Event {
  Time time;
  std::uint64_t key;  // phase in the top 8 bits, insertion sequence below
  EventFn fn;
  void* ctx;
  std::uint64_t tag;
  std::uint32_t slot;  // cancellation slot and its generation when scheduled
  std::uint32_t gen;

  std::uint64_t sequence() const { return key & ((std::uint64_t{1} << 56) - 1); }
  Phase phase() const { return static_cast<Phase>(key >> 56); }
  bool before(const Event& o) const { return time < o.time || (time == o.time && key < o.key); }
};

class EventQueue {
 public:
  void push(const Event& e);
  /// Earliest event; the queue must not be empty.
  const Event& top() const { return heap_.front(); }
  void pop();
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  std::vector<Event> heap_;
};

}  // namespace wf
