#pragma once
// Pivotal tuning inversion (PTI; Roich et al. 2022, danielroich/PTI) for one clip: given its frames
// x_i and their pivots w_i (e4e codes in W+), fine-tune a copy G' of the synthesis network so that
// G'(w_i) reconstructs x_i, while G' stays close to G away from the pivots (locality
// regularisation). Edits w_i + alpha d then render with G' (edit_direction.h).
//
// Differences from the reference implementation, and why:
//  - All frames are tuned together in minibatches of `batchSize` frames (the reference steps
//    frame by frame with batch 1: 350 x 32 steps for a 32-frame clip); one step = one Adam update
//    on one minibatch, and the minibatches walk through a fresh permutation of the frames each
//    epoch.
//  - The perceptual term is the multi-scale structural dissimilarity of structural_similarity.h
//    (mean over scales of 1 - SSIM), not LPIPS: LPIPS' ImageNet weights cannot be had here.
//  - Locality regularisation as the reference: a random w_z = mapping(z, psi 0.5) of the *base*
//    generator, moved to distance `localityRadius` from a pivot along w_z - w_pivot (norm over all
//    of W+), and G'(w_r) pulled towards G(w_r) by l2 + perceptual distance, both weighted by
//    `localityWeight` (the reference's 0.1 / 0.1), every `localityInterval` steps. Here the pivot
//    is a random frame of the minibatch.
//  - Only the synthesis network is tuned (the mapping is not used by PTI), and of it only the
//    blocks at resolution >= `tunedFromResolution`: the blocks below are frozen, so their outputs
//    for the (fixed) pivots are computed once and each step runs only the tuned blocks, forwards
//    and backwards (most of the reconstruction error sits in fine speckle detail; the coarse
//    layout comes from the pivots).
//  - The returned generator is base + the encoded difference (generator_delta.h), so that the PTI
//    cache reproduces it exactly; its reconstruction errors are measured after encoding.
//
// Loss per step: l2Weight * mean((G'(w) - x)^2) + perceptualWeight * mean(MSSD(G'(w), x))
//                [+ locality term], images in [-1, 1] (the reference's l2_loss is the same MSE).
//
// Determinism: the frame order of epoch e comes from a generator seeded by hash(seed, e), the
// locality sample of step s from hash(seed, s), noise inputs are the stored constants
// (NoiseMode::Const) or none; the same inputs, settings, device and thread count give the same
// generator bit for bit.
//
// Devices: the work runs where the base generator is (CPU or CUDA); frames and pivots are moved
// there. Thread-safety: tune() only reads the base generator, so several tuners may share a base
// on different threads; one PivotalTuner is not used by two threads at once.
#include <ATen/ATen.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/generator_delta.h"
#include "latentecho/core/progress.h"
#include "latentecho/core/stylegan2.h"

namespace latentecho {

struct PivotalTuningSettings {
  // Defaults: what fits about 3 minutes for a 32-frame clip on 2 CPU cores with the bundled
  // generator (about 1.9 CPU-s per step; bench pti). The reference tunes each frame 350 times at
  // 3e-4 with batch 1; 160 steps of 8 frames visit each of 32 frames 40 times, hence the higher
  // rate.
  int64_t steps = 160;                 // Adam updates (minibatches)
  int64_t batchSize = 8;               // frames per minibatch (fewer when the clip is shorter)
  double learningRate = 2e-3;          // the reference's pti_learning_rate is 3e-4
  double l2Weight = 1.0;               // pt_l2_lambda
  double perceptualWeight = 1.0;       // pt_lpips_lambda, for the structural term here
  double localityWeight = 0.1;         // regulizer_l2_lambda = regulizer_lpips_lambda; 0 = off
  double localityRadius = 30.0;        // regulizer_alpha: distance of w_r from the pivot in W+
  double localityTruncation = 0.5;     // psi of the random w_z
  int64_t localityInterval = 1;        // locality_regularization_interval
  // First block resolution whose parameters are tuned (4 = the whole synthesis network; a power
  // of two <= the generator's resolution, checked by the tuner).
  int64_t tunedFromResolution = 4;
  NoiseMode noise = NoiseMode::Const;  // Random is refused: it would make tuning irreproducible
  std::uint64_t seed = 0;
  DeltaEncoding deltaEncoding = DeltaEncoding::Int8;  // how the cache stores G' - G
  // Differentiate through the fused training operations (SynthesisOptions::trainingKernels).
  // Not part of the JSON (nor of the PTI cache key): both paths compute the same function; off
  // = the plain-ATen reference, for benchmarks and tests.
  bool trainingKernels = true;

  // Throws Error naming the first invalid setting.
  void validate() const;
};

nlohmann::json pivotalTuningSettingsToJson(const PivotalTuningSettings& settings);
// Missing fields keep their defaults; unknown fields are an Error (a typo must not pass silently).
PivotalTuningSettings pivotalTuningSettingsFromJson(const nlohmann::json& json,
                                                    const std::string& source);

// Per-frame reconstruction quality of G(w_i) against x_i, images in [-1, 1]. float64 [T], CPU.
struct ReconstructionQuality {
  at::Tensor mse;   // mean squared error in [-1, 1] units
  at::Tensor psnr;  // dB, peak-to-peak 2 (= PSNR of the 8-bit images up to their rounding)
  at::Tensor ssim;  // structural_similarity.h

  nlohmann::json summary() const;  // {"mse": mean, "psnr": mean, "ssim": mean, "psnrMin": ...}
};

// Renders every pivot with `generator` (no grad, `batchSize` frames at a time) and compares.
ReconstructionQuality measureReconstruction(StyleGan2GeneratorImpl& generator,
                                            const at::Tensor& frames, const at::Tensor& pivots,
                                            NoiseMode noise = NoiseMode::Const,
                                            int64_t batchSize = 8);

// Where the tuning time went, in seconds of wall time summed over the steps. forward: the
// tuned blocks on the minibatch; loss: reconstruction losses; locality: the locality sample's
// forward passes (base and tuned) and its loss; backward: one backward pass of the whole loss
// (locality included); optimiser: the Adam update. prefix: running the frozen blocks once per
// pivot before the first step.
struct PivotalTuningTimings {
  double prefix = 0, forward = 0, loss = 0, locality = 0, backward = 0, optimiser = 0;
  nlohmann::json toJson() const;
};

struct PivotalTuningResult {
  StyleGan2Generator generator{nullptr};  // base + delta; eval, no grad, on the base's device
  GeneratorDelta delta;                   // what the cache stores
  ReconstructionQuality before;           // base generator
  ReconstructionQuality after;            // tuned generator (as returned)
  std::vector<double> loss;               // total loss per step
  int64_t steps = 0;
  double seconds = 0.0;  // tuning steps only
  double secondsPerStep = 0.0;
  double cpuSeconds = 0.0;  // process CPU time (all threads) over the tuning steps
  PivotalTuningTimings timings;
};

class PivotalTuner {
 public:
  // `base` is shared, never modified. Throws Error for invalid settings.
  PivotalTuner(StyleGan2Generator base, PivotalTuningSettings settings = {});

  // frames [T, C, R, R] in [-1, 1] (C, R the generator's), pivots [T, num_ws, w_dim]; T >= 1.
  // Throws Error naming the shape at fault; Cancelled when `progress` asks to stop (nothing
  // outside this call has changed then).
  PivotalTuningResult tune(const at::Tensor& frames, const at::Tensor& pivots,
                           const Progress& progress = {}) const;

  const PivotalTuningSettings& settings() const { return settings_; }
  const StyleGan2Generator& base() const { return base_; }

 private:
  StyleGan2Generator base_;
  PivotalTuningSettings settings_;
};

}  // namespace latentecho
