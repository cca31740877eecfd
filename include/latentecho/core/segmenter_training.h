#pragma once
// Training an LV segmenter (lv_segmenter.h) on frames with truth masks, with checkpoints that
// resume exactly where a run stopped.
//
// Loss: binary cross-entropy on the logits plus (1 - soft Dice), Adam. Each step draws `batch`
// frames uniformly from the training frames and augments them the same way for the whole batch:
// a shift of up to `maxShiftPixels` (zero-padded, not wrapped: the fan's black surround stays
// black) and, per frame, a random gain (0.8..1.25) and gamma (0.7..1.4) on the grey levels, so the
// network does not learn one rendering's brightness. No flips: the A4C view's LV is on the right.
// The draws of step s depend only on (seed, s), so a resumed run repeats the draws a
// continuous one would have made.
//
// Checkpoints (every `checkpointEvery` steps and at the end) go to `checkpointFolder`:
// state.json (step, history), network.safetensors, optimizer.pt (LibTorch's serialisation of
// Adam's state). A run finding them resumes; one finding a checkpoint of another configuration
// refuses with an Error. The model folder `outFolder` receives the network with the best
// validation Dice so far each time it improves.
//
// Thread-safety: trains one segmenter; do not use it elsewhere meanwhile.
#include <ATen/ATen.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/progress.h"

namespace latentecho {

// Frames at the segmenter's input size with their masks: uint8 [N, S, S] grey levels and uint8
// [N, S, S] 0/1 masks.
struct LabelledFrames {
  at::Tensor frames;
  at::Tensor masks;
};

struct SegmenterTrainingOptions {
  int steps = 3000;              // total optimiser steps (a resumed run continues up to it)
  int batch = 16;                // frames per step
  double learningRate = 1e-3;    // Adam
  std::uint64_t seed = 1;        // weights and every draw
  int maxShiftPixels = 8;        // augmentation
  int checkpointEvery = 100;     // steps
  int validateEvery = 250;       // steps; and at the end
  std::string checkpointFolder;  // required
  std::string outFolder;         // model folder for the best network; required
  at::ScalarType floatStorage = at::kFloat;  // of the model folder's weights
};

struct SegmenterValidation {
  int step = 0;
  std::map<std::string, double> dice;  // mean per-frame Dice per validation set
  double meanDice = 0.0;               // mean over the sets
};

struct SegmenterTrainingResult {
  int step = 0;              // steps done in total
  int resumedFrom = 0;       // 0 for a fresh run
  double lastLoss = 0.0;     // mean training loss over the last checkpoint interval
  SegmenterValidation best;  // the validation of the saved network
  SegmenterValidation last;
  double millisecondsPerFrame = 0.0;  // inference during the last validation, batch 16
};

// Mean and std of the grey levels of `frames` (uint8, any shape): the normalisation to train with.
SegmenterNormalisation normalisationFromFrames(const at::Tensor& frames);

// Mean per-frame Dice of the segmenter's masks (logit > 0) against `data.masks`, in eval mode,
// 16 frames at a time. `millisecondsPerFrame` (optional) receives the inference time.
double validateSegmenter(LvSegmenter& segmenter, const LabelledFrames& data,
                         double* millisecondsPerFrame = nullptr);

// Trains `segmenter` (freshly built; its config, the normalisation included, is what is trained)
// on `train`, validating on each of `validation` (may be empty). `provenance` goes into the model
// folder's model.json (with the training summary added). Throws Error for empty or mismatched data
// or a checkpoint of another configuration; Cancelled through `progress` (the last checkpoint
// stays valid).
SegmenterTrainingResult trainLvSegmenter(LvSegmenter& segmenter, const LabelledFrames& train,
                                         const std::map<std::string, LabelledFrames>& validation,
                                         const SegmenterTrainingOptions& options,
                                         const nlohmann::json& provenance,
                                         const Progress& progress = {});

}  // namespace latentecho
