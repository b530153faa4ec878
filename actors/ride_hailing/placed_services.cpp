#include "actors/ride_hailing/placed_services.hpp"

#include <caf/sec.hpp>

namespace sdsim::ride_hailing {

core::placement_spec spec_of(const location_params& p) {
  LocationSpec s;
  s.set_index(p.index);
  s.set_min_lat(p.city.min_lat);
  s.set_max_lat(p.city.max_lat);
  s.set_min_lon(p.city.min_lon);
  s.set_max_lon(p.city.max_lon);
  s.set_kind(p.kind);
  s.set_ping_us(p.cost.ping_us);
  s.set_query_us(p.cost.query_us);
  s.set_candidate_us(p.cost.candidate_us);
  *s.mutable_capacity() = p.capacity;
  s.set_surge_precision(p.surge_precision);
  *s.mutable_basics() = core::to_proto(p.basics);
  for (const auto& [driver, at] : p.prefill) {
    s.add_prefill_driver(driver);
    s.add_prefill_lat(at.lat);
    s.add_prefill_lon(at.lon);
  }
  return {s.SerializeAsString(), {}};
}

caf::expected<caf::actor> spawn_location_from(caf::actor_system& sys, const core::sim_clock& clock,
                                              const core::placement_spec& spec) {
  LocationSpec s;
  if (!s.ParseFromString(spec.bytes) || s.prefill_lat_size() != s.prefill_driver_size() ||
      s.prefill_lon_size() != s.prefill_driver_size())
    return caf::make_error(caf::sec::invalid_argument, "malformed location shard spec");
  auto p = std::make_shared<location_params>();
  p->index = s.index();
  p->city = {s.min_lat(), s.max_lat(), s.min_lon(), s.max_lon()};
  p->kind = s.kind();
  p->cost = {s.ping_us(), s.query_us(), s.candidate_us()};
  p->capacity = s.capacity();
  p->surge_precision = s.surge_precision();
  p->basics = core::from_proto(s.basics(), &clock);
  for (int i = 0; i < s.prefill_driver_size(); ++i)
    p->prefill.emplace_back(s.prefill_driver(i), geo_point{s.prefill_lat(i), s.prefill_lon(i)});
  return spawn_location(sys, std::move(p));
}

}  // namespace sdsim::ride_hailing
