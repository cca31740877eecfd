#include "latentecho/core/resources.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {

std::string resourcePath(const std::string& relative) {
  namespace fs = std::filesystem;
  std::vector<fs::path> roots;
  if (const char* env = std::getenv("LATENTECHO_RESOURCES")) roots.emplace_back(env);
  roots.emplace_back(LATENTECHO_INSTALL_RESOURCES);
  roots.emplace_back(LATENTECHO_SOURCE_RESOURCES);
  std::string looked;
  for (const auto& root : roots) {
    const fs::path candidate = root / relative;
    if (fs::exists(candidate)) return candidate.string();
    looked += "\n  " + candidate.string();
  }
  throw Error("bundled resource '" + relative + "' not found; looked in:" + looked);
}

}  // namespace latentecho
