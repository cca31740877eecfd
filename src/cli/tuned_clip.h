#pragma once
// What `tune` and `enhance` share: read and prepare a clip, get its pivots (e4e encoder or a
// pivots file), and fetch its tuned generator from the PTI cache or tune it and store it.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "command.h"
#include "latentecho/core/pivotal_tuning.h"
#include "latentecho/core/stylegan2.h"
#include "latentecho/io/prepare.h"

namespace latentecho::cli {

struct TuneInputs {
  std::string clip;
  std::string model;    // generator model folder; empty = the bundled default
  std::string encoder;  // e4e model folder; empty = the bundled default (unless pivots given)
  std::string pivots;   // W+ pivots [T, num_ws, w_dim] from a file instead of the encoder
  bool averagePivots = false;  // every pivot = the generator's w_avg (no encoder; benchmarks)
  std::string cache;    // PTI cache folder; empty = the user's cache folder
  bool noCache = false;
  int frames = 32;
  int firstFrame = 0;
  PivotalTuningSettings settings;
  std::string deltaEncoding = "int8";
  std::string noise = "const";
  bool noLocality = false;
};

// Adds the options above to a subcommand.
void addTuneOptions(CLI::App* command, TuneInputs& inputs);

struct TunedClip {
  PreparedClip prepared;
  at::Tensor frames;  // [T, 1, R, R] in [-1, 1]
  at::Tensor pivots;  // [T, num_ws, w_dim]
  StyleGan2Generator base{nullptr};
  StyleGan2Generator tuned{nullptr};
  nlohmann::json report;  // model, pivots, cache (status, folder, bytes), quality, seconds
  std::string pivotSource;  // what made the pivots (part of the PTI cache key)
};

// The PTI settings the options give (delta encoding, noise, --no-locality applied); validated.
PivotalTuningSettings tuneSettings(const TuneInputs& inputs);

// Everything before tuning: the base generator, the prepared frames and their pivots (tuned is
// left empty). Reports into `progress`; throws Error naming the file or option at fault.
TunedClip prepareClipAndPivots(const TuneInputs& inputs, const Progress& progress);

// prepareClipAndPivots, then the PTI cache entry, or tuning (stored in the cache).
TunedClip prepareAndTune(const TuneInputs& inputs, const Progress& progress,
                         const Session& session);

// `bench pti` and `bench slider` (cmd_bench_pti.cpp), built on the above. Declared here rather
// than in command.h: every CLI source includes command.h, and this machine compiles slowly.
void addBenchPtiCommands(CLI::App& app, Session& session);

}  // namespace latentecho::cli
