// The ride-hailing services of a run as its callers reach them, renewed when a node comes
// back: what the scenario placed on that node is spawned there again, and every service and
// phone that sends to it is told. Soft state is rebuilt, not restored: location shards from
// the drivers' pings, pricing from the next requests, matching's book and rating's averages
// from the trip store. Trip's copies are a shard group (cluster layer): a copy placed there
// rejoins it and catches up, and trip's callers follow the primary the group names.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/actor.hpp>

#include "actors/core/design.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/ride_services.hpp"

namespace sdsim::ride_hailing {

class ride_returns {
 public:
  /// Takes the services `w` spawned; `city` is the phones, `client` the riders.
  ride_returns(core::run_context& ctx, ride_wiring& w, caf::actor city, caf::actor client);

  /// Spawns again on `node` what the scenario placed there, and tells its callers; "" or why
  /// a trip copy could not come back.
  std::string rejoin(const std::string& node);

  /// The link between nodes `a` and `b` is now `l`: it acts on what trip's copies send each
  /// other. "" or why nothing changed.
  std::string set_node_link(const std::string& a, const std::string& b, const core::link_state& l);

  /// The trip copies' group (its figures, its copies for the audit).
  const cluster::shard_group& trips() const { return *trips_; }

  /// The notification gateways trip pushes through (a trip spawned again is told them too).
  void notify_through(std::vector<caf::actor> gateways);

  const std::map<std::string, std::vector<caf::actor>>& by_service() const { return by_; }
  const caf::actor& one(const std::string& service) const { return by_.at(service).front(); }

 private:
  void restart_location(uint32_t i);
  void restart_pricing();
  void restart_matching();
  void restart_rating();
  // `service`, spawned again from `spec` on its node: kept and measured; its old handle gone.
  caf::actor& renew(const std::string& service, uint32_t i, const caf::actor& fresh);
  // A trip handle for a service spawned again: the first primary's, which the group's next
  // announcement (add_routers) replaces when another copy leads now.
  caf::actor first_trip() const { return trips_->first_primaries().front(); }
  // Tells the services and phones that send to `peer` where it is now.
  void tell_moved(ride_peer peer, const caf::actor& a);

  core::run_context& ctx_;
  std::map<std::string, std::vector<caf::actor>> by_;
  std::vector<std::shared_ptr<location_params>> locations_;  // prefill emptied once spawned
  std::shared_ptr<pricing_params> pricing_;
  std::shared_ptr<matching_params> matching_;
  std::shared_ptr<rating_params> rating_;
  std::unique_ptr<cluster::shard_group> trips_;
  std::vector<caf::actor> gateways_;
  caf::actor city_, client_;
};

}  // namespace sdsim::ride_hailing
