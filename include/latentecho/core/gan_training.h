#pragma once
// Training a StyleGAN2 generator and discriminator the way NVlabs' stylegan2-ada-pytorch does
// (training/training_loop.py + training/loss.py StyleGAN2Loss), on the CPU or a CUDA device:
//
//  - non-saturating logistic loss: G minimises softplus(-D(G(z))), D minimises
//    softplus(D(G(z))) + softplus(-D(x));
//  - lazy R1 regularisation of D on reals, gamma/2 * |grad_x D(x)|^2, evaluated every
//    `discriminatorRegularizationInterval` minibatches and scaled by that interval;
//  - optional path-length regularisation of G (lazy, every `generatorRegularizationInterval`
//    minibatches); OFF by default here (pathLengthWeight = 0) because its double backward through
//    the synthesis network roughly doubles the cost of a step on a CPU; the official default is 2;
//  - style mixing (probability 0.9), random noise inputs, w_avg tracking in the mapping network;
//  - Adam (lr 0.0025, betas (0, 0.99), eps 1e-8) per network, with the lazy-regularisation
//    adjustment c = interval / (interval + 1): lr * c, betas ^ c (as the official code, also for G
//    when path-length regularisation is off);
//  - a generator EMA with the official ema_kimg / ema_rampup semantics:
//      ema_nimg = min(ema_kimg * 1000, images_seen * ema_rampup), beta = 0.5^(batch / ema_nimg),
//      G_ema.param = G.param + beta * (G_ema.param - G.param), G_ema.buffers = G.buffers;
//  - float32 throughout (the official mixed precision is a GPU optimisation).
//
// The phases of one minibatch run in the official order: Gmain, Greg, Dmain, Dreg; the
// discriminator's minibatch-standard-deviation groups are formed within each D call.
//
// Determinism and exact resumption: every random number of step s (latents, style-mixing cut-offs,
// noise, path-length noise, flips) comes from a generator seeded with a hash of (seed, s), the
// real-image order from a permutation per epoch seeded with a hash of (seed, epoch), and the
// initial weights from a generator seeded with the seed. The random state is therefore entirely
// in the counters, and a checkpoint (weights of G, D and G_ema, both Adam states, the path-length
// mean, the counters and the loss-log accumulators) resumes bit for bit: N steps straight give the
// same weights as k steps, a checkpoint, a new trainer from it and N - k steps (same device and
// thread count: floating-point reductions may differ between them).
//
// Micro-batches and data-parallel training: the minibatch may be processed as
// GanTrainingOptions::microBatches equal parts, each with its own random draws, its own shard of
// the real images and its own minibatch-stddev groups, the gradients averaged over them (the
// official code's per-GPU batches; see src/core/data_parallel.h). With a ProcessGroup of W ranks
// (setProcessGroup) each rank runs microBatches / W of them and the gradients of every phase
// (Gmain, Greg, Dmain, Dreg) are summed across the ranks before each optimiser step, as are the
// w_avg and path-length-mean updates and the logged losses; the weights therefore stay identical
// on every rank and equal those of one process training with the same options.
//
// Thread-safety: a GanTrainer is used by one thread at a time. Construction seeds LibTorch's
// default CPU generator briefly (its state is restored afterwards), so do not construct a trainer
// while another thread draws from that default generator.
#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/progress.h"
#include "latentecho/core/stylegan2.h"
#include "latentecho/core/stylegan2_discriminator.h"

namespace latentecho {

class ProcessGroup;  // distributed.h

// ---------------------------------------------------------------------------------------------
// Real images.

// Where the real images come from. Images are addressed by index in [0, size()).
class GanImageSource {
 public:
  virtual ~GanImageSource() = default;
  virtual int64_t size() const = 0;
  virtual int64_t channels() const = 0;
  virtual int64_t resolution() const = 0;  // images are resolution x resolution
  // The images at `indices` as float32 [B, channels, R, R] in [-1, 1] on the CPU.
  virtual at::Tensor images(const std::vector<int64_t>& indices) const = 0;
};

// Images held in one tensor [N, C, R, R] (C >= 1, R a power of two >= 4): uint8 (0..255, mapped
// to [-1, 1] as x / 127.5 - 1, as the official loader) or floating point already in [-1, 1]
// (stored as float32). uint8 keeps a large set of frames 4x smaller in memory.
class TensorImageSource : public GanImageSource {
 public:
  explicit TensorImageSource(at::Tensor images);
  int64_t size() const override { return images_.size(0); }
  int64_t channels() const override { return images_.size(1); }
  int64_t resolution() const override { return images_.size(2); }
  at::Tensor images(const std::vector<int64_t>& indices) const override;

 private:
  at::Tensor images_;
};

// ---------------------------------------------------------------------------------------------
// Settings.

// The discriminator's architecture: the official 'resnet' Discriminator for the generator's
// resolution and image channels, with the same channel rule (min(channel_base / res,
// channel_max)) unless channels are given.
struct GanDiscriminatorSettings {
  std::optional<int64_t> channelBase;  // none = the generator's
  std::optional<int64_t> channelMax;   // none = the generator's
  int64_t minibatchStdGroupSize = 4;   // official 'auto': min(batch, 4); groups of min(this, N)
  int64_t minibatchStdChannels = 1;
  std::optional<double> convClamp = 256.0;
};

// Hyperparameters. They are stored in the checkpoint and a resumed run uses the stored ones.
struct GanTrainingOptions {
  int64_t batchSize = 8;
  std::uint64_t seed = 0;
  double generatorLearningRate = 0.0025;
  double discriminatorLearningRate = 0.0025;
  double adamBeta1 = 0.0;
  double adamBeta2 = 0.99;
  double adamEpsilon = 1e-8;
  // R1 weight; none = the official 'auto' heuristic 0.0002 * resolution^2 / batch.
  std::optional<double> r1Gamma;
  // Lazy regularisation intervals in minibatches; 0 = none (regularise within the main phase,
  // no lr/beta adjustment).
  int64_t discriminatorRegularizationInterval = 16;
  int64_t generatorRegularizationInterval = 4;
  double pathLengthWeight = 0.0;  // official: 2; off by default on the CPU (see above)
  double pathLengthDecay = 0.01;
  int64_t pathLengthBatchShrink = 2;
  double styleMixingProbability = 0.9;
  // EMA half-life in thousands of images; none = the official 'auto' value batch * 10 / 32.
  std::optional<double> emaKimg;
  // EMA warm-up: the half-life is at most images_seen * rampup; none = no warm-up.
  std::optional<double> emaRampup = 0.05;
  // The minibatch is processed as this many equal micro-batches (batchSize must be a multiple):
  // each draws its own random numbers, reads its own shard of the images (index % microBatches)
  // and forms its own minibatch-stddev groups; gradients are averaged over them. Data-parallel
  // training over W processes needs a multiple of W (the CLI uses W unless told otherwise).
  int64_t microBatches = 1;
  // Mirror real images left-right with probability 0.5. Off by default: an apical four-chamber
  // view is not mirror-symmetric (the left ventricle is on the right of the screen).
  bool xFlip = false;
  GanDiscriminatorSettings discriminator;

  double effectiveR1Gamma(int64_t resolution) const;
  double effectiveEmaKimg() const;
  // Throws Error naming the first invalid setting.
  void validate() const;
};

nlohmann::json ganTrainingOptionsToJson(const GanTrainingOptions& options);
GanTrainingOptions ganTrainingOptionsFromJson(const nlohmann::json& json, const std::string& source);

// ---------------------------------------------------------------------------------------------
// Results and hooks.

// Losses of the most recent minibatch (NaN where a phase did not run in it).
struct GanStepLosses {
  double generator = 0.0;          // mean softplus(-D(G(z)))               (official Loss/G/loss)
  double discriminator = 0.0;      // mean softplus(D(G(z))) + softplus(-D(x))  (Loss/D/loss)
  double r1Penalty = 0.0;          // mean |grad_x D(x)|^2                  (Loss/r1_penalty)
  double r1Loss = 0.0;             // r1Penalty * gamma / 2                 (Loss/D/reg)
  double pathLengthPenalty = 0.0;  // mean (|J_w^T y| - a)^2                (Loss/pl_penalty)
  double pathLengthLoss = 0.0;     // pathLengthPenalty * pl_weight         (Loss/G/reg)
  double realScore = 0.0;          // mean D(x) in the D phase
  double fakeScore = 0.0;          // mean D(G(z)) in the D phase
};

// A grid of EMA-generator samples for fixed latents (or of real images), for looking at progress.
struct GanSnapshot {
  std::string kind;  // "fakes" or "reals"
  int64_t step = 0;
  double kimg = 0.0;
  at::Tensor grid;   // uint8 [C, rows * R, columns * R], CPU
};

// How and how long to train; may differ between a run and its resumption.
struct GanTrainingRun {
  double totalKimg = 1000.0;  // train until this many thousand real images have been shown
  // Checkpoint file, written atomically every checkpointKimg, at the end and on cancellation;
  // empty = none.
  std::string checkpointPath;
  double checkpointKimg = 4.0;
  // Snapshots (grid of G_ema samples) every snapshotKimg and at the end; 0 = never.
  double snapshotKimg = 4.0;
  int64_t snapshotColumns = 4;
  int64_t snapshotRows = 4;
  std::function<void(const GanSnapshot&)> onSnapshot;
  // Called after each checkpoint was written (e.g. to export the EMA generator as a model folder).
  std::function<void()> onCheckpoint;
  // Loss log: CSV with header
  //   kimg,step,loss_G,loss_D,loss_R1,loss_PL,r1_penalty,score_real,score_fake,seconds
  // (GanStepLosses' fields; seconds of training so far, over all runs), one row of means per
  // logIntervalSteps minibatches, empty fields where a phase did not run in the interval. On resumption rows past the checkpoint are dropped, so the log continues
  // exactly. Empty path = no log.
  std::string lossLogPath;
  int64_t logIntervalSteps = 4;
};

struct GanTrainingSummary {
  int64_t steps = 0;           // minibatches done in total
  int64_t imagesSeen = 0;      // real images shown to D in total
  double kimg = 0.0;
  int64_t stepsThisRun = 0;
  double secondsThisRun = 0.0;
  double secondsTotal = 0.0;   // over all runs of this training (from the checkpoint)
  double secondsPerKimg = 0.0; // this run
  GanStepLosses lastLosses;
};

// ---------------------------------------------------------------------------------------------

class GanTrainer {
 public:
  // A new training: G from `generator` (resolution >= 8, channels, mapping ...), D matching it,
  // both initialised as the official code does, from `options.seed`. `device`: "cpu", "cuda", ...
  GanTrainer(const StyleGan2GeneratorConfig& generator, const GanTrainingOptions& options,
             const std::string& device = "cpu");
  ~GanTrainer();
  GanTrainer(GanTrainer&&) noexcept;
  GanTrainer& operator=(GanTrainer&&) noexcept;

  // A training continued from a checkpoint (written by saveCheckpoint). Throws Error naming the
  // file when it is missing, corrupt or not a GAN training checkpoint.
  static GanTrainer fromCheckpoint(const std::string& path, const std::string& device = "cpu");

  // Collective (every rank of `group` calls it): from now on this trainer runs its rank's share
  // of every minibatch and averages across the group. Checks that every rank holds the same
  // training (options, architecture, counters; Error naming the rank and the difference, e.g. a
  // rank that resumed from another checkpoint) and copies the main rank's weights, buffers and
  // optimiser moments to all. Error when the group's size does not divide microBatches.
  // Afterwards step() and train() are collective too, and train() writes files and calls
  // run.onSnapshot / run.onCheckpoint on the main rank only.
  void setProcessGroup(const ProcessGroup& group);

  // One minibatch: all phases due at this step, the EMA update, the counters.
  void step(const GanImageSource& images);

  // Steps until totalKimg thousand images were shown, reporting progress (fraction of totalKimg,
  // a stage text with kimg, losses and time left) after every step. Checkpoints, snapshots and the
  // loss log as `run` says. On cancellation (Progress threw Cancelled) it writes a checkpoint of the
  // last completed step (when checkpointPath is set) and rethrows; an earlier checkpoint is only
  // ever replaced atomically by a complete one.
  GanTrainingSummary train(const GanImageSource& images, const GanTrainingRun& run,
                           const Progress& progress = {});

  // Writes the whole training state atomically (temporary file + rename).
  void saveCheckpoint(const std::string& path) const;

  // Samples of the EMA generator for `latents` (fixed z [N, z_dim]), noise 'const', psi 1.
  at::Tensor sampleEma(const at::Tensor& latents) const;
  // The latents the snapshots use: count x z_dim, fixed by the seed.
  at::Tensor snapshotLatents(int64_t count) const;

  // Writes the EMA generator as a model folder (stylegan2_model.h) with `provenance` plus the
  // training state (kimg, steps, options) under provenance["training"].
  void saveModel(const std::string& folder, nlohmann::json provenance,
                 at::ScalarType floatStorage = at::kFloat) const;

  StyleGan2GeneratorImpl& generator();
  StyleGan2GeneratorImpl& emaGenerator();
  StyleGan2DiscriminatorImpl& discriminator();
  const StyleGan2GeneratorImpl& generator() const;
  const StyleGan2GeneratorImpl& emaGenerator() const;
  const StyleGan2GeneratorConfig& generatorConfig() const;
  const GanTrainingOptions& options() const;

  int64_t steps() const;
  int64_t imagesSeen() const;
  double kimg() const;
  // The EMA decay the next step will use (depends on imagesSeen()).
  double nextEmaBeta() const;
  const GanStepLosses& lastLosses() const;
  // Every named tensor of G, D, G_ema and the optimizer moments, as the checkpoint stores them.
  std::vector<std::pair<std::string, at::Tensor>> stateTensors() const;

  // Number of real images the checkpointed training was shown per epoch (the data set's size at
  // the first step; 0 before it). A resumed run must use a data set of the same size, or the
  // image order would change (train() throws Error then).
  int64_t dataSetSize() const;

 private:
  GanTrainer();
  struct State;
  std::unique_ptr<State> state_;
};

// Images [N, C, R, R] in [-1, 1] tiled into a grid of `columns` (rows as needed, the remaining
// cells black): uint8 [C, rows * R, columns * R] with pixel = clamp((x + 1) * 127.5, 0, 255).
at::Tensor imageGrid(const at::Tensor& images, int64_t columns);

}  // namespace latentecho
