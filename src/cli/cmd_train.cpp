// `latentecho train gan --data DIR --out MODEL_DIR`: trains a StyleGAN2 on every frame (HQ and LQ)
// of an EchoNet-layout dataset, as the paper did, with GanTrainer (core/gan_training.h).
//
// MODEL_DIR holds, while and after training:
//   model.json, weights.safetensors   the EMA generator as a model folder, rewritten at every
//                                     checkpoint, so a usable model always exists
//   checkpoint.safetensors            the whole training state (resumes exactly)
//   training.json                     the data the run was given and every command that ran it
//   loss.csv                          the loss log (GanTrainingRun::lossLogPath)
//   snapshots/reals.png, snapshots/fakes_<images seen>.png   sample grids
// A run that finds checkpoint.safetensors continues from it (and says so); its architecture and
// hyperparameters come from the checkpoint.
//
// Several processes may train together (--world-size/--rank/--master, or SLURM's environment;
// distributed_flags.h): every rank reads the data and the checkpoint, rank 0 alone writes
// MODEL_DIR.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "command.h"
#include "distributed_flags.h"
#include "latentecho/core/distributed.h"
#include "latentecho/core/error.h"
#include "latentecho/core/gan_training.h"
#include "latentecho/core/runtime.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/io/atomic_file.h"
#include "latentecho/io/clip_writer.h"
#include "latentecho/io/gan_frames.h"
#include "training_frames.h"

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCheckpointName = "checkpoint.safetensors";
constexpr const char* kTrainingRecordName = "training.json";
constexpr const char* kLossLogName = "loss.csv";

struct TrainGanOptions {
  std::string data;
  std::string out;
  double kimg = 1000.0;
  int batch = 8;
  std::uint64_t seed = 0;
  std::string preset = "default";
  int resolution = 0;
  int channelBase = 0;
  int channelMax = 0;
  int mappingLayers = 0;
  int wDim = 0;
  double checkpointKimg = 1.0;
  double snapshotKimg = 4.0;
  bool resume = false;
  int64_t maxFrames = 0;
  std::string split = "ALL";
  std::string exportModel;  // write the checkpoint's EMA generator there instead of training
  bool half = false;        // with exportModel: float16 weights
  double r1Gamma = -1.0;    // < 0 = the official auto value
  int logIntervalSteps = 4;
  int microBatches = 0;  // 0 = the world size
  DistributedFlags distributed;
  // Which options the user gave (CLI11 fills these after parsing).
  CLI::Option* batchOption = nullptr;
  CLI::Option* seedOption = nullptr;
  CLI::Option* architectureOptions[6] = {};
  CLI::Option* dataOption = nullptr;
  CLI::Option* maxFramesOption = nullptr;
  CLI::Option* splitOption = nullptr;
  CLI::Option* r1GammaOption = nullptr;
  CLI::Option* microBatchesOption = nullptr;
};

// The architectures the command knows. "default" is the embedded model's: the paper's latent shape
// (W+ 14 x 512 at 256 x 256, one channel) with channels small enough for fast CPU synthesis.
StyleGan2GeneratorConfig presetConfig(const std::string& name) {
  StyleGan2GeneratorConfig config;
  config.imageChannels = 1;
  if (name == "paper256") return StyleGan2GeneratorConfig::paper256(1);
  if (name == "default") {
    config.resolution = 256;
    config.zDim = config.wDim = config.mappingLayerFeatures = 512;
    // Eight mapping layers as the paper's (official) network: they cost nothing next to synthesis
    // and the encoder/PTI/direction steps assume the W space such a mapping learns.
    config.mappingLayers = 8;
    config.setChannels(4096, 256);
    return config;
  }
  if (name == "tiny") {  // tests and smoke runs: seconds per kimg
    config.resolution = 32;
    config.zDim = config.wDim = config.mappingLayerFeatures = 32;
    config.mappingLayers = 2;
    config.setChannels(512, 32);
    return config;
  }
  throw Error("--preset: unknown preset '" + name + "' (default, paper256 or tiny)");
}

StyleGan2GeneratorConfig requestedConfig(const TrainGanOptions& o) {
  StyleGan2GeneratorConfig config = presetConfig(o.preset);
  if (o.resolution > 0) {
    if (o.resolution < 8 || (o.resolution & (o.resolution - 1)) != 0)
      throw Error("--resolution " + std::to_string(o.resolution) +
                  " is not a power of two >= 8 (StyleGAN2 doubles its resolution per block)");
    config.resolution = o.resolution;
  }
  if (o.wDim > 0) config.zDim = config.wDim = config.mappingLayerFeatures = o.wDim;
  if (o.mappingLayers > 0) config.mappingLayers = o.mappingLayers;
  const int64_t base = o.channelBase > 0 ? o.channelBase : config.channelBase.value_or(16384);
  const int64_t max = o.channelMax > 0 ? o.channelMax : config.channelMax.value_or(512);
  config.setChannels(base, max);
  for (int64_t c : config.channels)
    if (c < 1)
      throw Error("--channel-base " + std::to_string(base) + " leaves no channels at resolution " +
                  std::to_string(config.resolution) + "; raise it to at least " +
                  std::to_string(config.resolution));
  config.validate();
  return config;
}

bool given(const CLI::Option* option) { return option != nullptr && option->count() > 0; }

std::string quoted(const std::string& argument) {
  if (!argument.empty() && argument.find_first_of(" \t\n'\"\\$`*?;&|<>()#~") == std::string::npos)
    return argument;
  std::string out = "'";
  for (char c : argument) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string commandLine(const std::vector<std::string>& arguments) {
  std::string line;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    if (i) line += ' ';
    // argv[0] as the program's name, not wherever it was started from.
    line += i == 0 ? std::string("latentecho") : quoted(arguments[i]);
  }
  return line;
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string formatKimg(double kimg) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.3f", kimg);
  return buffer;
}

// The same architecture for the purposes of continuing a training.
void checkSameArchitecture(const StyleGan2GeneratorConfig& stored,
                           const StyleGan2GeneratorConfig& requested,
                           const std::string& checkpoint) {
  auto mismatch = [&](const std::string& what, int64_t have, int64_t want) {
    if (have != want)
      throw Error(checkpoint + " trains a generator with " + what + " " + std::to_string(have) +
                  ", not " + std::to_string(want) +
                  " as asked; leave out the architecture options to continue it, or train into "
                  "another --out folder");
  };
  mismatch("resolution", stored.resolution, requested.resolution);
  mismatch("w_dim", stored.wDim, requested.wDim);
  mismatch("mapping layers", stored.mappingLayers, requested.mappingLayers);
  for (std::size_t i = 0; i < stored.channels.size() && i < requested.channels.size(); ++i)
    mismatch("channels at " + std::to_string(4 << i) + "x" + std::to_string(4 << i),
             stored.channels[i], requested.channels[i]);
}

// Rate-limits what a non-terminal stderr (a log file) receives: the stage text changes at most
// every 30 s (and at every tenth of the run), so the bar writes a line then rather than per step;
// a terminal sees every update.
// Every call still reaches the session's progress, so Ctrl-C is noticed after the current step.
Progress throttledProgress(const Session& session) {
  struct State {
    Progress inner;
    bool terminal;
    std::string shown;
    std::chrono::steady_clock::time_point last;
    int decile = -1;
  };
  auto state = std::make_shared<State>();
  state->inner = session.progress();
  state->terminal = isatty(STDERR_FILENO) != 0;
  state->last = std::chrono::steady_clock::now();
  return Progress([state](double fraction, std::string_view stage) {
    const auto now = std::chrono::steady_clock::now();
    const int decile = static_cast<int>(fraction * 10.0);
    if (state->terminal || state->shown.empty() || fraction >= 1.0 || decile != state->decile ||
        now - state->last >= std::chrono::seconds(30)) {
      state->decile = decile;
      state->shown = std::string(stage);
      state->last = now;
    }
    state->inner.report(fraction, state->shown);
    return true;
  });
}

void writeGrid(const GanSnapshot& snapshot, const fs::path& folder) {
  const at::Tensor grid = snapshot.grid.contiguous();
  if (grid.size(0) != 1) return;  // one-channel models only (the project's)
  Clip clip(1, static_cast<int>(grid.size(1)), static_cast<int>(grid.size(2)));
  std::memcpy(clip.pixels.data(), grid.data_ptr<std::uint8_t>(), clip.pixels.size());
  char name[64];
  if (snapshot.kind == "reals")
    std::snprintf(name, sizeof name, "reals.png");
  else
    std::snprintf(name, sizeof name, "fakes_%09lld.png",
                  static_cast<long long>(std::llround(snapshot.kimg * 1000.0)));
  writeClip(clip, (folder / name).string());
}

// How the model was made, for model.json: the command that started the training, every command
// that continued it, the preset, the seed and the data.
nlohmann::json trainingProvenance(const nlohmann::json& record, const GanTrainer& trainer) {
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& run : record["runs"]) commands.push_back(run["command"]);
  return {{"made_by", "latentecho train gan"},
          {"command", commands.empty() ? nlohmann::json() : commands[0]},
          {"commands", commands},
          {"preset", record.value("preset", std::string("?"))},
          {"seed", trainer.options().seed},
          {"data", record.value("data", nlohmann::json::object())}};
}

// `--export-model DIR`: the EMA generator of MODEL_DIR's checkpoint as a model folder, without
// training and without writing into MODEL_DIR (a running training keeps sole use of it).
void exportTrainedModel(const TrainGanOptions& o, const nlohmann::json& record, Session& session) {
  const fs::path checkpointPath = fs::path(o.out) / kCheckpointName;
  if (!fs::exists(checkpointPath))
    throw Error("--export-model: " + checkpointPath.string() +
                " does not exist (nothing to export)");
  if (fs::absolute(o.exportModel).lexically_normal() == fs::absolute(o.out).lexically_normal())
    throw Error("--export-model must name another folder than --out");
  const GanTrainer trainer = GanTrainer::fromCheckpoint(checkpointPath.string(), "cpu");
  nlohmann::json provenance = trainingProvenance(record, trainer);
  provenance["exported_by"] = commandLine(session.arguments);
  provenance["exported_at"] = utcNow();
  provenance["weights_dtype"] = o.half ? "float16" : "float32";
  trainer.saveModel(o.exportModel, provenance, o.half ? at::kHalf : at::kFloat);
  session.say("Exported the EMA generator at kimg " + formatKimg(trainer.kimg()) + " to " +
              o.exportModel + (o.half ? " (float16)" : ""));
  session.result = {{"model", o.exportModel},
                    {"from", checkpointPath.string()},
                    {"kimg", trainer.kimg()},
                    {"steps", trainer.steps()},
                    {"half", o.half}};
}

void runTrainGan(TrainGanOptions o, Session& session, const ProcessGroup& group) {
  const bool mainRank = group.isMain();
  const fs::path out(o.out);
  const fs::path checkpointPath = out / kCheckpointName;
  const fs::path recordPath = out / kTrainingRecordName;
  const bool haveCheckpoint = fs::exists(checkpointPath);
  if (o.resume && !haveCheckpoint)
    throw Error("--resume: " + checkpointPath.string() + " does not exist (nothing to continue)");
  if (fs::exists(out) && !fs::is_directory(out))
    throw Error("--out " + o.out + " exists and is not a folder");

  // What earlier runs recorded: the data (so a resumption may leave out --data) and the commands.
  nlohmann::json record = {{"format", "latentecho-gan-training"},
                           {"runs", nlohmann::json::array()}};
  if (haveCheckpoint && fs::exists(recordPath)) {
    std::ifstream in(recordPath);
    try {
      record = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
      throw Error(recordPath.string() + " is not valid JSON: " + e.what());
    }
  }
  if (!o.exportModel.empty()) {
    if (group.distributed())
      throw Error("--export-model runs in one process (leave out --world-size)");
    return exportTrainedModel(o, record, session);
  }
  if (o.half) throw Error("--half applies to --export-model only");
  const nlohmann::json recordedData = record.value("data", nlohmann::json::object());
  if (!given(o.dataOption)) {
    if (!haveCheckpoint || !recordedData.contains("path"))
      throw Error("--data: give the dataset folder to train on");
    o.data = recordedData["path"].get<std::string>();
  }
  if (haveCheckpoint && recordedData.is_object()) {
    if (!given(o.maxFramesOption) && recordedData.contains("max_frames"))
      o.maxFrames = recordedData["max_frames"].get<int64_t>();
    if (!given(o.splitOption) && recordedData.contains("split"))
      o.split = recordedData["split"].get<std::string>();
  }

  // The trainer: new, or continued from the checkpoint.
  const bool architectureGiven =
      std::any_of(std::begin(o.architectureOptions), std::end(o.architectureOptions), given);
  std::optional<GanTrainer> trainer;
  const std::string device = group.options().device;  // this rank's GPU, or the CPU
  if (haveCheckpoint) {
    trainer.emplace(GanTrainer::fromCheckpoint(checkpointPath.string(), device));
    if (architectureGiven)
      checkSameArchitecture(trainer->generatorConfig(), requestedConfig(o),
                            checkpointPath.string());
    if (given(o.batchOption) && trainer->options().batchSize != o.batch)
      throw Error(checkpointPath.string() + " was trained with --batch " +
                  std::to_string(trainer->options().batchSize) + "; a resumed run keeps it");
    if (given(o.seedOption) && trainer->options().seed != o.seed)
      throw Error(checkpointPath.string() + " was trained with --seed " +
                  std::to_string(trainer->options().seed) + "; a resumed run keeps it");
    if (given(o.microBatchesOption) && trainer->options().microBatches != o.microBatches)
      throw Error(checkpointPath.string() + " was trained with --micro-batches " +
                  std::to_string(trainer->options().microBatches) + "; a resumed run keeps it");
    session.say("Resuming the training in " + o.out + " from its checkpoint at kimg " +
                formatKimg(trainer->kimg()) + " (step " + std::to_string(trainer->steps()) + ")");
  }
  const StyleGan2GeneratorConfig config =
      haveCheckpoint ? trainer->generatorConfig() : requestedConfig(o);

  // Frames first: a bad dataset fails before anything is written.
  GanFramesOptions frameOptions;
  frameOptions.resolution = static_cast<int>(config.resolution);
  frameOptions.split = o.split;
  frameOptions.maxFrames = o.maxFrames;
  // One micro-batch per rank unless told otherwise: what makes the run reproducible in one
  // process with --micro-batches set to the world size.
  const int64_t microBatches = haveCheckpoint       ? trainer->options().microBatches
                               : o.microBatches > 0 ? o.microBatches
                                                    : group.worldSize();
  const GanTrainingRun defaultRun;
  frameOptions.holdFrame =
      rankFrameFilter(group, microBatches, defaultRun.snapshotColumns * defaultRun.snapshotRows);
  session.say("Reading the frames of " + o.data + " at " + std::to_string(config.resolution) + "x" +
              std::to_string(config.resolution) + " ...");
  const GanFrames frames = loadGanFrames(o.data, frameOptions, session.progress());
  session.say(
      "Training on " + std::to_string(frames.setSize) + " frames (" +
      std::to_string(frames.highQualityFrames) + " HQ, " + std::to_string(frames.lowQualityFrames) +
      " LQ) of " + std::to_string(frames.clips) + " clips" +
      (frames.framesAvailable > frames.setSize
           ? " (an even subset of " + std::to_string(frames.framesAvailable) + ")"
           : std::string()) +
      (frames.indices.empty()
           ? std::string()
           : "; this rank holds the " + std::to_string(frames.images.size(0)) + " it reads"));
  if (haveCheckpoint && trainer->dataSetSize() != 0 && trainer->dataSetSize() != frames.setSize)
    throw Error(o.data + " gives " + std::to_string(frames.setSize) +
                " frames, but the checkpoint was trained on " +
                std::to_string(trainer->dataSetSize()) +
                " (the image order depends on it); use the same data, --split and --max-frames");

  if (!haveCheckpoint) {
    GanTrainingOptions training;
    training.batchSize = o.batch;
    training.seed = o.seed;
    training.microBatches = microBatches;
    if (o.r1Gamma >= 0) training.r1Gamma = o.r1Gamma;
    training.validate();
    trainer.emplace(config, training, device);
  }
  if (group.distributed()) {
    trainer->setProcessGroup(group);
    session.say("Data-parallel over " + std::to_string(group.worldSize()) + " ranks: " +
                std::to_string(trainer->options().microBatches) + " micro-batches of " +
                std::to_string(trainer->options().batchSize / trainer->options().microBatches) +
                " images per step");
  }

  const nlohmann::json data = {{"path", fs::absolute(o.data).lexically_normal().string()},
                               {"split", frames.split},
                               {"max_frames", o.maxFrames},
                               {"clips", frames.clips},
                               {"frames", frames.setSize},
                               {"hq_frames", frames.highQualityFrames},
                               {"lq_frames", frames.lowQualityFrames},
                               {"frames_available", frames.framesAvailable},
                               {"resolution", config.resolution},
                               {"preparation",
                                "sector blanked, cropped to its bounding square, area-resized "
                                "(io/prepare.h); all frames of Videos/ and LowQuality/"}};
  const std::string command = commandLine(session.arguments);
  record["data"] = data;
  record["runs"].push_back({{"command", command},
                            {"started", utcNow()},
                            {"start_kimg", trainer->kimg()},
                            {"threads", initRuntime().threads},
                            {"device", device},
                            {"world_size", group.worldSize()}});
  if (!haveCheckpoint) record["preset"] = o.preset;
  if (mainRank) {
    fs::create_directories(out / "snapshots");
    writeTextFileAtomically(recordPath.string(), record.dump(2) + "\n");
  }
  const nlohmann::json provenance = trainingProvenance(record, *trainer);

  GanTrainingRun run;
  run.totalKimg = o.kimg;
  run.checkpointPath = checkpointPath.string();
  run.checkpointKimg = o.checkpointKimg;
  run.snapshotKimg = o.snapshotKimg;
  run.lossLogPath = (out / kLossLogName).string();
  run.logIntervalSteps = o.logIntervalSteps;
  const fs::path snapshots = out / "snapshots";
  run.onSnapshot = [&](const GanSnapshot& snapshot) { writeGrid(snapshot, snapshots); };
  GanTrainer& t = *trainer;
  run.onCheckpoint = [&] { t.saveModel(o.out, provenance); };

  if (t.kimg() >= o.kimg)
    session.say("The training already reached kimg " + formatKimg(t.kimg()) + " >= --kimg " +
                formatKimg(o.kimg) + "; raise --kimg to continue it");
  GanTrainingSummary summary;
  try {
    if (t.kimg() < o.kimg) {
      const std::unique_ptr<GanImageSource> images = trainingImageSource(frames);
      summary = t.train(*images, run, throttledProgress(session));
    } else {
      summary.steps = t.steps();
      summary.imagesSeen = t.imagesSeen();
      summary.kimg = t.kimg();
      if (mainRank && !fs::exists(out / "model.json")) t.saveModel(o.out, provenance);
    }
  } catch (const Cancelled&) {
    session.say("\nInterrupted: checkpoint and model written at kimg " + formatKimg(t.kimg()) +
                "; run the same command to continue");
    throw;
  }

  session.say("Trained to kimg " + formatKimg(summary.kimg) + " (" +
              std::to_string(summary.stepsThisRun) + " steps this run, " +
              (summary.secondsPerKimg > 0 ? formatKimg(summary.secondsPerKimg) : std::string("-")) +
              " s/kimg); model in " + o.out);
  const GanStepLosses& l = summary.lastLosses;
  session.result = {{"out", o.out},
                    {"model", o.out},
                    {"checkpoint", checkpointPath.string()},
                    {"loss_log", run.lossLogPath},
                    {"snapshots", snapshots.string()},
                    {"resumed", haveCheckpoint},
                    {"kimg", summary.kimg},
                    {"steps", summary.steps},
                    {"images_seen", summary.imagesSeen},
                    {"steps_this_run", summary.stepsThisRun},
                    {"seconds_this_run", summary.secondsThisRun},
                    {"seconds_total", summary.secondsTotal},
                    {"seconds_per_kimg", summary.secondsPerKimg},
                    {"losses",
                     {{"G", l.generator},
                      {"D", l.discriminator},
                      {"r1_penalty", l.r1Penalty},
                      {"score_real", l.realScore},
                      {"score_fake", l.fakeScore}}},
                    {"config", styleGan2GeneratorConfigToJson(config)},
                    {"num_ws", config.numWs()},
                    {"data", data},
                    {"command", command}};
}

}  // namespace

void addTrainCommand(CLI::App& app, Session& session) {
  CLI::App* train = subcommandGroup(app, "train", "Train the project's networks on a dataset");
  auto o = std::make_shared<TrainGanOptions>();
  CLI::App* gan = train->add_subcommand(
      "gan", "Train a StyleGAN2 generator on all frames (HQ and LQ) of an EchoNet-layout dataset");
  o->dataOption = gan->add_option("--data", o->data,
                                  "Dataset folder (EchoNet-Dynamic layout; LowQuality/ used too); "
                                  "a resumed run may leave it out");
  gan->fallthrough();
  gan->add_option("--out", o->out, "Model folder to train into (checkpoint, log, snapshots)")
      ->required();
  gan->add_option("--kimg", o->kimg, "Train until this many thousand real images were shown")
      ->check(CLI::PositiveNumber);
  o->batchOption =
      gan->add_option("--batch", o->batch, "Minibatch size")->check(CLI::Range(2, 1024));
  o->seedOption = gan->add_option("--seed", o->seed, "Seed of the weights and every random draw");
  o->architectureOptions[0] = gan->add_option("--preset", o->preset,
                                              "Architecture: default (compact, 14x512 W+ at 256), "
                                              "paper256 (the paper's size) or tiny (tests)");
  o->architectureOptions[1] =
      gan->add_option("--resolution", o->resolution, "Override the preset's resolution");
  o->architectureOptions[2] =
      gan->add_option("--channel-base", o->channelBase, "Override the channel base")
          ->check(CLI::PositiveNumber);
  o->architectureOptions[3] =
      gan->add_option("--channel-max", o->channelMax, "Override the channel maximum")
          ->check(CLI::PositiveNumber);
  o->architectureOptions[4] =
      gan->add_option("--mapping-layers", o->mappingLayers, "Override the mapping depth")
          ->check(CLI::Range(1, 16));
  o->architectureOptions[5] =
      gan->add_option("--w-dim", o->wDim, "Override z and w size (and mapping width)")
          ->check(CLI::PositiveNumber);
  gan->add_option("--checkpoint-kimg", o->checkpointKimg,
                  "Checkpoint (and model folder) every this many kimg")
      ->check(CLI::PositiveNumber);
  gan->add_option("--snapshot-kimg", o->snapshotKimg,
                  "Snapshot grid every this many kimg (0: none)")
      ->check(CLI::NonNegativeNumber);
  gan->add_flag("--resume", o->resume,
                "Continue from MODEL_DIR's checkpoint (fail without one); a run that finds a "
                "checkpoint continues from it anyway");
  o->maxFramesOption =
      gan->add_option("--max-frames", o->maxFrames,
                      "Train on an even subset of at most this many frames (0: all)")
          ->check(CLI::NonNegativeNumber);
  o->splitOption = gan->add_option("--split", o->split,
                                   "Clips of this split: ALL (the paper), TRAIN, VAL, TEST");
  o->r1GammaOption =
      gan->add_option("--r1-gamma", o->r1Gamma, "R1 weight (default: the official auto value)")
          ->check(CLI::NonNegativeNumber);
  gan->add_option("--export-model", o->exportModel,
                  "Instead of training: write the EMA generator of --out's checkpoint to this "
                  "model folder (MODEL_DIR is only read, so a running training is undisturbed)");
  gan->add_flag("--half", o->half, "With --export-model: store the weights as float16");
  gan->add_option("--log-steps", o->logIntervalSteps, "Loss log row every this many steps")
      ->check(CLI::PositiveNumber);
  o->microBatchesOption =
      gan->add_option("--micro-batches", o->microBatches,
                      "Process each minibatch as this many parts, each with its own random draws, "
                      "data shard and minibatch-stddev groups (default: the world size; a "
                      "multiple of it)")
          ->check(CLI::PositiveNumber);
  addDistributedFlags(*gan, o->distributed);
  gan->callback([o, &session] {
    session.action = [o, &session] {
      const ProcessGroup group = joinProcessGroup(o->distributed, session, defaultDeviceName());
      runAsRank(group, [&] { runTrainGan(*o, session, group); });
    };
  });
}

}  // namespace latentecho::cli
