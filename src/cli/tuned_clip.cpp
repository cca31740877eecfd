#include "tuned_clip.h"

#include <cmath>

#include "latentecho/core/error.h"
#include "latentecho/core/generator_delta.h"
#include "latentecho/io/clip_reader.h"

namespace latentecho::cli {

void addTuneOptions(CLI::App* cmd, TuneInputs& in) {
  cmd->add_option("CLIP", in.clip, "Clip to tune for (video, GIF, frame folder, DICOM)")
      ->required();
  cmd->add_option("--model", in.model, "StyleGAN2 generator model folder (default: bundled)");
  cmd->add_option("--encoder", in.encoder, "e4e encoder model folder (default: bundled)");
  cmd->add_option("--pivots", in.pivots,
                  "W+ pivots [T, num_ws, w_dim] (torch.save tensor) instead of the encoder");
  cmd->add_option("--cache", in.cache, "PTI cache folder (default: ~/.cache/latentecho/pti)");
  cmd->add_flag("--no-cache", in.noCache, "Neither read nor write the PTI cache");
  cmd->add_option("--cache-limit", in.cacheLimitGib,
                  "PTI cache size limit in GiB: storing an entry removes the least recently used "
                  "ones down to it (0 = no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0e6));
  cmd->add_option("--frames", in.frames, "Frames to take from the clip (0 = all)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--first-frame", in.firstFrame, "First frame of the window (0-based)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000000));
  cmd->add_option("--steps", in.settings.steps, "PTI steps (minibatch updates)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1000000}));
  cmd->add_option("--batch", in.settings.batchSize, "Frames per PTI minibatch")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  cmd->add_option("--lr", in.settings.learningRate, "PTI learning rate")->capture_default_str();
  cmd->add_option("--seed", in.settings.seed, "PTI seed (frame order, locality samples)")
      ->capture_default_str();
  cmd->add_flag("--no-locality", in.noLocality, "Turn off PTI's locality regularisation");
  cmd->add_option("--tuned-from", in.settings.tunedFromResolution,
                  "Tune the synthesis blocks from this resolution up (4 = all); lower blocks "
                  "are frozen and run once per pivot")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{4}, int64_t{4096}));
  cmd->add_option("--delta-encoding", in.deltaEncoding,
                  "How the cache stores the tuned generator: int8, float16 or float32")
      ->capture_default_str();
  cmd->add_option("--noise", in.noise, "Noise inputs while tuning and rendering: const or none")
      ->capture_default_str();
}

PivotalTuningSettings tuneSettings(const TuneInputs& in) {
  PivotalTuningSettings settings = in.settings;
  settings.deltaEncoding = parseDeltaEncoding(in.deltaEncoding);
  settings.noise = parseNoiseMode(in.noise);
  if (in.noLocality) settings.localityWeight = 0.0;
  settings.validate();
  return settings;
}

TuneRequest tuneRequest(const TuneInputs& in) {
  TuneRequest request;
  request.model = in.model;
  request.encoder = in.encoder;
  request.pivots = in.pivots;
  request.averagePivots = in.averagePivots;
  request.cache = in.cache;
  request.noCache = in.noCache;
  request.cacheLimitBytes = static_cast<int64_t>(std::llround(in.cacheLimitGib * 1073741824.0));
  request.frames = in.frames;
  request.firstFrame = in.firstFrame;
  request.settings = tuneSettings(in);
  request.sector = in.sector;
  if (!in.pivots.empty() && !in.encoder.empty())
    throw Error("give either --encoder or --pivots, not both");
  return request;
}

TunedClip prepareClipAndPivots(const TuneInputs& in, const Progress& progress) {
  const TuneRequest request = tuneRequest(in);
  return latentecho::prepareClipAndPivots(readClip(in.clip), in.clip, request, progress);
}

TuneModels loadTuneModels(const TuneInputs& in, const Progress& progress) {
  return latentecho::loadTuneModels(tuneRequest(in), progress);
}

TunedClip prepareAndTune(const TuneInputs& in, const TuneModels& models, const Progress& progress,
                         const Session& session) {
  return latentecho::prepareAndTune(
      in.clip, tuneRequest(in), models, progress,
      [&session](const std::string& message) { session.say(message); });
}

TunedClip prepareAndTune(const TuneInputs& in, const Progress& progress, const Session& session) {
  return latentecho::prepareAndTune(
      in.clip, tuneRequest(in), progress,
      [&session](const std::string& message) { session.say(message); });
}

}  // namespace latentecho::cli
