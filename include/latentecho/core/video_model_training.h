#pragma once
// Training a video model (video_model.h): the EF regressor on clips with their truth EF, the
// quality classifier on HQ (target 1) and LQ (target 0) clips. One trainer for both; the model's
// kind picks the loss:
//   ef-regressor        Huber (delta 1) on (EF - offset) / scale, the model's output mapping
//                       inverted, so the network learns unit-scale numbers;
//   quality-classifier  binary cross-entropy on the logit, soft targets allowed.
//
// Each step draws `batch` examples; for each, from a RandomStream keyed by (seed, step, slot):
// the clip (uniformly), with probability `mixProbability` a blend with its partner (the other
// rendering of the same heart: x = (1 - l) x_a + l x_b, target (1 - l) t_a + l t_b, l uniform in
// [0, 1]), the window start (uniformly over all of them), time reversal (probability 1/2 when
// enabled: EF and quality do not depend on the direction of time), a gain in [1 - g, 1 + g], and a
// spatial shift of up to `maxShiftPixels` (zero-padded: the fan's black surround stays black). The
// draws of step s depend only on (seed, s): a resumed run repeats what a continuous one does.
// AdamW; the learning rate decays from `learningRate` to 5 % of it on a cosine over `steps`.
//
// Checkpoints (every `checkpointEvery` steps and at the end) go to `checkpointFolder`:
// state.json (step, history), network.safetensors, optimizer.pt. A run finding them resumes; one
// finding a checkpoint of another configuration refuses with an Error. `outFolder` receives the
// model with the best validation score so far (EF: mean MAE over the validation sets; quality:
// mean cross-entropy) each time it improves.
//
// Thread-safety: trains one model; do not use it elsewhere meanwhile.
#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/progress.h"
#include "latentecho/core/video_model.h"

namespace latentecho {

struct VideoTrainingClip {
  at::Tensor frames;    // uint8 [T, S, S] at the model's input size and frame rate
  double target = 0.0;  // EF percent, or 1 (HQ) / 0 (LQ)
  int partner = -1;     // index of the other rendering of the same heart (for mixing), or -1
};

struct VideoTrainingOptions {
  int steps = 1500;
  int batch = 8;
  double learningRate = 1e-3;
  double weightDecay = 1e-4;
  std::uint64_t seed = 1;
  int maxShiftPixels = 4;
  double gainRange = 0.15;  // gain uniform in [1 - g, 1 + g]
  bool timeReversal = true;
  double mixProbability = 0.0;   // share of examples blended with their partner
  int checkpointEvery = 50;      // steps
  int validateEvery = 100;       // steps; and at the end
  int validationWindows = 2;     // windows per validation clip
  std::string checkpointFolder;  // required
  std::string outFolder;         // model folder for the best model; required
  at::ScalarType floatStorage = at::kFloat;
};

// Per validation set: EF "mae" (points) and "bias"; quality "accuracy" (P >= 0.5 vs target >= 0.5),
// "cross_entropy" and "mean_probability".
struct VideoValidation {
  int step = 0;
  std::map<std::string, std::map<std::string, double>> sets;
  double score = 0.0;  // lower is better
};

struct VideoTrainingResult {
  int step = 0;
  int resumedFrom = 0;
  double lastLoss = 0.0;  // mean training loss over the last checkpoint interval
  VideoValidation best;
  VideoValidation last;
  double secondsPerStep = 0.0;  // this run's mean
};

// The mapped outputs (EF percent or P_hq) of `clips` (frames as VideoTrainingClip::frames) in eval
// mode, the mean over at most `windows` windows each.
std::vector<double> predictTrainingClips(VideoModel& model,
                                         const std::vector<VideoTrainingClip>& clips,
                                         int windows = 2);

// The validation metrics of `clips` for the model's kind.
std::map<std::string, double> videoValidationMetrics(VideoModel& model,
                                                     const std::vector<VideoTrainingClip>& clips,
                                                     int windows = 2);

// Trains `model` (freshly built; its config, normalisation and output mapping included, is what is
// trained). `provenance` goes into the model folder's model.json with the training summary. Throws
// Error for empty or mismatched data, bad options or a checkpoint of another configuration;
// Cancelled through `progress` (the last checkpoint stays valid).
VideoTrainingResult trainVideoModel(
    VideoModel& model, const std::vector<VideoTrainingClip>& train,
    const std::map<std::string, std::vector<VideoTrainingClip>>& validation,
    const VideoTrainingOptions& options, const nlohmann::json& provenance,
    const Progress& progress = {});

}  // namespace latentecho
