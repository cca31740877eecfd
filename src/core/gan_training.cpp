#include "latentecho/core/gan_training.h"
#include "latentecho/core/image_shard.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <torch/csrc/autograd/autograd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "data_parallel.h"
#include "latentecho/core/distributed.h"
#include "latentecho/core/error.h"
#include "latentecho/core/safetensors.h"
#include "latentecho/core/stylegan2_model.h"
#include "seeded_generators.h"
#include "splitmix_random.h"
#include "training_checkpoint.h"

namespace latentecho {
namespace {

constexpr const char* kCheckpointFormat = "latentecho-gan-checkpoint";
constexpr int kCheckpointVersion = 1;
constexpr const char* kCheckpointMetadataKey = "latentecho";

// Purposes of the random streams derived from the seed.
enum Stream : std::uint64_t {
  kInitialWeights = 1,
  kStep = 2,
  kEpochOrder = 3,
  kSnapshotLatents = 4,
};

using detail::makeGenerator;
using detail::withSeededDefaultGenerator;

void setRequiresGrad(torch::nn::Module& module, bool requiresGrad) {
  for (at::Tensor& p : module.parameters()) p.requires_grad_(requiresGrad);
}

bool crossed(int64_t before, int64_t after, double intervalKimg) {
  if (!(intervalKimg > 0)) return false;
  const double interval = intervalKimg * 1000.0;
  return std::floor(static_cast<double>(before) / interval) <
         std::floor(static_cast<double>(after) / interval);
}

std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto total = static_cast<int64_t>(seconds + 0.5);
  char buffer[32];
  if (total >= 3600)
    std::snprintf(buffer, sizeof buffer, "%lldh%02lldm", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60));
  else
    std::snprintf(buffer, sizeof buffer, "%lldm%02llds", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  return buffer;
}

std::string formatNumber(double value, int precision) {
  if (std::isnan(value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", precision, value);
  return buffer;
}

// ---------------------------------------------------------------------------------------------
// Adam with PyTorch's arithmetic (torch.optim.Adam, single-tensor path, no weight decay, no
// amsgrad), its state kept by parameter name so that checkpoints are self-describing.
class AdamOptimizer {
 public:
  AdamOptimizer() = default;
  AdamOptimizer(std::vector<std::pair<std::string, at::Tensor>> parameters, double lr,
                double beta1, double beta2, double epsilon)
      : parameters_(std::move(parameters)), lr_(lr), beta1_(beta1), beta2_(beta2), eps_(epsilon) {
    for (const auto& [name, p] : parameters_) {
      expAvg_.push_back(at::zeros_like(p, at::MemoryFormat::Contiguous));
      expAvgSq_.push_back(at::zeros_like(p, at::MemoryFormat::Contiguous));
      steps_.push_back(0);
    }
  }

  void zeroGrad() {
    for (auto& [name, p] : parameters_) p.mutable_grad() = at::Tensor();
  }

  std::vector<at::Tensor> parameterTensors() const {
    std::vector<at::Tensor> out;
    for (const auto& [name, p] : parameters_) out.push_back(p);
    return out;
  }

  // Parameters without a gradient are skipped (and their step count kept), as in PyTorch.
  void step() {
    at::NoGradGuard noGrad;
    for (size_t i = 0; i < parameters_.size(); ++i) {
      at::Tensor& p = parameters_[i].second;
      if (!p.grad().defined()) continue;
      at::Tensor grad = p.grad();
      // The official loop replaces non-finite gradients before the update.
      at::nan_to_num_(grad, 0.0, 1e5, -1e5);
      const int64_t step = ++steps_[i];
      expAvg_[i].mul_(beta1_).add_(grad, 1.0 - beta1_);
      expAvgSq_[i].mul_(beta2_).addcmul_(grad, grad, 1.0 - beta2_);
      const double biasCorrection1 = 1.0 - std::pow(beta1_, static_cast<double>(step));
      const double biasCorrection2 = 1.0 - std::pow(beta2_, static_cast<double>(step));
      const double stepSize = lr_ / biasCorrection1;
      at::Tensor denominator = (expAvgSq_[i].sqrt() / std::sqrt(biasCorrection2)).add_(eps_);
      p.addcdiv_(expAvg_[i], denominator, -stepSize);
    }
  }

  void appendState(const std::string& prefix,
                   std::vector<std::pair<std::string, at::Tensor>>& out) const {
    std::vector<int64_t> steps(steps_.begin(), steps_.end());
    for (size_t i = 0; i < parameters_.size(); ++i) {
      out.emplace_back(prefix + ".exp_avg." + parameters_[i].first, expAvg_[i]);
      out.emplace_back(prefix + ".exp_avg_sq." + parameters_[i].first, expAvgSq_[i]);
    }
    out.emplace_back(prefix + ".step",
                     at::tensor(steps, at::TensorOptions().dtype(at::kLong)));
  }

  void loadState(const std::string& prefix, const TensorMap& tensors, const std::string& source) {
    auto take = [&](const std::string& name, at::Tensor& into) {
      auto found = tensors.find(name);
      if (found == tensors.end()) throw Error(source + ": missing tensor '" + name + "'");
      if (found->second.sizes() != into.sizes())
        throw Error(source + ": tensor '" + name + "' has shape " +
                    shapeToString(found->second.sizes()) + ", expected " +
                    shapeToString(into.sizes()));
      into.copy_(found->second);
    };
    at::NoGradGuard noGrad;
    for (size_t i = 0; i < parameters_.size(); ++i) {
      take(prefix + ".exp_avg." + parameters_[i].first, expAvg_[i]);
      take(prefix + ".exp_avg_sq." + parameters_[i].first, expAvgSq_[i]);
    }
    at::Tensor steps = at::zeros({static_cast<int64_t>(steps_.size())}, at::kLong);
    take(prefix + ".step", steps);
    for (size_t i = 0; i < steps_.size(); ++i) steps_[i] = steps[static_cast<int64_t>(i)].item<int64_t>();
  }

 private:
  std::vector<std::pair<std::string, at::Tensor>> parameters_;
  std::vector<at::Tensor> expAvg_;
  std::vector<at::Tensor> expAvgSq_;
  std::vector<int64_t> steps_;
  double lr_ = 0.0;
  double beta1_ = 0.0;
  double beta2_ = 0.0;
  double eps_ = 0.0;
};

std::vector<std::pair<std::string, at::Tensor>> namedParameters(const torch::nn::Module& module) {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : module.named_parameters(true)) out.emplace_back(item.key(), item.value());
  return out;
}

std::vector<std::pair<std::string, at::Tensor>> namedParametersAndBuffers(
    const torch::nn::Module& module) {
  std::vector<std::pair<std::string, at::Tensor>> out = namedParameters(module);
  for (const auto& item : module.named_buffers(true)) out.emplace_back(item.key(), item.value());
  return out;
}

// ---------------------------------------------------------------------------------------------
// Means of the logged quantities over a log interval.
struct LossAccumulator {
  static constexpr int kCount = 7;  // G, D, R1 loss, PL loss, R1 penalty, real score, fake score
  std::array<double, kCount> sum{};
  std::array<int64_t, kCount> count{};

  void add(int index, double value) {
    if (std::isnan(value)) return;
    sum[static_cast<size_t>(index)] += value;
    ++count[static_cast<size_t>(index)];
  }
  double mean(int index) const {
    const auto i = static_cast<size_t>(index);
    return count[i] > 0 ? sum[i] / static_cast<double>(count[i])
                        : std::numeric_limits<double>::quiet_NaN();
  }
  bool empty() const {
    for (int64_t c : count)
      if (c > 0) return false;
    return true;
  }
  nlohmann::json toJson() const {
    std::vector<double> sums(sum.begin(), sum.end());
    std::vector<int64_t> counts(count.begin(), count.end());
    return {{"sum", sums}, {"count", counts}};
  }
  static LossAccumulator fromJson(const nlohmann::json& json) {
    LossAccumulator a;
    const auto sums = json.at("sum").get<std::vector<double>>();
    const auto counts = json.at("count").get<std::vector<int64_t>>();
    if (sums.size() != a.sum.size() || counts.size() != a.count.size())
      throw Error("loss log accumulators have the wrong length");
    std::copy(sums.begin(), sums.end(), a.sum.begin());
    std::copy(counts.begin(), counts.end(), a.count.begin());
    return a;
  }
};

constexpr const char* kLossLogHeader =
    "kimg,step,loss_G,loss_D,loss_R1,loss_PL,r1_penalty,score_real,score_fake,seconds";

// Keeps the header and the rows whose step is <= `lastStep`; rewrites the file atomically when
// something was dropped. A missing file gets just the header.
void prepareLossLog(const std::string& path, int64_t lastStep) {
  namespace fs = std::filesystem;
  std::vector<std::string> kept{kLossLogHeader};
  bool changed = !fs::exists(path);
  if (!changed) {
    std::ifstream in(path);
    std::string line;
    bool first = true;
    while (std::getline(in, line)) {
      if (first) {
        first = false;
        if (line != kLossLogHeader) changed = true;
        continue;
      }
      if (line.empty()) continue;
      const auto comma1 = line.find(',');
      const auto comma2 = comma1 == std::string::npos ? comma1 : line.find(',', comma1 + 1);
      int64_t step = std::numeric_limits<int64_t>::max();
      if (comma2 != std::string::npos) {
        try {
          step = std::stoll(line.substr(comma1 + 1, comma2 - comma1 - 1));
        } catch (const std::exception&) {
        }
      }
      if (step <= lastStep)
        kept.push_back(line);
      else
        changed = true;
    }
  }
  if (!changed) return;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path());
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& line : kept) out << line << '\n';
    if (!out) throw Error("cannot write the loss log " + temporary);
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) throw Error("cannot replace the loss log " + path + ": " + error.message());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
TensorImageSource::TensorImageSource(at::Tensor images) {
  if (!images.defined() || images.dim() != 4)
    throw Error("training images must be a tensor [N, C, R, R]");
  const int64_t r = images.size(2);
  if (images.size(0) < 1) throw Error("training images: the set is empty");
  if (images.size(1) < 1) throw Error("training images need at least one channel");
  if (images.size(3) != r || r < 4 || (r & (r - 1)) != 0)
    throw Error("training images must be square with a power-of-two size >= 4, got " +
                shapeToString(images.sizes()));
  if (images.scalar_type() == at::kByte) {
    images_ = images.cpu().contiguous();
  } else if (at::isFloatingType(images.scalar_type())) {
    images_ = images.to(at::kCPU, at::kFloat).contiguous();
  } else {
    throw Error("training images must be uint8 (0..255) or floating point in [-1, 1]");
  }
}

at::Tensor TensorImageSource::images(const std::vector<int64_t>& indices) const {
  at::Tensor index = at::tensor(indices, at::TensorOptions().dtype(at::kLong));
  at::Tensor picked = images_.index_select(0, index);
  if (picked.scalar_type() == at::kByte) return picked.to(at::kFloat).div_(127.5).sub_(1.0);
  return picked;
}

// ---------------------------------------------------------------------------------------------
double GanTrainingOptions::effectiveR1Gamma(int64_t resolution) const {
  if (r1Gamma) return *r1Gamma;
  return 0.0002 * static_cast<double>(resolution * resolution) / static_cast<double>(batchSize);
}

double GanTrainingOptions::effectiveEmaKimg() const {
  if (emaKimg) return *emaKimg;
  return static_cast<double>(batchSize) * 10.0 / 32.0;
}

void GanTrainingOptions::validate() const {
  auto fail = [](const std::string& what) { throw Error("GAN training: " + what); };
  if (batchSize < 1) fail("the batch size must be at least 1");
  if (microBatches < 1) fail("the micro-batch count must be at least 1");
  if (batchSize % microBatches != 0)
    fail("the batch size " + std::to_string(batchSize) + " is not a multiple of the " +
         std::to_string(microBatches) + " micro-batches");
  if (!(generatorLearningRate > 0) || !(discriminatorLearningRate > 0))
    fail("learning rates must be positive");
  if (!(adamBeta1 >= 0 && adamBeta1 < 1) || !(adamBeta2 >= 0 && adamBeta2 < 1))
    fail("Adam betas must lie in [0, 1)");
  if (!(adamEpsilon > 0)) fail("Adam epsilon must be positive");
  if (r1Gamma && !(*r1Gamma >= 0)) fail("r1 gamma must be >= 0");
  if (discriminatorRegularizationInterval < 0 || generatorRegularizationInterval < 0)
    fail("regularisation intervals must be >= 0 (0 = not lazy)");
  if (!(pathLengthWeight >= 0)) fail("the path-length weight must be >= 0");
  if (!(pathLengthDecay > 0 && pathLengthDecay <= 1)) fail("the path-length decay must be in (0, 1]");
  if (pathLengthBatchShrink < 1) fail("the path-length batch shrink must be at least 1");
  if (!(styleMixingProbability >= 0 && styleMixingProbability <= 1))
    fail("the style-mixing probability must be in [0, 1]");
  if (emaKimg && !(*emaKimg >= 0)) fail("ema kimg must be >= 0");
  if (emaRampup && !(*emaRampup > 0)) fail("ema rampup must be positive (or none)");
  const GanDiscriminatorSettings& d = discriminator;
  if (d.channelBase && *d.channelBase < 1) fail("the discriminator channel base must be positive");
  if (d.channelMax && *d.channelMax < 1) fail("the discriminator channel max must be positive");
  if (d.minibatchStdGroupSize < 1) fail("the minibatch-stddev group size must be >= 1");
  if (d.minibatchStdChannels < 0) fail("the minibatch-stddev channels must be >= 0");
  const int64_t microBatchSize = batchSize / microBatches;
  if (d.minibatchStdChannels > 0 &&
      microBatchSize % std::min(microBatchSize, d.minibatchStdGroupSize) != 0)
    fail("the micro-batch size " + std::to_string(microBatchSize) +
         " must be a multiple of the minibatch-stddev group size " +
         std::to_string(d.minibatchStdGroupSize));
}

nlohmann::json ganTrainingOptionsToJson(const GanTrainingOptions& o) {
  auto optional = [](const auto& value) -> nlohmann::json {
    if (value) return *value;
    return nullptr;
  };
  return {{"batch_size", o.batchSize},
          {"micro_batches", o.microBatches},
          {"seed", o.seed},
          {"G_lr", o.generatorLearningRate},
          {"D_lr", o.discriminatorLearningRate},
          {"adam_betas", {o.adamBeta1, o.adamBeta2}},
          {"adam_eps", o.adamEpsilon},
          {"r1_gamma", optional(o.r1Gamma)},
          {"D_reg_interval", o.discriminatorRegularizationInterval},
          {"G_reg_interval", o.generatorRegularizationInterval},
          {"pl_weight", o.pathLengthWeight},
          {"pl_decay", o.pathLengthDecay},
          {"pl_batch_shrink", o.pathLengthBatchShrink},
          {"style_mixing_prob", o.styleMixingProbability},
          {"ema_kimg", optional(o.emaKimg)},
          {"ema_rampup", optional(o.emaRampup)},
          {"xflip", o.xFlip},
          {"D",
           {{"channel_base", optional(o.discriminator.channelBase)},
            {"channel_max", optional(o.discriminator.channelMax)},
            {"mbstd_group_size", o.discriminator.minibatchStdGroupSize},
            {"mbstd_num_channels", o.discriminator.minibatchStdChannels},
            {"conv_clamp", optional(o.discriminator.convClamp)}}}};
}

GanTrainingOptions ganTrainingOptionsFromJson(const nlohmann::json& json, const std::string& source) {
  try {
    GanTrainingOptions o;
    auto optionalDouble = [](const nlohmann::json& v) -> std::optional<double> {
      if (v.is_null()) return std::nullopt;
      return v.get<double>();
    };
    auto optionalInt = [](const nlohmann::json& v) -> std::optional<int64_t> {
      if (v.is_null()) return std::nullopt;
      return v.get<int64_t>();
    };
    o.batchSize = json.at("batch_size").get<int64_t>();
    o.microBatches = json.value("micro_batches", int64_t{1});  // absent before data parallelism
    o.seed = json.at("seed").get<std::uint64_t>();
    o.generatorLearningRate = json.at("G_lr").get<double>();
    o.discriminatorLearningRate = json.at("D_lr").get<double>();
    o.adamBeta1 = json.at("adam_betas").at(0).get<double>();
    o.adamBeta2 = json.at("adam_betas").at(1).get<double>();
    o.adamEpsilon = json.at("adam_eps").get<double>();
    o.r1Gamma = optionalDouble(json.at("r1_gamma"));
    o.discriminatorRegularizationInterval = json.at("D_reg_interval").get<int64_t>();
    o.generatorRegularizationInterval = json.at("G_reg_interval").get<int64_t>();
    o.pathLengthWeight = json.at("pl_weight").get<double>();
    o.pathLengthDecay = json.at("pl_decay").get<double>();
    o.pathLengthBatchShrink = json.at("pl_batch_shrink").get<int64_t>();
    o.styleMixingProbability = json.at("style_mixing_prob").get<double>();
    o.emaKimg = optionalDouble(json.at("ema_kimg"));
    o.emaRampup = optionalDouble(json.at("ema_rampup"));
    o.xFlip = json.at("xflip").get<bool>();
    const nlohmann::json& d = json.at("D");
    o.discriminator.channelBase = optionalInt(d.at("channel_base"));
    o.discriminator.channelMax = optionalInt(d.at("channel_max"));
    o.discriminator.minibatchStdGroupSize = d.at("mbstd_group_size").get<int64_t>();
    o.discriminator.minibatchStdChannels = d.at("mbstd_num_channels").get<int64_t>();
    o.discriminator.convClamp = optionalDouble(d.at("conv_clamp"));
    o.validate();
    return o;
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": the training options are incomplete or malformed (" + e.what() + ")");
  }
}

at::Tensor imageGrid(const at::Tensor& images, int64_t columns) {
  if (!images.defined() || images.dim() != 4 || images.size(0) < 1)
    throw Error("image grid: expected images [N, C, H, W]");
  if (columns < 1) throw Error("image grid: columns must be positive");
  const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
  const int64_t rows = (n + columns - 1) / columns;
  at::Tensor pixels =
      images.detach().to(at::kCPU, at::kFloat).add(1.0).mul_(127.5).round_().clamp_(0, 255).to(at::kByte);
  at::Tensor padded = at::zeros({rows * columns, c, h, w}, at::kByte);
  padded.narrow(0, 0, n).copy_(pixels);
  // [rows, columns, C, H, W] -> [C, rows, H, columns, W]
  return padded.view({rows, columns, c, h, w}).permute({2, 0, 3, 1, 4}).reshape({c, rows * h, columns * w}).contiguous();
}

// ---------------------------------------------------------------------------------------------
struct GanTrainer::State {
  StyleGan2GeneratorConfig generatorConfig;
  GanTrainingOptions options;
  at::Device device{at::kCPU};
  StyleGan2Generator generator{nullptr};
  StyleGan2Generator ema{nullptr};
  StyleGan2Discriminator discriminator{nullptr};
  AdamOptimizer generatorOptimizer;
  AdamOptimizer discriminatorOptimizer;
  at::Tensor pathLengthMean;  // scalar float, on device

  int64_t steps = 0;
  int64_t imagesSeen = 0;
  int64_t dataSetSize = 0;
  double secondsBefore = 0.0;  // training seconds of earlier runs (from the checkpoint)
  double secondsThisRun = 0.0;
  GanStepLosses lastLosses;
  LossAccumulator log;

  // The real-image order of every micro-batch's shard.
  detail::MicroBatchImageOrder imageOrder{0, kEpochOrder};
  // The ranks this trainer shares its minibatches with (one process by default).
  ProcessGroup group;
  bool dataSetSizeAgreed = false;

  StyleGan2DiscriminatorConfig discriminatorConfig() const;
  void build(const StyleGan2GeneratorConfig& config, const GanTrainingOptions& options,
             const at::Device& device);
  std::pair<at::Tensor, at::Tensor> runGenerator(const at::Tensor& z, at::Generator& random,
                                                 const stylegan2::SynthesisOptions& synthesis,
                                                 at::Tensor& wMeanSum);
  void updateWAverage(const at::Tensor& wMeanSum, const char* phase);
  at::Tensor runDiscriminator(const at::Tensor& images);
  void updateEma();
  nlohmann::json metadata() const;
};

StyleGan2DiscriminatorConfig GanTrainer::State::discriminatorConfig() const {
  StyleGan2DiscriminatorConfig d;
  d.resolution = generatorConfig.resolution;
  d.imageChannels = generatorConfig.imageChannels;
  const GanDiscriminatorSettings& s = options.discriminator;
  const int64_t base = s.channelBase.value_or(generatorConfig.channelBase.value_or(0));
  const int64_t max = s.channelMax.value_or(generatorConfig.channelMax.value_or(0));
  if (base > 0 && max > 0) {
    d.setChannels(base, max);
  } else {
    // The generator's channels came from weights without base/max: mirror them per resolution.
    d.channels = generatorConfig.channels;
  }
  d.mbstdGroupSize = s.minibatchStdGroupSize;
  d.mbstdNumChannels = s.minibatchStdChannels;
  d.convClamp = s.convClamp;
  return d;
}

void GanTrainer::State::build(const StyleGan2GeneratorConfig& config,
                              const GanTrainingOptions& trainingOptions, const at::Device& on) {
  config.validate();
  trainingOptions.validate();
  generatorConfig = config;
  options = trainingOptions;
  device = on;
  imageOrder = detail::MicroBatchImageOrder(options.seed, kEpochOrder);
  const StyleGan2DiscriminatorConfig dConfig = discriminatorConfig();
  withSeededDefaultGenerator(detail::streamKey(options.seed, kInitialWeights), [&] {
    generator = StyleGan2Generator(config);
    discriminator = StyleGan2Discriminator(dConfig);
    ema = StyleGan2Generator(generator->copy());
    return 0;
  });
  generator->to(device);
  discriminator->to(device);
  ema->to(device);
  generator->train();
  discriminator->train();
  ema->eval();
  setRequiresGrad(*generator, false);
  setRequiresGrad(*discriminator, false);
  setRequiresGrad(*ema, false);

  // Lazy regularisation: the main and the regularisation phase share one optimizer whose lr and
  // betas are scaled so that the overall dynamics match regularising every minibatch.
  auto adam = [&](torch::nn::Module& module, double lr, int64_t interval) {
    const double c = interval > 0 ? static_cast<double>(interval) / (interval + 1.0) : 1.0;
    return AdamOptimizer(namedParameters(module), lr * c, std::pow(options.adamBeta1, c),
                         std::pow(options.adamBeta2, c), options.adamEpsilon);
  };
  generatorOptimizer =
      adam(*generator, options.generatorLearningRate, options.generatorRegularizationInterval);
  discriminatorOptimizer = adam(*discriminator, options.discriminatorLearningRate,
                                options.discriminatorRegularizationInterval);
  pathLengthMean = at::zeros({}, at::TensorOptions().device(device));
}

// The official StyleGAN2Loss.run_G: map, mix styles from a second latent after a random cut-off
// with probability style_mixing_prob, synthesise. The w_avg update the official mapping makes
// from the first mapping's mean (not the mixing one's) is deferred: the mean is added to
// `wMeanSum` and updateWAverage applies the mean over all micro-batches (and ranks) at once.
std::pair<at::Tensor, at::Tensor> GanTrainer::State::runGenerator(
    const at::Tensor& z, at::Generator& random, const stylegan2::SynthesisOptions& synthesis,
    at::Tensor& wMeanSum) {
  at::Tensor ws = generator->mapping->forward(z, {}, 1.0, std::nullopt, /*updateWAverage=*/false);
  {
    at::NoGradGuard noGrad;
    at::Tensor mean = ws.select(1, 0).detach().mean(0);
    wMeanSum = wMeanSum.defined() ? wMeanSum + mean : mean;
  }
  if (options.styleMixingProbability > 0) {
    const int64_t numWs = ws.size(1);
    const auto cpu = at::TensorOptions().device(random.device());
    int64_t cutoff = at::randint(1, numWs, {}, random, cpu.dtype(at::kLong)).item<int64_t>();
    if (!(at::rand({}, random, cpu).item<double>() < options.styleMixingProbability)) cutoff = numWs;
    at::Tensor mixed = generator->mapping->forward(
        at::randn(z.sizes(), random, at::TensorOptions().device(random.device())).to(z.device()),
        {}, 1.0, std::nullopt, /*updateWAverage=*/false);
    if (cutoff < numWs)
      ws = at::cat({ws.narrow(1, 0, cutoff), mixed.narrow(1, cutoff, numWs - cutoff)}, 1);
  }
  at::Tensor images = generator->synthesis->forward(ws, synthesis);
  return {images, ws};
}

// The mapping network's w_avg tracking (w_avg = mean_w.lerp(w_avg, beta)) with the mean of w over
// the whole minibatch: wMeanSum holds this rank's sum of micro-batch means.
void GanTrainer::State::updateWAverage(const at::Tensor& wMeanSum, const char* phase) {
  at::NoGradGuard noGrad;
  const double beta = generatorConfig.wAvgBeta;
  if (!wMeanSum.defined() || !(beta < 1.0)) return;
  at::Tensor mean = wMeanSum.clone();
  group.allReduceSum({mean}, std::string("the mean w of ") + phase);
  if (options.microBatches != 1) mean.div_(static_cast<double>(options.microBatches));
  at::Tensor& wAvg = generator->mapping->wAvg;
  wAvg.copy_(mean.lerp(wAvg, beta));
}

at::Tensor GanTrainer::State::runDiscriminator(const at::Tensor& images) {
  return discriminator->forward(images);
}

void GanTrainer::State::updateEma() {
  at::NoGradGuard noGrad;
  double emaImages = options.effectiveEmaKimg() * 1000.0;
  if (options.emaRampup) emaImages = std::min(emaImages, static_cast<double>(imagesSeen) * *options.emaRampup);
  const double beta = std::pow(0.5, static_cast<double>(options.batchSize) / std::max(emaImages, 1e-8));
  auto emaParameters = ema->parameters(true);
  auto parameters = generator->parameters(true);
  for (size_t i = 0; i < parameters.size(); ++i)
    emaParameters[i].copy_(parameters[i].lerp(emaParameters[i], beta));
  auto emaBuffers = ema->buffers(true);
  auto buffers = generator->buffers(true);
  for (size_t i = 0; i < buffers.size(); ++i) emaBuffers[i].copy_(buffers[i]);
}

nlohmann::json GanTrainer::State::metadata() const {
  return {{"format", kCheckpointFormat},
          {"format_version", kCheckpointVersion},
          {"generator", styleGan2GeneratorConfigToJson(generatorConfig)},
          {"options", ganTrainingOptionsToJson(options)},
          {"steps", steps},
          {"images_seen", imagesSeen},
          {"data_set_size", dataSetSize},
          {"seconds", secondsBefore + secondsThisRun},
          {"log", log.toJson()}};
}

// ---------------------------------------------------------------------------------------------
GanTrainer::GanTrainer() : state_(std::make_unique<State>()) {}

GanTrainer::GanTrainer(const StyleGan2GeneratorConfig& generator, const GanTrainingOptions& options,
                       const std::string& device)
    : GanTrainer() {
  state_->build(generator, options, at::Device(device));
}

GanTrainer::~GanTrainer() = default;
GanTrainer::GanTrainer(GanTrainer&&) noexcept = default;
GanTrainer& GanTrainer::operator=(GanTrainer&&) noexcept = default;

StyleGan2GeneratorImpl& GanTrainer::generator() { return *state_->generator; }
StyleGan2GeneratorImpl& GanTrainer::emaGenerator() { return *state_->ema; }
StyleGan2DiscriminatorImpl& GanTrainer::discriminator() { return *state_->discriminator; }
const StyleGan2GeneratorImpl& GanTrainer::generator() const { return *state_->generator; }
const StyleGan2GeneratorImpl& GanTrainer::emaGenerator() const { return *state_->ema; }
const StyleGan2GeneratorConfig& GanTrainer::generatorConfig() const { return state_->generatorConfig; }
const GanTrainingOptions& GanTrainer::options() const { return state_->options; }
int64_t GanTrainer::steps() const { return state_->steps; }
int64_t GanTrainer::imagesSeen() const { return state_->imagesSeen; }
double GanTrainer::kimg() const { return static_cast<double>(state_->imagesSeen) / 1000.0; }
const GanStepLosses& GanTrainer::lastLosses() const { return state_->lastLosses; }
int64_t GanTrainer::dataSetSize() const { return state_->dataSetSize; }

double GanTrainer::nextEmaBeta() const {
  const GanTrainingOptions& o = state_->options;
  double emaImages = o.effectiveEmaKimg() * 1000.0;
  if (o.emaRampup) emaImages = std::min(emaImages, static_cast<double>(state_->imagesSeen) * *o.emaRampup);
  return std::pow(0.5, static_cast<double>(o.batchSize) / std::max(emaImages, 1e-8));
}

void GanTrainer::step(const GanImageSource& images) {
  State& s = *state_;
  const GanTrainingOptions& o = s.options;
  const StyleGan2GeneratorConfig& g = s.generatorConfig;
  if (images.channels() != g.imageChannels || images.resolution() != g.resolution)
    throw Error("GAN training: the real images are " + std::to_string(images.channels()) + "x" +
                std::to_string(images.resolution()) + "x" + std::to_string(images.resolution()) +
                " but the generator makes " + std::to_string(g.imageChannels) + "x" +
                std::to_string(g.resolution) + "x" + std::to_string(g.resolution));
  if (s.dataSetSize == 0) s.dataSetSize = images.size();
  if (images.size() != s.dataSetSize)
    throw Error("GAN training: this training was started on " + std::to_string(s.dataSetSize) +
                " real images but is now given " + std::to_string(images.size()) +
                "; resume it on the same data (the image order depends on the set's size)");
  detail::checkRanksAgreeOnDataSetSize(s.group, images.size(), "GAN training", "real images",
                                       s.dataSetSizeAgreed);

  const int64_t batch = o.batchSize;
  const int64_t microBatches = o.microBatches;
  const int64_t microBatchSize = batch / microBatches;
  const auto [firstMicroBatch, localMicroBatches] =
      detail::localMicroBatches(s.group, microBatches, "GAN training");
  const at::TensorOptions onDevice = at::TensorOptions().device(s.device);
  const std::uint64_t stepKey =
      detail::streamKey(o.seed, kStep, static_cast<std::uint64_t>(s.steps));

  // This rank's micro-batches: real images and the latents of all four phases, drawn up front as
  // the official loop does, each from its micro-batch's own stream.
  struct MicroBatch {
    at::Generator random;
    at::Tensor real;
    std::vector<at::Tensor> phaseLatents;
    stylegan2::SynthesisOptions synthesis;
  };
  std::vector<MicroBatch> parts;
  for (int64_t j = 0; j < localMicroBatches; ++j) {
    const int64_t k = firstMicroBatch + j;
    MicroBatch part;
    part.random = makeGenerator(detail::microBatchStreamKey(stepKey, k), s.device);
    const std::vector<int64_t> indices = s.imageOrder.indices(
        s.dataSetSize, microBatches, k, s.imagesSeen / microBatches, microBatchSize);
    part.real = images.images(indices).to(s.device);
    at::Tensor flip = at::rand({microBatchSize}, part.random, onDevice) < 0.5;
    if (o.xFlip)
      part.real = at::where(flip.view({microBatchSize, 1, 1, 1}), part.real.flip({3}), part.real);
    part.phaseLatents =
        at::randn({4 * microBatchSize, g.zDim}, part.random, onDevice).split(microBatchSize, 0);
    part.synthesis.noise = NoiseMode::Random;
    part.synthesis.generator = part.random;
    parts.push_back(std::move(part));
  }

  // Logged values summed over this rank's micro-batches (averaged over all at the end).
  enum Logged { kG, kD, kR1Penalty, kR1Loss, kPlPenalty, kPlLoss, kReal, kFake, kLoggedCount };
  std::array<double, kLoggedCount> sums{};
  const double nan = std::numeric_limits<double>::quiet_NaN();
  sums[kR1Penalty] = sums[kR1Loss] = sums[kPlPenalty] = sums[kPlLoss] = nan;
  auto add = [&](Logged what, double value) {
    double& sum = sums[static_cast<size_t>(what)];
    sum = std::isnan(sum) ? value : sum + value;
  };

  const int64_t gInterval = o.generatorRegularizationInterval;
  const int64_t dInterval = o.discriminatorRegularizationInterval;
  const bool pathLengthDue = o.pathLengthWeight > 0 && (gInterval == 0 || s.steps % gInterval == 0);
  const double r1Gamma = o.effectiveR1Gamma(g.resolution);
  const bool r1Due = r1Gamma > 0 && (dInterval == 0 || s.steps % dInterval == 0);

  // Path-length regularisation (official Gpl): |J_w^T y| for image-space noise y should stay
  // near its running mean. Each micro-batch moves its own copy of the mean from the value at the
  // start of the phase; the phase then keeps the average of those (finishPathLength).
  std::vector<at::Tensor> pathLengthMeans;
  auto pathLength = [&](MicroBatch& part, const at::Tensor& z, double gain, at::Tensor& wMeanSum) {
    const int64_t plBatch = std::max<int64_t>(1, microBatchSize / o.pathLengthBatchShrink);
    auto [fake, ws] = s.runGenerator(z.narrow(0, 0, std::min(plBatch, z.size(0))), part.random,
                                     part.synthesis, wMeanSum);
    at::Tensor noise = at::randn(fake.sizes(), part.random, onDevice) /
                       std::sqrt(static_cast<double>(fake.size(2) * fake.size(3)));
    at::Tensor gradients = torch::autograd::grad({(fake * noise).sum()}, {ws}, {},
                                                 /*retain_graph=*/true, /*create_graph=*/true)[0];
    at::Tensor lengths = gradients.square().sum(2).mean(1).sqrt();
    at::Tensor mean = s.pathLengthMean.lerp(lengths.mean(), o.pathLengthDecay);
    pathLengthMeans.push_back(mean.detach());
    at::Tensor penalty = (lengths - mean).square();
    at::Tensor loss = penalty * o.pathLengthWeight;
    // The zero-weighted image term keeps every synthesis parameter in the graph, as officially.
    (fake.select(1, 0).select(1, 0).select(1, 0) * 0 + loss).mean().mul(gain).backward();
    add(kPlPenalty, penalty.mean().item<double>());
    add(kPlLoss, loss.mean().item<double>());
  };
  auto finishPathLength = [&] {
    if (pathLengthMeans.empty()) return;
    at::NoGradGuard noGrad;
    at::Tensor sum = pathLengthMeans[0].clone();
    for (size_t i = 1; i < pathLengthMeans.size(); ++i) sum.add_(pathLengthMeans[i]);
    s.group.allReduceSum({sum}, "the path-length mean");
    if (microBatches != 1) sum.div_(static_cast<double>(microBatches));
    s.pathLengthMean.copy_(sum);
    pathLengthMeans.clear();
  };
  const std::vector<at::Tensor> generatorParameters = s.generatorOptimizer.parameterTensors();
  const std::vector<at::Tensor> discriminatorParameters =
      s.discriminatorOptimizer.parameterTensors();

  // Gmain (or Gboth when G's regularisation is not lazy): maximise D's logits for generated
  // images.
  setRequiresGrad(*s.generator, true);
  s.generatorOptimizer.zeroGrad();
  {
    at::Tensor wMeanSum;
    for (MicroBatch& part : parts) {
      at::Tensor fake =
          s.runGenerator(part.phaseLatents[0], part.random, part.synthesis, wMeanSum).first;
      at::Tensor logits = s.runDiscriminator(fake);
      at::Tensor loss = at::softplus(-logits).mean();
      loss.backward();
      add(kG, loss.item<double>());
    }
    s.updateWAverage(wMeanSum, "Gmain");
  }
  if (pathLengthDue && gInterval == 0) {
    at::Tensor wMeanSum;
    for (MicroBatch& part : parts) pathLength(part, part.phaseLatents[0], 1.0, wMeanSum);
    s.updateWAverage(wMeanSum, "Gpl");
    finishPathLength();
  }
  setRequiresGrad(*s.generator, false);
  detail::averageGradients(s.group, generatorParameters, microBatches, "the Gmain gradients");
  s.generatorOptimizer.step();

  // Greg: lazy path-length regularisation, scaled by the interval.
  if (pathLengthDue && gInterval > 0) {
    setRequiresGrad(*s.generator, true);
    s.generatorOptimizer.zeroGrad();
    at::Tensor wMeanSum;
    for (MicroBatch& part : parts)
      pathLength(part, part.phaseLatents[1], static_cast<double>(gInterval), wMeanSum);
    s.updateWAverage(wMeanSum, "Greg");
    finishPathLength();
    setRequiresGrad(*s.generator, false);
    detail::averageGradients(s.group, generatorParameters, microBatches, "the Greg gradients");
    s.generatorOptimizer.step();
  }

  // Dmain: minimise D's logits for generated images, maximise them for real ones.
  setRequiresGrad(*s.discriminator, true);
  s.discriminatorOptimizer.zeroGrad();
  {
    at::Tensor wMeanSum;
    for (MicroBatch& part : parts) {
      at::Tensor fake;
      {
        // G is not trained in this phase: no graph through it (and its fast inference path).
        at::NoGradGuard noGrad;
        fake = s.runGenerator(part.phaseLatents[2], part.random, part.synthesis, wMeanSum).first;
      }
      at::Tensor fakeLogits = s.runDiscriminator(fake);
      at::Tensor fakeLoss = at::softplus(fakeLogits).mean();
      fakeLoss.backward();
      add(kFake, fakeLogits.mean().item<double>());

      const bool r1Here = r1Due && dInterval == 0;
      at::Tensor realInput = part.real.detach().requires_grad_(r1Here);
      at::Tensor realLogits = s.runDiscriminator(realInput);
      at::Tensor realLoss = at::softplus(-realLogits).mean();
      at::Tensor total = realLoss;
      if (r1Here) {
        at::Tensor gradients =
            torch::autograd::grad({realLogits.sum()}, {realInput}, {},
                                  /*retain_graph=*/true, /*create_graph=*/true)[0];
        at::Tensor penalty = gradients.square().sum({1, 2, 3});
        total = total + (penalty * (r1Gamma / 2)).mean();
        const double r1Penalty = penalty.mean().item<double>();
        add(kR1Penalty, r1Penalty);
        add(kR1Loss, r1Penalty * r1Gamma / 2);
      }
      total.backward();
      add(kD, fakeLoss.item<double>() + realLoss.item<double>());
      add(kReal, realLogits.mean().item<double>());
    }
    s.updateWAverage(wMeanSum, "Dmain");
  }
  setRequiresGrad(*s.discriminator, false);
  detail::averageGradients(s.group, discriminatorParameters, microBatches, "the Dmain gradients");
  s.discriminatorOptimizer.step();

  // Dreg: lazy R1 on the same real images, scaled by the interval.
  if (r1Due && dInterval > 0) {
    setRequiresGrad(*s.discriminator, true);
    s.discriminatorOptimizer.zeroGrad();
    for (MicroBatch& part : parts) {
      at::Tensor realInput = part.real.detach().requires_grad_(true);
      at::Tensor realLogits = s.runDiscriminator(realInput);
      at::Tensor gradients = torch::autograd::grad({realLogits.sum()}, {realInput}, {},
                                                   /*retain_graph=*/true, /*create_graph=*/true)[0];
      at::Tensor penalty = gradients.square().sum({1, 2, 3});
      at::Tensor loss = penalty * (r1Gamma / 2);
      (realLogits * 0 + loss.unsqueeze(1)).mean().mul(static_cast<double>(dInterval)).backward();
      add(kR1Penalty, penalty.mean().item<double>());
      add(kR1Loss, loss.mean().item<double>());
    }
    setRequiresGrad(*s.discriminator, false);
    detail::averageGradients(s.group, discriminatorParameters, microBatches, "the Dreg gradients");
    s.discriminatorOptimizer.step();
  }

  s.updateEma();
  s.imagesSeen += batch;
  s.steps += 1;

  // The logged losses: means over every micro-batch of the minibatch.
  if (microBatches != 1) {
    at::Tensor logged = at::tensor(std::vector<double>(sums.begin(), sums.end()), at::kDouble);
    s.group.allReduceSum({logged}, "the logged losses");
    for (size_t i = 0; i < sums.size(); ++i)
      sums[i] = logged[static_cast<int64_t>(i)].item<double>() / static_cast<double>(microBatches);
  }
  GanStepLosses losses;
  losses.generator = sums[kG];
  losses.discriminator = sums[kD];
  losses.r1Penalty = sums[kR1Penalty];
  losses.r1Loss = sums[kR1Loss];
  losses.pathLengthPenalty = sums[kPlPenalty];
  losses.pathLengthLoss = sums[kPlLoss];
  losses.realScore = sums[kReal];
  losses.fakeScore = sums[kFake];
  s.lastLosses = losses;
}

// ---------------------------------------------------------------------------------------------
void GanTrainer::setProcessGroup(const ProcessGroup& group) {
  State& s = *state_;
  detail::localMicroBatches(group, s.options.microBatches, "GAN training");
  // The same training on every rank: its settings and counters, compared with the main rank's.
  nlohmann::json identity = {{"generator", styleGan2GeneratorConfigToJson(s.generatorConfig)},
                             {"options", ganTrainingOptionsToJson(s.options)}};
  const auto settings = static_cast<int64_t>(std::hash<std::string>()(identity.dump()));
  const std::vector<int64_t> mine{settings, s.steps, s.imagesSeen, s.dataSetSize};
  at::Tensor mainValues = at::tensor(mine, at::kLong);
  group.broadcastFromMain({mainValues}, "the check that every rank holds the same training");
  const std::vector<int64_t> theirs(mainValues.data_ptr<int64_t>(),
                                    mainValues.data_ptr<int64_t>() + 4);
  const std::string rank = "GAN training (rank " + std::to_string(group.rank()) + "): ";
  if (theirs[0] != mine[0])
    throw Error(rank +
                "this rank's architecture or training options differ from rank 0's; start "
                "every rank with the same options");
  if (theirs[1] != mine[1] || theirs[2] != mine[2] || theirs[3] != mine[3])
    throw Error(rank + "this rank is at step " + std::to_string(mine[1]) + ", rank 0 at step " +
                std::to_string(theirs[1]) +
                "; every rank must resume from the same checkpoint (a folder all ranks see)");
  // The main rank's state everywhere (the Adam step counts agree with the counters).
  std::vector<at::Tensor> state;
  for (auto& [name, tensor] : stateTensors())
    if (name != "G_adam.step" && name != "D_adam.step") state.push_back(tensor);
  group.broadcastFromMain(state, "copying rank 0's weights to every rank");
  s.group = group;
  s.dataSetSizeAgreed = false;
}

// ---------------------------------------------------------------------------------------------
std::vector<std::pair<std::string, at::Tensor>> GanTrainer::stateTensors() const {
  const State& s = *state_;
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (auto& [name, t] : namedParametersAndBuffers(*s.generator)) out.emplace_back("G." + name, t);
  for (auto& [name, t] : namedParametersAndBuffers(*s.ema)) out.emplace_back("G_ema." + name, t);
  for (auto& [name, t] : namedParametersAndBuffers(*s.discriminator))
    out.emplace_back("D." + name, t);
  s.generatorOptimizer.appendState("G_adam", out);
  s.discriminatorOptimizer.appendState("D_adam", out);
  out.emplace_back("pl_mean", s.pathLengthMean);
  return out;
}

void GanTrainer::saveCheckpoint(const std::string& path) const {
  detail::writeTrainingCheckpoint(path, stateTensors(), kCheckpointMetadataKey,
                                  state_->metadata().dump());
}

GanTrainer GanTrainer::fromCheckpoint(const std::string& path, const std::string& device) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no such training checkpoint");
  SafetensorsContent content = readSafetensors(path);
  auto found = content.metadata.find(kCheckpointMetadataKey);
  if (found == content.metadata.end())
    throw Error(path + ": not a LatentEcho GAN training checkpoint (no training metadata)");
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(found->second);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": the training metadata is not valid JSON (" + e.what() + ")");
  }
  if (meta.value("format", std::string()) != kCheckpointFormat)
    throw Error(path + ": not a LatentEcho GAN training checkpoint");
  if (meta.value("format_version", 0) != kCheckpointVersion)
    throw Error(path + ": checkpoint format version " + meta.value("format_version", nlohmann::json()).dump() +
                " is not supported (this build reads version " + std::to_string(kCheckpointVersion) + ")");

  GanTrainer trainer;
  State& s = *trainer.state_;
  try {
    s.build(styleGan2GeneratorConfigFromJson(meta.at("generator"), path),
            ganTrainingOptionsFromJson(meta.at("options"), path), at::Device(device));
    s.steps = meta.at("steps").get<int64_t>();
    s.imagesSeen = meta.at("images_seen").get<int64_t>();
    s.dataSetSize = meta.at("data_set_size").get<int64_t>();
    s.secondsBefore = meta.at("seconds").get<double>();
    s.log = LossAccumulator::fromJson(meta.at("log"));
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": the training metadata is incomplete (" + e.what() + ")");
  }

  at::NoGradGuard noGrad;
  size_t expected = 0;
  for (auto& [name, tensor] : trainer.stateTensors()) {
    if (name == "G_adam.step" || name == "D_adam.step") continue;
    ++expected;
    auto stored = content.tensors.find(name);
    if (stored == content.tensors.end()) throw Error(path + ": missing tensor '" + name + "'");
    if (stored->second.sizes() != tensor.sizes())
      throw Error(path + ": tensor '" + name + "' has shape " + shapeToString(stored->second.sizes()) +
                  ", expected " + shapeToString(tensor.sizes()));
    tensor.copy_(stored->second);
  }
  s.generatorOptimizer.loadState("G_adam", content.tensors, path);
  s.discriminatorOptimizer.loadState("D_adam", content.tensors, path);
  if (content.tensors.size() != expected + 2)
    throw Error(path + ": the checkpoint holds " + std::to_string(content.tensors.size()) +
                " tensors, expected " + std::to_string(expected + 2) +
                " for this architecture");
  return trainer;
}

at::Tensor GanTrainer::snapshotLatents(int64_t count) const {
  at::Generator random =
      makeGenerator(detail::streamKey(state_->options.seed, kSnapshotLatents), at::kCPU);
  return at::randn({count, state_->generatorConfig.zDim}, random);
}

at::Tensor GanTrainer::sampleEma(const at::Tensor& latents) const {
  at::NoGradGuard noGrad;
  State& s = *state_;
  stylegan2::SynthesisOptions options;
  options.noise = NoiseMode::Const;
  std::vector<at::Tensor> parts;
  // Small chunks keep the memory of a large grid bounded.
  for (const at::Tensor& chunk : latents.split(8, 0)) {
    at::Tensor ws = s.ema->map(chunk.to(s.device));
    parts.push_back(s.ema->synthesize(ws, options).cpu());
  }
  return at::cat(parts, 0);
}

void GanTrainer::saveModel(const std::string& folder, nlohmann::json provenance,
                           at::ScalarType floatStorage) const {
  const State& s = *state_;
  if (!provenance.is_object()) provenance = nlohmann::json::object();
  provenance["training"] = {
      {"method", "StyleGAN2 (stylegan2-ada-pytorch recipe without augmentation), LatentEcho GanTrainer"},
      {"weights", "G_ema"},
      {"kimg", kimg()},
      {"steps", s.steps},
      {"images_seen", s.imagesSeen},
      {"data_set_size", s.dataSetSize},
      {"seconds", s.secondsBefore + s.secondsThisRun},
      {"r1_gamma_effective", s.options.effectiveR1Gamma(s.generatorConfig.resolution)},
      {"ema_kimg_effective", s.options.effectiveEmaKimg()},
      {"options", ganTrainingOptionsToJson(s.options)}};
  saveStyleGan2Generator(folder, *s.ema, provenance, floatStorage);
}

GanTrainingSummary GanTrainer::train(const GanImageSource& images, const GanTrainingRun& run,
                                     const Progress& progress) {
  State& s = *state_;
  if (!(run.totalKimg > 0)) throw Error("GAN training: the total kimg must be positive");
  if (run.logIntervalSteps < 1) throw Error("GAN training: the log interval must be at least 1 step");
  if (run.snapshotColumns < 1 || run.snapshotRows < 1)
    throw Error("GAN training: the snapshot grid needs at least one row and one column");
  if (run.checkpointKimg < 0 || run.snapshotKimg < 0)
    throw Error("GAN training: checkpoint and snapshot intervals must be >= 0");
  const auto totalImages = static_cast<int64_t>(std::llround(run.totalKimg * 1000.0));

  s.secondsBefore += s.secondsThisRun;
  s.secondsThisRun = 0.0;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const int64_t startSteps = s.steps;
  const int64_t startImages = s.imagesSeen;
  int64_t lastSnapshotStep = -1;
  int64_t lastCheckpointStep = -1;

  // Only the main rank writes files and calls the hooks (the others compute the same state).
  const bool mainRank = s.group.isMain();
  if (!run.lossLogPath.empty() && mainRank) prepareLossLog(run.lossLogPath, s.steps);
  auto writeLogRow = [&] {
    if (s.log.empty()) return;
    if (!run.lossLogPath.empty() && mainRank) {
      std::ofstream out(run.lossLogPath, std::ios::app);
      out << formatNumber(kimg(), 3) << ',' << s.steps;
      for (int i = 0; i < LossAccumulator::kCount; ++i) out << ',' << formatNumber(s.log.mean(i), 6);
      out << ',' << formatNumber(s.secondsBefore + s.secondsThisRun, 1) << '\n';
      if (!out) throw Error("cannot append to the loss log " + run.lossLogPath);
    }
    s.log = LossAccumulator();
  };
  auto snapshot = [&] {
    lastSnapshotStep = s.steps;
    if (!mainRank || !run.onSnapshot || !(run.snapshotKimg > 0)) return;
    const int64_t count = run.snapshotColumns * run.snapshotRows;
    run.onSnapshot({"fakes", s.steps, kimg(), imageGrid(sampleEma(snapshotLatents(count)), run.snapshotColumns)});
  };
  auto checkpoint = [&] {
    lastCheckpointStep = s.steps;
    s.secondsThisRun = elapsed();
    if (!mainRank) return;
    if (!run.checkpointPath.empty()) saveCheckpoint(run.checkpointPath);
    if (run.onCheckpoint) run.onCheckpoint();
  };

  if (mainRank && s.steps == 0 && run.onSnapshot && run.snapshotKimg > 0) {
    // What the generator should learn to make, next to its first attempts.
    const std::vector<int64_t> spread =
        evenlySpacedIndices(images.size(), run.snapshotColumns * run.snapshotRows);
    run.onSnapshot({"reals", 0, 0.0, imageGrid(images.images(spread), run.snapshotColumns)});
    snapshot();
  }

  try {
    while (s.imagesSeen < totalImages) {
      const int64_t before = s.imagesSeen;
      step(images);
      s.secondsThisRun = elapsed();
      const GanStepLosses& l = s.lastLosses;
      s.log.add(0, l.generator);
      s.log.add(1, l.discriminator);
      s.log.add(2, l.r1Loss);
      s.log.add(3, l.pathLengthLoss);
      s.log.add(4, l.r1Penalty);
      s.log.add(5, l.realScore);
      s.log.add(6, l.fakeScore);
      if (s.steps % run.logIntervalSteps == 0) writeLogRow();
      if (crossed(before, s.imagesSeen, run.snapshotKimg)) snapshot();
      if (crossed(before, s.imagesSeen, run.checkpointKimg)) checkpoint();

      const double imagesThisRun = static_cast<double>(s.imagesSeen - startImages);
      const double secondsLeft =
          s.secondsThisRun / imagesThisRun * static_cast<double>(std::max<int64_t>(0, totalImages - s.imagesSeen));
      std::string stage = "kimg " + formatNumber(kimg(), 3) + "/" + formatNumber(run.totalKimg, 3) +
                          "  G " + formatNumber(l.generator, 3) + " D " +
                          formatNumber(l.discriminator, 3) + "  " + formatDuration(secondsLeft) +
                          " left";
      progress.report(static_cast<double>(s.imagesSeen) / static_cast<double>(totalImages), stage);
    }
  } catch (const Cancelled&) {
    // The state is that of the last completed step: keep it.
    if (lastCheckpointStep != s.steps) checkpoint();
    throw;
  }

  writeLogRow();
  if (lastSnapshotStep != s.steps) snapshot();
  if (lastCheckpointStep != s.steps) checkpoint();
  s.secondsThisRun = elapsed();
  progress.report(1.0, "done: kimg " + formatNumber(kimg(), 3));

  GanTrainingSummary summary;
  summary.steps = s.steps;
  summary.imagesSeen = s.imagesSeen;
  summary.kimg = kimg();
  summary.stepsThisRun = s.steps - startSteps;
  summary.secondsThisRun = s.secondsThisRun;
  summary.secondsTotal = s.secondsBefore + s.secondsThisRun;
  const double kimgThisRun = static_cast<double>(s.imagesSeen - startImages) / 1000.0;
  summary.secondsPerKimg = kimgThisRun > 0 ? s.secondsThisRun / kimgThisRun : 0.0;
  summary.lastLosses = s.lastLosses;
  return summary;
}

}  // namespace latentecho
