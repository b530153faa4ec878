// fork/exec of a node, reading its address from a pipe, and ending it.
#include "actors/cluster/node_process.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace sdsim::cluster {
namespace {

constexpr const char* ready_prefix = "listening on ";

// Reads one line from `fd` within `timeout_ms`; false on timeout, EOF or error.
bool read_line(int fd, int timeout_ms, std::string* line) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char c = 0;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    const ssize_t n = read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    if (c == '\n') return true;
    if (line->size() > 256) return false;
    *line += c;
  }
}

}  // namespace

std::string self_executable() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}

node_process::node_process(node_process&& other) noexcept
    : pid_(other.pid_), address_(std::move(other.address_)) {
  other.pid_ = 0;
}

node_process& node_process::operator=(node_process&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = other.pid_;
    address_ = std::move(other.address_);
    other.pid_ = 0;
  }
  return *this;
}

node_process::~node_process() { stop(); }

bool node_process::start(const std::string& binary, const std::string& name, uint32_t threads,
                         double timeout_s, const std::vector<std::string>& extra_args,
                         std::string* why, const std::string& listen) {
  // The argument vector is built before fork: the child may not allocate.
  const std::string threads_arg = std::to_string(threads);
  std::vector<const char*> argv = {binary.c_str(), "node", "--listen", listen.c_str(),
                                   "--name", name.c_str()};
  if (threads > 0) argv.insert(argv.end(), {"--threads", threads_arg.c_str()});
  for (const auto& a : extra_args) argv.push_back(a.c_str());
  argv.push_back(nullptr);
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *why = std::string("pipe: ") + std::strerror(errno);
    return false;
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    *why = std::string("fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
    dup2(fds[1], STDOUT_FILENO);          // dup2 clears O_CLOEXEC on the copy
    execv(binary.c_str(), const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(fds[1]);
  pid_ = pid;
  std::string line;
  const bool got = read_line(fds[0], static_cast<int>(timeout_s * 1000), &line);
  close(fds[0]);
  std::string bad;
  std::optional<host_port> addr;
  if (got && line.rfind(ready_prefix, 0) == 0)
    addr = parse_host_port(line.substr(std::strlen(ready_prefix)), &bad);
  if (!addr) {
    *why = got ? "node " + name + " said '" + line + "' instead of its address"
               : "node " + name + " did not report listening within " +
                     std::to_string(static_cast<int>(timeout_s)) + " s";
    stop(0.5);
    return false;
  }
  address_ = *addr;
  return true;
}

void node_process::stop(double grace_s) {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  kill(pid_, SIGCONT);   // a paused node cannot handle SIGTERM
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(static_cast<int64_t>(grace_s * 1000));
  for (;;) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = 0;
}

void node_process::kill_now() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = 0;
}

bool node_process::signal(int sig) { return pid_ > 0 && kill(pid_, sig) == 0; }

bool node_process::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = 0;   // exited (and now reaped)
  return false;
}

}  // namespace sdsim::cluster
