// run, validate, estimate, designs.
#include "app/commands.hpp"

#include <atomic>
#include <csignal>
#include <ctime>
#include <unistd.h>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include <caf/sec.hpp>
#include <fmt/format.h>
#include <google/protobuf/text_format.h>

#include "actors/cluster/node_server.hpp"
#include "actors/cluster/tls_credentials.hpp"
#include "engine/engine.hpp"
#include "app/estimator.hpp"
#include "engine/report_builder.hpp"
#include "engine/report_text.hpp"
#include "engine/results_db.hpp"
#include "engine/scenario_loader.hpp"

namespace sdsim::scenarios {
namespace {

std::atomic<bool> interrupted{false};
std::atomic<int64_t> interrupted_at_ms{0};

int64_t monotonic_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// The first Ctrl-C stops arrivals and lets the run drain and report; a second one, a moment
// later, does not wait. (One keypress can arrive twice: to the process and to its group.)
extern "C" void on_sigint(int) {
  const int64_t now = monotonic_ms();
  if (!interrupted.exchange(true)) {
    interrupted_at_ms = now;
  } else if (now - interrupted_at_ms > 1000) {
    _exit(130);
  }
}

// Worst first: internal, saturated, failed, ok.
int combine(int a, int b) {
  auto rank = [](int c) {
    switch (c) {
      case exit_internal: return 3;
      case exit_saturated: return 2;
      case exit_failed: return 1;
      default: return 0;
    }
  };
  return rank(a) >= rank(b) ? a : b;
}

}  // namespace

namespace {

std::optional<loaded_scenario> load(const run_args& a) {
  std::string error;
  auto sets = effective_sets(a, &error);
  if (!sets) {
    command_error("", exit_bad_input, error);
    return std::nullopt;
  }
  std::vector<std::string> errors;
  auto s = load_scenario(a.file, *sets, all_designs(), errors);
  for (const auto& e : errors) std::cerr << e << "\n";
  if (!s && !errors.empty())
    std::cerr << fmt::format("sdsim: {} refused ({} problem{}); nothing was started\n", a.file,
                             errors.size(), errors.size() == 1 ? "" : "s");
  return s;
}

}  // namespace

std::optional<std::vector<std::string>> effective_sets(const run_args& a, std::string* error) {
  std::vector<std::string> sets = a.sets;
  if (a.duration_s) sets.push_back(fmt::format("duration_s={}", *a.duration_s));
  if (a.seed) sets.push_back(fmt::format("seed={}", *a.seed));
  if (a.clock) {
    if (*a.clock == "real") sets.push_back("clock=REAL");
    else if (*a.clock == "virtual") sets.push_back("clock=VIRTUAL");
    else {
      *error = "--clock must be 'real' or 'virtual', not '" + *a.clock + "'";
      return std::nullopt;
    }
  }
  // Command-line TLS is complete on its own (all three files) and replaces the scenario's.
  if (auto problems = cluster::check_tls(a.tls); !problems.empty()) {
    *error = problems.front();
    for (std::size_t i = 1; i < problems.size(); ++i) *error += "\nsdsim: " + problems[i];
    return std::nullopt;
  }
  if (a.tls.enabled) {
    sets.push_back("topology.cluster.tls.cert=" + a.tls.cert);
    sets.push_back("topology.cluster.tls.key=" + a.tls.key);
    sets.push_back("topology.cluster.tls.ca=" + a.tls.ca);
  }
  return sets;
}

int cmd_validate(const run_args& a) {
  auto s = load(a);
  if (!s) return exit_bad_input;
  std::string names;
  for (const auto* d : enabled_designs(s->scenario, all_designs()))
    names += (names.empty() ? "" : ", ") + d->name();
  std::cout << fmt::format("{}: ok — runs {} for {} s under the {} clock{}\n", a.file, names,
                           s->scenario.duration_s(),
                           s->scenario.clock() == VIRTUAL ? "virtual" : "real",
                           s->scenario.variant_size()
                               ? fmt::format(", {} variants", s->scenario.variant_size())
                               : "");
  return exit_ok;
}

int cmd_run(const run_args& a) {
  // First thing, so that a Ctrl-C during start-up also ends in a (partial) report.
  std::signal(SIGINT, on_sigint);
  auto loaded = load(a);
  if (!loaded) return exit_bad_input;
  const Scenario& sc = loaded->scenario;
  run_options opts;
  opts.quiet = a.quiet;
  opts.interrupted = &interrupted;

  std::vector<RunReport> reports;
  std::vector<std::string> resolved;
  auto run_one = [&](const Scenario& s, const std::string& variant) {
    if (!a.quiet && !variant.empty()) std::cerr << "variant " << variant << "\n";
    reports.push_back(run_scenario(s, a.file, variant, all_designs(), opts));
    std::string text;
    google::protobuf::TextFormat::PrintToString(s, &text);
    resolved.push_back(std::move(text));
  };
  try {
    if (sc.variant_size() == 0) run_one(sc, "");
    for (const auto& v : sc.variant()) {
      if (interrupted) break;
      run_one(apply_variant(sc, v), v.name());
    }
  } catch (const std::runtime_error& e) {  // a node that cannot be launched or reached
    return command_error("", exit_internal, a.file + ": " + e.what());
  }
  std::signal(SIGINT, SIG_DFL);

  int code = exit_ok;
  for (const auto& r : reports) {
    if (!a.quiet) std::cout << render_summary(r) << "\n";
    code = combine(code, exit_code_of(r));
  }
  if (reports.size() > 1) std::cout << render_comparison(reports);
  if (!a.json_path.empty()) {
    const std::string json = to_json(reports);
    if (a.json_path == "-") {
      std::cout << json;
    } else {
      std::ofstream out(a.json_path);
      out << json;
      if (!out) {
        code = command_error("", exit_internal, "cannot write " + a.json_path);
      }
    }
  }
  if (!a.no_db) {
    const std::string db = a.db_path.empty() ? default_results_db : a.db_path;
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (auto e = store_run(db, reports[i], resolved[i], exit_code_of(reports[i])); !e.empty()) {
        code = command_error("", exit_internal, "results database " + db + ": " + e);
        break;
      }
    }
  }
  if (a.quiet) {
    for (const auto& r : reports)
      std::cout << fmt::format("{}{}: {}\n", a.file, r.variant().empty() ? "" : " [" + r.variant() + "]",
                               r.saturated() ? "SATURATED" : exit_code_of(r) ? "FAILED" : "ok");
  }
  return code;
}

int cmd_estimate(const std::string& design) {
  return run_estimate(design, SDSIM_DATA_DIR "/scales.textproto", std::cout, std::cerr);
}

int cmd_node(const node_args& a) {
  cluster::node_options o;
  o.listen = a.listen;
  o.name = a.name;
  o.heartbeat_interval_ms = a.heartbeat_interval_ms;
  o.connection_timeout_ms = a.connection_timeout_ms;
  o.worker_threads = a.worker_threads;
  o.tls = a.tls;
  // The node spawns only what a design offers for placement, through that design.
  auto spawn = [](caf::actor_system& sys, const core::sim_clock& clock,
                  const std::string& service, const core::placement_spec& spec)
      -> caf::expected<caf::actor> {
    for (const auto* d : all_designs().all())
      for (const auto& name : d->placeable_services())
        if (name == service) return d->spawn_placed(sys, clock, service, spec);
    return caf::make_error(caf::sec::invalid_argument,
                           "service '" + service + "' cannot be placed on a node");
  };
  return cluster::run_node(o, spawn) == 0 ? exit_ok : exit_bad_input;
}

std::optional<std::vector<const core::design*>> designs_named(const std::vector<std::string>& names,
                                                              const std::string& command) {
  std::vector<const core::design*> out;
  for (const auto& name : names) {
    const auto* d = all_designs().find(name);
    if (!d) {
      command_error(command, exit_bad_input, "unknown design '" + name + "'");
      return std::nullopt;
    }
    out.push_back(d);
  }
  if (out.empty()) out = all_designs().all();
  return out;
}

int cmd_designs() {
  for (const auto* d : all_designs().all())
    std::cout << fmt::format("{:<14} {}\n{:<14} default scenario: {}\n", d->name(), d->summary(),
                             "", d->default_scenario());
  return exit_ok;
}

}  // namespace sdsim::scenarios
