// `latentecho enhance CLIP --alpha A --out FILE [--side-by-side] [--direction D.pt]`: the paper's
// enhancement, G'(w_i + alpha d) for every frame, with G' from the PTI cache or tuned now.
// `latentecho enhance DIR --out OUTDIR [--shard K/N] [--format mp4]`: every video, GIF or DICOM
// file of DIR (or shard K of N of them, name order) into OUTDIR/<name>.<format>, the models
// loaded once.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "command.h"
#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"
#include "latentecho/io/classical_enhancement.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "shard.h"
#include "tuned_clip.h"

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;

struct EnhanceOptions {
  TuneInputs tune;
  std::string direction;
  std::string out;
  double alpha = 0.5;
  bool sideBySide = false;
  int renderBatch = 8;
  std::string method = "latent";
  int size = 256;     // prepared frame size for the classical methods (latent: the model's)
  std::string shard;  // folder mode: K/N (or from SLURM_ARRAY_TASK_*)
  std::string format = "mp4";  // folder mode: extension of the enhanced clips
};

// The classical baselines (classical_enhancement.h) through the same command, alpha as the
// filter strength, on the same prepared frames the latent edit sees.
nlohmann::json enhanceClassicalClip(const EnhanceOptions& options, const Progress& progress,
                                    const Session& session) {
  const ClassicalMethod method = classicalMethodFromName(options.method);
  if (options.alpha < 0)
    throw Error("--alpha is the filter strength of '" + options.method + "' and must be >= 0");
  const auto start = std::chrono::steady_clock::now();
  progress.report(0.0, "reading " + options.tune.clip);
  const Clip clip = readClip(options.tune.clip);
  if (options.tune.firstFrame >= clip.frameCount)
    throw Error(options.tune.clip + ": --first-frame " + std::to_string(options.tune.firstFrame) +
                " is past its " + std::to_string(clip.frameCount) + " frames");
  PrepareOptions prepare;
  prepare.size = options.size;
  prepare.frames = options.tune.frames;
  prepare.firstFrame = options.tune.firstFrame;
  PreparedClip prepared;
  try {
    prepared = prepareClip(clip, prepare);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(options.tune.clip + ": " + e.what());
  }
  const Clip enhanced =
      enhanceClassical(prepared.clip, method, options.alpha, progress.sub(0.1, 0.9));
  const Clip written = options.sideBySide ? sideBySide(prepared.clip, enhanced) : enhanced;
  writeClip(written, options.out, progress.sub(0.9, 1.0));
  progress.report(1.0, "done");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  session.say("Wrote " + options.out);
  return {{"clip", {{"file", options.tune.clip}, {"frames", prepared.clip.frameCount}}},
          {"method", classicalMethodName(method)},
          {"alpha", options.alpha},
          {"out", options.out},
          {"sideBySide", options.sideBySide},
          {"written",
           {{"frames", written.frameCount},
            {"width", written.width},
            {"height", written.height},
            {"fps", written.fps}}},
          {"seconds", {{"total", seconds}}}};
}

nlohmann::json enhanceLatentClip(const EnhanceOptions& options, const TuneModels& models,
                                 const EditDirection& direction, const std::string& directionPath,
                                 const Progress& progress, const Session& session) {
  TunedClip tuned = prepareAndTune(options.tune, models, progress.sub(0.0, 0.85), session);
  const auto start = std::chrono::steady_clock::now();
  const at::Tensor frames =
      renderEdit(*tuned.tuned, tuned.pivots, direction, options.alpha, options.renderBatch,
                 parseNoiseMode(options.tune.noise), progress.sub(0.85, 0.95));
  const double renderSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const Clip& original = tuned.prepared.clip;
  Clip enhanced = framesToClip(frames, original.fps);
  enhanced.spacing = original.spacing;
  enhanced.source = original.source + ", enhanced (alpha " + std::to_string(options.alpha) + ")";
  const Clip written = options.sideBySide ? sideBySide(original, enhanced) : enhanced;
  writeClip(written, options.out, progress.sub(0.95, 1.0));
  progress.report(1.0, "done");

  nlohmann::json result = tuned.report;
  result["out"] = options.out;
  result["alpha"] = options.alpha;
  result["method"] = "latent";
  result["direction"] = directionPath;
  result["sideBySide"] = options.sideBySide;
  result["written"] = {{"frames", written.frameCount},
                       {"width", written.width},
                       {"height", written.height},
                       {"fps", written.fps}};
  result["seconds"]["render"] = renderSeconds;
  result["seconds"]["renderPerFrameMs"] =
      1000.0 * renderSeconds / static_cast<double>(std::max(1, enhanced.frameCount));
  session.say("Wrote " + options.out);
  return result;
}

// Video, GIF and DICOM files: what makes a folder a folder of clips rather than one clip given as
// a folder of PNG/JPEG frames.
bool isClipFile(const fs::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static const std::set<std::string> clips{".avi",  ".mp4", ".mov", ".mkv",  ".m4v",
                                           ".webm", ".gif", ".dcm", ".dicom"};
  return clips.count(extension) > 0;
}

std::vector<std::string> clipFilesIn(const std::string& folder) {
  if (!fs::is_directory(folder)) return {};
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(folder)) {
    const std::string name = item.path().filename().string();
    if (!name.empty() && name[0] != '.' && item.is_regular_file() && isClipFile(item.path()))
      names.push_back(name);
  }
  return names;
}

void runEnhance(const EnhanceOptions& options, Session& session) {
  const bool latent = options.method == "latent";
  if (!latent) classicalMethodFromName(options.method);  // a typo fails before any work
  const std::vector<std::string> folderClips = clipFilesIn(options.tune.clip);
  const bool folderMode = !folderClips.empty();
  if (!folderMode && !options.shard.empty())
    throw Error("--shard splits a folder of clips; " + options.tune.clip +
                " is a single clip (give a folder of video, GIF or DICOM files)");
  if (folderMode && !options.tune.pivots.empty())
    throw Error("--pivots belong to one clip; " + options.tune.clip +
                " is a folder of clips (their pivots come from the encoder)");
  const std::optional<Shard> shard = folderMode ? resolveShard(options.shard) : std::nullopt;
  const Progress progress = session.progress();

  // Everything that can be checked cheaply is checked before tuning.
  std::string directionPath;
  EditDirection direction;
  std::optional<TuneModels> models;
  if (latent) {
    directionPath =
        options.direction.empty() ? resourcePath(default_models::kDirection) : options.direction;
    direction = EditDirection::load(directionPath);
    models = loadTuneModels(options.tune, progress.sub(0.0, 0.02));
    if (direction.numWs() != models->base->numWs() ||
        direction.wDim() != models->base->config().wDim)
      throw Error(directionPath + ": the direction is [" + std::to_string(direction.numWs()) + "," +
                  std::to_string(direction.wDim()) + "], the generator's W+ is [" +
                  std::to_string(models->base->numWs()) + "," +
                  std::to_string(models->base->config().wDim) + "]");
  }
  const auto enhanceOne = [&](const EnhanceOptions& one, const Progress& p) {
    return latent ? enhanceLatentClip(one, *models, direction, directionPath, p, session)
                  : enhanceClassicalClip(one, p, session);
  };

  if (!folderMode) {
    session.result = enhanceOne(options, progress.sub(0.02, 1.0));
    return;
  }
  const std::vector<std::string> selected =
      shard ? selectShard(folderClips, *shard) : selectShard(folderClips, Shard{});
  if (fs::exists(options.out) && !fs::is_directory(options.out))
    throw Error("--out " + options.out + ": with a folder of clips, --out is a folder");
  fs::create_directories(options.out);
  nlohmann::json clips = nlohmann::json::array();
  for (std::size_t i = 0; i < selected.size(); ++i) {
    EnhanceOptions one = options;
    one.tune.clip = (fs::path(options.tune.clip) / selected[i]).string();
    one.out =
        (fs::path(options.out) / (fs::path(selected[i]).stem().string() + "." + options.format))
            .string();
    const Progress p =
        progress.sub(0.02 + 0.98 * i / selected.size(), 0.02 + 0.98 * (i + 1) / selected.size());
    p.report(0.0, "clip " + std::to_string(i + 1) + "/" + std::to_string(selected.size()) + " " +
                      selected[i]);
    clips.push_back(enhanceOne(one, p));
  }
  progress.report(1.0, "done");
  session.result = {{"folder", options.tune.clip},
                    {"out", options.out},
                    {"method", options.method},
                    {"alpha", options.alpha},
                    {"shard", shard ? nlohmann::json(shard->toString()) : nlohmann::json(nullptr)},
                    {"clipsInFolder", folderClips.size()},
                    {"clips", clips}};
  session.say("Enhanced " + std::to_string(selected.size()) + " of " +
              std::to_string(folderClips.size()) + " clips into " + options.out +
              (shard ? " (shard " + shard->toString() + ")" : std::string()));
}

}  // namespace

void addEnhanceCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<EnhanceOptions>();
  CLI::App* cmd = app.add_subcommand(
      "enhance", "Enhance a clip by latent editing: G'(w + alpha d), G' tuned to the clip by PTI");
  addTuneOptions(cmd, options->tune);
  cmd->add_option("--alpha", options->alpha, "Edit strength along the direction")
      ->capture_default_str()
      ->check(CLI::Range(-100.0, 100.0));
  cmd->add_option("--direction", options->direction,
                  "Edit direction [num_ws, w_dim] (torch.save tensor; default: bundled)");
  cmd->add_option("--out", options->out,
                  "Enhanced clip (.mp4, .avi, .gif or a folder/); with a folder of clips, the "
                  "folder for the enhanced clips")
      ->required();
  cmd->add_option("--format", options->format,
                  "With a folder of clips: extension of the enhanced clips (mp4, avi, gif)")
      ->capture_default_str();
  cmd->add_option("--shard", options->shard,
                  "With a folder of clips: enhance shard K/N (name order, every N-th from K); "
                  "default from SLURM_ARRAY_TASK_ID/_MIN/_COUNT when set");
  cmd->add_flag("--side-by-side", options->sideBySide,
                "Write the prepared original and the enhanced clip side by side");
  cmd->add_option("--render-batch", options->renderBatch, "Frames per synthesis pass")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--method", options->method,
                  "latent (the paper's edit) or a classical baseline: nlm, bilateral (alpha = "
                  "filter strength)")
      ->capture_default_str();
  cmd->add_option("--size", options->size, "Frame size for the classical methods")
      ->capture_default_str()
      ->check(CLI::Range(8, 4096));
  cmd->callback([options, &session] {
    session.action = [options, &session] { runEnhance(*options, session); };
  });
}

}  // namespace latentecho::cli
