// Where resourcePath() looks: an installed program (<prefix>/bin) uses <prefix>/share/latentecho
// and never the source tree; a program elsewhere (the build tree) uses the source tree;
// LATENTECHO_RESOURCES comes first in both cases.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"
#include "temp_dir.h"

namespace latentecho {
namespace {
namespace fs = std::filesystem;

class ResourceSearchPath : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const char* env = std::getenv("LATENTECHO_RESOURCES")) saved_ = env, hadEnv_ = true;
    unsetenv("LATENTECHO_RESOURCES");
  }
  void TearDown() override {
    if (hadEnv_)
      setenv("LATENTECHO_RESOURCES", saved_.c_str(), 1);
    else
      unsetenv("LATENTECHO_RESOURCES");
  }

 private:
  std::string saved_;
  bool hadEnv_ = false;
};

TEST_F(ResourceSearchPath, InstalledProgramUsesItsPrefixShareFolderOnly) {
  testing::TempDir prefix;
  fs::create_directories(prefix.path() / "bin");
  fs::create_directories(prefix.path() / "share" / "latentecho" / "models");
  const std::string program = (prefix.path() / "bin" / "latentecho").string();
  const std::vector<std::string> roots = resourceSearchPath(program);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(fs::path(roots[0]), prefix.path() / "share" / "latentecho");
}

TEST_F(ResourceSearchPath, ProgramOutsideAnInstallUsesTheSourceTree) {
  testing::TempDir build;
  const std::string program = (build.path() / "app" / "latentecho").string();
  const std::vector<std::string> roots = resourceSearchPath(program);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(fs::path(roots[0]), fs::path(LATENTECHO_SOURCE_DIR) / "resources");
}

TEST_F(ResourceSearchPath, EnvironmentVariableComesFirst) {
  testing::TempDir prefix;
  fs::create_directories(prefix.path() / "share" / "latentecho");
  setenv("LATENTECHO_RESOURCES", "/elsewhere/resources", 1);
  const std::vector<std::string> roots =
      resourceSearchPath((prefix.path() / "bin" / "latentecho").string());
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_EQ(roots[0], "/elsewhere/resources");
  EXPECT_EQ(fs::path(roots[1]), prefix.path() / "share" / "latentecho");
}

TEST_F(ResourceSearchPath, TestProgramFindsTheBundledGeneratorInTheSourceTree) {
  // This test executable lives in the build tree, so resourcePath() falls back to the source tree.
  EXPECT_EQ(fs::path(resourcePath(default_models::kGenerator)),
            fs::path(LATENTECHO_SOURCE_DIR) / "resources" / default_models::kGenerator);
  try {
    resourcePath("models/no-such-model");
    FAIL() << "expected Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("models/no-such-model"), std::string::npos);
  }
}

}  // namespace
}  // namespace latentecho
