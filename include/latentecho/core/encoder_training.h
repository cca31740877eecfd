#pragma once
// Training an e4e encoder (e4e_encoder.h) against a frozen StyleGAN2 generator, the way
// omertov/encoder4editing's training/coach.py does:
//
//  - reconstruction: x -> codes = E(x) + latent_avg -> G.synthesis(codes) (noise 'const') = y;
//    loss = l2Weight * mean (y - x)^2 + perceptualWeight * perceptual(y, x)
//    + deltaRegularizationWeight * sum_{i=1..k} mean_b |code_i - code_0|_2
//    + latentDiscriminatorWeight * mean_{i=0..k} mean_b softplus(-D(code_i));
//  - the perceptual distance: LPIPS (and e4e's face-identity loss) need networks trained
//    elsewhere, which cannot be fetched here. It is the multi-scale structural dissimilarity of
//    structural_similarity.h: mean over up to 5 scales of (1 - SSIM) with 11x11 Gaussian windows;
//    SSIM compares local means, contrasts and correlations, which is what speckle and
//    chamber/tissue edges in echo are made of;
//  - progressive training: offsets are released one layer at a time. Stage k (k offsets active) is
//    0 before `progressiveStart` steps and 1 + (step - progressiveStart) / progressiveStepEvery
//    after, at most num_ws - 1 (e4e: progressive_start 20000, progressive_step_every 2000).
//    The delta regularisation (e4e delta_norm 2, lambda 2e-4) acts whenever the schedule is
//    progressive, also once every offset is out (as the official coach, whose stage then stays
//    below Inference); progressiveStepEvery = 0 trains all offsets from the start, without it;
//  - the latent discriminator (e4e LatentCodesDiscriminator: an MLP of `latentDiscriminatorLayers`
//    linear layers, leaky ReLU 0.2) learns w = G.mapping(z) as real and the encoder's base code as
//    fake, non-saturating logistic loss, lazy R1 (gamma 10 every 16 steps), Adam lr 2e-5; it trains
//    before the encoder within a step, as the official coach. One deviation: the official
//    discriminator sees the encoder's output without latent_avg while its adversarial loss uses
//    the codes with it; here both use the full codes (what the generator receives).
//    latentDiscriminatorWeight = 0 turns it off (the official default; its README trains with 0.1);
//  - Adam (lr 1e-4, betas 0.9/0.999) where e4e uses Ranger (RAdam + Lookahead), float32,
//    BatchNorm with batch statistics while training (the official coach trains in train mode).
//
// Images are frames [N, C, R, R] in [-1, 1] from a GanImageSource (gan_training.h) of the
// encoder's resolution; the generator's output is area-averaged to it when larger.
//
// Determinism and exact resumption (as gan_training.h): the random numbers of step s come from a
// generator seeded with a hash of (seed, s), the frame order from a permutation per epoch seeded
// with (seed, epoch), the initial weights from the seed. A checkpoint (encoder and discriminator
// weights and buffers, both Adam states, counters) resumes bit for bit on the same device and
// thread count.
//
// Micro-batches and data-parallel training (as gan_training.h, src/core/data_parallel.h): the
// minibatch may be processed as EncoderTrainingOptions::microBatches parts, each with its own
// random draws, data shard and BatchNorm batch statistics (the running statistics take the mean of
// the parts' updates); with a ProcessGroup of W ranks each rank runs microBatches / W of them and
// the gradients of the latent discriminator (main and R1) and of the encoder are averaged across
// the ranks before every optimiser step, so the weights equal one process's with the same options.
//
// Thread-safety: an EncoderTrainer is used by one thread at a time; construction seeds LibTorch's
// default CPU generator briefly (restored afterwards).
#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/gan_training.h"  // GanImageSource
#include "latentecho/core/progress.h"
#include "latentecho/core/stylegan2.h"

namespace latentecho {

class ProcessGroup;  // distributed.h

// Hyperparameters; stored in the checkpoint and a resumed run uses the stored ones.
struct EncoderTrainingOptions {
  int64_t batchSize = 8;
  // The minibatch is processed as this many equal parts (a divisor of batchSize; data-parallel
  // training over W processes needs a multiple of W).
  int64_t microBatches = 1;
  std::uint64_t seed = 0;
  double learningRate = 1e-4;
  double adamBeta1 = 0.9;
  double adamBeta2 = 0.999;
  double adamEpsilon = 1e-8;
  double l2Weight = 1.0;          // e4e l2_lambda
  double perceptualWeight = 0.8;  // e4e lpips_lambda (here: structural, see above)
  int perceptualScales = 5;
  double deltaRegularizationWeight = 2e-4;  // e4e delta_norm_lambda (L2 norm)
  int64_t progressiveStart = 20000;         // steps with the base w alone
  int64_t progressiveStepEvery = 2000;      // steps per released offset; 0 = all at once
  double latentDiscriminatorWeight = 0.1;   // e4e w_discriminator_lambda; 0 = off
  double latentDiscriminatorLearningRate = 2e-5;
  int64_t latentDiscriminatorLayers = 4;
  double latentDiscriminatorR1Gamma = 10.0;
  int64_t latentDiscriminatorR1Interval = 16;

  // Throws Error naming the first invalid setting.
  void validate() const;
  // Offsets active at `step` for an encoder with numWs entries (the progressive stage).
  int64_t activeOffsetsAt(int64_t step, int64_t numWs) const;
};

nlohmann::json encoderTrainingOptionsToJson(const EncoderTrainingOptions& options);
EncoderTrainingOptions encoderTrainingOptionsFromJson(const nlohmann::json& json,
                                                      const std::string& source);

// Losses of the most recent step (NaN where a term did not run).
struct EncoderStepLosses {
  double total = 0.0;
  double l2 = 0.0;                   // mean squared error in [-1, 1] units
  double perceptual = 0.0;           // mean multi-scale (1 - SSIM)
  double deltaRegularization = 0.0;  // sum over active offsets of mean |delta|_2 (unweighted)
  double adversarial = 0.0;          // mean softplus(-D(code)) (unweighted)
  double discriminator = 0.0;        // mean softplus(D(fake)) + softplus(-D(real))
  double r1Penalty = 0.0;            // mean |grad D(real)|^2 where R1 ran
  int64_t activeOffsets = 0;
};

struct EncoderTrainingRun {
  int64_t totalSteps = 1000;  // train until this many steps were done in total
  // Checkpoint file written atomically every checkpointSteps, at the end and on cancellation;
  // empty = none.
  std::string checkpointPath;
  int64_t checkpointSteps = 200;
  std::function<void()> onCheckpoint;  // after each checkpoint (e.g. export the model folder)
  // CSV "step,active_offsets,loss,l2,perceptual,delta,adversarial,discriminator,seconds", one row
  // of means per logIntervalSteps; rows past a resumed checkpoint are dropped. Empty = no log.
  std::string lossLogPath;
  int64_t logIntervalSteps = 10;
};

struct EncoderTrainingSummary {
  int64_t steps = 0;
  int64_t stepsThisRun = 0;
  double secondsThisRun = 0.0;
  double secondsPerStep = 0.0;  // this run
  EncoderStepLosses lastLosses;
};

class EncoderTrainer {
 public:
  // A new training of an encoder `encoder` (its resolution must divide the generator's;
  // numWs / wDim must be the generator's) against `generator` (frozen: its parameters are not
  // changed). latent_avg starts as the generator's w_avg. `generatorId` identifies the generator
  // (e.g. its model folder's weights digest); a checkpoint remembers it. device: "cpu", "cuda".
  EncoderTrainer(const E4eEncoderConfig& encoder, StyleGan2Generator generator,
                 const EncoderTrainingOptions& options, const std::string& generatorId = "",
                 const std::string& device = "cpu");
  ~EncoderTrainer();
  EncoderTrainer(EncoderTrainer&&) noexcept;
  EncoderTrainer& operator=(EncoderTrainer&&) noexcept;

  // Continues a training from its checkpoint with the same generator (Error naming the file when
  // it is missing, corrupt, not an encoder training checkpoint, or made for another generator:
  // a different generatorId when both are non-empty, or a different W+ shape).
  static EncoderTrainer fromCheckpoint(const std::string& path, StyleGan2Generator generator,
                                       const std::string& generatorId = "",
                                       const std::string& device = "cpu");

  // Collective (every rank of `group` calls it): from now on this trainer runs its rank's share of
  // every minibatch and averages across the group. Checks that every rank holds the same training
  // (Error naming the rank and the difference) and copies the main rank's weights, buffers and
  // optimiser moments to all; Error when the group's size does not divide microBatches.
  // Afterwards step() and train() are collective too, and train() writes files and calls
  // run.onCheckpoint on the main rank only.
  void setProcessGroup(const ProcessGroup& group);

  // One step: the discriminator's (when on), then the encoder's.
  void step(const GanImageSource& images);
  // Steps until run.totalSteps, reporting progress after each; checkpoints and log as `run` says.
  // On cancellation it writes a checkpoint of the last completed step (when set) and rethrows.
  EncoderTrainingSummary train(const GanImageSource& images, const EncoderTrainingRun& run,
                               const Progress& progress = {});

  void saveCheckpoint(const std::string& path) const;
  // The encoder as a model folder; provenance gets the training state under "training".
  void saveModel(const std::string& folder, nlohmann::json provenance) const;

  // The encoder being trained (its activeOffsets follow the schedule).
  const E4eEncoder& encoder() const;
  const EncoderTrainingOptions& options() const;
  int64_t steps() const;
  int64_t imagesSeen() const;
  int64_t activeOffsets() const;
  const EncoderStepLosses& lastLosses() const;
  // Reconstruction of `frames` [N, C, R, R] through the encoder (inference mode) and generator.
  at::Tensor reconstruct(const at::Tensor& frames) const;
  // Every named tensor the checkpoint stores.
  std::vector<std::pair<std::string, at::Tensor>> stateTensors() const;

 private:
  EncoderTrainer();
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace latentecho
