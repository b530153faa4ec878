#include "app/machine.hpp"

#include <ctime>
#include <fstream>
#include <thread>

#include <caf/config.hpp>
#include <fmt/format.h>
#include <gnu/libc-version.h>
#include <google/protobuf/stubs/common.h>
#include <sqlite3.h>

namespace sdsim::scenarios {
namespace {

// The value of the first line of `path` that starts with `key` ("key : value", "KEY=value").
std::string first_value(const char* path, const std::string& key) {
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    auto v = line.substr(line.find_first_of(":=") + 1);
    v.erase(0, v.find_first_not_of(" \t\""));
    while (!v.empty() && (v.back() == '"' || v.back() == ' ')) v.pop_back();
    return v;
  }
  return "unknown";
}

// A version number with `unit` per part as text: (1706, 100) -> "0.17.6",
// (3021012, 1000) -> "3.21.12".
std::string dotted(long v, long unit) {
  return fmt::format("{}.{}.{}", v / (unit * unit), v / unit % unit, v % unit);
}

}  // namespace

std::string cpu_model() { return first_value("/proc/cpuinfo", "model name"); }

std::string machine_summary() {
  return fmt::format("{}, {} cores, {}", cpu_model(), std::thread::hardware_concurrency(),
                     first_value("/etc/os-release", "PRETTY_NAME"));
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Toolchain current_toolchain(const std::string& valgrind) {
  Toolchain t;
#if defined(__clang__)
  t.set_compiler("clang " __clang_version__);
#elif defined(__GNUC__)
  t.set_compiler("g++ " __VERSION__);
#endif
  t.set_caf(dotted(CAF_VERSION, 100));
  t.set_protobuf(dotted(GOOGLE_PROTOBUF_VERSION, 1000));
  t.set_sqlite(sqlite3_libversion());
  t.set_glibc(gnu_get_libc_version());
  t.set_valgrind(valgrind);
  t.set_cpu(cpu_model());
  return t;
}

}  // namespace sdsim::scenarios
