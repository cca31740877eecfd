// `latentecho train encoder --data DIR --generator MODEL_DIR --out MODEL_DIR [...]`: the e4e
// encoder (encoder_training.h) against a frozen generator, on all frames (HQ and LQ) of an
// EchoNet-layout dataset. MODEL_DIR becomes an "e4e-encoder" model folder, refreshed at every
// checkpoint; its training checkpoint and loss log live beside the weights, and a run that finds
// the checkpoint continues from it. Several processes may train together (--world-size/--rank/
// --master or SLURM's environment; distributed_flags.h): rank 0 alone writes MODEL_DIR.
#include <chrono>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "command.h"
#include "distributed_flags.h"
#include "latentecho/core/distributed.h"
#include "latentecho/core/encoder_training.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/io/gan_frames.h"

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckpointName = "encoder-training.safetensors";
constexpr const char* kLossLogName = "encoder-loss.csv";

struct TrainEncoderOptions {
  std::string data;
  std::string generator;
  std::string out;
  std::string preset = "compact";
  int64_t steps = 2000;
  int64_t batch = 8;
  std::uint64_t seed = 0;
  double learningRate = 1e-4;
  double perceptualWeight = 0.8;
  int64_t progressiveStart = 200;
  int64_t progressiveEvery = 50;
  double latentDiscriminatorWeight = 0.1;
  int64_t maxFrames = 0;
  std::string split = "TRAIN";
  int64_t checkpointSteps = 100;
  int64_t logSteps = 10;
  int64_t microBatches = 0;  // 0 = the world size
  CLI::Option* microBatchesOption = nullptr;
  DistributedFlags distributed;
};

void runTrainEncoder(const TrainEncoderOptions& o, Session& session, const ProcessGroup& group) {
  const Progress progress = session.progress();
  const auto start = std::chrono::steady_clock::now();
  LoadedStyleGan2Generator loaded = loadStyleGan2Generator(o.generator);
  StyleGan2Generator generator = loaded.generator;
  const StyleGan2GeneratorConfig& g = generator->config();
  const std::string generatorId = loaded.folder.weightsDigest;
  const fs::path checkpoint = fs::path(o.out) / kCheckpointName;

  std::unique_ptr<EncoderTrainer> trainer;
  const bool resumed = fs::exists(checkpoint);
  if (resumed) {
    session.say(
        "Continuing the training in " + checkpoint.string() +
        " (its stored settings apply; architecture and loss options given now are ignored)");
    trainer = std::make_unique<EncoderTrainer>(
        EncoderTrainer::fromCheckpoint(checkpoint.string(), generator, generatorId));
    if (o.microBatchesOption && o.microBatchesOption->count() > 0 &&
        trainer->options().microBatches != o.microBatches)
      throw Error(checkpoint.string() + " was trained with --micro-batches " +
                  std::to_string(trainer->options().microBatches) + "; a resumed run keeps it");
  } else {
    E4eEncoderConfig config;
    if (o.preset == "compact")
      config = E4eEncoderConfig::compact(g.numWs(), g.wDim, g.imageChannels, g.resolution);
    else if (o.preset == "official")
      config = E4eEncoderConfig::officialIrSe50(g.numWs(), g.wDim, g.imageChannels, g.resolution);
    else  // "tiny": for tests and smoke runs
    {
      config = E4eEncoderConfig::compact(g.numWs(), g.wDim, g.imageChannels, g.resolution);
      config.stemChannels = 8;
      config.stemStride = 1;
      config.stages = {{8, 1}, {12, 1}, {16, 1}, {24, 1}};
      config.squeezeReduction = 4;
      config.headChannels = 16;
    }
    EncoderTrainingOptions options;
    options.batchSize = o.batch;
    options.microBatches = o.microBatches > 0 ? o.microBatches : group.worldSize();
    options.seed = o.seed;
    options.learningRate = o.learningRate;
    options.perceptualWeight = o.perceptualWeight;
    options.progressiveStart = o.progressiveStart;
    options.progressiveStepEvery = o.progressiveEvery;
    options.latentDiscriminatorWeight = o.latentDiscriminatorWeight;
    trainer = std::make_unique<EncoderTrainer>(config, generator, options, generatorId);
  }
  const E4eEncoderConfig& config = trainer->encoder().config();

  GanFramesOptions frameOptions;
  frameOptions.resolution = static_cast<int>(config.resolution);
  frameOptions.split = o.split;
  frameOptions.maxFrames = o.maxFrames;
  const GanFrames frames = loadGanFrames(o.data, frameOptions, progress.sub(0.0, 0.05));
  session.say("Training on " + std::to_string(frames.images.size(0)) + " frames (" +
              std::to_string(frames.highQualityFrames) + " HQ, " +
              std::to_string(frames.lowQualityFrames) + " LQ) of " + std::to_string(frames.clips) +
              " clips");
  TensorImageSource images(frames.images);
  if (group.distributed()) {
    trainer->setProcessGroup(group);
    session.say("Data-parallel over " + std::to_string(group.worldSize()) + " ranks: " +
                std::to_string(trainer->options().microBatches) + " micro-batches of " +
                std::to_string(trainer->options().batchSize / trainer->options().microBatches) +
                " frames per step");
  }

  std::ostringstream command;
  command << "latentecho train encoder --data " << o.data << " --generator " << o.generator
          << " --out " << o.out << " --preset " << o.preset << " --steps " << o.steps << " --batch "
          << o.batch << " --seed " << o.seed << " --lr " << o.learningRate
          << " --perceptual-weight " << o.perceptualWeight << " --progressive-start "
          << o.progressiveStart << " --progressive-every " << o.progressiveEvery
          << " --latent-discriminator-weight " << o.latentDiscriminatorWeight << " --max-frames "
          << o.maxFrames << " --split " << o.split << " --micro-batches "
          << trainer->options().microBatches;
  const nlohmann::json provenance = {
      {"source", "trained"},
      {"command", command.str()},
      {"data", fs::absolute(o.data).string()},
      {"split", frames.split},
      {"frames", frames.images.size(0)},
      {"generator", fs::absolute(o.generator).string()},
      {"generator_weights_xxh64", generatorId},
      {"method",
       "e4e (Tov et al. 2021): progressive offsets, delta regularisation, latent discriminator; "
       "L2 + multi-scale structural dissimilarity in place of LPIPS"}};

  EncoderTrainingRun run;
  run.totalSteps = o.steps;
  run.checkpointPath = checkpoint.string();
  run.checkpointSteps = o.checkpointSteps;
  run.lossLogPath = (fs::path(o.out) / kLossLogName).string();
  run.logIntervalSteps = o.logSteps;
  run.onCheckpoint = [&] { trainer->saveModel(o.out, provenance); };
  if (group.isMain()) fs::create_directories(o.out);
  const EncoderTrainingSummary summary = trainer->train(images, run, progress.sub(0.05, 1.0));

  nlohmann::json& result = session.result;
  result["model"] = o.out;
  result["kind"] = kE4eEncoderKind;
  result["resumed"] = resumed;
  result["steps"] = summary.steps;
  result["steps_this_run"] = summary.stepsThisRun;
  result["seconds_per_step"] = summary.secondsPerStep;
  result["active_offsets"] = trainer->activeOffsets();
  result["frames"] = frames.images.size(0);
  result["loss"] = summary.lastLosses.total;
  result["l2"] = summary.lastLosses.l2;
  result["config"] = e4eEncoderConfigToJson(config);
  result["checkpoint"] = checkpoint.string();
  result["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  session.say("Encoder trained to step " + std::to_string(summary.steps) + " (" +
              std::to_string(summary.secondsPerStep) + " s/step) in " + o.out);
}

}  // namespace

void addTrainEncoderCommand(CLI::App& app, Session& session) {
  CLI::App* train = subcommandGroup(app, "train", "Train the project's networks on a dataset");
  auto o = std::make_shared<TrainEncoderOptions>();
  CLI::App* cmd = train->add_subcommand(
      "encoder", "Train an e4e encoder for a generator on all frames (HQ and LQ) of a dataset");
  cmd->fallthrough();
  cmd->add_option("--data", o->data, "Dataset folder (EchoNet-Dynamic layout)")->required();
  cmd->add_option("--generator", o->generator, "The generator's model folder (kept frozen)")
      ->required();
  cmd->add_option("--out", o->out, "Encoder model folder (with checkpoint and loss log)")
      ->required();
  cmd->add_option("--preset", o->preset, "Architecture: compact (CPU), official (IR-SE50), tiny")
      ->check(CLI::IsMember({"compact", "official", "tiny"}))
      ->capture_default_str();
  cmd->add_option("--steps", o->steps, "Train until this many steps in total")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Minibatch size")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the weights and every random draw")
      ->capture_default_str();
  cmd->add_option("--lr", o->learningRate, "Adam learning rate")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--perceptual-weight", o->perceptualWeight,
                  "Weight of the multi-scale structural dissimilarity")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--progressive-start", o->progressiveStart,
                  "Steps with the base w alone before offsets are released (e4e: 20000)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--progressive-every", o->progressiveEvery,
                  "Steps per released offset (e4e: 2000; 0 = all offsets at once)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--latent-discriminator-weight", o->latentDiscriminatorWeight,
                  "Weight of the latent discriminator's loss (0 = off)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-frames", o->maxFrames, "Train on an even subset of frames (0: all)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--split", o->split, "Clips of this split: TRAIN, VAL, TEST or ALL")
      ->capture_default_str();
  cmd->add_option("--checkpoint-steps", o->checkpointSteps,
                  "Checkpoint and refresh the model folder every this many steps")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--log-steps", o->logSteps, "Loss log row every this many steps")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  o->microBatchesOption =
      cmd->add_option("--micro-batches", o->microBatches,
                      "Process each minibatch as this many parts, each with its own random draws, "
                      "data shard and BatchNorm statistics (default: the world size; a multiple "
                      "of it)")
          ->check(CLI::PositiveNumber);
  addDistributedFlags(*cmd, o->distributed);
  cmd->callback([o, &session] {
    session.action = [o, &session] {
      const ProcessGroup group = joinProcessGroup(o->distributed, session);
      runAsRank(group, [&] { runTrainEncoder(*o, session, group); });
    };
  });
}

}  // namespace latentecho::cli
