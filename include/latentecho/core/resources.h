#pragma once
// Where the bundled defaults (models, sample clip) are. Looked up in this order: the
// LATENTECHO_RESOURCES environment variable, the installed data directory, the source tree the
// binary was built from. Throws Error naming the places it looked when none has the item.
#include <string>

namespace latentecho {

// Absolute path of `relative` (e.g. "models/stylegan2-default") inside the resources folder.
std::string resourcePath(const std::string& relative);

}  // namespace latentecho
