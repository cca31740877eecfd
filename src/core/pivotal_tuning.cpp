#include "latentecho/core/pivotal_tuning.h"

#include <ATen/core/grad_mode.h>
#include <torch/optim/adam.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <numeric>
#include <set>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString
#include "latentecho/core/structural_similarity.h"
#include "splitmix_random.h"

namespace latentecho {
namespace {

// Stream identifiers of the tuner's random numbers (see detail::streamKey).
constexpr std::uint64_t kOrderStream = 0x5054494f52444552ULL;     // frame order per epoch
constexpr std::uint64_t kLocalityStream = 0x5054494c4f43414cULL;  // locality sample per step

std::vector<int64_t> epochOrder(int64_t frames, std::uint64_t seed, int64_t epoch) {
  std::vector<int64_t> order(static_cast<size_t>(frames));
  std::iota(order.begin(), order.end(), 0);
  detail::RandomStream random(detail::streamKey(seed, kOrderStream, static_cast<uint64_t>(epoch)));
  for (int64_t i = frames - 1; i > 0; --i) {
    const auto j = static_cast<int64_t>(random.next() % static_cast<uint64_t>(i + 1));
    std::swap(order[static_cast<size_t>(i)], order[static_cast<size_t>(j)]);
  }
  return order;
}

stylegan2::SynthesisOptions synthesisOptions(NoiseMode noise, bool trainingKernels = true) {
  stylegan2::SynthesisOptions options;
  options.noise = noise;
  options.trainingKernels = trainingKernels;
  return options;
}

at::Device deviceOf(const StyleGan2GeneratorImpl& g) {
  for (const auto& p : g.parameters()) return p.device();
  return at::Device(at::kCPU);
}

}  // namespace

void PivotalTuningSettings::validate() const {
  auto fail = [](const std::string& what) { throw Error("PTI settings: " + what); };
  if (steps < 0) fail("steps must be >= 0, got " + std::to_string(steps));
  if (batchSize < 1) fail("batchSize must be >= 1, got " + std::to_string(batchSize));
  if (!(learningRate > 0) || !std::isfinite(learningRate))
    fail("learningRate must be > 0, got " + std::to_string(learningRate));
  if (!(l2Weight >= 0) || !(perceptualWeight >= 0) || !(localityWeight >= 0))
    fail("loss weights must be >= 0");
  if (l2Weight == 0 && perceptualWeight == 0)
    fail("l2Weight and perceptualWeight are both 0: nothing to tune for");
  if (!(localityRadius > 0)) fail("localityRadius must be > 0");
  if (!(localityTruncation >= 0 && localityTruncation <= 1))
    fail("localityTruncation must be in [0, 1]");
  if (localityInterval < 0) fail("localityInterval must be >= 0");
  if (tunedFromResolution < 4 || (tunedFromResolution & (tunedFromResolution - 1)) != 0)
    fail("tunedFromResolution must be a power of two >= 4, got " +
         std::to_string(tunedFromResolution));
  if (noise == NoiseMode::Random)
    fail("noise 'random' would make the tuned generator irreproducible; use const or none");
}

nlohmann::json pivotalTuningSettingsToJson(const PivotalTuningSettings& s) {
  return {{"steps", s.steps},
          {"batchSize", s.batchSize},
          {"learningRate", s.learningRate},
          {"l2Weight", s.l2Weight},
          {"perceptualWeight", s.perceptualWeight},
          {"perceptual", "multi-scale structural dissimilarity"},
          {"localityWeight", s.localityWeight},
          {"localityRadius", s.localityRadius},
          {"localityTruncation", s.localityTruncation},
          {"localityInterval", s.localityInterval},
          {"tunedFromResolution", s.tunedFromResolution},
          {"noise", noiseModeName(s.noise)},
          {"seed", s.seed},
          {"deltaEncoding", deltaEncodingName(s.deltaEncoding)}};
}

PivotalTuningSettings pivotalTuningSettingsFromJson(const nlohmann::json& json,
                                                    const std::string& source) {
  if (!json.is_object()) throw Error(source + ": PTI settings must be a JSON object");
  PivotalTuningSettings s;
  try {
    for (const auto& [key, value] : json.items()) {
      if (key == "steps")
        s.steps = value.get<int64_t>();
      else if (key == "batchSize")
        s.batchSize = value.get<int64_t>();
      else if (key == "learningRate")
        s.learningRate = value.get<double>();
      else if (key == "l2Weight")
        s.l2Weight = value.get<double>();
      else if (key == "perceptualWeight")
        s.perceptualWeight = value.get<double>();
      else if (key == "perceptual") {
        if (value.get<std::string>() != "multi-scale structural dissimilarity")
          throw Error(source + ": unknown perceptual distance '" + value.get<std::string>() + "'");
      } else if (key == "localityWeight")
        s.localityWeight = value.get<double>();
      else if (key == "localityRadius")
        s.localityRadius = value.get<double>();
      else if (key == "localityTruncation")
        s.localityTruncation = value.get<double>();
      else if (key == "localityInterval")
        s.localityInterval = value.get<int64_t>();
      else if (key == "tunedFromResolution")
        s.tunedFromResolution = value.get<int64_t>();
      else if (key == "noise")
        s.noise = parseNoiseMode(value.get<std::string>());
      else if (key == "seed")
        s.seed = value.get<std::uint64_t>();
      else if (key == "deltaEncoding")
        s.deltaEncoding = parseDeltaEncoding(value.get<std::string>());
      else
        throw Error(source + ": unknown PTI setting '" + key + "'");
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": PTI settings: " + e.what());
  }
  s.validate();
  return s;
}

nlohmann::json PivotalTuningTimings::toJson() const {
  return {{"prefix", prefix},     {"forward", forward},   {"loss", loss},
          {"locality", locality}, {"backward", backward}, {"optimiser", optimiser}};
}

nlohmann::json ReconstructionQuality::summary() const {
  if (!mse.defined() || mse.numel() == 0) return nlohmann::json::object();
  return {{"mse", mse.mean().item<double>()},
          {"psnr", psnr.mean().item<double>()},
          {"psnrMin", psnr.min().item<double>()},
          {"ssim", ssim.mean().item<double>()},
          {"ssimMin", ssim.min().item<double>()}};
}

ReconstructionQuality measureReconstruction(StyleGan2GeneratorImpl& generator,
                                            const at::Tensor& frames, const at::Tensor& pivots,
                                            NoiseMode noise, int64_t batchSize) {
  at::NoGradGuard noGrad;
  const at::Device device = deviceOf(generator);
  const int64_t count = frames.size(0);
  std::vector<at::Tensor> mse, psnr, ssim;
  const auto options = synthesisOptions(noise);
  for (int64_t first = 0; first < count; first += std::max<int64_t>(1, batchSize)) {
    const int64_t n = std::min(std::max<int64_t>(1, batchSize), count - first);
    at::Tensor x = frames.narrow(0, first, n).to(device, at::kFloat);
    at::Tensor y = generator.synthesize(pivots.narrow(0, first, n).to(device, at::kFloat), options);
    mse.push_back((y - x).pow(2).flatten(1).mean(1).to(at::kCPU, at::kDouble));
    psnr.push_back(peakSignalToNoiseRatio(y, x).to(at::kCPU, at::kDouble));
    ssim.push_back(structuralSimilarity(y, x).to(at::kCPU, at::kDouble));
  }
  return {at::cat(mse), at::cat(psnr), at::cat(ssim)};
}

PivotalTuner::PivotalTuner(StyleGan2Generator base, PivotalTuningSettings settings)
    : base_(std::move(base)), settings_(settings) {
  if (!base_) throw Error("PTI: no base generator");
  settings_.validate();
}

PivotalTuningResult PivotalTuner::tune(const at::Tensor& frames, const at::Tensor& pivots,
                                       const Progress& progress) const {
  // Synthesis is not a const method, but it only reads the base (see the header's thread-safety).
  StyleGan2GeneratorImpl& base = *base_.ptr();
  const StyleGan2GeneratorConfig& config = base.config();
  const int64_t numWs = base.numWs();
  if (frames.dim() != 4 || frames.size(0) < 1 || frames.size(1) != config.imageChannels ||
      frames.size(2) != config.resolution || frames.size(3) != config.resolution ||
      !at::isFloatingType(frames.scalar_type()))
    throw Error("PTI: frames must be float [T, " + std::to_string(config.imageChannels) + ", " +
                std::to_string(config.resolution) + ", " + std::to_string(config.resolution) +
                "] in [-1, 1] for this generator, got " + shapeToString(frames.sizes()));
  if (pivots.dim() != 3 || pivots.size(0) != frames.size(0) || pivots.size(1) != numWs ||
      pivots.size(2) != config.wDim || !at::isFloatingType(pivots.scalar_type()))
    throw Error("PTI: pivots must be float [" + std::to_string(frames.size(0)) + ", " +
                std::to_string(numWs) + ", " + std::to_string(config.wDim) +
                "] (one W+ code per frame), got " + shapeToString(pivots.sizes()));

  const at::Device device = deviceOf(base);
  const at::Tensor x = frames.detach().to(device, at::kFloat).contiguous();
  const at::Tensor w = pivots.detach().to(device, at::kFloat).contiguous();
  const int64_t count = x.size(0);
  const int64_t batch = std::min(settings_.batchSize, count);
  const auto synthesis = synthesisOptions(settings_.noise, settings_.trainingKernels);

  if (settings_.tunedFromResolution > config.resolution)
    throw Error("PTI: tunedFromResolution " + std::to_string(settings_.tunedFromResolution) +
                " is above the generator's resolution " + std::to_string(config.resolution));

  PivotalTuningResult result;
  progress.report(0.0, "PTI: measuring the base generator");
  result.before = measureReconstruction(base, x, w, settings_.noise, batch);

  // The copy to tune: the synthesis blocks from tunedFromResolution up learn, everything else is
  // fixed.
  auto tuned = base.copy();
  tuned->train();
  for (auto& p : tuned->parameters()) p.set_requires_grad(false);
  const auto& blocks = tuned->synthesis->blocks();
  size_t firstTuned = 0;
  while (firstTuned < blocks.size() &&
         blocks[firstTuned]->resolution < settings_.tunedFromResolution)
    ++firstTuned;
  std::vector<at::Tensor> trainable;
  for (size_t i = firstTuned; i < blocks.size(); ++i) {
    for (auto& p : blocks[i]->parameters()) {
      p.set_requires_grad(true);
      trainable.push_back(p);
    }
  }
  torch::optim::Adam optimizer(trainable, torch::optim::AdamOptions(settings_.learningRate));
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
  };

  // The frozen blocks' outputs per pivot (they never change while tuning). Returns {x, img} of
  // the last frozen block for ws (undefined when nothing is frozen).
  auto frozenPrefix = [&](const at::Tensor& ws) -> std::pair<at::Tensor, at::Tensor> {
    if (firstTuned == 0) return {};
    at::NoGradGuard noGrad;
    return base.synthesis->forwardBlocks(ws, 0, firstTuned, {}, {}, synthesis);
  };
  at::Tensor prefixX, prefixImg;
  const auto prefixStart = Clock::now();
  if (firstTuned > 0) {
    std::vector<at::Tensor> xs, imgs;
    for (int64_t first = 0; first < count; first += batch) {
      auto [px, pimg] = frozenPrefix(w.narrow(0, first, std::min(batch, count - first)));
      xs.push_back(px);
      imgs.push_back(pimg);
    }
    prefixX = at::cat(xs);
    prefixImg = at::cat(imgs);
  }
  result.timings.prefix = seconds(prefixStart);
  // The tuned network on ws, given the frozen prefix's outputs.
  auto synthesizeTuned = [&](const at::Tensor& ws, const at::Tensor& px, const at::Tensor& pimg) {
    return tuned->synthesis->forwardBlocks(ws, firstTuned, blocks.size(), px, pimg, synthesis)
        .second;
  };

  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpuStart = std::clock();
  std::vector<int64_t> order;
  int64_t epoch = -1;
  int64_t cursor = count;  // position in `order`; past the end = start the next epoch
  for (int64_t step = 0; step < settings_.steps; ++step) {
    // Minibatch: the next `batch` frames of the epoch's order (an epoch's tail is topped up from
    // the next epoch, so every step has `batch` frames).
    std::vector<int64_t> indices;
    while (static_cast<int64_t>(indices.size()) < batch) {
      if (cursor >= count) {
        order = epochOrder(count, settings_.seed, ++epoch);
        cursor = 0;
      }
      indices.push_back(order[static_cast<size_t>(cursor++)]);
    }
    const at::Tensor index = at::tensor(indices, at::kLong).to(device);
    const at::Tensor target = x.index_select(0, index);
    const at::Tensor ws = w.index_select(0, index);

    optimizer.zero_grad();
    auto phaseStart = Clock::now();
    at::Tensor image =
        synthesizeTuned(ws, firstTuned > 0 ? prefixX.index_select(0, index) : at::Tensor(),
                        firstTuned > 0 ? prefixImg.index_select(0, index) : at::Tensor());
    result.timings.forward += seconds(phaseStart);
    phaseStart = Clock::now();
    at::Tensor loss = at::zeros({}, image.options());
    if (settings_.l2Weight > 0) loss = loss + settings_.l2Weight * (image - target).pow(2).mean();
    if (settings_.perceptualWeight > 0)
      loss = loss +
             settings_.perceptualWeight * multiScaleStructuralDissimilarity(image, target).mean();
    result.timings.loss += seconds(phaseStart);

    if (settings_.localityWeight > 0 && settings_.localityInterval > 0 &&
        step % settings_.localityInterval == 0) {
      phaseStart = Clock::now();
      detail::RandomStream random(
          detail::streamKey(settings_.seed, kLocalityStream, static_cast<uint64_t>(step)));
      at::Tensor z = at::empty({1, config.zDim}, at::kFloat);
      float* zData = z.data_ptr<float>();
      for (int64_t i = 0; i < config.zDim; ++i) zData[i] = static_cast<float>(random.normal());
      const auto pivotIndex = static_cast<int64_t>(random.next() % static_cast<uint64_t>(batch));
      at::Tensor territory, reference;
      {
        at::NoGradGuard noGrad;
        at::Tensor c;
        if (config.cDim > 0) c = at::zeros({1, config.cDim}, at::kFloat).to(device);
        // The base's mapping in eval mode does not move w_avg (it is shared, never modified).
        at::Tensor wz = base.mapping->forward(z.to(device), c, settings_.localityTruncation,
                                              std::nullopt, /*updateWAverage=*/false);
        at::Tensor pivot = ws.narrow(0, pivotIndex, 1);
        at::Tensor direction = wz - pivot;
        const double norm = direction.norm().item<double>();
        territory = norm > 0 ? pivot + settings_.localityRadius * direction / norm : pivot;
        reference = base.synthesize(territory, synthesis);
      }
      const auto [territoryX, territoryImg] = frozenPrefix(territory);
      at::Tensor moved = synthesizeTuned(territory, territoryX, territoryImg);
      at::Tensor locality = (moved - reference).pow(2).mean() +
                            multiScaleStructuralDissimilarity(moved, reference).mean();
      loss = loss + settings_.localityWeight * locality;
      result.timings.locality += seconds(phaseStart);
    }
    phaseStart = Clock::now();
    loss.backward();
    result.timings.backward += seconds(phaseStart);
    phaseStart = Clock::now();
    optimizer.step();
    result.timings.optimiser += seconds(phaseStart);
    const double value = loss.item<double>();
    if (!std::isfinite(value))
      throw Error("PTI: the loss became " + std::to_string(value) + " at step " +
                  std::to_string(step + 1) + "; lower the learning rate");
    result.loss.push_back(value);
    const double done = static_cast<double>(step + 1) / static_cast<double>(settings_.steps);
    progress.report(0.02 + 0.93 * done, "PTI step " + std::to_string(step + 1) + "/" +
                                            std::to_string(settings_.steps) + ", loss " +
                                            std::to_string(value));
  }
  result.steps = settings_.steps;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
  result.secondsPerStep =
      settings_.steps > 0 ? result.seconds / static_cast<double>(settings_.steps) : 0.0;

  progress.report(0.96, "PTI: encoding the tuned generator");
  tuned->eval();
  for (auto& p : tuned->parameters()) p.set_requires_grad(false);
  result.delta = encodeGeneratorDelta(base, *tuned, settings_.deltaEncoding);
  result.generator = applyGeneratorDelta(base, result.delta);
  result.after = measureReconstruction(*result.generator, x, w, settings_.noise, batch);
  progress.report(1.0, "PTI done");
  return result;
}

}  // namespace latentecho
