// How fast the virtual clock runs: events per wall second and simulated seconds per wall
// second on the M/M/1 scenario, at three loads.
//   build/bench/virtual_clock_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only
#include <benchmark/benchmark.h>

#include "engine/designs.hpp"
#include "engine/engine.hpp"
#include "engine/scenario_loader.hpp"

namespace {

using namespace sdsim;

void BM_VirtualClockMm1(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  std::vector<std::string> errors;
  auto s = scenarios::load_scenario(
      SDSIM_SOURCE_DIR "/scenarios/queueing/mm1.textproto",
      {"clock=VIRTUAL", "duration_s=200", "warmup_s=0",
       "queueing.workload[0].shape[0].constant.rate_per_s=" + std::to_string(rate)},
      scenarios::all_designs(), errors);
  if (!s) {
    state.SkipWithError(errors.empty() ? "load failed" : errors.front().c_str());
    return;
  }
  scenarios::run_options opts;
  opts.quiet = true;
  uint64_t events = 0, requests = 0;
  double wall = 0, sim = 0;
  for (auto _ : state) {
    auto r = scenarios::run_scenario(s->scenario, "mm1", "", scenarios::all_designs(), opts);
    events += r.host().events();
    requests += r.designs(0).apis(0).requests();
    wall += r.wall_s();
    sim += r.duration_s();
  }
  state.counters["events_per_s"] = benchmark::Counter(static_cast<double>(events) / wall);
  state.counters["requests_per_s"] = benchmark::Counter(static_cast<double>(requests) / wall);
  state.counters["sim_s_per_wall_s"] = benchmark::Counter(sim / wall);
}
BENCHMARK(BM_VirtualClockMm1)->Arg(100)->Arg(800)->Arg(950)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
