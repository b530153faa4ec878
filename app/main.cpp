// sdsim: run system designs as actors under scenarios. Parses its own command line (CLI11);
// CAF is configured in code and never sees argv.
#include <iostream>

#include <CLI/CLI.hpp>
#include <google/protobuf/stubs/logging.h>

#include "app/bench.hpp"
#include "app/commands.hpp"
#include "app/cost_gate.hpp"
#ifdef SDSIM_WITH_VIZ
#include "viz/viz_command.hpp"
#endif

namespace {

using namespace sdsim::scenarios;

void add_scenario_flags(CLI::App* cmd, run_args& a) {
  cmd->add_option("FILE", a.file, "scenario file (protobuf text format)")->required();
  cmd->add_option("--set", a.sets, "override a field: path=value (repeatable), e.g. "
                                   "queueing.workload[0].shape[0].constant.rate_per_s=900");
  cmd->add_option("--duration", a.duration_s, "sim seconds of arrivals (sets duration_s)");
  cmd->add_option("--clock", a.clock, "real (wall time x speed) or virtual (discrete-event)");
  cmd->add_option("--seed", a.seed, "seed of the run's randomness (sets seed)");
}

// The same four flags on both ends of a distributed run.
void add_tls_flags(CLI::App* cmd, sdsim::cluster::tls_options& t) {
  cmd->add_flag("--tls", t.enabled, "mutual TLS between the driver and its nodes; needs "
                                    "--tls-cert, --tls-key and --tls-ca");
  cmd->add_option("--tls-cert", t.cert, "PEM certificate of this process, signed by the CA");
  cmd->add_option("--tls-key", t.key, "PEM private key of that certificate (not encrypted)");
  cmd->add_option("--tls-ca", t.ca, "PEM certificate of the CA every peer's certificate must "
                                    "be signed by");
}

CLI::App* add_run(CLI::App& app, run_args& args) {
  auto* run = app.add_subcommand("run", "run a scenario and report");
  add_scenario_flags(run, args);
  run->add_option("--json", args.json_path, "write the report as JSON to this file ('-': stdout)");
  run->add_option("--db", args.db_path, "results database (default runs/results.sqlite)");
  run->add_flag("--no-db", args.no_db, "do not store the run in the results database");
  run->add_flag("--quiet,-q", args.quiet, "no progress and no summary: one verdict line");
  add_tls_flags(run, args.tls);
  return run;
}

CLI::App* add_node(CLI::App& app, node_args& node_a) {
  auto* node = app.add_subcommand("node", "host placed service shards for distributed runs "
                                          "until SIGTERM");
  node->add_option("--listen", node_a.listen, "HOST:PORT to listen on (default 127.0.0.1:0, "
                                              "any free port; the address is printed)");
  node->add_option("--name", node_a.name, "the node's name, for reports");
  node->add_option("--heartbeat-ms", node_a.heartbeat_interval_ms,
                   "heartbeat interval to peers (default 200)")->check(CLI::Range(1.0, 60000.0));
  node->add_option("--peer-timeout-ms", node_a.connection_timeout_ms,
                   "a silent peer is down after this (default 2000)")->check(CLI::Range(1.0, 600000.0));
  node->add_option("--threads", node_a.worker_threads, "CAF worker threads (default: CAF's)");
  add_tls_flags(node, node_a.tls);
  return node;
}

CLI::App* add_bench(CLI::App& app, bench_args& bench_a) {
  auto* bench = app.add_subcommand("bench", "each design's maximum unsaturated rate, normalized "
                                            "by this host's raw message rate; exit 1 on regression");
  bench->add_option("--designs", bench_a.designs, "designs to bench (default: all)");
  bench->add_option("--baseline", bench_a.baseline, "compare with this baseline file");
  bench->add_option("--tolerance", bench_a.tolerance, "allowed drop below the baseline (0.1 = 10 %)")
      ->check(CLI::Range(0.0, 1.0));
  bench->add_option("--json", bench_a.json_path, "write the results as JSON");
  bench->add_flag("--update-baseline", bench_a.update_baseline, "rewrite --baseline with this run");
  bench->add_option("--probe-seconds", bench_a.probe_s, "sim seconds per probe (default 3)")
      ->check(CLI::Range(0.5, 600.0));
  bench->add_option("--precision", bench_a.precision, "stop when the bracket is this narrow")
      ->check(CLI::Range(0.01, 1.0));
  bench->add_flag("--quiet,-q", bench_a.quiet, "no probe lines");
  bench->add_flag("--peers", bench_a.peers,
                  "also measure real peers in the same run (redis-server on 127.0.0.1)");
  bench->add_option("--runs", bench_a.runs,
                    "searches per design; the median maximum rate is reported (default 1)")
      ->check(CLI::Range(1, 15));
  bench->add_option("--markdown", bench_a.markdown_path,
                    "also write the results as a Markdown section naming the machine");
  bench->add_option("--scenario", bench_a.scenario,
                    "bench this file instead of the design's own (one design, no --baseline)");
  bench->add_option("--set", bench_a.sets, "override a field in every probe: path=value "
                                           "(repeatable; one design, no --baseline)");
  bench->add_option("--p99-max", bench_a.p99_max_ms,
                    "a probe whose p99 latency exceeds this many ms is not carried (default: no "
                    "bound)")->check(CLI::PositiveNumber);
  return bench;
}

CLI::App* add_cost(CLI::App& app, cost_args& cost_a) {
  auto* cost = app.add_subcommand("cost", "each design's work per request, counted under "
                                          "valgrind; exit 1 when a figure rose beyond the baseline");
  cost->add_option("--designs", cost_a.designs, "designs to count (default: all)");
  cost->add_option("--baseline", cost_a.baseline, "judge against this baseline file");
  cost->add_flag("--update-baseline", cost_a.update_baseline,
                 "write the measured figures into --baseline (other designs keep theirs)");
  cost->add_flag("--strict", cost_a.strict,
                 "judge even when the baseline was counted with another toolchain");
  cost->add_option("--measured", cost_a.measured,
                   "judge the figures in this file (a --json of an earlier count) instead of counting");
  cost->add_option("--json", cost_a.json_path, "write the measured figures to this file");
  cost->add_option("--work-dir", cost_a.work_dir,
                   "keep callgrind's dumps, the runs' reports and logs in this folder");
  cost->add_option("--jobs", cost_a.jobs, "runs under valgrind at once (default: one per core)")
      ->check(CLI::Range(1, 64));
  cost->add_option("--timeout", cost_a.timeout_s,
                   "seconds a design's run under valgrind may take (default 900)")
      ->check(CLI::PositiveNumber);
  return cost;
}

#ifdef SDSIM_WITH_VIZ
CLI::App* add_viz(CLI::App& app, sdsim::viz::viz_args& viz_a) {
  auto* viz = app.add_subcommand("viz", "the scenario, live, in a window (map, charts, knobs)");
  viz->add_option("FILE", viz_a.file, "scenario file (protobuf text format)")->required();
  viz->add_option("--set", viz_a.sets, "override a field: path=value (repeatable)");
  viz->add_option("--screenshot", viz_a.screenshot,
                  "headless: render --frames frames, write the last as this PNG, exit");
  viz->add_option("--frames", viz_a.frames, "frames to render with --screenshot (default 60)");
  viz->add_option("--frames-dir", viz_a.frames_dir, "with --screenshot: also write every frame here");
  viz->add_option("--size", viz_a.size, "window size, WIDTHxHEIGHT (default 1280x800)");
  viz->add_flag("--express", viz_a.express, "draw summaries only (no points on the map): for a busy host");
  viz->add_flag("--trace-first-ride", viz_a.trace_first_ride,
                "with --screenshot: show the trace of the first ride on the map, and print it");
  return viz;
}

#endif

}  // namespace

int main(int argc, char** argv) {
  // A malformed payload is a counted `malformed_request` reply; protobuf's own log line about
  // it would only repeat that on stderr, once per bad request.
  google::protobuf::SetLogHandler(nullptr);
  CLI::App app{"sdsim: classic system designs as actors, driven by scenarios"};
  app.require_subcommand(1);
  run_args args;
  std::string design;

  auto* run = add_run(app, args);
  auto* validate = app.add_subcommand("validate", "check a scenario without running it");
  add_scenario_flags(validate, args);

  auto* estimate = app.add_subcommand("estimate", "the designs' back-of-envelope estimates");
  estimate->add_option("DESIGN", design, "one design (default: all)");

  auto* designs = app.add_subcommand("designs", "list the designs this binary knows");

  node_args node_a;
  auto* node = add_node(app, node_a);

  bench_args bench_a;
  auto* bench = add_bench(app, bench_a);

  cost_args cost_a;
  auto* cost = add_cost(app, cost_a);

#ifdef SDSIM_WITH_VIZ
  sdsim::viz::viz_args viz_a;
  auto* viz = add_viz(app, viz_a);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return exit_bad_input;
  }
  try {
    if (run->parsed()) return cmd_run(args);
    if (validate->parsed()) return cmd_validate(args);
    if (estimate->parsed()) return cmd_estimate(design);
    if (designs->parsed()) return cmd_designs();
    if (node->parsed()) return cmd_node(node_a);
    if (bench->parsed()) return cmd_bench(bench_a);
    if (cost->parsed()) return cmd_cost(cost_a);
#ifdef SDSIM_WITH_VIZ
    if (viz->parsed()) return sdsim::viz::cmd_viz(viz_a);
#endif
  } catch (const std::exception& e) {
    return command_error("", exit_internal, std::string("internal error: ") + e.what());
  }
  return exit_bad_input;
}
