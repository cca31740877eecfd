// `latentecho synthesize --model DIR --ws WS.pt --out IMG.pt`: W+ latents (or z through the
// mapping network) to images with a StyleGAN2 generator model folder.
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho::cli {
namespace {

struct SynthesizeOptions {
  std::string model;
  std::string ws;
  std::string z;
  std::string c;
  std::string out;
  std::string saveWs;
  std::string noise = "const";
  std::string upsample = "polyphase";
  double truncation = 1.0;
  int truncationCutoff = -1;
  int64_t seed = 0;
  int batch = 8;
};

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void runSynthesize(const SynthesizeOptions& options, Session& session) {
  if (options.ws.empty() == options.z.empty())
    throw Error("synthesize: give exactly one of --ws (W+ latents) and --z (mapping inputs)");
  stylegan2::SynthesisOptions synthesis;
  synthesis.noise = parseNoiseMode(options.noise);
  if (options.upsample == "transposed") {
    synthesis.upsample = stylegan2::UpsampleMethod::TransposedConvolution;
  } else if (options.upsample != "polyphase") {
    throw Error("--upsample: expected polyphase or transposed, got '" + options.upsample + "'");
  }
  at::Generator random = at::detail::createCPUGenerator(static_cast<uint64_t>(options.seed));
  synthesis.generator = random;

  const Progress progress = session.progress();
  at::NoGradGuard noGrad;
  auto start = Clock::now();
  progress.report(0.0, "loading " + options.model);
  LoadedStyleGan2Generator loaded = loadStyleGan2Generator(options.model);
  StyleGan2Generator& g = loaded.generator;
  const StyleGan2GeneratorConfig& config = g->config();
  const double loadSeconds = secondsSince(start);

  at::Tensor ws;
  double mappingSeconds = 0.0;
  if (!options.ws.empty()) {
    ws = readTorchTensor(options.ws);
    if (ws.dim() != 3 || ws.size(1) != config.numWs() || ws.size(2) != config.wDim)
      throw Error(options.ws + ": W+ latents must be [N, " + std::to_string(config.numWs()) +
                  ", " + std::to_string(config.wDim) + "] for this model, got " +
                  shapeToString(ws.sizes()));
    if (!at::isFloatingType(ws.scalar_type()))
      throw Error(options.ws + ": W+ latents must be floating point");
  } else {
    at::Tensor z = readTorchTensor(options.z);
    if (z.dim() != 2 || z.size(1) != config.zDim || !at::isFloatingType(z.scalar_type()))
      throw Error(options.z + ": z must be a float tensor [N, " + std::to_string(config.zDim) +
                  "] for this model, got " + shapeToString(z.sizes()));
    at::Tensor c;
    if (config.cDim > 0) {
      if (options.c.empty())
        throw Error(options.model + " is conditional: give its labels with --c C.pt [N, " +
                    std::to_string(config.cDim) + "]");
      c = readTorchTensor(options.c);
    }
    std::optional<int64_t> cutoff;
    if (options.truncationCutoff >= 0) cutoff = options.truncationCutoff;
    start = Clock::now();
    ws = g->map(z, c, options.truncation, cutoff);
    mappingSeconds = secondsSince(start);
    if (!options.saveWs.empty()) writeTorchTensor(options.saveWs, ws);
  }
  ws = ws.to(at::kFloat);

  const int64_t count = ws.size(0);
  const int64_t batch = std::max(1, options.batch);
  std::vector<at::Tensor> images;
  start = Clock::now();
  for (int64_t first = 0; first < count; first += batch) {
    progress.report(static_cast<double>(first) / static_cast<double>(std::max<int64_t>(count, 1)),
                    "synthesizing");
    const int64_t n = std::min(batch, count - first);
    images.push_back(g->synthesize(ws.narrow(0, first, n), synthesis));
  }
  const double synthesisSeconds = secondsSince(start);
  at::Tensor out = images.empty()
                       ? at::empty({0, config.imageChannels, config.resolution, config.resolution})
                       : at::cat(images, 0);
  writeTorchTensor(options.out, out);
  progress.report(1.0, "done");

  nlohmann::json& result = session.result;
  result["model"] = options.model;
  result["out"] = options.out;
  result["wsShape"] = ws.sizes().vec();
  result["imagesShape"] = out.sizes().vec();
  result["noise"] = options.noise;
  result["upsample"] = options.upsample;
  if (!options.z.empty()) {
    result["truncation"] = options.truncation;
    if (!options.saveWs.empty()) result["savedWs"] = options.saveWs;
  }
  result["batch"] = batch;
  result["seconds"] = {{"load", loadSeconds},
                       {"mapping", mappingSeconds},
                       {"synthesis", synthesisSeconds},
                       {"perFrame", count > 0 ? synthesisSeconds / static_cast<double>(count) : 0.0}};
  session.say("Wrote " + std::to_string(count) + " images to " + options.out);
}

}  // namespace

void addSynthesizeCommand(CLI::App& app, Session& session) {
  auto options = std::make_shared<SynthesizeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "synthesize", "Images from W+ latents (or z) with a StyleGAN2 generator model");
  cmd->add_option("--model", options->model, "Generator model folder")->required();
  cmd->add_option("--ws", options->ws, "W+ latents [N, num_ws, w_dim] (torch.save tensor)");
  cmd->add_option("--z", options->z, "Mapping inputs z [N, z_dim] (torch.save tensor)");
  cmd->add_option("--c", options->c, "Labels [N, c_dim] for a conditional generator");
  cmd->add_option("--truncation", options->truncation, "Truncation psi towards the average w")
      ->capture_default_str();
  cmd->add_option("--truncation-cutoff", options->truncationCutoff,
                  "Truncate only the first N ws (default: all)");
  cmd->add_option("--save-ws", options->saveWs, "With --z: also write the mapped W+ latents");
  cmd->add_option("--out", options->out, "Images [N, C, H, W] in [-1, 1] (torch.save tensor)")
      ->required();
  cmd->add_option("--noise", options->noise, "Noise inputs: const, random or none")
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed of --noise random")->capture_default_str();
  cmd->add_option("--batch", options->batch, "Frames per forward pass")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--upsample", options->upsample,
                  "polyphase (fast) or transposed (the official arithmetic order, slow)")
      ->capture_default_str();
  cmd->callback([options, &session] {
    session.action = [options, &session] { runSynthesize(*options, session); };
  });
}

}  // namespace latentecho::cli
