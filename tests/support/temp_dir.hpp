// A directory of one test's own under the system's temporary directory, removed with it.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace sdsim::testing {

/// Creates `<tmp>/<tag>_<pid>` on construction and removes it, with its contents, on
/// destruction. Not thread-safe; one per test.
class temp_dir {
 public:
  explicit temp_dir(const std::string& tag)
      : path_(std::filesystem::temp_directory_path() / (tag + "_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  /// The directory.
  const std::filesystem::path& path() const { return path_; }

  /// Writes `text` to the file `name` in it; returns the file's path.
  std::string write(const std::string& name, const std::string& text) const {
    const auto file = (path_ / name).string();
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace sdsim::testing
