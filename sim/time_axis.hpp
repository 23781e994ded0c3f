#pragma once
// The instants of a step series. Most traces are sampled on an even grid (a 1-minute
// year: 525,600 instants 60 s apart): such an axis is kept as its first instant, its
// step and its length, and a series costs 8 bytes a point (its values) instead of 16.
// Any other axis keeps its instants. Both read the same through this class.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

#include "sim/time.hpp"

namespace wf {

class TimeAxis {
 public:
  TimeAxis() = default;
  /// The instants `t`, kept as a grid when they are one (any order is accepted here).
  explicit TimeAxis(std::vector<Time> t);

  std::size_t size() const { return n_; }
  bool empty() const { return n_ == 0; }
  Time operator[](std::size_t i) const { return listed_ ? t_[i] : grid_at(i); }
  Time front() const { return (*this)[0]; }
  Time back() const { return (*this)[n_ - 1]; }
  /// True while the instants are kept as t0 + k step (not listed).
  bool is_grid() const { return !listed_; }

  /// Appends t: a grid stays one while t is its next instant, else the instants are listed.
  void push_back(Time t) {
    if (extends_ && t == next_) {
      ++n_;
      if (next_ <= last_steppable_)
        next_ += step_;
      else
        extends_ = false;  // the next instant would overflow: none can follow on the grid
      return;
    }
    push_slow(t);
  }
  /// Room for n instants should the axis have to list them (a grid needs none).
  void reserve(std::size_t n) { reserve_ = n; }
  /// Drops the first k instants.
  void erase_front(std::size_t k);
  /// Keeps the first n instants (all if n >= size()).
  void truncate(std::size_t n);
  void clear();  ///< no instants (a listed axis keeps its memory)

  /// Index of the first instant > x (size() if none), as std::upper_bound; the axis
  /// must increase strictly.
  std::size_t upper_index(Time x) const;
  /// Index of the first instant >= x (size() if none), as std::lower_bound.
  std::size_t lower_index(Time x) const;
  /// Address of instant i when listed, for prefetch hints; nullptr on a grid.
  const Time* listed_at(std::size_t i) const { return listed_ ? t_.data() + i : nullptr; }
  /// Bytes held for the instants (0 on a grid).
  std::size_t heap_bytes() const { return t_.capacity() * sizeof(Time); }

  std::vector<Time> to_vector() const;

  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = Time;
    using difference_type = std::ptrdiff_t;
    using pointer = const Time*;
    using reference = Time;
    const_iterator() = default;
    const_iterator(const TimeAxis* a, std::size_t i) : a_(a), i_(static_cast<std::ptrdiff_t>(i)) {}
    Time operator*() const { return (*a_)[static_cast<std::size_t>(i_)]; }
    Time operator[](difference_type k) const { return *(*this + k); }
    const_iterator& operator++() { return ++i_, *this; }
    const_iterator operator++(int) { return {a_, static_cast<std::size_t>(i_++)}; }
    const_iterator& operator--() { return --i_, *this; }
    const_iterator operator--(int) { return {a_, static_cast<std::size_t>(i_--)}; }
    const_iterator& operator+=(difference_type k) { return i_ += k, *this; }
    const_iterator& operator-=(difference_type k) { return i_ -= k, *this; }
    friend const_iterator operator+(const_iterator it, difference_type k) { return it += k; }
    friend const_iterator operator+(difference_type k, const_iterator it) { return it += k; }
    friend const_iterator operator-(const_iterator it, difference_type k) { return it -= k; }
    friend difference_type operator-(const_iterator a, const_iterator b) { return a.i_ - b.i_; }
    friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
    friend auto operator<=>(const_iterator a, const_iterator b) { return a.i_ <=> b.i_; }

   private:
    const TimeAxis* a_ = nullptr;
    difference_type i_ = 0;
  };
  using value_type = Time;
  using size_type = std::size_t;
  using iterator = const_iterator;
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, n_}; }

  friend bool operator==(const TimeAxis& a, const TimeAxis& b);
  friend bool operator==(const TimeAxis& a, const std::vector<Time>& b);

 private:
  std::vector<Time> t_;  // the instants, when listed
  Time t0_, step_;       // the grid: t0 + k step for k < n_ (step set by the second instant)
  Time next_;            // the grid's next instant, valid while extends_
  Time last_steppable_;  // the largest instant a step can follow without overflow
  std::size_t n_ = 0, reserve_ = 0;
  bool listed_ = false;
  bool extends_ = false;  // a grid of two or more instants whose next one is next_

  // t0 + i step: in unsigned arithmetic, exact for every instant of the grid even
  // where i step alone would overflow (a grid can span more than INT64_MAX).
  Time grid_at(std::size_t i) const {
    return Time::us(static_cast<std::int64_t>(static_cast<std::uint64_t>(t0_.count_us()) +
                                              static_cast<std::uint64_t>(step_.count_us()) * i));
  }
  // Whole steps from t0 to x >= t0, rounded down (x - t0 may exceed INT64_MAX).
  std::size_t steps_to(Time x) const {
    return static_cast<std::size_t>(
        (static_cast<std::uint64_t>(x.count_us()) - static_cast<std::uint64_t>(t0_.count_us())) /
        static_cast<std::uint64_t>(step_.count_us()));
  }
  void push_slow(Time t);
  void list();  // turns a grid into listed instants
};

}  // namespace wf
