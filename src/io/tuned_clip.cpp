#include "latentecho/io/tuned_clip.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <optional>

#include "latentecho/core/clip_tensor.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/pti_cache.h"
#include "latentecho/core/resources.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/clip_reader.h"

namespace latentecho {
namespace {

using Clock = std::chrono::steady_clock;
double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

std::string defaultPtiCacheFolder() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    return (std::filesystem::path(xdg) / "latentecho" / "pti").string();
  if (const char* home = std::getenv("HOME"); home && *home)
    return (std::filesystem::path(home) / ".cache" / "latentecho" / "pti").string();
  return (std::filesystem::temp_directory_path() / "latentecho-pti").string();
}

TunedClip prepareAndTune(const std::string& clipPath, const TuneRequest& request,
                         const Progress& progress, const TuneMessage& say) {
  request.settings.validate();  // a typo should fail before the clip is read
  progress.report(0.0, "reading " + clipPath);
  return prepareAndTune(readClip(clipPath), clipPath, request, progress, say);
}

TuneModels loadTuneModels(const TuneRequest& in, const Progress& progress) {
  // Settings first: a typo should fail before minutes of work.
  in.settings.validate();
  if (!in.pivots.empty() && !in.encoder.empty())
    throw Error("give either an encoder or a pivots file, not both");
  if (in.averagePivots && (!in.pivots.empty() || !in.encoder.empty()))
    throw Error("average pivots take neither an encoder nor a pivots file");
  TuneModels models;
  models.modelDir = in.model.empty() ? resourcePath(default_models::kGenerator) : in.model;
  progress.report(0.0, "loading " + models.modelDir);
  LoadedStyleGan2Generator loaded = loadStyleGan2Generator(models.modelDir);
  models.base = loaded.generator;
  const StyleGan2GeneratorConfig& config = models.base->config();
  if (config.imageChannels != 1)
    throw Error(models.modelDir + ": the generator makes " + std::to_string(config.imageChannels) +
                "-channel images; echo clips need a one-channel generator");
  models.baseDigest = generatorDigest(*models.base);
  if (in.pivots.empty() && !in.averagePivots) {
    models.encoderDir = in.encoder.empty() ? resourcePath(default_models::kEncoder) : in.encoder;
    progress.report(0.5, "loading " + models.encoderDir);
    auto encoder = std::make_shared<const E4eEncoder>(E4eEncoder::load(models.encoderDir));
    const auto& e = encoder->config();
    if (e.numWs != config.numWs() || e.wDim != config.wDim || e.resolution != config.resolution)
      throw Error(models.encoderDir + ": the encoder makes W+ codes [" + std::to_string(e.numWs) +
                  ", " + std::to_string(e.wDim) + "] from " + std::to_string(e.resolution) +
                  " px frames; the generator " + models.modelDir + " needs [" +
                  std::to_string(config.numWs()) + ", " + std::to_string(config.wDim) + "] at " +
                  std::to_string(config.resolution) + " px");
    models.encoder = std::move(encoder);
  }
  progress.report(1.0, "models loaded");
  return models;
}

TunedClip prepareAndTune(const std::string& clipPath, const TuneRequest& request,
                         const TuneModels& models, const Progress& progress,
                         const TuneMessage& say) {
  request.settings.validate();  // a typo should fail before the clip is read
  progress.report(0.0, "reading " + clipPath);
  return prepareAndTune(readClip(clipPath), clipPath, request, models, progress, say);
}

TunedClip prepareClipAndPivots(const Clip& clip, const std::string& clipName,
                               const TuneRequest& request, const Progress& progress) {
  const TuneModels models = loadTuneModels(request, progress.sub(0.0, 0.02));
  return prepareClipAndPivots(clip, clipName, request, models, progress.sub(0.02, 1.0));
}

TunedClip prepareClipAndPivots(const Clip& clip, const std::string& clipName, const TuneRequest& in,
                               const TuneModels& models, const Progress& progress) {
  TunedClip out;
  nlohmann::json& report = out.report;

  const PivotalTuningSettings& settings = in.settings;
  settings.validate();
  if (!models.base) throw Error("prepareAndTune: no models loaded (loadTuneModels)");
  const bool needsEncoder = in.pivots.empty() && !in.averagePivots;
  if (needsEncoder != static_cast<bool>(models.encoder))
    throw Error("prepareAndTune: the models were loaded for other inputs (pivots vs encoder)");
  const std::string& modelDir = models.modelDir;
  out.base = models.base;
  const StyleGan2GeneratorConfig& config = out.base->config();
  report["model"] = modelDir;

  PrepareOptions prepare;
  prepare.size = static_cast<int>(config.resolution);
  prepare.frames = in.frames;
  prepare.firstFrame = in.firstFrame;
  if (in.firstFrame >= clip.frameCount)
    throw Error(clipName + ": the first frame " + std::to_string(in.firstFrame) + " is past its " +
                std::to_string(clip.frameCount) + " frames");
  progress.report(0.01, "preparing " + clipName);
  try {
    out.prepared = in.sector ? prepareClip(clip, *in.sector, prepare) : prepareClip(clip, prepare);
  } catch (const Cancelled&) {
    throw;
  } catch (const Error& e) {
    throw Error(clipName + ": " + e.what());
  }
  out.frames = clipToFrames(out.prepared.clip);
  const int64_t count = out.frames.size(0);
  report["clip"] = {{"file", clipName},
                    {"frames", count},
                    {"firstFrame", in.firstFrame},
                    {"fps", clip.fps},
                    {"size", config.resolution}};

  std::string& pivotSource = out.pivotSource;
  const auto pivotStart = Clock::now();
  if (in.averagePivots) {
    if (!in.pivots.empty() || !in.encoder.empty())
      throw Error("average pivots take neither an encoder nor a pivots file");
    out.pivots = out.base->mapping->wAvg.detach()
                     .to(at::kCPU, at::kFloat)
                     .view({1, 1, config.wDim})
                     .expand({count, config.numWs(), config.wDim})
                     .contiguous();
    pivotSource = "w_avg";
    report["pivots"] = {{"source", "w_avg"}};
  } else if (!in.pivots.empty()) {
    out.pivots = readTorchTensor(in.pivots);
    if (out.pivots.dim() != 3 || out.pivots.size(0) != count ||
        out.pivots.size(1) != config.numWs() || out.pivots.size(2) != config.wDim ||
        !at::isFloatingType(out.pivots.scalar_type()))
      throw Error(in.pivots + ": pivots must be a float tensor [" + std::to_string(count) + ", " +
                  std::to_string(config.numWs()) + ", " + std::to_string(config.wDim) +
                  "] (one W+ code per prepared frame of " + clipName + "), got " +
                  shapeToString(out.pivots.sizes()));
    out.pivots = out.pivots.to(at::kFloat).contiguous();
    pivotSource = "pivots:" + tensorDigest(out.pivots);
    report["pivots"] = {{"source", "file"}, {"file", in.pivots}};
  } else {
    const std::string& encoderDir = models.encoderDir;
    progress.report(0.02, "encoding frames with " + encoderDir);
    const E4eEncoder& encoder = *models.encoder;
    out.pivots = encoder.encode(out.frames, 8).to(at::kCPU, at::kFloat).contiguous();
    pivotSource = "e4e:" + encoder.folder().weightsDigest;
    report["pivots"] = {{"source", "e4e"}, {"encoder", encoderDir}};
  }
  report["seconds"]["pivots"] = secondsSince(pivotStart);
  return out;
}

TunedClip prepareAndTune(const Clip& clip, const std::string& clipName, const TuneRequest& request,
                         const Progress& progress, const TuneMessage& say) {
  const TuneModels models = loadTuneModels(request, progress.sub(0.0, 0.02));
  return prepareAndTune(clip, clipName, request, models, progress.sub(0.02, 1.0), say);
}

TunedClip prepareAndTune(const Clip& clip, const std::string& clipName, const TuneRequest& in,
                         const TuneModels& models, const Progress& progress,
                         const TuneMessage& say) {
  const auto tell = [&say](const std::string& message) {
    if (say) say(message);
  };
  const auto start = Clock::now();
  TunedClip out = prepareClipAndPivots(clip, clipName, in, models, progress);
  nlohmann::json& report = out.report;
  const PivotalTuningSettings& settings = in.settings;
  const std::string& pivotSource = out.pivotSource;

  PtiCacheKey key{framesDigest(out.frames), models.baseDigest, pivotSource,
                  pivotalTuningSettingsToJson(settings)};
  std::optional<PtiCache> cache;
  if (!in.noCache)
    cache.emplace(in.cache.empty() ? defaultPtiCacheFolder() : in.cache, in.cacheLimitBytes);
  PtiCacheLookup lookup;
  if (cache) {
    progress.report(0.04, "looking up the PTI cache");
    const auto lookupStart = Clock::now();
    lookup = cache->find(key, *out.base);
    report["seconds"]["cacheLookup"] = secondsSince(lookupStart);
    report["cache"] = {{"folder", cache->entryFolder(key)},
                       {"status", ptiCacheStatusName(lookup.status)}};
    if (!lookup.reason.empty()) {
      report["cache"]["reason"] = lookup.reason;
      tell("PTI cache entry " + ptiCacheStatusName(lookup.status) + " (" + lookup.reason +
           "); tuning again");
    }
  } else {
    report["cache"] = {{"status", "disabled"}};
  }

  report["settings"] = key.settings;
  if (lookup.status == PtiCacheStatus::Valid) {
    out.tuned = lookup.entry->generator;
    out.pivots = lookup.entry->pivots;
    report["reused"] = true;
    report["cache"]["bytes"] = lookup.entry->bytesOnDisk;
    report["quality"] = lookup.entry->metrics;
    tell("Reusing the PTI cache entry " + lookup.entry->folder);
  } else {
    const PivotalTuner tuner(out.base, settings);
    PivotalTuningResult result = tuner.tune(out.frames, out.pivots, progress.sub(0.05, 0.97));
    out.tuned = result.generator;
    report["reused"] = false;
    report["quality"] = {{"before", result.before.summary()}, {"after", result.after.summary()}};
    report["seconds"]["tuning"] = result.seconds;
    report["seconds"]["perStep"] = result.secondsPerStep;
    report["seconds"]["phases"] = result.timings.toJson();
    report["steps"] = result.steps;
    report["finalLoss"] = result.loss.empty() ? 0.0 : result.loss.back();
    report["delta"] = {{"encoding", deltaEncodingName(result.delta.encoding)},
                       {"changedTensors", result.delta.changedTensors()},
                       {"dataBytes", result.delta.dataBytes()}};
    if (cache) {
      progress.report(0.98, "storing the PTI cache entry");
      PtiCacheEviction eviction;
      const std::string folder =
          cache->store(key, out.pivots, result.delta, report["quality"], &eviction);
      int64_t bytes = 0;
      for (const auto& file : std::filesystem::directory_iterator(folder))
        bytes += static_cast<int64_t>(file.file_size());
      report["cache"]["bytes"] = bytes;
      report["cache"]["limitBytes"] = in.cacheLimitBytes;
      report["cache"]["evicted"] = eviction.removed;
      if (in.cacheLimitBytes > 0) report["cache"]["folderBytes"] = eviction.bytesAfter;
      tell("Stored the PTI cache entry " + folder);
      if (!eviction.removed.empty())
        tell("Removed " + std::to_string(eviction.removed.size()) +
             " least recently used PTI cache entries to keep the cache under its limit");
    }
  }
  progress.report(1.0, "tuned");
  report["seconds"]["total"] = secondsSince(start);
  return out;
}

}  // namespace latentecho
