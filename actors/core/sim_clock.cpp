// sim_now = sim0 + (clock_now - wall0) x speed, in pieces of constant speed.
#include "actors/core/sim_clock.hpp"

#include <cmath>

namespace sdsim::core {

sim_clock::sim_clock(caf::actor_clock& clock, double speed) : clock_(clock) {
  pieces_.push_back(piece{clock.now(), 0, speed, speed > 0 ? speed : 1.0});
  piece_.store(&pieces_.back(), std::memory_order_release);
}

void sim_clock::begin() { begin_at(clock_.now()); }

void sim_clock::begin_at(caf::actor_clock::time_point wall0) {
  std::lock_guard<std::mutex> lock(write_);
  piece p = *piece_.load(std::memory_order_acquire);
  p.wall0 = wall0;
  p.sim0 = 0;
  publish(p);
}

void sim_clock::set_speed(double speed) {
  std::lock_guard<std::mutex> lock(write_);
  const piece& old = *piece_.load(std::memory_order_acquire);
  piece p = old;
  p.wall0 = clock_.now();
  p.sim0 = old.sim0 + static_cast<sim_ns>(
                          std::llround(static_cast<double>((p.wall0 - old.wall0).count()) * old.speed));
  p.speed = speed > 0 ? speed : 0;
  if (speed > 0) p.wall_rate = speed;
  publish(p);
}

void sim_clock::publish(piece p) {
  pieces_.push_back(p);
  piece_.store(&pieces_.back(), std::memory_order_release);
}

sim_ns sim_clock::now() const {
  const piece& p = *piece_.load(std::memory_order_acquire);
  return p.sim0 + static_cast<sim_ns>(
                      std::llround(static_cast<double>((clock_.now() - p.wall0).count()) * p.speed));
}

caf::actor_clock::time_point sim_clock::at(sim_ns t) const {
  const piece& p = *piece_.load(std::memory_order_acquire);
  const double wall = static_cast<double>(t - p.sim0) / p.wall_rate;
  return p.wall0 + caf::timespan{static_cast<int64_t>(std::llround(wall))};
}

caf::timespan sim_clock::to_wall(sim_ns d) const {
  if (d <= 0) return caf::timespan{0};
  const double rate = piece_.load(std::memory_order_acquire)->wall_rate;
  return caf::timespan{static_cast<int64_t>(std::llround(static_cast<double>(d) / rate))};
}

sim_ns sim_clock::to_sim(caf::timespan wall) const {
  const double speed = piece_.load(std::memory_order_acquire)->speed;
  return static_cast<sim_ns>(std::llround(static_cast<double>(wall.count()) * speed));
}

}  // namespace sdsim::core
