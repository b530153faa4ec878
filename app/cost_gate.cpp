// The gate runs each design's cost profile as `sdsim run ... --clock virtual` under callgrind,
// one child per core at a time. The run marks its phases (engine/cost_marks.hpp), so
// callgrind writes one dump for the setup and one for the run itself: only the run is divided
// by the requests. Actor messages and SQLite statements come from the run's own JSON report.
#include "app/cost_gate.hpp"

#include <chrono>
#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "actors/core/scratch_dir.hpp"
#include "app/callgrind_dump.hpp"
#include "app/commands.hpp"
#include "app/cost_compare.hpp"
#include "engine/cost_marks.hpp"
#include "engine/json_text.hpp"
#include "app/machine.hpp"
#include "app/subprocess.hpp"
#include "sdsim_version.hpp"

namespace sdsim::scenarios {
namespace {

namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

// One design's run under valgrind.
struct cost_job {
  const core::design* design = nullptr;
  std::string prefix;     // <work dir>/<design>: .cg* dumps, .json report, .log output
  std::vector<std::string> argv;
  clock_type::time_point started;
};

std::string repo_root() { return fs::weakly_canonical(fs::path(SDSIM_DATA_DIR) / "..").string(); }

cost_job make_job(const core::design& d, const std::string& dir) {
  cost_job j;
  j.design = &d;
  j.prefix = dir + "/" + d.name();
  const auto p = d.cost();
  j.argv = {"valgrind", "--tool=callgrind", "--callgrind-out-file=" + j.prefix + ".cg",
            "--dump-line=no", fs::read_symlink("/proc/self/exe").string(), "run", p.scenario,
            "--clock", "virtual"};
  for (const auto& s : p.sets) j.argv.insert(j.argv.end(), {"--set", s});
  j.argv.insert(j.argv.end(), {"--json", j.prefix + ".json", "--no-db", "--quiet"});
  return j;
}

// The command a person can paste to repeat a design's run and look closer (callgrind_annotate).
std::string command_text(const cost_job& j) {
  std::string out;
  for (const auto& a : j.argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

// The setup and run dumps callgrind wrote for `prefix`.
bool read_dumps(const std::string& prefix, callgrind_dump* setup, callgrind_dump* run,
                std::string* error) {
  const fs::path p(prefix);
  const std::string stem = p.filename().string() + ".cg";
  bool have_setup = false, have_run = false;
  for (const auto& e : fs::directory_iterator(p.parent_path())) {
    if (e.path().filename().string().rfind(stem, 0) != 0) continue;
    std::ifstream in(e.path());
    auto d = read_callgrind_dump(in, error);
    if (!d) return false;
    if (d->trigger == "setup") *setup = *d, have_setup = true;
    if (d->trigger == "run") *run = *d, have_run = true;
  }
  if (!have_setup || !have_run)
    *error = "callgrind wrote no dumps for the run's phases (does this sdsim mark them?)";
  return have_setup && have_run;
}

// A finished job's figures.
bool read_cost(const cost_job& j, DesignCost* out, std::string* error) {
  RunReport r;
  if (!read_json_file(j.prefix + ".json", &r, error)) return false;
  double requests = 0;
  for (const auto& d : r.designs())
    if (d.name() == j.design->name())
      for (const auto& api : d.apis()) requests += static_cast<double>(api.requests());
  callgrind_dump setup, run;
  if (requests == 0) *error = "the run sent no requests";
  if (requests == 0 || !read_dumps(j.prefix, &setup, &run, error)) return false;
  out->set_name(j.design->name());
  out->set_requests(requests);
  out->set_command(command_text(j));
  auto* f = out->mutable_figures();
  f->set_instructions_per_request(static_cast<double>(run.instructions) / requests);
  f->set_messages_per_request(static_cast<double>(r.host().events()) / requests);
  f->set_statements_per_request(static_cast<double>(r.host().sql_statements()) / requests);
  f->set_allocations_per_request(static_cast<double>(run.allocations) / requests);
  f->set_setup_instructions_m(static_cast<double>(setup.instructions) / 1e6);
  return true;
}

std::string log_tail(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  std::deque<std::string> last;
  for (std::string l; std::getline(in, l);) {
    last.push_back(l);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += "    " + l + "\n";
  return out;
}

// Why a finished job gave no figures, or "" when it did (into `out`).
std::string finish_job(const cost_job& j, const child_exit& e, DesignCost* out) {
  // 1 is a run whose checks or thresholds failed: its work was still done and counted.
  if (e.signal != 0 || (e.exit_code != 0 && e.exit_code != 1))
    return e.signal ? fmt::format("ended by signal {}", e.signal)
                    : fmt::format("exited {}", e.exit_code);
  std::string error;
  return read_cost(j, out, &error) ? "" : error;
}

// Runs every design's job, `jobs` at a time, into `out`; "" or what went wrong.
std::string run_jobs(std::vector<cost_job>& queue, uint32_t jobs, double timeout_s, CostFile* out) {
  std::map<pid_t, cost_job> running;
  std::map<std::string, DesignCost> done;
  std::size_t next = 0;
  std::string failure;
  while (failure.empty() && (next < queue.size() || !running.empty())) {
    while (running.size() < jobs && next < queue.size()) {
      cost_job& j = queue[next++];
      j.started = clock_type::now();
      const pid_t pid = spawn_logged(j.argv, repo_root(), j.prefix + ".log", &failure);
      if (pid < 0) break;
      std::cout << fmt::format("  {:<14} counting under callgrind ...\n", j.design->name()) << std::flush;
      running.emplace(pid, j);
    }
    if (!failure.empty()) break;
    const auto e = wait_any_child(timeout_s);
    if (!e) {
      failure = fmt::format("no run under valgrind ended within {:g} s", timeout_s);
      break;
    }
    auto it = running.find(e->pid);
    if (it == running.end()) continue;
    const cost_job j = it->second;
    running.erase(it);
    const double took = std::chrono::duration<double>(clock_type::now() - j.started).count();
    const std::string why = finish_job(j, *e, &done[j.design->name()]);
    if (!why.empty())
      failure = fmt::format("{}: {}\n  command: {}\n  its output ({}.log) ends:\n{}",
                            j.design->name(), why, command_text(j), j.prefix, log_tail(j.prefix + ".log", 15));
    else
      std::cout << fmt::format("  {:<14} done in {:.1f} s\n", j.design->name(), took) << std::flush;
  }
  for (const auto& [pid, j] : running) ::kill(pid, SIGKILL);
  while (!running.empty() && wait_any_child(5)) running.erase(running.begin());
  for (auto& [name, d] : done) *out->add_designs() = std::move(d);
  return failure;
}

// Measures `designs` into `out`; an exit code (0 when measured).
int measure(const std::vector<const core::design*>& designs, const cost_args& a, CostFile* out) {
  const std::string valgrind = first_line_of("valgrind --version");
  if (valgrind.empty()) {
    return command_error("cost", exit_bad_input,
                         "valgrind is not installed (Debian: apt-get install valgrind; "
                         "scripts/cost-gate.sh installs it)");
  }
  if (!marks_cost_phases()) {
    return command_error("cost", exit_bad_input,
                         "this sdsim was built without valgrind's headers, so its runs do not "
                         "mark their phases: install valgrind, then rebuild "
                         "(scripts/cost-gate.sh does both)");
  }
  std::optional<core::scratch_dir> scratch;
  std::string dir = a.work_dir;
  if (dir.empty()) dir = scratch.emplace("cost").path().string();
  fs::create_directories(dir);
  std::vector<cost_job> queue;
  for (const auto* d : designs) queue.push_back(make_job(*d, fs::absolute(dir).string()));
  const uint32_t jobs = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  const std::string failure = run_jobs(queue, jobs, a.timeout_s, out);
  if (!failure.empty()) {
    return command_error("cost", exit_internal, failure.substr(0, failure.find_last_not_of('\n') + 1));
  }
  out->set_schema_version(1);
  *out->mutable_toolchain() = current_toolchain(valgrind);
  out->set_measured_on(fmt::format("{}, commit {}, {}", utc_now(), SDSIM_COMMIT, machine_summary()));
  return exit_ok;
}

}  // namespace

namespace {

bool write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text << "\n";
  return static_cast<bool>(out);
}

// The designs of `f` that `designs` names, in that order.
CostFile only(const CostFile& f, const std::vector<const core::design*>& designs) {
  CostFile out = f;
  out.clear_designs();
  for (const auto* d : designs)
    for (const auto& x : f.designs())
      if (x.name() == d->name()) *out.add_designs() = x;
  return out;
}

// Judges `measured` against `baseline` and says so; the exit code.
int judge(const CostFile& measured, const CostFile& baseline, bool strict) {
  const std::string differences = toolchain_differences(measured.toolchain(), baseline.toolchain());
  const bool comparable = differences.empty() || strict;
  const auto rows = compare_costs(measured, baseline);
  std::cout << render_cost_table(measured, rows, comparable);
  if (!comparable) {
    std::cout << "cost gate: not judged: these counts were taken with another toolchain than "
                 "the baseline's, so they cannot be compared (--strict judges anyway):\n"
              << differences;
    return exit_ok;
  }
  if (!differences.empty()) std::cout << "cost gate: judged across toolchains (--strict):\n" << differences;
  if (!cost_gate_fails(rows)) {
    std::cout << "cost gate: ok — no figure rose beyond its tolerance\n";
    return exit_ok;
  }
  std::cout << "cost gate: FAILED\n";
  for (const auto& r : rows) {
    if (r.v == cost_row::verdict::rose)
      std::cout << fmt::format("  {} {} rose {:+.2f} % (tolerance {:.0f} %): {:.2f} against {:.2f}\n",
                               r.design, r.figure, 100 * r.delta(), 100 * r.tolerance, r.measured, r.baseline);
  }
  for (const auto& d : measured.designs())
    if (std::any_of(rows.begin(), rows.end(), [&](const cost_row& r) {
          return r.design == d.name() && r.v == cost_row::verdict::no_baseline;
        }))
      std::cout << fmt::format("  {} has no baseline: add it with --update-baseline\n", d.name());
  return exit_failed;
}

}  // namespace

int cmd_cost(const cost_args& a) {
  if (a.update_baseline && a.baseline.empty()) {
    return command_error("cost", exit_bad_input, "--update-baseline needs --baseline FILE");
  }
  const auto designs = designs_named(a.designs, "cost");
  if (!designs) return exit_bad_input;
  CostFile baseline, measured;
  std::string error;
  const bool read_baseline = !a.baseline.empty() && !(a.update_baseline && !fs::exists(a.baseline));
  if ((read_baseline && !read_json_file(a.baseline, &baseline, &error)) ||
      (!a.measured.empty() && !read_json_file(a.measured, &measured, &error))) {
    return command_error("cost", exit_bad_input, error);
  }
  if (a.measured.empty()) {
    std::cout << fmt::format("cost gate: {} design(s), each a fixed run under the virtual clock, "
                             "counted by valgrind's callgrind\n", designs->size());
    if (const int rc = measure(*designs, a, &measured); rc != exit_ok) return rc;
  }
  measured = only(measured, *designs);
  if (!a.json_path.empty() && !write_text(a.json_path, to_json_text(measured))) {
    return command_error("cost", exit_internal, "cannot write " + a.json_path);
  }
  if (a.baseline.empty() || a.update_baseline) {
    std::cout << render_cost_table(measured, compare_costs(measured, baseline), false);
    if (!a.update_baseline) return exit_ok;
    if (!write_text(a.baseline, to_json_text(updated_baseline(baseline, measured)))) {
      return command_error("cost", exit_internal, "cannot write " + a.baseline);
    }
    std::cout << "cost gate: baseline written to " << a.baseline << "\n";
    return exit_ok;
  }
  return judge(measured, baseline, a.strict);
}

}  // namespace sdsim::scenarios
