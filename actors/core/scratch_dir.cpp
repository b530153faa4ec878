#include "actors/core/scratch_dir.hpp"

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace sdsim::core {

namespace fs = std::filesystem;

scratch_dir::scratch_dir(const std::string& name) {
  std::string tmpl = (fs::temp_directory_path() / ("sdsim-" + name + "-XXXXXX")).string();
  if (!::mkdtemp(tmpl.data()))
    throw fs::filesystem_error("cannot create a run directory", tmpl,
                               std::error_code(errno, std::generic_category()));
  path_ = tmpl;
}

scratch_dir::~scratch_dir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

}  // namespace sdsim::core
