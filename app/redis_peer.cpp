// redis-server is forked on a free loopback port with persistence off; the client speaks
// RESP over a plain socket, one pipelined batch at a time.
#include "app/redis_peer.hpp"

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

}  // namespace

redis_server::redis_server() {
  const char* server = "/usr/bin/redis-server";
  if (::access(server, X_OK) != 0) {
    why_ = "redis-server is not installed (apt-get install redis-server)";
    return;
  }
  const int port = free_port();
  pid_ = ::fork();
  if (pid_ == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    const std::string p = std::to_string(port);
    ::execl(server, server, "--port", p.c_str(), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "no", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 100 && socket_ < 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    socket_ = connect_to(port);
  }
  if (socket_ < 0) why_ = "redis-server did not start";
}

redis_server::~redis_server() {
  if (socket_ >= 0) ::close(socket_);
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool redis_server::read_line(std::string& line) {
  for (;;) {
    const auto end = in_.find("\r\n", pos_);
    if (end != std::string::npos) {
      line.assign(in_, pos_, end - pos_);
      pos_ = end + 2;
      return true;
    }
    in_.erase(0, pos_);
    pos_ = 0;
    char buf[65536];
    const auto n = ::read(socket_, buf, sizeof buf);
    if (n <= 0) return false;
    in_.append(buf, static_cast<std::size_t>(n));
  }
}

// One RESP value: simple string, error, integer, bulk string or array (recursively).
bool redis_server::read_reply() {
  std::string line;
  if (!read_line(line) || line.empty()) return false;
  switch (line[0]) {
    case '+': case ':': return true;
    case '-': return false;
    case '$': {
      const long long n = std::stoll(line.substr(1));
      if (n < 0) return true;
      std::string body;
      return read_line(body);  // bulk strings here never hold CR LF
    }
    case '*': {
      const long long n = std::stoll(line.substr(1));
      array_sizes_.push_back(n);
      for (long long i = 0; i < n; ++i)
        if (!read_reply()) return false;
      return true;
    }
    default: return false;
  }
}

bool redis_server::pipeline(const std::vector<std::vector<std::string>>& commands) {
  array_sizes_.clear();
  std::string batch;
  for (const auto& c : commands) batch += command(c);
  if (!write_all(socket_, batch)) return false;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::size_t before = array_sizes_.size();
    if (!read_reply()) return false;
    array_sizes_.resize(std::min(array_sizes_.size(), before + 1));  // top-level arrays only
  }
  return true;
}

peer_result redis_get_rate(double seconds) {
  peer_result out;
  redis_server redis;
  if (!redis.ok()) {
    out.why = redis.why();
    return out;
  }
  std::vector<std::vector<std::string>> batch;
  for (int i = 0; i < keys; i += depth) {
    batch.clear();
    for (int k = i; k < std::min(keys, i + depth); ++k) batch.push_back({"SET", key_of(k), value_of(k)});
    if (!redis.pipeline(batch)) {
      out.why = "unexpected reply from redis-server";
      return out;
    }
  }
  uint64_t done = 0;
  int next = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const auto until = t0 + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < until) {
    batch.clear();
    for (int k = 0; k < depth; ++k) batch.push_back({"GET", key_of(next++ % keys)});
    if (!redis.pipeline(batch)) {
      out.why = "unexpected reply from redis-server";
      return out;
    }
    done += depth;
  }
  out.ran = true;
  out.ops_per_s = done / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace sdsim::scenarios
