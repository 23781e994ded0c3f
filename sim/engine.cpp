#include "sim/engine.hpp"

#include <algorithm>
#include <bit>

#include "sim/error.hpp"

namespace wf {

Engine::Engine(Time start, std::uint64_t seed) : now_(start), rng_(seed) {}

EventId Engine::schedule(Time t, Phase phase, EventFn fn, void* ctx, std::uint64_t tag) {
  WF_ASSERT(t >= now_);
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.push_back(Slot{nullptr, nullptr, 0, 1});
  }
  Slot& s = slots_[slot];
  s.fn = fn, s.ctx = ctx, s.tag = tag;
  const std::uint32_t gen = s.gen;
  std::uint64_t key = (std::uint64_t{static_cast<std::uint8_t>(phase)} << 56) | next_seq_++;
  queue_.push(QueueEntry{t, key, slot, gen});
  ++live_;
  return EventId{slot, gen};
}

EventId Engine::schedule_fn(Time t, Phase phase, std::function<void(Engine&)> fn) {
  std::size_t slot;
  if (!free_closures_.empty()) {
    slot = free_closures_.back();
    free_closures_.pop_back();
    *closures_[slot] = std::move(fn);
  } else {
    slot = closures_.size();
    closures_.push_back(std::make_unique<std::function<void(Engine&)>>(std::move(fn)));
  }
  return schedule(t, phase, &Engine::run_closure, this, slot);
}

void Engine::run_closure(void* ctx, Engine& e, std::uint64_t slot) {
  auto* self = static_cast<Engine*>(ctx);
  // Move out first: the closure may schedule more closures and grow the pool.
  std::function<void(Engine&)> fn = std::move(*self->closures_[slot]);
  self->free_closures_.push_back(slot);
  fn(e);
}

void Engine::cancel(EventId id) {
  if (id.gen == 0 || id.slot >= slots_.size() || slots_[id.slot].gen != id.gen) return;
  ++slots_[id.slot].gen;
  --live_;
}

void Engine::set_progress(std::function<void(Time)> fn, std::uint64_t every) {
  progress_ = std::move(fn);
  progress_mask_ = every ? std::bit_ceil(every) - 1 : 0;
}

std::uint64_t Engine::run_until(Time end) {
  stopped_ = false;
  std::uint64_t count = 0;
  while (!queue_.empty() && !stopped_) {
    const QueueEntry e = queue_.top();
    if (e.time >= end) break;
    queue_.pop();
    // Copy out before the call: the handler may schedule and grow the table.
    const Slot s = slots_[e.slot];
    // Bump in both cases so a late cancel() of this id is a no-op, then recycle.
    slots_[e.slot].gen = e.gen + 1 == 0 ? 1 : e.gen + 1;
    free_slots_.push_back(e.slot);
    if (s.gen != e.gen) {
      // A cancelled closure still owns its pool slot; give it back.
      if (s.fn == &Engine::run_closure) free_closures_.push_back(s.tag);
      continue;
    }
    --live_;
    WF_ASSERT(e.time >= now_);
    now_ = e.time;
    s.fn(s.ctx, *this, s.tag);
    ++count;
    if (progress_ && (count & progress_mask_) == 0) progress_(now_);
  }
  handled_ += count;
  if (!stopped_ && now_ < end) now_ = end;
  return count;
}

}  // namespace wf
