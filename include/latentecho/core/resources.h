#pragma once
// Where the bundled defaults (models, sample clip) are. Looked up in this order: the
// LATENTECHO_RESOURCES environment variable; then, for an installed program
// (<prefix>/bin/latentecho), its installed data folder <prefix>/share/latentecho, found from the
// program's own location so that it works for any prefix without configuration; else (a program
// run from the build tree, which has no such folder) the source tree it was built from. An
// installed program never reads the source tree. Throws Error naming the places it looked when
// none has the item.
#include <string>
#include <vector>

namespace latentecho {

// Absolute path of `relative` (e.g. default_models::kGenerator) inside the resources folder.
std::string resourcePath(const std::string& relative);

// The folders resourcePath() searches, in order, for the program at `executable` (an absolute
// path; resourcePath() passes the running program's). Exposed for tests and diagnostics.
std::vector<std::string> resourceSearchPath(const std::string& executable);

// The bundled default models, by their place in the resources folder: one name for each, used by
// the commands and the studio alike.
namespace default_models {
inline constexpr char kGenerator[] = "models/stylegan2-echo";        // StyleGAN2, W+ 14x512, 256²
inline constexpr char kEncoder[] = "models/e4e-echo";                // e4e encoder for kGenerator
inline constexpr char kDirection[] = "models/direction-echo.pt";     // LQ -> HQ edit direction
inline constexpr char kSegmenter[] = "models/segmenter-echo";        // LV segmenter
inline constexpr char kEfRegressor[] = "models/ef-echo";             // R(2+1)D video LVEF regressor
inline constexpr char kQualityClassifier[] = "models/quality-echo";  // R(2+1)D P_hq classifier
}  // namespace default_models

}  // namespace latentecho
