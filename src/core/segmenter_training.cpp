#include "latentecho/core/segmenter_training.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/optim/adam.h>

#include <chrono>
#include <sstream>

#include "latentecho/core/error.h"
#include "splitmix_random.h"
#include "supervised_checkpoint.h"

namespace latentecho {
namespace {

void checkLabelled(const LabelledFrames& data, int size, const std::string& what) {
  if (!data.frames.defined() || !data.masks.defined() || data.frames.dim() != 3 ||
      data.frames.sizes() != data.masks.sizes() || data.frames.size(0) == 0 ||
      data.frames.size(1) != size || data.frames.size(2) != size) {
    std::ostringstream message;
    message << "segmenter training: the " << what << " frames must be uint8 [N, " << size << ", "
            << size << "] with masks of the same shape and N > 0";
    if (data.frames.defined()) message << " (frames " << shapeToString(data.frames.sizes()) << ")";
    if (data.masks.defined()) message << " (masks " << shapeToString(data.masks.sizes()) << ")";
    throw Error(message.str());
  }
}

// Mean per-frame Dice of binary predictions and masks [N, S, S]; both empty counts 1.
at::Tensor perFrameDice(const at::Tensor& predicted, const at::Tensor& truth) {
  const at::Tensor p = predicted.to(at::kFloat).flatten(1), t = truth.to(at::kFloat).flatten(1);
  const at::Tensor intersection = (p * t).sum(1), total = p.sum(1) + t.sum(1);
  return at::where(total > 0, 2.0 * intersection / total.clamp_min(1.0), at::ones_like(total));
}

nlohmann::json validationToJson(const SegmenterValidation& v) {
  return {{"step", v.step}, {"dice", v.dice}, {"mean_dice", v.meanDice}};
}

SegmenterValidation validationFromJson(const nlohmann::json& j) {
  SegmenterValidation v;
  v.step = j.at("step").get<int>();
  v.dice = j.at("dice").get<std::map<std::string, double>>();
  v.meanDice = j.at("mean_dice").get<double>();
  return v;
}

}  // namespace

SegmenterNormalisation normalisationFromFrames(const at::Tensor& frames) {
  if (!frames.defined() || frames.numel() == 0)
    throw Error("segmenter normalisation: no frames to take the statistics from");
  const at::Tensor x = frames.to(at::kDouble);
  SegmenterNormalisation n;
  n.perClip = false;
  n.mean = {x.mean().item<double>()};
  n.std = {std::max(1e-3, x.std().item<double>())};
  return n;
}

double validateSegmenter(LvSegmenter& segmenter, const LabelledFrames& data,
                         double* millisecondsPerFrame) {
  checkLabelled(data, segmenter.config().inputSize, "validation");
  at::NoGradGuard noGrad;
  segmenter.network().eval();
  const auto start = std::chrono::steady_clock::now();
  double sum = 0.0;
  const int64_t count = data.frames.size(0);
  for (int64_t first = 0; first < count; first += 16) {
    const int64_t n = std::min<int64_t>(16, count - first);
    const at::Tensor logits =
        segmenter.logits(segmenter.prepareInput(data.frames.narrow(0, first, n)));
    sum +=
        perFrameDice(logits.select(1, 0) > 0, data.masks.narrow(0, first, n)).sum().item<double>();
  }
  if (millisecondsPerFrame)
    *millisecondsPerFrame =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count() /
        static_cast<double>(count);
  return sum / static_cast<double>(count);
}

SegmenterTrainingResult trainLvSegmenter(LvSegmenter& segmenter, const LabelledFrames& train,
                                         const std::map<std::string, LabelledFrames>& validation,
                                         const SegmenterTrainingOptions& options,
                                         const nlohmann::json& provenance,
                                         const Progress& progress) {
  const int size = segmenter.config().inputSize;
  checkLabelled(train, size, "training");
  for (const auto& [name, data] : validation)
    checkLabelled(data, size, "validation '" + name + "'");
  if (options.steps < 1 || options.batch < 1 || !(options.learningRate > 0) ||
      options.checkpointEvery < 1 || options.validateEvery < 1 || options.maxShiftPixels < 0)
    throw Error("segmenter training: steps, batch, learning rate and intervals must be positive");
  if (options.checkpointFolder.empty() || options.outFolder.empty())
    throw Error("segmenter training: a checkpoint folder and an output model folder are needed");

  nlohmann::json identity = {{"config", lvSegmenterConfigToJson(segmenter.config())},
                             {"mean", segmenter.config().normalisation.mean},
                             {"std", segmenter.config().normalisation.std},
                             {"batch", options.batch},
                             {"learning_rate", options.learningRate},
                             {"seed", options.seed},
                             {"max_shift_pixels", options.maxShiftPixels},
                             {"train_frames", train.frames.size(0)}};

  torch::optim::Adam optimizer(segmenter.network().parameters(),
                               torch::optim::AdamOptions(options.learningRate));
  SegmenterTrainingResult result;
  nlohmann::json history = nlohmann::json::array();
  bool haveBest = false;
  const detail::SupervisedCheckpoint checkpointFolder(options.checkpointFolder, identity);
  if (auto restored = checkpointFolder.restore(
          [&](const TensorMap& tensors, const std::string& path) {
            segmenter.loadTensors(tensors, path);
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
    SegmenterValidation v;
    v.step = step;
    double sum = 0.0;
    for (const auto& [name, data] : validation) {
      v.dice[name] = validateSegmenter(segmenter, data, &result.millisecondsPerFrame);
      sum += v.dice[name];
    }
    v.meanDice = validation.empty() ? 0.0 : sum / static_cast<double>(validation.size());
    result.last = v;
    if (!haveBest || v.meanDice > result.best.meanDice || validation.empty()) {
      result.best = v;
      haveBest = true;
      nlohmann::json p = provenance;
      p["training"] = {{"step", step},           {"validation_dice", v.dice},
                       {"batch", options.batch}, {"learning_rate", options.learningRate},
                       {"seed", options.seed},   {"train_frames", train.frames.size(0)}};
      segmenter.save(options.outFolder, p, options.floatStorage);
    }
    history.push_back({{"step", step}, {"validation", validationToJson(v)}});
  };

  auto checkpoint = [&](int step) {
    checkpointFolder.save(
        segmenter.tensors(), optimizer, step, history,
        haveBest ? std::optional<nlohmann::json>(validationToJson(result.best)) : std::nullopt);
  };

  const int64_t count = train.frames.size(0);
  const int shift = options.maxShiftPixels;
  double lossSum = 0.0;
  int lossCount = 0;
  for (int step = result.step; step < options.steps; ++step) {
    progress.report(static_cast<double>(step) / options.steps,
                    "training the segmenter, step " + std::to_string(step + 1));
    segmenter.network().train();
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(
        detail::streamKey(options.seed, 0x5E6u, static_cast<std::uint64_t>(step)));
    const at::Tensor index = at::randint(count, {options.batch}, generator, at::kLong);
    at::Tensor x = train.frames.index_select(0, index).to(at::kFloat);
    at::Tensor y = train.masks.index_select(0, index).to(at::kFloat);
    const at::Tensor gain = at::empty({options.batch, 1, 1}).uniform_(0.8, 1.25, generator);
    const at::Tensor gamma = at::empty({options.batch, 1, 1}).uniform_(0.7, 1.4, generator);
    x = ((x / 255.0).pow(gamma) * 255.0 * gain).clamp(0.0, 255.0);
    if (shift > 0) {
      const at::Tensor offsets = at::randint(2 * shift + 1, {2}, generator, at::kLong);
      const int64_t dy = offsets[0].item<int64_t>(), dx = offsets[1].item<int64_t>();
      x = at::constant_pad_nd(x, {shift, shift, shift, shift}, 0.0)
              .narrow(1, dy, size)
              .narrow(2, dx, size);
      y = at::constant_pad_nd(y, {shift, shift, shift, shift}, 0.0)
              .narrow(1, dy, size)
              .narrow(2, dx, size);
    }
    const at::Tensor logits = segmenter.logits(segmenter.prepareInput(x.contiguous())).select(1, 0);
    const at::Tensor target = y.contiguous();
    const at::Tensor bce = at::binary_cross_entropy_with_logits(logits, target);
    const at::Tensor probability = at::sigmoid(logits).flatten(1);
    const at::Tensor truth = target.flatten(1);
    const at::Tensor softDice =
        (2.0 * (probability * truth).sum(1) + 1.0) / (probability.sum(1) + truth.sum(1) + 1.0);
    const at::Tensor loss = bce + (1.0 - softDice.mean());
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    lossSum += loss.item<double>();
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
  if (!haveBest) validate(result.step);  // a resumed run that was already complete
  progress.report(1.0, "training the segmenter");
  return result;
}

}  // namespace latentecho
