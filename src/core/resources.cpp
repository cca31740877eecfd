#include "latentecho/core/resources.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "latentecho/core/error.h"

namespace latentecho {
namespace fs = std::filesystem;
namespace {

// The running program's own path; empty where the system does not say (then only the environment
// variable and the source tree are searched).
std::string runningExecutable() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? std::string() : self.string();
}

}  // namespace

std::vector<std::string> resourceSearchPath(const std::string& executable) {
  std::vector<std::string> roots;
  if (const char* env = std::getenv("LATENTECHO_RESOURCES"); env && *env) roots.emplace_back(env);
  if (!executable.empty()) {
    // LATENTECHO_INSTALL_RESOURCES_FROM_BIN is the data folder relative to the binary folder as
    // installed (e.g. ../share/latentecho), so a package relocated to any prefix still works.
    const fs::path installed =
        (fs::path(executable).parent_path() / LATENTECHO_INSTALL_RESOURCES_FROM_BIN)
            .lexically_normal();
    std::error_code error;
    if (fs::is_directory(installed, error)) {
      roots.push_back(installed.string());
      return roots;
    }
  }
  roots.emplace_back(LATENTECHO_SOURCE_RESOURCES);
  return roots;
}

std::string resourcePath(const std::string& relative) {
  std::string looked;
  for (const std::string& root : resourceSearchPath(runningExecutable())) {
    const fs::path candidate = fs::path(root) / relative;
    if (fs::exists(candidate)) return candidate.string();
    looked += "\n  " + candidate.string();
  }
  throw Error("bundled resource '" + relative + "' not found; looked in:" + looked);
}

}  // namespace latentecho
