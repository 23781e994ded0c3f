#pragma once
// The pending-event set, ordered by (time, phase, sequence) so events at one
// instant run phase by phase and, within a phase, in the order they were
// scheduled. A 4-ary heap of small entries (24 bytes: ordering key plus a slot
// index); the payload lives in the engine's slot table. Five operations, so
// another structure (a calendar queue) can stand in behind them.
#include <cstdint>
#include <vector>

#include "sim/time.hpp"

namespace wf {

/// Phases at one instant, in the order they run.
enum class Phase : std::uint8_t { input = 0, protection = 1, control = 2, solve = 3, record = 4 };

struct QueueEntry {
  Time time;
  std::uint64_t key;   // phase in the top 8 bits, insertion sequence below
  std::uint32_t slot;  // index of the payload in the engine's slot table
  std::uint32_t gen;   // the slot's generation when scheduled (cancellation)

  bool before(const QueueEntry& o) const {
    return time < o.time || (time == o.time && key < o.key);
  }
};

class EventQueue {
 public:
  void push(const QueueEntry& e);
  /// Earliest entry; the queue must not be empty.
  const QueueEntry& top() const { return heap_.front(); }
  void pop();
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<QueueEntry> heap_;
};

}  // namespace wf
