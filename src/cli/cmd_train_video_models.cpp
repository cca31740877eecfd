// `latentecho train ef|quality --data DIR --out MODEL_DIR`: the compact R(2+1)D video models on a
// dataset's TRAIN split, the best by the VAL split, evaluated on the TEST split at the end.
//   ef       regresses FileList.csv's EF from the HQ and (when present) LQ renderings;
//   quality  classifies HQ (Videos/) against LQ (LowQuality/) clips, mixing each heart's two
//            renderings with soft targets so P_hq falls gradually with the degradation.
// Resumes from OUT/checkpoint (or --checkpoint).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <torch/utils.h>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/video_model.h"
#include "latentecho/core/video_model_training.h"
#include "latentecho/io/dataset.h"

namespace latentecho::cli {
namespace {

enum class VideoTask { Ef, Quality };

struct TrainVideoOptions {
  VideoTask task = VideoTask::Ef;
  std::string data;
  std::string out;
  std::string checkpoint;
  int steps = 1500;
  int batch = 8;
  double learningRate = 1e-3;
  std::uint64_t seed = 1;
  int frames = 16;
  int period = 2;
  int size = 48;
  std::vector<int> widths{16, 32, 64, 128};
  std::vector<int> blocks{1, 1, 1, 1};
  int stemMid = 12;
  double mix = -1.0;  // < 0: the task's default
  int maxClips = 0;
  int validateEvery = 100;
  bool half = false;
};

std::string joined(const std::vector<int>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
  return out.str();
}

at::Tensor resizedFrames(const VideoModel& model, const Clip& clip) {
  const at::Tensor frames = at::from_blob(const_cast<std::uint8_t*>(clip.pixels.data()),
                                          {clip.frameCount, clip.height, clip.width}, at::kByte);
  return model.resizeFrames(frames, clip.fps).round().clamp(0, 255).to(at::kByte);
}

// HQ and LQ renderings of a split's clips, partners of each other. `hqOnly` / `lqOnly` receive
// the same clips separately (for per-rendering metrics).
struct SplitClips {
  std::vector<VideoTrainingClip> all, hq, lq;
};

SplitClips loadSplit(const EchoDataset& dataset, const std::string& split, const VideoModel& model,
                     VideoTask task, int maxClips, const Progress& progress) {
  SplitClips out;
  const std::vector<DatasetEntry> entries = dataset.split(split);
  const std::size_t count =
      maxClips > 0 ? std::min<std::size_t>(entries.size(), maxClips) : entries.size();
  for (std::size_t i = 0; i < count; ++i) {
    const DatasetEntry& entry = entries[i];
    progress.report(static_cast<double>(i) / std::max<std::size_t>(1, count),
                    "reading " + entry.fileName);
    const Clip hq = dataset.readVideo(entry);
    const std::optional<Clip> lq = dataset.readLowQualityVideo(entry);
    if (task == VideoTask::Quality && !lq)
      throw Error(dataset.directory() + ": clip '" + entry.fileName +
                  "' has no LowQuality/ rendering; the quality classifier trains on a simulated "
                  "dataset (latentecho simulate) with HQ and LQ renderings of each heart");
    const double hqTarget = task == VideoTask::Ef ? entry.ejectionFraction : 1.0;
    const double lqTarget = task == VideoTask::Ef ? entry.ejectionFraction : 0.0;
    if (task == VideoTask::Ef && !(entry.ejectionFraction > 0.0))
      throw Error(dataset.directory() + "/FileList.csv: clip '" + entry.fileName +
                  "' has no EF; the EF regressor needs each clip's EF");
    VideoTrainingClip h{resizedFrames(model, hq), hqTarget, -1};
    out.hq.push_back(h);  // partners index `all` only
    if (lq) {
      VideoTrainingClip l{resizedFrames(model, *lq), lqTarget, -1};
      out.lq.push_back(l);
      if (l.frames.sizes() == h.frames.sizes()) {
        const int base = static_cast<int>(out.all.size());
        h.partner = base + 1;
        l.partner = base;
      }
      out.all.push_back(h);
      out.all.push_back(l);
    } else {
      out.all.push_back(h);
    }
  }
  return out;
}

// Mean P_hq of blends (1 - l) HQ + l LQ of the same hearts, per l: how gradually P_hq responds.
nlohmann::json blendResponse(VideoModel& model, const SplitClips& clips) {
  nlohmann::json response = nlohmann::json::object();
  for (double share : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    std::vector<VideoTrainingClip> blends;
    for (std::size_t i = 0; i < clips.hq.size() && i < clips.lq.size(); ++i) {
      if (clips.hq[i].frames.sizes() != clips.lq[i].frames.sizes()) continue;
      const at::Tensor mixed = (clips.hq[i].frames.to(at::kFloat) * (1.0 - share) +
                                clips.lq[i].frames.to(at::kFloat) * share)
                                   .round()
                                   .to(at::kByte);
      blends.push_back({mixed, 1.0 - share, -1});
    }
    if (blends.empty()) return nullptr;
    const std::vector<double> p = predictTrainingClips(model, blends);
    double mean = 0.0;
    for (double v : p) mean += v;
    std::ostringstream key;
    key << share;
    response[key.str()] = mean / static_cast<double>(p.size());
  }
  return response;
}

void runTrainVideo(const TrainVideoOptions& o, Session& session) {
  const bool ef = o.task == VideoTask::Ef;
  const std::string name = ef ? "ef" : "quality";
  const Progress progress = session.progress();
  const EchoDataset dataset = EchoDataset::open(o.data);

  R2Plus1dConfig network;
  network.widths = o.widths;
  network.blocks = o.blocks;
  network.stemMidChannels = o.stemMid;
  network.inChannels = 1;
  network.outputs = 1;
  VideoInputConfig input;
  input.frames = o.frames;
  input.period = o.period;
  input.size = o.size;
  input.fps = 50.0;
  // A provisional model resizes the clips; the real one is built once the statistics are known.
  const VideoModel reader(ef ? kEfRegressorKind : kQualityClassifierKind, network, input);

  const VideoTask task = o.task;
  const SplitClips train =
      loadSplit(dataset, "TRAIN", reader, task, o.maxClips, progress.sub(0.0, 0.04));
  const SplitClips validation =
      loadSplit(dataset, "VAL", reader, task, 0, progress.sub(0.04, 0.05));
  if (train.all.empty())
    throw Error(o.data + ": the dataset has no TRAIN clips (FileList.csv, column Split)");

  // Normalisation from the training clips' grey levels; EF mapped to unit scale.
  double sum = 0.0, squares = 0.0, count = 0.0, targetSum = 0.0, targetSquares = 0.0;
  for (const VideoTrainingClip& clip : train.all) {
    const at::Tensor x = clip.frames.to(at::kDouble);
    sum += x.sum().item<double>();
    squares += x.square().sum().item<double>();
    count += static_cast<double>(x.numel());
    targetSum += clip.target;
    targetSquares += clip.target * clip.target;
  }
  const double mean = sum / count;
  input.mean = {mean};
  input.std = {std::max(1e-3, std::sqrt(std::max(0.0, squares / count - mean * mean)))};
  const double n = static_cast<double>(train.all.size());
  const double targetMean = targetSum / n;
  const double targetStd =
      std::max(1.0, std::sqrt(std::max(0.0, targetSquares / n - targetMean * targetMean)));
  torch::manual_seed(o.seed);
  VideoModel model(ef ? kEfRegressorKind : kQualityClassifierKind, network, input,
                   ef ? targetMean : 0.0, ef ? targetStd : 1.0);

  VideoTrainingOptions training;
  training.steps = o.steps;
  training.batch = o.batch;
  training.learningRate = o.learningRate;
  training.seed = o.seed;
  training.mixProbability = o.mix >= 0.0 ? o.mix : (ef ? 0.3 : 0.5);
  training.validateEvery = o.validateEvery;
  training.checkpointFolder =
      o.checkpoint.empty() ? (std::filesystem::path(o.out) / "checkpoint").string() : o.checkpoint;
  training.outFolder = o.out;
  training.floatStorage = o.half ? at::kHalf : at::kFloat;

  std::ostringstream command;
  command << "latentecho train " << name << " --data " << o.data << " --out " << o.out
          << " --steps " << o.steps << " --batch " << o.batch << " --lr " << o.learningRate
          << " --seed " << o.seed << " --frames " << o.frames << " --period " << o.period
          << " --size " << o.size << " --widths " << joined(o.widths) << " --blocks "
          << joined(o.blocks) << " --stem-mid " << o.stemMid << " --mix " << training.mixProbability
          << " --validate-every " << o.validateEvery;
  if (o.maxClips > 0) command << " --max-clips " << o.maxClips;
  if (o.half) command << " --half";
  nlohmann::json provenance = {
      {"source", "trained"},
      {"command", command.str()},
      {"data", std::filesystem::absolute(o.data).string()},
      {"train_clips", train.all.size()},
      {"validation_clips", validation.all.size()},
      {"note", ef ? "compact R(2+1)D regressing FileList.csv's EF from HQ and LQ renderings "
                    "(and blends of the two), best by validation MAE"
                  : "compact R(2+1)D classifying HQ (1) against LQ (0) renderings, with blends of "
                    "each heart's two renderings at soft targets, best by validation "
                    "cross-entropy"}};
  std::map<std::string, std::vector<VideoTrainingClip>> validationSets;
  if (!validation.hq.empty()) validationSets["val_hq"] = validation.hq;
  if (!validation.lq.empty()) validationSets["val_lq"] = validation.lq;
  const VideoTrainingResult result = trainVideoModel(model, train.all, validationSets, training,
                                                     provenance, progress.sub(0.05, 0.97));

  // The saved (best) model on the TEST split, recorded in its model.json.
  const SplitClips test = loadSplit(dataset, "TEST", reader, task, 0, progress.sub(0.97, 0.98));
  VideoModel best = VideoModel::load(o.out, model.kind());
  nlohmann::json testMetrics = nlohmann::json::object();
  if (!test.hq.empty()) testMetrics["test_hq"] = videoValidationMetrics(best, test.hq);
  if (!test.lq.empty()) testMetrics["test_lq"] = videoValidationMetrics(best, test.lq);
  nlohmann::json response = nullptr;
  if (!ef && !test.hq.empty()) response = blendResponse(best, test);
  progress.report(0.99, "writing " + o.out);
  const nlohmann::json manifest = readModelManifest(o.out);
  nlohmann::json finalProvenance = manifest.at("provenance");
  finalProvenance["test"] = testMetrics;
  finalProvenance["test_clips"] = test.hq.size();
  if (!response.is_null()) finalProvenance["test_blend_response"] = response;
  best.save(o.out, finalProvenance, training.floatStorage);
  progress.report(1.0, "done");

  nlohmann::json& r = session.result;
  r["model"] = o.out;
  r["kind"] = model.kind();
  r["steps"] = result.step;
  r["resumed_from"] = result.resumedFrom;
  r["train_clips"] = train.all.size();
  r["validation_clips"] = validation.all.size();
  r["last_loss"] = result.lastLoss;
  r["seconds_per_step"] = result.secondsPerStep;
  r["best"] = {{"step", result.best.step}, {"validation", result.best.sets}};
  r["test"] = testMetrics;
  if (!response.is_null()) r["test_blend_response"] = response;
  std::ostringstream line;
  line << (ef ? "EF regressor" : "Quality classifier") << " at step " << result.step << " in "
       << o.out << " (best step " << result.best.step << ")";
  for (const auto& [set, metrics] : testMetrics.items())
    for (const auto& [metric, value] : metrics.items())
      line << "; " << set << " " << metric << " " << value.get<double>();
  session.say(line.str());
}

void addTrainVideoCommand(CLI::App& train, Session& session, VideoTask task) {
  auto o = std::make_shared<TrainVideoOptions>();
  o->task = task;
  const bool ef = task == VideoTask::Ef;
  CLI::App* cmd = train.add_subcommand(
      ef ? "ef" : "quality",
      ef ? "Train the compact R(2+1)D EF regressor on a dataset's EF (FileList.csv)"
         : "Train the compact R(2+1)D quality classifier (P_hq) on HQ and LQ renderings");
  cmd->fallthrough();
  cmd->add_option("--data", o->data,
                  ef ? "Dataset folder (EchoNet-Dynamic layout; LowQuality/ used when present)"
                     : "Simulated dataset folder (Videos/ and LowQuality/)")
      ->required();
  cmd->add_option("--out", o->out, "Model folder to write (the best model by validation)")
      ->required();
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint folder (default OUT/checkpoint)");
  cmd->add_option("--steps", o->steps, "Optimiser steps in total")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Clips per step")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--lr", o->learningRate, "AdamW learning rate (cosine decay to 5 %)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the weights and every draw")->capture_default_str();
  cmd->add_option("--frames", o->frames, "Frames per window (EchoNet-Dynamic: 32)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--period", o->period, "Take every period-th frame (EchoNet-Dynamic: 2)")
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--size", o->size, "Input size in pixels (EchoNet-Dynamic: 112)")
      ->check(CLI::Range(8, 512))
      ->capture_default_str();
  cmd->add_option("--widths", o->widths,
                  "Channels of the four layers (r2plus1d_18: 64,128,256,512)")
      ->delimiter(',')
      ->expected(4)
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--blocks", o->blocks, "Blocks per layer (r2plus1d_18: 2,2,2,2)")
      ->delimiter(',')
      ->expected(4)
      ->check(CLI::Range(1, 16))
      ->capture_default_str();
  cmd->add_option("--stem-mid", o->stemMid, "The stem's (2+1)D middle width (r2plus1d_18: 45)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--mix", o->mix,
                  "Share of examples blended with the other rendering of the same heart (default "
                  "0.3 for ef, 0.5 for quality)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--validate-every", o->validateEvery,
                  "Validate (and keep the best) every N steps")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-clips", o->maxClips, "Use at most this many TRAIN clips (0 = all)");
  cmd->add_flag("--half", o->half, "Store the weights as float16");
  cmd->callback([o, &session] {
    session.action = [o, &session] {
      const auto start = std::chrono::steady_clock::now();
      runTrainVideo(*o, session);
      session.result["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  });
}

}  // namespace

void addTrainVideoModelCommands(CLI::App& app, Session& session) {
  CLI::App* train = subcommandGroup(app, "train", "Train the project's networks on a dataset");
  addTrainVideoCommand(*train, session, VideoTask::Ef);
  addTrainVideoCommand(*train, session, VideoTask::Quality);
}

}  // namespace latentecho::cli
