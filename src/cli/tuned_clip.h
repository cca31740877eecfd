#pragma once
// What `tune` and `enhance` share: read and prepare a clip, get its pivots (e4e encoder or a
// pivots file), and fetch its tuned generator from the PTI cache or tune it and store it.
#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "command.h"
#include "latentecho/core/pivotal_tuning.h"
#include "latentecho/core/sector.h"
#include "latentecho/core/stylegan2.h"
#include "latentecho/io/prepare.h"

namespace latentecho {
class E4eEncoder;
}

namespace latentecho::cli {

struct TuneInputs {
  std::string clip;
  std::string model;    // generator model folder; empty = the bundled default
  std::string encoder;  // e4e model folder; empty = the bundled default (unless pivots given)
  std::string pivots;   // W+ pivots [T, num_ws, w_dim] from a file instead of the encoder
  std::string cache;    // PTI cache folder; empty = the user's cache folder
  bool noCache = false;
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

struct TunedClip {
  PreparedClip prepared;
  at::Tensor frames;  // [T, 1, R, R] in [-1, 1]
  at::Tensor pivots;  // [T, num_ws, w_dim]
  StyleGan2Generator base{nullptr};
  StyleGan2Generator tuned{nullptr};
  nlohmann::json report;  // model, pivots, cache (status, folder, bytes), quality, seconds
};

// The models prepareAndTune uses, loaded once for a batch of clips (enhance DIR, evaluate).
struct TuneModels {
  std::string modelDir;
  StyleGan2Generator base{nullptr};
  std::string baseDigest;  // generatorDigest(base), part of the PTI cache key
  std::string encoderDir;  // empty when the pivots come from a file
  std::shared_ptr<const E4eEncoder> encoder;
};

// Checks the settings (a typo fails before minutes of work), loads the generator and, unless
// `inputs.pivots` is given, the encoder, and checks they fit each other. Throws Error naming the
// folder or option at fault.
TuneModels loadTuneModels(const TuneInputs& inputs, const Progress& progress);

// Reads and prepares `inputs.clip`, gets its pivots and its tuned generator (PTI cache or tuning).
// Reports into `progress`; throws Error naming the file or option at fault.
TunedClip prepareAndTune(const TuneInputs& inputs, const TuneModels& models,
                         const Progress& progress, const Session& session);
// The same, loading the models first.
TunedClip prepareAndTune(const TuneInputs& inputs, const Progress& progress,
                         const Session& session);

}  // namespace latentecho::cli
