#include "actors/core/scratch_dir.hpp"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

namespace sdsim::core {
namespace {

namespace fs = std::filesystem;

TEST(ScratchDir, AFreshPrivateDirectoryGoneWithEverythingInItAfterwards) {
  fs::path where;
  {
    scratch_dir d("scratch_test");
    where = d.path();
    EXPECT_TRUE(fs::is_directory(where));
    EXPECT_EQ(where.parent_path(), scratch_dir::root());
    std::ofstream(d.file("a.sqlite")) << "x";
    scratch_dir other("scratch_test");
    EXPECT_NE(other.path(), where);
  }
  EXPECT_FALSE(fs::exists(where));
}

TEST(ScratchDir, TheRootIsTheOneTheEnvironmentNames) {
  const fs::path mine = fs::temp_directory_path() / "sdsim-scratch-root-test";
  fs::create_directories(mine);
  ::setenv("SDSIM_SCRATCH_DIR", mine.c_str(), 1);
  EXPECT_EQ(scratch_dir::root(), mine);
  {
    scratch_dir d("scratch_test");
    EXPECT_EQ(d.path().parent_path(), mine);
  }
  ::unsetenv("SDSIM_SCRATCH_DIR");
  EXPECT_NE(scratch_dir::root(), mine);
  fs::remove_all(mine);
}

}  // namespace
}  // namespace sdsim::core
