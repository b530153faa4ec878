// Registration of ride-hailing: location shards, pricing, matching, trip, payment and rating
// services, the city (drivers' and riders' phones), a client for the riders' open-loop
// traffic, and the checker.
#include <algorithm>
#include <cmath>

#include <caf/send.hpp>
#include <fmt/format.h>

#include "actors/core/design.hpp"
#include "actors/core/open_loop_client.hpp"
#include "actors/core/rate_shape.hpp"
#include "actors/core/report_entries.hpp"
#include "actors/core/scratch_dir.hpp"
#include "actors/ride_hailing/city_actor.hpp"
#include "actors/ride_hailing/city_map.hpp"
#include "actors/ride_hailing/location_actor.hpp"
#include "actors/ride_hailing/matching_actor.hpp"
#include "actors/ride_hailing/messages.hpp"
#include "actors/ride_hailing/pricing_actor.hpp"
#include "actors/ride_hailing/ride_audit.hpp"
#include "actors/ride_hailing/rider_workload.hpp"
#include "actors/ride_hailing/placed_services.hpp"
#include "actors/ride_hailing/ride_returns.hpp"
#include "actors/ride_hailing/ride_services.hpp"
#include "actors/ride_hailing/trip_actor.hpp"

namespace sdsim::ride_hailing {
namespace {

using namespace sdsim::core;

const std::string notification_gateway = "notification/gateway";

std::string city_name(const RideHailingConfig& c) { return c.city().empty() ? "bay" : c.city(); }

class ride_run : public design_run {
 public:
  ride_run(run_context& ctx, scratch_dir dir, ride_wiring& w, caf::actor city,
           caf::actor client, std::shared_ptr<map_slot> map, std::size_t warm_rides)
      : ctx_(ctx), dir_(std::move(dir)), trip_db_(w.trip->db_path),
        services_(ctx, w, city, client), city_(std::move(city)), client_(std::move(client)),
        map_(std::move(map)), warm_rides_(warm_rides) {}

  live_sources live() const override {
    live_sources l{{client_, city_}, {}, map_, {}, {}};
    for (const auto& [name, actors] : services_.by_service())
      l.services.insert(l.services.end(), actors.begin(), actors.end());
    l.tracers = {services_.one(trip_name), services_.one(matching_name)};
    return l;
  }

  void start_traffic() override {
    // Every design has started: the notification service, if this run has one, is known now.
    if (auto it = ctx_.published.find(notification_gateway); it != ctx_.published.end())
      services_.notify_through(it->second);
    for (const auto& name : {location_name, rating_name, pricing_name})
      for (const auto& a : services_.by_service().at(name)) caf::anon_send(a, start_atom::value);
    caf::anon_send(city_, start_atom::value);
    caf::anon_send(client_, start_atom::value);
  }

  void stop_traffic() override {
    caf::anon_send(client_, stop_atom::value);
    caf::anon_send(city_, stop_atom::value);
  }

  // A node is back: what was placed there is spawned there again and its callers are told.
  std::string rejoin(const std::string& node) override { return services_.rejoin(node); }

  std::string set_node_link(const std::string& a, const std::string& b,
                            const link_state& l) override {
    return services_.set_node_link(a, b, l);
  }

  std::string apply_fault(const Fault& f) override {
    if (!f.has_slow()) return "ride-hailing services can be slowed (slow), not killed or failed";
    const auto& by = services_.by_service();
    auto it = by.find(f.slow().service());
    if (it == by.end()) return "no such ride-hailing service";
    for (const auto& a : it->second) caf::anon_send(a, slow_atom::value, f.slow().factor());
    return "";
  }

  void finish(const std::vector<ActorMetrics>& metrics, DesignReport* out) override {
    audit_input in;
    in.trip_db = trip_db_;   // copy 0's, unless another copy reported leading (below)
    in.window_s = to_s(static_cast<double>(ctx_.arrivals_end));
    for (const auto& m : metrics) {
      RideHailingExtra x;
      if (m.extra().empty() || !x.ParseFromString(m.extra())) continue;
      if (x.has_client()) in.clients.push_back(x.client());
      if (x.has_location()) in.locations.push_back(x.location());
      if (x.has_matching()) in.matching.push_back(x.matching());
      if (x.has_pricing()) in.pricing.push_back(x.pricing());
      if (x.has_city()) in.cities.push_back(x.city());
      if (x.has_trip()) in.trips.push_back(x.trip());
    }
    uint64_t epoch = 0;
    for (const auto& t : in.trips)   // the primary's file at the end: the newest that led
      if (t.leading() && t.epoch() >= epoch && !t.db_path().empty()) {
        epoch = t.epoch();
        in.trip_db = t.db_path();
      }
    audit(in, out);
    add_trip_copy_figures(in.trips, out);
    core::add_figure(out, "rides_under_way_at_start", static_cast<double>(warm_rides_));
  }

 private:
  // With copies of trip: how often its primary changed, and the writes the copies applied.
  void add_trip_copy_figures(const std::vector<TripFacts>& facts, DesignReport* out) const {
    const uint32_t copies = services_.trips().copies_per_shard();
    if (copies < 2) return;
    uint64_t replicated = 0;
    for (const auto& t : facts) replicated += t.replicated();
    add_figure(out, "trip_copies", copies);
    add_figure(out, "trip_failovers", static_cast<double>(services_.trips().figures().elections));
    add_figure(out, "trip_writes_replicated", static_cast<double>(replicated));
  }

  run_context& ctx_;
  scratch_dir dir_;
  std::string trip_db_;
  ride_returns services_;
  caf::actor city_, client_;
  std::shared_ptr<map_slot> map_;
  std::size_t warm_rides_ = 0;  // rides under way at t = 0 (a warm start)
};

// The map a live viewer is shown: the city's box, the drivers' states in fleet order.
std::shared_ptr<map_slot> live_map_of(const geo_box& box) {
  map_legend l;
  l.min_lat = static_cast<float>(box.min_lat);
  l.max_lat = static_cast<float>(box.max_lat);
  l.min_lon = static_cast<float>(box.min_lon);
  l.max_lon = static_cast<float>(box.max_lon);
  l.kinds = {"offline", "available", "en route", "on trip"};
  l.lines = "driver heading to a pickup";
  l.marks = "rider waiting for a car";
  l.heat = "surge multiplier per geohash cell";
  return std::make_shared<map_slot>(std::move(l));
}

// Rides under way at t = 0 when the scenario starts warm (else none): Little's law on the
// booking rate at t = 0. Matched drivers start within a few typical driver spacings of the
// pickup (the nearest free ones get the offers).
std::shared_ptr<const std::vector<warm_ride>> warm_rides(const RideHailingConfig& c,
                                                         const run_context& ctx, const city_map& map,
                                                         const surge_config& surge, double speed,
                                                         uint64_t customers, fleet& f,
                                                         const geo_box& box) {
  if (!c.warm_start()) return nullptr;
  warm_params w;
  w.bookings_per_s =
      rate_shape({c.request_ride().begin(), c.request_ride().end()}, ctx.day_offset_s).rate(0);
  w.customers = customers;
  w.match_s = or_default(c.has_think_p50_s(), c.think_p50_s(), 4.0);
  const double area_km2 = distance_m({box.min_lat, box.min_lon}, {box.max_lat, box.min_lon}) *
                          distance_m({box.min_lat, box.min_lon}, {box.min_lat, box.max_lon}) / 1e6;
  const double spacing_m = 1000 / std::sqrt(std::max(1.0, f.size() / std::max(area_km2, 1e-3)));
  w.pickup_max_m = std::clamp(3 * spacing_m, 50.0, or_default(c.has_search_radius_m(), c.search_radius_m(), 2000.0));
  w.seed = ctx.seed;
  return std::make_shared<const std::vector<warm_ride>>(
      start_warm(w, map, surge_pricing(surge), speed, f));
}

class ride_hailing_design : public typed_design<RideHailingConfig, RideHailingApi> {
 public:
  std::string name() const override { return "ride_hailing"; }
  std::string summary() const override {
    return "Ride-hailing: 1M moving drivers, geo index per region shard, matching with first "
           "accept wins, trip lifecycle in SQLite, surge, payment, rating";
  }
  // Phones call location (nearby cabs, pings), pricing (a ride), matching (accept, deny), trip
  // (start, end, track, cancel) and rating; a ride goes pricing -> trip -> matching ->
  // location, offers go back to the drivers' phones, a finished trip is charged and rated.
  std::vector<flow_edge> flow() const override {
    const std::string phones = "ride_hailing/clients";
    return {{phones, location_name},      {phones, pricing_name},  {pricing_name, location_name},
            {pricing_name, trip_name},    {trip_name, matching_name}, {matching_name, location_name},
            {matching_name, phones},      {phones, matching_name}, {phones, trip_name},
            {trip_name, payment_name},    {phones, rating_name},   {rating_name, trip_name}};
  }

  std::vector<service_spec> services() const override {
    return {make_service(location_name, 4, 1, constant_ms(0.001)),
            make_service(pricing_name, 1, 4, lognormal_ms(0.2, 2)),
            make_service(matching_name, 1, 2, lognormal_ms(0.3, 3)),
            make_service(trip_name, 1, 8, lognormal_ms(0.3, 3)),
            make_service(payment_name, 1, 0, lognormal_ms(300, 2000)),
            make_service(rating_name, 1, 2, lognormal_ms(0.3, 3))};
  }
  std::string default_scenario() const override {
    return "scenarios/ride_hailing/documented.textproto";
  }

  // Every service but payment, a third party's processor (see placed_services.hpp).
  std::vector<std::string> placeable_services() const override {
    return {location_name, pricing_name, trip_name, matching_name, rating_name};
  }
  bool replicated(const std::string& service) const override { return service == trip_name; }
  caf::expected<caf::actor> spawn_placed(caf::actor_system& sys, const sim_clock& clock,
                                         const std::string& service,
                                         const placement_spec& spec) const override {
    if (service == location_name) return spawn_location_from(sys, clock, spec);
    if (service == pricing_name) return spawn_pricing_from(sys, clock, spec);
    if (service == trip_name) return spawn_trip_from(sys, clock, spec);
    if (service == matching_name) return spawn_matching_from(sys, clock, spec);
    if (service == rating_name) return spawn_rating_from(sys, clock, spec);
    return design::spawn_placed(sys, clock, service, spec);
  }
  bench_profile bench() const override {
    // Bookings raised on a city of 20K drivers: pricing -> trip -> matching -> location shards
    // -> matching -> drivers -> matching -> trip, about 12 messages a ride before the trip.
    return {"scenarios/ride_hailing/documented.textproto", "request_ride",
            "ride_hailing.request_ride[0].constant.rate_per_s", 1000, 12,
            {"ride_hailing.drivers=20000", "ride_hailing.nearby_cabs[0].constant.rate_per_s=100",
             "ride_hailing.timeout_s=2", "drain_s=2", "warmup_s=1", "ride_hailing.warm_start=false"},
            "", 2};
  }

  cost_profile cost() const override {
    // The documented mix at 1/50 of its scale (drivers and every rate), warm: ~1.3K rides
    // under way, their riders tracking them, pings, bookings and nearby looks.
    return {"scenarios/ride_hailing/documented.textproto",
            {"duration_s=20", "warmup_s=0", "ride_hailing.drivers=20000",
             "ride_hailing.request_ride[0].constant.rate_per_s=2.32",
             "ride_hailing.nearby_cabs[0].constant.rate_per_s=100"}};
  }

  void validate_config(const RideHailingConfig& c, validator& v) const override;
  std::unique_ptr<design_run> start_run(run_context& ctx, const RideHailingConfig& c) const override;
};

void ride_hailing_design::validate_config(const RideHailingConfig& c, validator& v) const {
  rule_check check(v);
  City city;
  std::string error;
  const bool have_city = load_city(SDSIM_DATA_DIR, city_name(c), &city, &error);
  check(have_city, c, "city", error.c_str());
  check(c.request_ride_size() + c.nearby_cabs_size() > 0, c, "request_ride",
        "ride-hailing needs riders: a request_ride or nearby_cabs rate");
  for (const auto& s : c.nearby_cabs()) rate_shape::validate(s, v);
  for (const auto& s : c.request_ride()) rate_shape::validate(s, v);
  auto fraction = [&](bool has, double x, const char* field) {
    if (has) check(x >= 0 && x <= 1, c, field, "must be a fraction within [0, 1]");
  };
  fraction(true, c.offline_share(), "offline_share");
  fraction(true, c.cancel_share(), "cancel_share");
  fraction(c.has_rate_share(), c.rate_share(), "rate_share");
  fraction(c.has_accept_probability(), c.accept_probability(), "accept_probability");
  fraction(c.has_payment_failure_rate(), c.payment_failure_rate(), "payment_failure_rate");
  auto positive = [&](bool has, double x, const char* field) {
    if (has) check(x > 0, c, field, "must be > 0");
  };
  positive(c.has_search_radius_m(), c.search_radius_m(), "search_radius_m");
  positive(c.has_offer_timeout_s(), c.offer_timeout_s(), "offer_timeout_s");
  positive(c.has_think_p50_s(), c.think_p50_s(), "think_p50_s");
  positive(c.has_track_interval_s(), c.track_interval_s(), "track_interval_s");
  positive(c.has_trip_median_m(), c.trip_median_m(), "trip_median_m");
  positive(c.has_speed_mps(), c.speed_mps(), "speed_mps");
  positive(c.has_ping_interval_s(), c.ping_interval_s(), "ping_interval_s");
  positive(c.has_tick_s(), c.tick_s(), "tick_s");
  positive(c.has_surge_window_s(), c.surge_window_s(), "surge_window_s");
  positive(c.has_timeout_s(), c.timeout_s(), "timeout_s");
  if (c.has_dwell_s()) check(c.dwell_s() >= 0, c, "dwell_s", "dwell_s must be >= 0");
  if (c.has_think_p99_s())
    check(c.think_p99_s() > or_default(c.has_think_p50_s(), c.think_p50_s(), 4.0), c,
          "think_p99_s", "think_p99_s must be above think_p50_s");
  if (c.has_drivers())
    check(c.drivers() >= 1 && c.drivers() <= 5'000'000, c, "drivers",
          "drivers must be within 1..5000000");
  if (c.has_customers())
    check(c.customers() >= 1, c, "customers", "customers must be >= 1");
  if (c.has_region_precision())
    check(c.region_precision() >= 2 && c.region_precision() <= 6, c, "region_precision",
          "region_precision must be within 2..6 geohash characters (a surge cell, 6, must lie "
          "in one region)");
  if (c.has_candidates())
    check(c.candidates() >= 1 && c.candidates() <= 100, c, "candidates",
          "candidates must be within 1..100");
  if (c.has_offer_batch())
    check(c.offer_batch() >= 1, c, "offer_batch", "offer_batch must be >= 1");
  if (c.has_surge_max())
    check(c.surge_max() >= 1 && c.surge_max() <= 10, c, "surge_max",
          "surge_max must be within 1..10");
  for (const auto& b : c.boosts()) {
    const bool known = have_city && std::any_of(city.hot_spots().begin(), city.hot_spots().end(),
                                                [&](const HotSpot& h) { return h.name() == b.hot_spot(); });
    check(known, b, "hot_spot", "no hot spot of that name in the city");
    check(b.factor() >= 0, b, "factor", "factor must be >= 0");
    check(b.for_s() > 0 && b.from_s() >= 0, b, "for_s", "a boost needs from_s >= 0 and for_s > 0");
  }
  for (const char* f : {"ping_cost_us", "query_cost_us", "candidate_cost_us"}) {
    const auto* fd = c.GetDescriptor()->FindFieldByName(f);
    if (c.GetReflection()->HasField(c, fd))
      check(c.GetReflection()->GetDouble(c, fd) >= 0, c, f, "a cost must be >= 0");
  }
}

// The city's params but for the services it calls (spawned after it has its fleet).
std::shared_ptr<city_params> city_setup(const ride_hailing_design& d, const RideHailingConfig& c,
                                        const City& city, std::shared_ptr<const city_map> map,
                                        const run_context& ctx) {
  auto cp = std::make_shared<city_params>();
  const geo_box box{city.min_lat(), city.max_lat(), city.min_lon(), city.max_lon()};
  cp->design = d.name();
  cp->api_names = d.apis();
  cp->drivers = or_default(c.has_drivers(), c.drivers(), 1'000'000u);
  cp->offline_share = c.offline_share();
  cp->fleet.city = box;
  cp->fleet.speed_mps = or_default(c.has_speed_mps(), c.speed_mps(), 8.0);
  cp->fleet.ping_interval = from_s(or_default(c.has_ping_interval_s(), c.ping_interval_s(), 4.0));
  cp->fleet.seed = ctx.seed;
  cp->fleet.dwell_s = or_default(c.has_dwell_s(), c.dwell_s(), 120.0);
  cp->map = std::move(map);
  cp->region_precision = or_default(c.has_region_precision(), c.region_precision(), 5u);
  cp->accept_probability = or_default(c.has_accept_probability(), c.accept_probability(), 0.7);
  const double think50 = or_default(c.has_think_p50_s(), c.think_p50_s(), 4.0);
  cp->think = lognormal_ms(think50 * 1000,
                           or_default(c.has_think_p99_s(), c.think_p99_s(), 3 * think50) * 1000);
  cp->track_interval = from_s(or_default(c.has_track_interval_s(), c.track_interval_s(), 10.0));
  cp->cancel_share = c.cancel_share();
  cp->rate_share = or_default(c.has_rate_share(), c.rate_share(), 0.7);
  cp->tick = from_s(or_default(c.has_tick_s(), c.tick_s(), 0.1));
  cp->timeout = from_s(or_default(c.has_timeout_s(), c.timeout_s(), 10.0));
  cp->basics = basics_of(ctx);
  for (const auto& h : city.hot_spots())
    cp->spots.push_back({h.name(), static_cast<float>(h.center().lat()),
                         static_cast<float>(h.center().lon()), static_cast<float>(h.radius_m()), 1});
  cp->drivers_fleet = make_fleet(*cp);
  return cp;
}

caf::actor start_riders(const design& d, run_context& ctx, const RideHailingConfig& c,
                        const ride_settings& set, std::shared_ptr<const city_map> city_data,
                        std::size_t warm_rides, const caf::actor& pricing) {
  auto clp = client_params_for(d, ctx, "ride_hailing/riders", 3);
  add_stream(*clp, nearby_cabs_api, c.nearby_cabs(), ctx.day_offset_s);
  add_stream(*clp, request_ride_api, c.request_ride(), ctx.day_offset_s);
  clp->targets = {pricing};
  clp->load = std::make_shared<rider_workload>(std::move(city_data), set.customers, warm_rides);
  clp->timeout = from_s(set.timeout_s);
  auto client = spawn_open_loop_client(ctx.system, clp);
  ctx.add_metric_source(client);
  return client;
}

std::unique_ptr<design_run> ride_hailing_design::start_run(run_context& ctx,
                                                            const RideHailingConfig& c) const {
  City city;
  std::string error;
  if (!load_city(SDSIM_DATA_DIR, city_name(c), &city, &error)) throw std::runtime_error(error);
  const geo_box box{city.min_lat(), city.max_lat(), city.min_lon(), city.max_lon()};
  const auto set = resolve(c);
  scratch_dir dir("ride_hailing");
  // Pictures are made only when a viewer asks, so a run nobody watches pays nothing.
  auto live = live_map_of(box);
  auto city_data = std::make_shared<const city_map>(
      city, std::vector<DemandBoost>(c.boosts().begin(), c.boosts().end()), set.trip_median_m);
  // The fleet first: a warm start puts some of its drivers on rides, and the location shards
  // index the free ones before the run begins.
  auto cp = city_setup(*this, c, city, city_data, ctx);
  cp->live = live;
  const auto warm = warm_rides(c, ctx, *city_data, set.surge, set.speed_mps, set.customers,
                               *cp->drivers_fleet, box);
  cp->warm = warm;
  ride_wiring w(ctx, set, box);
  const std::vector<warm_ride> cold;
  const auto& under_way = warm ? *warm : cold;
  auto payment = start_payment(w);
  auto locations = start_locations(w, c, warm != nullptr, *cp->drivers_fleet);
  auto trip = start_trip(w, dir, payment, under_way);
  auto pricing = start_pricing(w, city, locations, live);
  auto matching = start_matching(w, locations, trip, under_way);
  auto rating = start_rating(w, trip, matching);
  cp->locations = locations;
  cp->matching = matching;
  cp->trip = trip;
  cp->rating = rating;
  auto city_actor = spawn_city(ctx.system, cp);
  ctx.add_metric_source(city_actor);
  close_cycles(w, pricing, trip, matching, city_actor);
  const std::size_t warm_n = warm ? warm->size() : 0;
  auto client = start_riders(*this, ctx, c, set, city_data, warm_n, pricing);
  return std::make_unique<ride_run>(ctx, std::move(dir), w, city_actor, client, live, warm_n);
}

}  // namespace

void register_ride_hailing_design(design_registry& r) {
  r.add(std::make_unique<ride_hailing_design>());
}

}  // namespace sdsim::ride_hailing
