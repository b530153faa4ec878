// sdsim: run system designs as actors under scenarios. Parses its own command line (CLI11);
// CAF is configured in code and never sees argv.
#include <iostream>

#include <CLI/CLI.hpp>
#include <google/protobuf/stubs/logging.h>

#include "scenarios/commands.hpp"

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

}  // namespace

int main(int argc, char** argv) {
  // A malformed payload is a counted `malformed_request` reply; protobuf's own log line about
  // it would only repeat that on stderr, once per bad request.
  google::protobuf::SetLogHandler(nullptr);
  CLI::App app{"sdsim: classic system designs as actors, driven by scenarios"};
  app.require_subcommand(1);
  run_args args;
  std::string design;

  auto* run = app.add_subcommand("run", "run a scenario and report");
  add_scenario_flags(run, args);
  run->add_option("--json", args.json_path, "write the report as JSON to this file ('-': stdout)");
  run->add_option("--db", args.db_path, "results database (default runs/results.sqlite)");
  run->add_flag("--no-db", args.no_db, "do not store the run in the results database");
  run->add_flag("--quiet,-q", args.quiet, "no progress and no summary: one verdict line");

  auto* validate = app.add_subcommand("validate", "check a scenario without running it");
  add_scenario_flags(validate, args);

  auto* estimate = app.add_subcommand("estimate", "the designs' back-of-envelope estimates");
  estimate->add_option("DESIGN", design, "one design (default: all)");

  auto* designs = app.add_subcommand("designs", "list the designs this binary knows");

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
  } catch (const std::exception& e) {
    std::cerr << "sdsim: internal error: " << e.what() << "\n";
    return exit_internal;
  }
  return exit_bad_input;
}
