// `latentecho train segmenter --data DIR --out MODEL_DIR`: the compact LV segmenter (U-Net)
// trained on a dataset's truth masks (simulated datasets have them in Masks/), HQ and LQ
// renderings alike, validated by Dice on the VAL split. Resumes from OUT/checkpoint.
#include <torch/utils.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "latentecho/core/error.h"
#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/segmenter_training.h"
#include "latentecho/io/dataset.h"

namespace latentecho::cli {
namespace {

struct TrainSegmenterOptions {
  std::string data;
  std::string out;
  std::string checkpoint;
  int steps = 3000;
  int batch = 16;
  double learningRate = 1e-3;
  std::uint64_t seed = 1;
  int baseChannels = 16;
  int levels = 4;
  int size = 112;
  int maxClips = 0;
  bool half = false;
};

at::Tensor clipTensor(const Clip& clip) {
  return at::from_blob(const_cast<std::uint8_t*>(clip.pixels.data()),
                       {clip.frameCount, clip.height, clip.width}, at::kByte)
      .clone();
}

// Grey frames and 0/1 masks at size x size (area averaging; masks re-thresholded at one half).
LabelledFrames resized(const Clip& frames, const Clip& masks, int size) {
  LabelledFrames out;
  out.frames = resizeImages(clipTensor(frames).to(at::kFloat).unsqueeze(1), size, size)
                   .squeeze(1)
                   .round()
                   .clamp(0, 255)
                   .to(at::kByte);
  out.masks =
      (resizeImages(clipTensor(masks).to(at::kFloat).unsqueeze(1), size, size).squeeze(1) > 0.5)
          .to(at::kByte);
  return out;
}

struct SplitData {
  std::vector<at::Tensor> frames, masks;
  int clips = 0;
  void add(const LabelledFrames& data) {
    frames.push_back(data.frames);
    masks.push_back(data.masks);
  }
  LabelledFrames stacked() const { return {at::cat(frames), at::cat(masks)}; }
};

void runTrainSegmenter(const TrainSegmenterOptions& o, Session& session) {
  const Progress progress = session.progress();
  const EchoDataset dataset = EchoDataset::open(o.data);
  SplitData train, validationHq, validationLq;
  const std::vector<DatasetEntry> trainEntries = dataset.split("TRAIN");
  const std::vector<DatasetEntry> validationEntries = dataset.split("VAL");
  const std::size_t total = trainEntries.size() + validationEntries.size();
  std::size_t done = 0;
  const Progress loading = progress.sub(0.0, 0.05);
  auto load = [&](const DatasetEntry& entry, bool isTraining) {
    loading.report(static_cast<double>(done++) / std::max<std::size_t>(1, total),
                   "reading " + entry.fileName);
    const std::optional<Clip> masks = dataset.readLvMasks(entry);
    if (!masks)
      throw Error(o.data + ": clip '" + entry.fileName +
                  "' has no truth masks (Masks/<name>_lv.png); the segmenter trains on a "
                  "simulated dataset (latentecho simulate)");
    const Clip hq = dataset.readVideo(entry);
    const std::optional<Clip> lq = dataset.readLowQualityVideo(entry);
    if (hq.frameCount != masks->frameCount)
      throw Error(dataset.videoPath(entry) + ": " + std::to_string(hq.frameCount) +
                  " frames but its masks have " + std::to_string(masks->frameCount));
    if (isTraining) {
      train.add(resized(hq, *masks, o.size));
      if (lq) train.add(resized(*lq, *masks, o.size));
      ++train.clips;
    } else {
      validationHq.add(resized(hq, *masks, o.size));
      if (lq) validationLq.add(resized(*lq, *masks, o.size));
      ++validationHq.clips;
    }
  };
  int used = 0;
  for (const DatasetEntry& entry : trainEntries) {
    if (o.maxClips > 0 && used++ >= o.maxClips) break;
    load(entry, true);
  }
  for (const DatasetEntry& entry : validationEntries) load(entry, false);
  if (train.frames.empty())
    throw Error(o.data + ": the dataset has no TRAIN clips (FileList.csv, column Split)");

  const LabelledFrames trainFrames = train.stacked();
  std::map<std::string, LabelledFrames> validation;
  if (!validationHq.frames.empty()) validation["val_hq"] = validationHq.stacked();
  if (!validationLq.frames.empty()) validation["val_lq"] = validationLq.stacked();

  LvSegmenterConfig config;
  config.architecture = "unet";
  config.inputSize = o.size;
  config.unet.baseChannels = o.baseChannels;
  config.unet.levels = o.levels;
  config.normalisation = normalisationFromFrames(trainFrames.frames);
  torch::manual_seed(o.seed);
  LvSegmenter segmenter(config);

  SegmenterTrainingOptions training;
  training.steps = o.steps;
  training.batch = o.batch;
  training.learningRate = o.learningRate;
  training.seed = o.seed;
  training.checkpointFolder =
      o.checkpoint.empty() ? (std::filesystem::path(o.out) / "checkpoint").string() : o.checkpoint;
  training.outFolder = o.out;
  training.floatStorage = o.half ? at::kHalf : at::kFloat;

  std::string command = "latentecho train segmenter --data " + o.data + " --out " + o.out +
                        " --steps " + std::to_string(o.steps) + " --batch " +
                        std::to_string(o.batch) + " --lr " + std::to_string(o.learningRate) +
                        " --seed " + std::to_string(o.seed) + " --base-channels " +
                        std::to_string(o.baseChannels) + " --levels " + std::to_string(o.levels) +
                        " --size " + std::to_string(o.size);
  if (o.maxClips > 0) command += " --max-clips " + std::to_string(o.maxClips);
  if (o.half) command += " --half";
  const nlohmann::json provenance = {
      {"source", "trained"},
      {"command", command},
      {"data", std::filesystem::absolute(o.data).string()},
      {"train_clips", train.clips},
      {"validation_clips", validationHq.clips},
      {"note", "compact U-Net trained on the dataset's truth LV masks, HQ and LQ renderings"}};
  const SegmenterTrainingResult result = trainLvSegmenter(
      segmenter, trainFrames, validation, training, provenance, progress.sub(0.05, 1.0));

  nlohmann::json& out = session.result;
  out["model"] = o.out;
  out["steps"] = result.step;
  out["resumed_from"] = result.resumedFrom;
  out["train_clips"] = train.clips;
  out["train_frames"] = trainFrames.frames.size(0);
  out["validation_clips"] = validationHq.clips;
  out["last_loss"] = result.lastLoss;
  out["best"] = {
      {"step", result.best.step}, {"dice", result.best.dice}, {"mean_dice", result.best.meanDice}};
  out["milliseconds_per_frame"] = result.millisecondsPerFrame;
  std::string line = "Segmenter at step " + std::to_string(result.step) + " in " + o.out +
                     "; best validation Dice";
  for (const auto& [name, dice] : result.best.dice) line += " " + name + " " + std::to_string(dice);
  session.say(line);
}

}  // namespace

void addTrainSegmenterCommand(CLI::App& app, Session& session) {
  CLI::App* train = subcommandGroup(app, "train", "Train the project's networks on a dataset");
  auto o = std::make_shared<TrainSegmenterOptions>();
  CLI::App* cmd = train->add_subcommand(
      "segmenter", "Train the compact LV segmenter (U-Net) on a simulated dataset's truth masks");
  cmd->fallthrough();
  cmd->add_option("--data", o->data, "Dataset folder (EchoNet-Dynamic layout with Masks/)")
      ->required();
  cmd->add_option("--out", o->out, "Model folder to write (best network by validation Dice)")
      ->required();
  cmd->add_option("--checkpoint", o->checkpoint, "Checkpoint folder (default OUT/checkpoint)");
  cmd->add_option("--steps", o->steps, "Optimiser steps in total")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--batch", o->batch, "Frames per step")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->add_option("--lr", o->learningRate, "Adam learning rate")->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the weights and every draw")->capture_default_str();
  cmd->add_option("--base-channels", o->baseChannels, "U-Net channels at full resolution")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--levels", o->levels, "U-Net resolutions")
      ->check(CLI::Range(2, 6))
      ->capture_default_str();
  cmd->add_option("--size", o->size, "Input size in pixels (EchoNet-Dynamic: 112)")
      ->check(CLI::Range(16, 512))
      ->capture_default_str();
  cmd->add_option("--max-clips", o->maxClips, "Use at most this many TRAIN clips (0 = all)");
  cmd->add_flag("--half", o->half, "Store the weights as float16");
  cmd->callback([o, &session] {
    session.action = [o, &session] {
      const auto start = std::chrono::steady_clock::now();
      runTrainSegmenter(*o, session);
      session.result["seconds"] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
  });
}

}  // namespace latentecho::cli
