#include "latentecho/core/video_model_training.h"

#include <torch/optim/adamw.h>

#include <chrono>
#include <cmath>

#include "latentecho/core/error.h"
#include "splitmix_random.h"
#include "supervised_checkpoint.h"

namespace latentecho {
namespace {

constexpr double kPi = 3.14159265358979323846;

void checkClips(const std::vector<VideoTrainingClip>& clips, int size, const std::string& what) {
  if (clips.empty()) throw Error("video model training: no " + what + " clips");
  for (std::size_t i = 0; i < clips.size(); ++i) {
    const at::Tensor& f = clips[i].frames;
    if (!f.defined() || f.dim() != 3 || f.size(0) < 1 || f.size(1) != size || f.size(2) != size ||
        f.scalar_type() != at::kByte)
      throw Error("video model training: " + what + " clip " + std::to_string(i) +
                  " must be uint8 [T, " + std::to_string(size) + ", " + std::to_string(size) + "]" +
                  (f.defined() ? ", got " + shapeToString(f.sizes()) : std::string()));
    if (!std::isfinite(clips[i].target))
      throw Error("video model training: " + what + " clip " + std::to_string(i) +
                  " has a non-finite target");
    const int p = clips[i].partner;
    if (p >= static_cast<int>(clips.size()) || (p >= 0 && clips[p].frames.sizes() != f.sizes()))
      throw Error("video model training: " + what + " clip " + std::to_string(i) +
                  " names a partner that does not exist or has another shape");
  }
}

nlohmann::json validationToJson(const VideoValidation& v) {
  return {{"step", v.step}, {"sets", v.sets}, {"score", v.score}};
}

VideoValidation validationFromJson(const nlohmann::json& j) {
  VideoValidation v;
  v.step = j.at("step").get<int>();
  v.sets = j.at("sets").get<std::map<std::string, std::map<std::string, double>>>();
  v.score = j.at("score").get<double>();
  return v;
}

bool isRegressor(const VideoModel& model) { return model.kind() == kEfRegressorKind; }

}  // namespace

std::vector<double> predictTrainingClips(VideoModel& model,
                                         const std::vector<VideoTrainingClip>& clips, int windows) {
  at::NoGradGuard noGrad;
  model.network().eval();
  std::vector<double> out;
  for (const VideoTrainingClip& clip : clips) {
    const at::Tensor grey = clip.frames.to(at::kFloat);
    const at::Tensor input = model.networkInput(grey, model.windowStarts(grey.size(0), windows));
    out.push_back(model.mapOutput(model.network().forward(input)).mean().item<double>());
  }
  return out;
}

std::map<std::string, double> videoValidationMetrics(VideoModel& model,
                                                     const std::vector<VideoTrainingClip>& clips,
                                                     int windows) {
  const std::vector<double> predicted = predictTrainingClips(model, clips, windows);
  const double n = static_cast<double>(clips.size());
  std::map<std::string, double> metrics;
  if (isRegressor(model)) {
    double absolute = 0.0, bias = 0.0;
    for (std::size_t i = 0; i < clips.size(); ++i) {
      absolute += std::abs(predicted[i] - clips[i].target);
      bias += predicted[i] - clips[i].target;
    }
    metrics["mae"] = absolute / n;
    metrics["bias"] = bias / n;
  } else {
    double correct = 0.0, entropy = 0.0, mean = 0.0;
    for (std::size_t i = 0; i < clips.size(); ++i) {
      const double p = std::clamp(predicted[i], 1e-6, 1.0 - 1e-6), t = clips[i].target;
      correct += (p >= 0.5) == (t >= 0.5) ? 1.0 : 0.0;
      entropy -= t * std::log(p) + (1.0 - t) * std::log(1.0 - p);
      mean += predicted[i];
    }
    metrics["accuracy"] = correct / n;
    metrics["cross_entropy"] = entropy / n;
    metrics["mean_probability"] = mean / n;
  }
  return metrics;
}

VideoTrainingResult trainVideoModel(
    VideoModel& model, const std::vector<VideoTrainingClip>& train,
    const std::map<std::string, std::vector<VideoTrainingClip>>& validation,
    const VideoTrainingOptions& options, const nlohmann::json& provenance,
    const Progress& progress) {
  const int size = model.input().size;
  checkClips(train, size, "training");
  for (const auto& [name, clips] : validation) checkClips(clips, size, "validation '" + name + "'");
  if (options.steps < 1 || options.batch < 1 || !(options.learningRate > 0) ||
      options.weightDecay < 0 || options.checkpointEvery < 1 || options.validateEvery < 1 ||
      options.maxShiftPixels < 0 || options.gainRange < 0 || options.gainRange >= 1 ||
      options.mixProbability < 0 || options.mixProbability > 1 || options.validationWindows < 1)
    throw Error(
        "video model training: steps, batch, learning rate and intervals must be "
        "positive, the gain range in [0, 1) and the mix probability in [0, 1]");
  if (options.checkpointFolder.empty() || options.outFolder.empty())
    throw Error("video model training: a checkpoint folder and an output model folder are needed");
  const bool regressor = isRegressor(model);

  double targetSum = 0.0;
  for (const auto& clip : train) targetSum += clip.target;
  const nlohmann::json identity = {{"kind", model.kind()},
                                   {"config", r2plus1dConfigToJson(model.networkConfig())},
                                   {"input", videoInputConfigToJson(model.input())},
                                   {"output_offset", model.outputOffset()},
                                   {"output_scale", model.outputScale()},
                                   {"batch", options.batch},
                                   {"learning_rate", options.learningRate},
                                   {"weight_decay", options.weightDecay},
                                   {"seed", options.seed},
                                   {"max_shift_pixels", options.maxShiftPixels},
                                   {"gain_range", options.gainRange},
                                   {"time_reversal", options.timeReversal},
                                   {"mix_probability", options.mixProbability},
                                   {"train_clips", train.size()},
                                   {"train_target_sum", targetSum}};

  torch::optim::AdamW optimizer(
      model.network().parameters(),
      torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
  VideoTrainingResult result;
  nlohmann::json history = nlohmann::json::array();
  bool haveBest = false;
  const detail::SupervisedCheckpoint checkpointFolder(options.checkpointFolder, identity);
  if (auto restored = checkpointFolder.restore(
          [&](const TensorMap& tensors, const std::string& path) {
            model.loadTensors(tensors, path);
          },
          optimizer)) {
    result.step = result.resumedFrom = restored->step;
    history = restored->history;
    if (restored->best) {
      result.best = validationFromJson(*restored->best);
      haveBest = true;
    }
  }

  auto validate = [&](int step) {
    VideoValidation v;
    v.step = step;
    double sum = 0.0;
    for (const auto& [name, clips] : validation) {
      v.sets[name] = videoValidationMetrics(model, clips, options.validationWindows);
      sum += v.sets[name].at(regressor ? "mae" : "cross_entropy");
    }
    v.score = validation.empty() ? 0.0 : sum / static_cast<double>(validation.size());
    result.last = v;
    if (!haveBest || v.score < result.best.score || validation.empty()) {
      result.best = v;
      haveBest = true;
      nlohmann::json p = provenance;
      p["training"] = {{"step", step},           {"validation", v.sets},
                       {"batch", options.batch}, {"learning_rate", options.learningRate},
                       {"seed", options.seed},   {"train_clips", train.size()}};
      model.save(options.outFolder, p, options.floatStorage);
    }
    history.push_back({{"step", step}, {"validation", validationToJson(v)}});
  };

  auto checkpoint = [&](int step) {
    checkpointFolder.save(
        model.tensors(), optimizer, step, history,
        haveBest ? std::optional<nlohmann::json>(validationToJson(result.best)) : std::nullopt);
  };

  const int shift = options.maxShiftPixels;
  const int64_t trainCount = static_cast<int64_t>(train.size());
  double lossSum = 0.0;
  int lossCount = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int step = result.step; step < options.steps; ++step) {
    std::string stage = "training the " +
                        std::string(regressor ? "EF regressor" : "quality classifier") + ", step " +
                        std::to_string(step + 1) + "/" + std::to_string(options.steps);
    if (lossCount > 0) stage += ", loss " + std::to_string(lossSum / lossCount);
    progress.report(static_cast<double>(step) / options.steps, stage);
    const double cosine = 0.5 * (1.0 + std::cos(kPi * step / options.steps));
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::AdamWOptions&>(group.options())
          .lr(options.learningRate * (0.05 + 0.95 * cosine));

    std::vector<at::Tensor> inputs;
    std::vector<float> targets;
    for (int slot = 0; slot < options.batch; ++slot) {
      detail::RandomStream random(detail::streamKey(
          options.seed, static_cast<std::uint64_t>(step) + 1, static_cast<std::uint64_t>(slot)));
      const int64_t index =
          std::min<int64_t>(trainCount - 1, static_cast<int64_t>(random.uniform() * trainCount));
      const VideoTrainingClip& clip = train[index];
      at::Tensor grey = clip.frames.to(at::kFloat);
      double target = clip.target;
      const double mixDraw = random.uniform(), mixShare = random.uniform();
      if (clip.partner >= 0 && mixDraw < options.mixProbability) {
        const VideoTrainingClip& other = train[clip.partner];
        grey = grey * (1.0 - mixShare) + other.frames.to(at::kFloat) * mixShare;
        target = target * (1.0 - mixShare) + other.target * mixShare;
      }
      const bool reverse = random.uniform() < 0.5;
      if (options.timeReversal && reverse) grey = grey.flip({0});
      const double gain = random.uniform(1.0 - options.gainRange, 1.0 + options.gainRange);
      grey = (grey * gain).clamp(0.0, 255.0);
      const int dy = shift > 0 ? static_cast<int>(random.uniform() * (2 * shift + 1)) : 0;
      const int dx = shift > 0 ? static_cast<int>(random.uniform() * (2 * shift + 1)) : 0;
      if (shift > 0)
        grey = at::constant_pad_nd(grey, {shift, shift, shift, shift}, 0.0)
                   .narrow(1, std::min(dy, 2 * shift), size)
                   .narrow(2, std::min(dx, 2 * shift), size)
                   .contiguous();
      const std::vector<int64_t> starts = model.windowStarts(grey.size(0), 0);
      const int64_t choice = std::min<int64_t>(
          static_cast<int64_t>(starts.size()) - 1,
          static_cast<int64_t>(random.uniform() * static_cast<double>(starts.size())));
      inputs.push_back(model.networkInput(grey, {starts[choice]}));
      targets.push_back(static_cast<float>(
          regressor ? (target - model.outputOffset()) / model.outputScale() : target));
    }
    model.network().train();
    const at::Tensor output = model.network().forward(at::cat(inputs)).reshape({-1});
    const at::Tensor target = at::tensor(targets);
    const at::Tensor loss = regressor ? at::huber_loss(output, target, at::Reduction::Mean, 1.0)
                                      : at::binary_cross_entropy_with_logits(output, target);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    const double lossValue = loss.item<double>();
    if (!std::isfinite(lossValue))
      throw Error("video model training: the loss became " + std::to_string(lossValue) +
                  " at step " + std::to_string(step + 1) + "; lower the learning rate");
    lossSum += lossValue;
    ++lossCount;

    const int done = step + 1;
    if (done % options.validateEvery == 0 || done == options.steps) validate(done);
    if (done % options.checkpointEvery == 0 || done == options.steps) {
      result.lastLoss = lossSum / lossCount;
      history.push_back({{"step", done}, {"train_loss", result.lastLoss}});
      lossSum = 0.0;
      lossCount = 0;
      checkpoint(done);
    }
    result.step = done;
  }
  const int stepsRun = result.step - result.resumedFrom;
  if (stepsRun > 0)
    result.secondsPerStep =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / stepsRun;
  if (!haveBest) validate(result.step);  // a resumed run that was already complete
  progress.report(1.0, regressor ? "training the EF regressor" : "training the quality classifier");
  return result;
}

}  // namespace latentecho
