#include "actors/shortener/placed_services.hpp"

#include <algorithm>

#include <caf/actor_system.hpp>
#include <caf/sec.hpp>

#include "actors/shortener/shortener.pb.h"

namespace sdsim::shortener {

core::placement_spec spec_of(const gateway_params& p) {
  ShortenerGatewaySpec s;
  s.set_index(p.index);
  s.set_seed(p.config.seed);
  s.set_users(p.config.users);
  s.set_rate_limit_per_s(p.config.rate_limit_per_s);
  s.set_rate_limit_burst(p.config.rate_limit_burst);
  for (const auto& host : p.config.policy.blocklist) s.add_blocklist(host);
  s.set_strategy(p.strategy);
  *s.mutable_capacity() = p.capacity;
  *s.mutable_basics() = core::to_proto(p.basics);
  s.set_copies(p.nodes.empty() ? 1 : static_cast<uint32_t>(p.nodes.front().size()));
  for (const auto& copies : p.nodes)
    for (const auto& node : copies) s.add_copy_nodes(node);
  auto peers = p.shards;
  peers.push_back(p.kgs);
  peers.push_back(p.kgs_group);
  return {s.SerializeAsString(), std::move(peers)};
}

caf::expected<caf::actor> spawn_gateway_from(caf::actor_system& sys, const core::sim_clock& clock,
                                             const core::placement_spec& spec) {
  ShortenerGatewaySpec s;
  const std::size_t shards = spec.peers.size() < 2 ? 0 : spec.peers.size() - 2;
  if (!s.ParseFromString(spec.bytes) || shards == 0 || s.copies() == 0 ||
      static_cast<std::size_t>(s.copy_nodes_size()) != shards * s.copies())
    return caf::make_error(caf::sec::invalid_argument, "malformed shortener gateway spec");
  auto p = std::make_shared<gateway_params>();
  p->index = s.index();
  p->config.seed = s.seed();
  p->config.users = s.users();
  p->config.rate_limit_per_s = s.rate_limit_per_s();
  p->config.rate_limit_burst = s.rate_limit_burst();
  p->config.policy.blocklist.assign(s.blocklist().begin(), s.blocklist().end());
  p->strategy = s.strategy();
  p->capacity = s.capacity();
  p->basics = core::from_proto(s.basics(), &clock);
  p->shards.assign(spec.peers.begin(), spec.peers.begin() + static_cast<std::ptrdiff_t>(shards));
  p->kgs = spec.peers[shards];
  p->kgs_group = spec.peers[shards + 1];
  p->nodes.resize(shards);
  for (std::size_t i = 0; i < shards; ++i)
    for (uint32_t c = 0; c < s.copies(); ++c) p->nodes[i].push_back(s.copy_nodes(static_cast<int>(i * s.copies() + c)));
  return spawn_gateway(sys, std::move(p));
}

core::placement_spec spec_of(const kgs_params& p) {
  KgsSpec s;
  *s.mutable_capacity() = p.capacity;
  s.set_range_size(p.range_size);
  *s.mutable_basics() = core::to_proto(p.basics);
  s.set_db_path(p.db_path);
  s.set_replica(p.replica);
  s.set_replicas(p.replicas);
  s.set_rejoin(p.rejoin);
  return {s.SerializeAsString(), {}};
}

caf::expected<caf::actor> spawn_kgs_from(caf::actor_system& sys, const core::sim_clock& clock,
                                         const core::placement_spec& spec) {
  KgsSpec s;
  if (!s.ParseFromString(spec.bytes) || s.range_size() == 0 || s.db_path().empty())
    return caf::make_error(caf::sec::invalid_argument, "malformed kgs spec");
  auto p = std::make_shared<kgs_params>();
  p->capacity = s.capacity();
  p->range_size = s.range_size();
  p->basics = core::from_proto(s.basics(), &clock);
  p->db_path = s.db_path();
  p->replica = s.replica();
  p->replicas = std::max(1u, s.replicas());
  p->rejoin = s.rejoin();
  return spawn_kgs(sys, std::move(p));
}

}  // namespace sdsim::shortener
