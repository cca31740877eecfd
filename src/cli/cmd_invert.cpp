// `latentecho invert CLIP --model ENCODER_DIR --out W.pt`: e4e pivots of every frame of a clip,
// [T, num_ws, w_dim] float32, written with torch::pickle_save (Python: torch.load).
#include <chrono>
#include <cstring>
#include <memory>
#include <string>

#include "command.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/error.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/prepare.h"

namespace latentecho::cli {
namespace {

struct InvertOptions {
  std::string clip;
  std::string model;
  std::string out;
  int frames = 0;
  int firstFrame = 0;
  int64_t batch = 8;
};

void runInvert(const InvertOptions& o, Session& session) {
  const Progress progress = session.progress();
  const auto start = std::chrono::steady_clock::now();
  progress.report(0.0, "loading " + o.model);
  const E4eEncoder encoder = E4eEncoder::load(o.model);
  const E4eEncoderConfig& c = encoder.config();
  if (c.imageChannels != 1)
    throw Error(o.model + ": the encoder takes " + std::to_string(c.imageChannels) +
                " image channels; clips are grayscale (1 channel)");
  progress.report(0.05, "reading " + o.clip);
  const Clip source = readClip(o.clip);
  PrepareOptions prepare;
  prepare.size = static_cast<int>(c.resolution);
  prepare.frames = o.frames;
  prepare.firstFrame = o.firstFrame;
  const PreparedClip prepared = prepareClip(source, prepare);
  const Clip& clip = prepared.clip;
  const int64_t count = clip.frameCount;
  at::Tensor frames = at::empty({count, 1, c.resolution, c.resolution}, at::kByte);
  std::memcpy(frames.data_ptr<std::uint8_t>(), clip.pixels.data(), clip.pixels.size());
  frames = frames.to(at::kFloat) / 127.5 - 1.0;

  const auto encodeStart = std::chrono::steady_clock::now();
  std::vector<at::Tensor> parts;
  for (int64_t b = 0; b < count; b += o.batch) {
    parts.push_back(encoder.encode(frames.slice(0, b, std::min(count, b + o.batch))));
    progress.report(
        0.1 + 0.85 * static_cast<double>(std::min(count, b + o.batch)) / static_cast<double>(count),
        "encoding frame " + std::to_string(std::min(count, b + o.batch)) + "/" +
            std::to_string(count));
  }
  const at::Tensor codes = at::cat(parts, 0).contiguous();
  const double encodeSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - encodeStart).count();
  writeTorchTensor(o.out, codes);
  progress.report(1.0, "done");

  nlohmann::json& result = session.result;
  result["clip"] = o.clip;
  result["model"] = o.model;
  result["out"] = o.out;
  result["frames"] = count;
  result["shape"] = codes.sizes().vec();
  result["fps"] = clip.fps;
  result["ms_per_frame"] = count > 0 ? 1000.0 * encodeSeconds / static_cast<double>(count) : 0.0;
  result["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  session.say("Wrote " + std::to_string(count) + " x " + std::to_string(c.numWs) + " x " +
              std::to_string(c.wDim) + " pivots to " + o.out);
}

}  // namespace

void addInvertCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<InvertOptions>();
  CLI::App* cmd = app.add_subcommand("invert", "e4e pivots [T, num_ws, w_dim] of a clip's frames");
  cmd->add_option("CLIP", o->clip, "Clip (video, GIF, DICOM, image)")->required();
  cmd->add_option("--model", o->model, "Encoder model folder (kind e4e-encoder)")->required();
  cmd->add_option("--out", o->out, "Pivots file (torch.save format)")->required();
  cmd->add_option("--frames", o->frames, "Frames to invert (0: all)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--first", o->firstFrame, "First frame, 0-based")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Frames per encoder pass")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->callback([o, &session] { session.action = [o, &session] { runInvert(*o, session); }; });
}

}  // namespace latentecho::cli
