#pragma once
// The options `tune` and `enhance` share, for the io flow that reads and prepares a clip, gets its
// pivots and fetches its tuned generator from the PTI cache or tunes it
// (latentecho/io/tuned_clip.h).
#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "command.h"
#include "latentecho/core/pivotal_tuning.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/tuned_clip.h"

namespace latentecho::cli {

struct TuneInputs {
  std::string clip;
  std::string model;    // generator model folder; empty = the bundled default
  std::string encoder;  // e4e model folder; empty = the bundled default (unless pivots given)
  std::string pivots;   // W+ pivots [T, num_ws, w_dim] from a file instead of the encoder
  bool averagePivots = false;  // every pivot = the generator's w_avg (no encoder; benchmarks)
  std::string cache;           // PTI cache folder; empty = the user's cache folder
  bool noCache = false;
  // The cache folder's size limit, GiB (0 = none).
  double cacheLimitGib = static_cast<double>(kDefaultPtiCacheLimitBytes) / 1073741824.0;
  int frames = 32;
  int firstFrame = 0;
  PivotalTuningSettings settings;
  std::string deltaEncoding = "int8";
  std::string noise = "const";
  bool noLocality = false;
  // The clip's sector in its own pixel coordinates when known (a simulated dataset's truth): no
  // search then. Not a command-line option.
  std::optional<SectorGeometry> sector;
};

// Adds the options above to a subcommand.
void addTuneOptions(CLI::App* command, TuneInputs& inputs);

// The PTI settings the options give (delta encoding, noise, --no-locality applied); validated.
PivotalTuningSettings tuneSettings(const TuneInputs& inputs);

// The io flow's request for the options above (settings validated, pivot sources checked).
TuneRequest tuneRequest(const TuneInputs& inputs);

// Everything before tuning (io prepareClipAndPivots): base generator, frames, pivots.
TunedClip prepareClipAndPivots(const TuneInputs& inputs, const Progress& progress);

// latentecho::loadTuneModels for these inputs: once for a batch of clips (enhance DIR, evaluate).
TuneModels loadTuneModels(const TuneInputs& inputs, const Progress& progress);

// The io flow (latentecho/io/tuned_clip.h) for `inputs.clip` with models loaded once; messages go
// to the session.
TunedClip prepareAndTune(const TuneInputs& inputs, const TuneModels& models,
                         const Progress& progress, const Session& session);
// The io flow (latentecho/io/tuned_clip.h) with the options above; messages go to the session.
TunedClip prepareAndTune(const TuneInputs& inputs, const Progress& progress,
                         const Session& session);

// `bench pti` and `bench slider` (cmd_bench_pti.cpp), built on the above.
void addBenchPtiCommands(CLI::App& app, Session& session);

}  // namespace latentecho::cli
