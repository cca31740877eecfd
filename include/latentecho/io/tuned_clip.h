#pragma once
// A clip's tuned generator, the way the `tune` and `enhance` commands and the studio get it:
// prepare the clip at the generator's resolution, make its pivots (the e4e encoder, or a pivots
// file), and fetch the tuned generator from the PTI cache when a valid entry is there, or tune it
// (PTI) and store it. One flow, so that an entry the command line wrote is reused by the studio and
// back.
//
// Many clips with the same models (`enhance DIR`, `evaluate`): loadTuneModels() once, then the
// prepareAndTune() overloads that take the TuneModels.
//
// Thread-safety: prepareAndTune() shares no state but `models`, which it only reads (PTI never
// modifies the base generator); calls for distinct clips may run concurrently (storing the same
// entry twice at once is the PTI cache's race: the last whole entry wins).
#include <ATen/ATen.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/pivotal_tuning.h"
#include "latentecho/core/progress.h"
#include "latentecho/core/pti_cache.h"
#include "latentecho/core/sector.h"
#include "latentecho/core/stylegan2.h"
#include "latentecho/io/prepare.h"

namespace latentecho {

class E4eEncoder;

struct TuneRequest {
  std::string model;    // generator model folder; empty = the bundled default
  std::string encoder;  // e4e model folder; empty = the bundled default (unless pivots given)
  std::string pivots;   // W+ pivots [T, num_ws, w_dim] from a file instead of the encoder
  bool averagePivots = false;  // every pivot = the generator's w_avg (no encoder; benchmarks)
  std::string cache;           // PTI cache folder; empty = defaultPtiCacheFolder()
  bool noCache = false;
  // The cache folder's size limit: storing an entry evicts least recently used ones down to it
  // (pti_cache.h); <= 0: no limit.
  int64_t cacheLimitBytes = kDefaultPtiCacheLimitBytes;
  int frames = 32;  // frames of the clip to tune for (0 = all), from firstFrame
  int firstFrame = 0;
  PivotalTuningSettings settings;  // validated before any work
  // The clip's sector in its own pixel coordinates when known (a simulated dataset's truth): no
  // search then (the fan search misses some simulated clips).
  std::optional<SectorGeometry> sector;
};

// The models prepareAndTune() uses, loaded once for a batch of clips.
struct TuneModels {
  std::string modelDir;  // the generator's folder (request.model or the bundled default)
  StyleGan2Generator base{nullptr};
  std::string baseDigest;                     // generatorDigest(base), part of the PTI cache key
  std::string encoderDir;                     // empty when the pivots come from a file or are w_avg
  std::shared_ptr<const E4eEncoder> encoder;  // null when the pivots come from a file or are w_avg
};

struct TunedClip {
  PreparedClip prepared;  // at the generator's resolution, `frames` frames from `firstFrame`
  at::Tensor frames;      // [T, 1, R, R] in [-1, 1]
  at::Tensor pivots;      // [T, num_ws, w_dim], float32, CPU
  StyleGan2Generator base{nullptr};
  StyleGan2Generator tuned{nullptr};  // eval, no grad
  nlohmann::json report;    // model, clip, pivots, cache (status, folder, bytes), quality, seconds
  std::string pivotSource;  // what made the pivots (part of the PTI cache key)
};

// Human messages on the way (cache reused, stale entry rebuilt, entry stored).
using TuneMessage = std::function<void(const std::string& message)>;

// $XDG_CACHE_HOME/latentecho/pti, else ~/.cache/latentecho/pti, else <temp>/latentecho-pti.
std::string defaultPtiCacheFolder();

// Checks request.settings (a typo fails before minutes of work), loads the generator and, when the
// pivots come from neither a file nor w_avg, the encoder, and checks they fit each other
// (one-channel generator, the encoder's W+ shape and resolution). Throws Error naming the folder or
// setting at fault.
TuneModels loadTuneModels(const TuneRequest& request, const Progress& progress = {});

// Reads `clipPath` and tunes for it. Reports into `progress` (Cancelled when it asks to stop:
// nothing is stored then); throws Error naming the file or setting at fault.
TunedClip prepareAndTune(const std::string& clipPath, const TuneRequest& request,
                         const Progress& progress = {}, const TuneMessage& say = {});
// Everything before tuning: the base generator, the prepared frames and their pivots (`tuned` is
// left empty); what `bench pti` times tuning from.
TunedClip prepareClipAndPivots(const Clip& clip, const std::string& clipName,
                               const TuneRequest& request, const Progress& progress = {});
TunedClip prepareClipAndPivots(const Clip& clip, const std::string& clipName,
                               const TuneRequest& request, const TuneModels& models,
                               const Progress& progress = {});
// The same for a clip already read; `clipName` names it in messages and the report.
TunedClip prepareAndTune(const Clip& clip, const std::string& clipName, const TuneRequest& request,
                         const Progress& progress = {}, const TuneMessage& say = {});
// The same with models loadTuneModels() loaded for a request like this one (the same model,
// encoder or pivots file); throws Error when they do not fit it.
TunedClip prepareAndTune(const std::string& clipPath, const TuneRequest& request,
                         const TuneModels& models, const Progress& progress = {},
                         const TuneMessage& say = {});
TunedClip prepareAndTune(const Clip& clip, const std::string& clipName, const TuneRequest& request,
                         const TuneModels& models, const Progress& progress = {},
                         const TuneMessage& say = {});

}  // namespace latentecho
