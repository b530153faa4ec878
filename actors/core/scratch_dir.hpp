// A private directory for one run's files (its shard databases), removed with everything in
// it when the run is done.
#pragma once

#include <filesystem>
#include <string>

namespace sdsim::core {

/// Owns a fresh directory under the system's temporary directory. Movable, not copyable.
class scratch_dir {
 public:
  /// Creates `<root>/sdsim-<name>-XXXXXX`; throws std::filesystem::filesystem_error when it
  /// cannot (a run must not write its databases somewhere it does not own).
  explicit scratch_dir(const std::string& name);

  /// Where run directories go: $SDSIM_SCRATCH_DIR when set; else /dev/shm (tmpfs) when it is
  /// writable with 1 GiB free; else the system's temporary directory ($TMPDIR or /tmp).
  static std::filesystem::path root();
  ~scratch_dir();
  scratch_dir(scratch_dir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  scratch_dir& operator=(scratch_dir&&) = delete;
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// A file in it.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace sdsim::core
