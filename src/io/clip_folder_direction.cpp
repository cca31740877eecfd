#include "latentecho/io/clip_folder_direction.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/error.h"
#include "latentecho/core/frame_sampling.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/prepare.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

// Frames of every clip in a folder (framesPerClip of each, evenly spaced), prepared.
at::Tensor folderFrames(const std::string& folder, int framesPerClip, int size,
                        nlohmann::json& files, const Progress& progress) {
  if (!fs::is_directory(folder)) throw Error(folder + ": no such folder of clips");
  std::vector<std::string> paths;
  for (const auto& item : fs::directory_iterator(folder)) {
    const std::string name = item.path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (item.is_regular_file() || item.is_directory()) paths.push_back(item.path().string());
  }
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) throw Error(folder + ": holds no clips");
  std::vector<at::Tensor> frames;
  for (size_t i = 0; i < paths.size(); ++i) {
    progress.report(static_cast<double>(i) / paths.size(), "reading " + paths[i]);
    PrepareOptions prepare;
    prepare.size = size;
    prepare.frames = 0;
    PreparedClip prepared;
    try {
      prepared = prepareClip(readClip(paths[i]), prepare);
    } catch (const Cancelled&) {
      throw;
    } catch (const Error& e) {
      throw Error(paths[i] + ": " + e.what());
    }
    const std::vector<int> indices = evenlySpacedFrames(prepared.clip.frameCount, framesPerClip);
    frames.push_back(clipToFrames(pickFrames(prepared.clip, indices)));
    files.push_back(fs::path(paths[i]).filename().string());
  }
  return at::cat(frames, 0);
}

}  // namespace

EditDirection directionFromClipFolders(const E4eEncoder& encoder,
                                       const std::string& highQualityFolder,
                                       const std::string& lowQualityFolder, int framesPerClip,
                                       int batchSize, const Progress& progress) {
  if (framesPerClip < 1) throw Error("direction: frames per clip must be at least 1");
  const int size = static_cast<int>(encoder.config().resolution);
  const LatentEncoder encode = [&encoder](const at::Tensor& frames) {
    return encoder.encode(frames);
  };
  nlohmann::json hqFiles = nlohmann::json::array(), lqFiles = nlohmann::json::array();
  const at::Tensor hq =
      folderFrames(highQualityFolder, framesPerClip, size, hqFiles, progress.sub(0.0, 0.2));
  const at::Tensor lq =
      folderFrames(lowQualityFolder, framesPerClip, size, lqFiles, progress.sub(0.2, 0.4));
  EditDirection direction =
      EditDirection::fromUnpaired(encode, hq, lq, batchSize, progress.sub(0.4, 1.0));
  direction.provenance()["highQuality"] = {{"folder", highQualityFolder}, {"clips", hqFiles}};
  direction.provenance()["lowQuality"] = {{"folder", lowQualityFolder}, {"clips", lqFiles}};
  direction.provenance()["framesPerClip"] = framesPerClip;
  return direction;
}

}  // namespace latentecho
