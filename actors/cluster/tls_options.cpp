// Presence and readability of the TLS files, checked before CAF starts.
#include "actors/cluster/tls_options.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace sdsim::cluster {

std::optional<std::string> tls_file_problem(const std::string& path) {
  if (path.empty()) return "is not given";
  // Opening is the only honest readability test (access() ignores ACLs and capabilities).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    return "'" + path + "': " + (err == ENOENT ? "no such file" : std::strerror(err));
  }
  struct stat st {};
  const bool stat_ok = ::fstat(fd, &st) == 0;
  ::close(fd);
  if (!stat_ok) return "'" + path + "': cannot stat";
  if (S_ISDIR(st.st_mode)) return "'" + path + "' is a directory, not a PEM file";
  if (!S_ISREG(st.st_mode)) return "'" + path + "' is not a regular file";
  if (st.st_size == 0) return "'" + path + "' is empty";
  return std::nullopt;
}

std::vector<std::string> check_tls_options(const tls_options& o, const tls_names& names) {
  const std::pair<const std::string*, const std::string*> files[] = {
      {&o.cert, &names.cert}, {&o.key, &names.key}, {&o.ca, &names.ca}};
  std::vector<std::string> out;
  if (!o.enabled) {
    for (const auto& [path, name] : files)
      if (!path->empty()) out.push_back(*name + " is given without " + names.tls);
    return out;
  }
  std::string missing;
  for (const auto& [path, name] : files) {
    if (path->empty()) {
      missing += (missing.empty() ? "" : ", ") + *name;
    } else if (auto why = tls_file_problem(*path)) {
      out.push_back(*name + ": " + *why);
    }
  }
  if (!missing.empty())
    out.insert(out.begin(),
               names.tls + " needs a certificate, its key and the CA (" + names.cert + ", " +
                   names.key + ", " + names.ca + "); missing: " + missing +
                   ". Without them CAF's TLS would be anonymous: encrypted, but open to any "
                   "peer, so sdsim refuses it");
  return out;
}

std::vector<std::string> tls_node_flags(const tls_options& o) {
  if (!o.enabled) return {};
  return {"--tls", "--tls-cert", o.cert, "--tls-key", o.key, "--tls-ca", o.ca};
}

}  // namespace sdsim::cluster
