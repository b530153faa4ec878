// shard_params <-> ShardSpec.
#include "actors/shortener/shard_spec.hpp"

#include <algorithm>

#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

std::string encode_shard_spec(const shard_params& p) {
  ShardSpec s;
  s.set_index(p.index);
  s.set_replica(p.replica);
  s.set_replicas(p.replicas);
  s.set_rejoin(p.rejoin);
  s.set_db_path(p.db_path);
  *s.mutable_capacity() = p.capacity;
  s.set_cache_entries(p.cache_entries);
  s.set_cache_hit_cost_ns(p.cache_hit_cost);
  s.set_sweep_interval_ns(p.sweep_interval);
  s.set_users(p.users);
  s.set_seed(p.basics.seed);
  s.mutable_preload()->Add(p.preload.begin(), p.preload.end());
  s.set_window_start_ns(p.basics.window_start);
  s.set_arrivals_end_ns(p.basics.arrivals_end);
  s.set_timer_quantum_ns(p.basics.timer_quantum);
  return s.SerializeAsString();
}

std::optional<shard_params> decode_shard_spec(const std::string& bytes,
                                              const core::sim_clock* clock) {
  ShardSpec s;
  if (!s.ParseFromString(bytes) || s.db_path().empty()) return std::nullopt;
  shard_params p;
  p.index = s.index();
  p.replica = s.replica();
  p.replicas = std::max(1u, s.replicas());
  p.rejoin = s.rejoin();
  p.db_path = s.db_path();
  p.capacity = s.capacity();
  p.cache_entries = s.cache_entries();
  p.cache_hit_cost = s.cache_hit_cost_ns();
  p.sweep_interval = s.sweep_interval_ns();
  p.users = s.users();
  p.basics.seed = s.seed();
  p.preload.assign(s.preload().begin(), s.preload().end());
  p.basics.clock = clock;
  p.basics.window_start = s.window_start_ns();
  p.basics.arrivals_end = s.arrivals_end_ns();
  p.basics.timer_quantum = s.timer_quantum_ns();
  return p;
}

}  // namespace sdsim::shortener
