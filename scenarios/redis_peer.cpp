// redis-server is forked on a free loopback port with persistence off; the client speaks
// RESP over a plain socket. Values have a fixed size, so every GET reply has a known length.
#include "scenarios/redis_peer.hpp"

#include <arpa/inet.h>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace sdsim::scenarios {
namespace {

constexpr int keys = 10'000;
constexpr int depth = 64;
constexpr std::size_t value_bytes = 48;
constexpr std::size_t get_reply_bytes = 5 + value_bytes + 2;  // "$48\r\n" value "\r\n"

int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

int connect_to(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return s;
  ::close(s);
  return -1;
}

bool write_all(int s, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const auto n = ::write(s, data.data() + done, data.size() - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool read_exactly(int s, std::size_t bytes, std::string& buf) {
  buf.resize(bytes);
  std::size_t done = 0;
  while (done < bytes) {
    const auto n = ::read(s, buf.data() + done, bytes - done);
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

std::string command(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) out += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return out;
}

std::string key_of(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "k%07d", i);
  return buf;
}

std::string value_of(int i) {
  std::string v = "https://site" + std::to_string(i % 997) + ".example.com/" + std::to_string(i);
  v.resize(value_bytes, '/');
  return v;
}

// Loads the keys, then counts GET round trips for `seconds`; -1 on a protocol failure.
double drive(int s, double seconds) {
  std::string buf, batch;
  for (int i = 0; i < keys; i += depth) {
    batch.clear();
    const int n = std::min(depth, keys - i);
    for (int k = 0; k < n; ++k) batch += command({"SET", key_of(i + k), value_of(i + k)});
    if (!write_all(s, batch) || !read_exactly(s, 5 * static_cast<std::size_t>(n), buf)) return -1;
  }
  uint64_t done = 0;
  int next = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const auto until = t0 + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    batch.clear();
    for (int k = 0; k < depth; ++k) batch += command({"GET", key_of(next++ % keys)});
    if (!write_all(s, batch) || !read_exactly(s, depth * get_reply_bytes, buf)) return -1;
    if (buf[0] != '$') return -1;
    done += depth;
  }
  return done / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

peer_result redis_get_rate(double seconds) {
  peer_result out;
  const char* server = "/usr/bin/redis-server";
  if (::access(server, X_OK) != 0) {
    out.why = "redis-server is not installed (apt-get install redis-server)";
    return out;
  }
  const int port = free_port();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    const std::string p = std::to_string(port);
    ::execl(server, server, "--port", p.c_str(), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "no", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int s = -1;
  for (int i = 0; i < 100 && s < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    s = connect_to(port);
  }
  if (s < 0) {
    out.why = "redis-server did not start";
  } else {
    const double rate = drive(s, seconds);
    ::close(s);
    out.ran = rate > 0;
    out.ops_per_s = rate;
    if (!out.ran) out.why = "unexpected reply from redis-server";
  }
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  return out;
}

}  // namespace sdsim::scenarios
