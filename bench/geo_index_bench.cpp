// The location service's indexes at documented scale: k-nearest queries and pings (moves) a
// second with 1M drivers in a city, for the quadtree, geohash and SQLite R*Tree indexes, and
// for Redis (GEOSEARCH and GEOADD over the same points) in the same run; and the whole fleet
// moving and pinging into a quadtree. Resident memory is reported as counters.
//
//   build/bench/geo_index_bench                     (SDSIM_GEO_DRIVERS=100000 for a quick run)
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "actors/core/rng.hpp"
#include "actors/ride_hailing/fleet.hpp"
#include "actors/ride_hailing/geohash.hpp"
#include "actors/ride_hailing/geohash_index.hpp"
#include "actors/ride_hailing/quadtree_index.hpp"
#include "actors/ride_hailing/rtree_index.hpp"
#include "app/redis_peer.hpp"

namespace {

using namespace sdsim::ride_hailing;

const geo_box city{37.60, 37.90, -122.55, -122.30};  // about 33 x 22 km
constexpr double radius_m = 2000;
constexpr std::size_t k = 10;
constexpr int redis_depth = 64;

uint64_t drivers() {
  const char* env = std::getenv("SDSIM_GEO_DRIVERS");
  return env ? std::strtoull(env, nullptr, 10) : 1'000'000;
}

geo_point random_point(sdsim::core::rng& r) {
  return {city.min_lat + r.uniform() * (city.max_lat - city.min_lat),
          city.min_lon + r.uniform() * (city.max_lon - city.min_lon)};
}

double rss_mib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024;
  return 0;
}

// Each index is built once, with every driver, the first time a benchmark asks for it.
struct built {
  std::unique_ptr<geo_index> index;
  std::vector<geo_point> where;  // each driver's position, for realistic moves
  double rss_growth_mib = 0;
};

built& index_named(const std::string& name) {
  static std::map<std::string, built> all;
  auto it = all.find(name);
  if (it != all.end()) return it->second;
  const double before = rss_mib();
  built b;
  if (name == "quadtree") b.index = std::make_unique<quadtree_index>(city, 32);
  else if (name == "geohash") b.index = std::make_unique<geohash_index>(geohash_precision_for(radius_m, 37.75));
  else {
    std::string error;
    b.index = rtree_index::open(":memory:", &error);
  }
  sdsim::core::rng r(1);
  const uint64_t n = drivers();
  b.where.reserve(n);
  for (uint64_t d = 0; d < n; ++d) {
    b.where.push_back(random_point(r));
    b.index->upsert(d, b.where.back());
  }
  b.rss_growth_mib = rss_mib() - before;
  return all.emplace(name, std::move(b)).first->second;
}

void query(benchmark::State& state, const std::string& name) {
  auto& b = index_named(name);
  sdsim::core::rng r(2);
  std::size_t found = 0;
  for (auto _ : state) {
    auto hits = b.index->nearest(random_point(r), radius_m, k);
    found += hits.size();
    benchmark::DoNotOptimize(hits.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["drivers"] = static_cast<double>(b.index->size());
  state.counters["hits_per_query"] = static_cast<double>(found) / static_cast<double>(state.iterations());
  state.counters["index_rss_MiB"] = b.rss_growth_mib;
  state.counters["process_rss_MiB"] = rss_mib();
}

void ping(benchmark::State& state, const std::string& name) {
  auto& b = index_named(name);
  sdsim::core::rng r(3);
  const uint64_t n = drivers();
  for (auto _ : state) {
    // A driver's next ping, 4 s on: up to ~50 m from the last one, still in the city.
    auto& p = b.where[r.below(n)];
    p.lat = std::clamp(p.lat + (r.uniform() - 0.5) * 0.0009, city.min_lat, city.max_lat);
    p.lon = std::clamp(p.lon + (r.uniform() - 0.5) * 0.0011, city.min_lon, city.max_lon);
    b.index->upsert(static_cast<uint64_t>(&p - b.where.data()), p);
  }
  state.SetItemsProcessed(state.iterations());
}

// Redis: the same points loaded with GEOADD, queried with GEOSEARCH, 64 commands in flight.
sdsim::scenarios::redis_server* redis() {
  static std::unique_ptr<sdsim::scenarios::redis_server> server;
  static bool loaded = false;
  if (!server) server = std::make_unique<sdsim::scenarios::redis_server>();
  if (server->ok() && !loaded) {
    sdsim::core::rng r(1);
    const uint64_t n = drivers();
    std::vector<std::vector<std::string>> batch;
    for (uint64_t d = 0; d < n;) {
      std::vector<std::string> cmd{"GEOADD", "drivers"};
      for (int i = 0; i < 500 && d < n; ++i, ++d) {
        const auto p = random_point(r);
        cmd.push_back(fmt::format("{:.7f}", p.lon));
        cmd.push_back(fmt::format("{:.7f}", p.lat));
        cmd.push_back(std::to_string(d));
      }
      batch.push_back(std::move(cmd));
      if (batch.size() == 16 || d == n) {
        server->pipeline(batch);
        batch.clear();
      }
    }
    loaded = true;
  }
  return server->ok() ? server.get() : nullptr;
}

void redis_geosearch(benchmark::State& state) {
  auto* s = redis();
  if (!s) return state.SkipWithError("redis-server is not installed or did not start");
  sdsim::core::rng r(2);
  std::size_t found = 0;
  for (auto _ : state) {
    std::vector<std::vector<std::string>> batch;
    for (int i = 0; i < redis_depth; ++i) {
      const auto c = random_point(r);
      batch.push_back({"GEOSEARCH", "drivers", "FROMLONLAT", fmt::format("{:.7f}", c.lon),
                       fmt::format("{:.7f}", c.lat), "BYRADIUS", std::to_string(radius_m), "m",
                       "ASC", "COUNT", std::to_string(k)});
    }
    if (!s->pipeline(batch)) return state.SkipWithError("GEOSEARCH failed");
    for (auto n : s->array_sizes()) found += static_cast<std::size_t>(n);
  }
  state.SetItemsProcessed(state.iterations() * redis_depth);
  state.counters["hits_per_query"] =
      static_cast<double>(found) / static_cast<double>(state.iterations() * redis_depth);
}

void redis_geoadd(benchmark::State& state) {
  auto* s = redis();
  if (!s) return state.SkipWithError("redis-server is not installed or did not start");
  sdsim::core::rng r(3);
  const uint64_t n = drivers();
  for (auto _ : state) {
    std::vector<std::vector<std::string>> batch;
    for (int i = 0; i < redis_depth; ++i) {
      const auto p = random_point(r);
      batch.push_back({"GEOADD", "drivers", fmt::format("{:.7f}", p.lon),
                       fmt::format("{:.7f}", p.lat), std::to_string(r.below(n))});
    }
    if (!s->pipeline(batch)) return state.SkipWithError("GEOADD failed");
  }
  state.SetItemsProcessed(state.iterations() * redis_depth);
}

// The whole city at documented scale: the pings due in each 100 ms tick (250K/s for 1M
// drivers), each driver moved to where he is then, go into a quadtree. `sim_s_per_wall_s` >= 1
// means the host keeps up with the fleet in real time on one core.
void fleet_tick(benchmark::State& state) {
  fleet_config c;
  c.city = city;
  c.seed = 1;
  fleet f(drivers(), c);
  quadtree_index q(city, 32);
  for (uint32_t d = 0; d < f.size(); ++d) q.upsert(d, f.position(d, 0));
  const double rss = rss_mib();  // the first benchmark run: the fleet and one index
  const sdsim::core::sim_ns tick = sdsim::core::from_ms(100);
  sdsim::core::sim_ns t = 0;
  uint64_t pings = 0;
  for (auto _ : state) {
    f.pings(t, t + tick, [&](uint32_t d) {
      q.upsert(d, f.position(d, t + tick));
      ++pings;
    });
    t += tick;
  }
  state.counters["sim_s_per_wall_s"] =
      benchmark::Counter(0.1 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["pings_per_s"] = benchmark::Counter(static_cast<double>(pings), benchmark::Counter::kIsRate);
  state.counters["process_rss_MiB"] = rss;
}

const int registered = [] {
  benchmark::RegisterBenchmark("city/fleet+quadtree", fleet_tick)->MinTime(2.0)->UseRealTime();
  for (const std::string name : {"quadtree", "geohash", "sqlite-rtree"}) {
    benchmark::RegisterBenchmark(("nearest/" + name).c_str(), query, name)->MinTime(1.0)->UseRealTime();
    benchmark::RegisterBenchmark(("ping/" + name).c_str(), ping, name)->MinTime(1.0)->UseRealTime();
  }
  benchmark::RegisterBenchmark("nearest/redis-geosearch", redis_geosearch)->MinTime(1.0)->UseRealTime();
  benchmark::RegisterBenchmark("ping/redis-geoadd", redis_geoadd)->MinTime(1.0)->UseRealTime();
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
