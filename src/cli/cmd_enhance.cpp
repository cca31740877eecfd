// `latentecho enhance CLIP --alpha A --out FILE [--side-by-side] [--direction D.pt]`: the paper's
// enhancement, G'(w_i + alpha d) for every frame, with G' from the PTI cache or tuned now.
#include <chrono>
#include <memory>

#include "command.h"
#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"
#include "latentecho/io/classical_enhancement.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "tuned_clip.h"

namespace latentecho::cli {
namespace {

struct EnhanceOptions {
  TuneInputs tune;
  std::string direction;
  std::string out;
  double alpha = 0.5;
  bool sideBySide = false;
  int renderBatch = 8;
  std::string method = "latent";
  int size = 256;  // prepared frame size for the classical methods (latent: the model's)
};

// The classical baselines (classical_enhancement.h) through the same command, alpha as the
// filter strength, on the same prepared frames the latent edit sees.
void runClassical(const EnhanceOptions& options, Session& session) {
  const ClassicalMethod method = classicalMethodFromName(options.method);
  if (options.alpha < 0)
    throw Error("--alpha is the filter strength of '" + options.method + "' and must be >= 0");
  const Progress progress = session.progress();
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
  session.result = {{"clip", {{"file", options.tune.clip}, {"frames", prepared.clip.frameCount}}},
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
  session.say("Wrote " + options.out);
}

void runEnhance(const EnhanceOptions& options, Session& session) {
  if (options.method != "latent") return runClassical(options, session);
  const Progress progress = session.progress();
  // Everything that can be checked cheaply is checked before tuning.
  const std::string directionPath =
      options.direction.empty() ? resourcePath(default_models::kDirection) : options.direction;
  const EditDirection direction = EditDirection::load(directionPath);

  TunedClip tuned = prepareAndTune(options.tune, progress.sub(0.0, 0.85), session);
  if (direction.numWs() != tuned.base->numWs() || direction.wDim() != tuned.base->config().wDim)
    throw Error(directionPath + ": the direction is [" + std::to_string(direction.numWs()) + "," +
                std::to_string(direction.wDim()) + "], the generator's W+ is [" +
                std::to_string(tuned.base->numWs()) + "," +
                std::to_string(tuned.base->config().wDim) + "]");

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

  session.result = tuned.report;
  session.result["out"] = options.out;
  session.result["alpha"] = options.alpha;
  session.result["method"] = "latent";
  session.result["direction"] = directionPath;
  session.result["sideBySide"] = options.sideBySide;
  session.result["written"] = {{"frames", written.frameCount},
                               {"width", written.width},
                               {"height", written.height},
                               {"fps", written.fps}};
  session.result["seconds"]["render"] = renderSeconds;
  session.result["seconds"]["renderPerFrameMs"] =
      1000.0 * renderSeconds / static_cast<double>(std::max(1, enhanced.frameCount));
  session.say("Wrote " + options.out);
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
  cmd->add_option("--out", options->out, "Enhanced clip (.mp4, .avi, .gif or a folder/)")
      ->required();
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
