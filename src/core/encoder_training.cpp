#include "latentecho/core/encoder_training.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/autograd.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>

#include "data_parallel.h"
#include "latentecho/core/distributed.h"
#include "latentecho/core/error.h"
#include "latentecho/core/safetensors.h"
#include "latentecho/core/structural_similarity.h"
#include "seeded_generators.h"
#include "splitmix_random.h"
#include "training_checkpoint.h"

namespace latentecho {
namespace {

constexpr const char* kCheckpointFormat = "latentecho-e4e-training";
constexpr int kCheckpointVersion = 1;
constexpr const char* kCheckpointMetadataKey = "latentecho_e4e_training";

enum Stream : std::uint64_t {
  kInitialWeights = 1,
  kStep = 2,
  kEpochOrder = 3,
};

const double kNaN = std::numeric_limits<double>::quiet_NaN();

using detail::makeGenerator;
using detail::withSeededDefaultGenerator;

// e4e's LatentCodesDiscriminator: (Linear(w, w), LeakyReLU(0.2)) x (layers - 1), Linear(w, 1).
class LatentDiscriminatorImpl : public torch::nn::Module {
 public:
  LatentDiscriminatorImpl(int64_t wDim, int64_t layers) {
    auto mlp = torch::nn::ModuleList();
    for (int64_t i = 0; i + 1 < layers; ++i) {
      linears_.push_back(torch::nn::Linear(wDim, wDim));
      mlp->push_back(linears_.back());
      mlp->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(0.2)));
    }
    linears_.push_back(torch::nn::Linear(wDim, 1));
    mlp->push_back(linears_.back());
    register_module("mlp", mlp);
  }
  at::Tensor forward(const at::Tensor& w) {
    at::Tensor x = w;
    for (size_t i = 0; i < linears_.size(); ++i) {
      x = linears_[i]->forward(x);
      if (i + 1 < linears_.size()) x = at::leaky_relu(x, 0.2);
    }
    return x;
  }

 private:
  std::vector<torch::nn::Linear> linears_;
};
TORCH_MODULE(LatentDiscriminator);

// Adam with its moments as named tensors, so that a checkpoint holds them exactly.
struct Adam {
  std::vector<std::pair<std::string, at::Tensor>> parameters;
  std::vector<at::Tensor> m, v;
  int64_t steps = 0;
  double lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

  void init(const std::vector<std::pair<std::string, at::Tensor>>& named) {
    parameters = named;
    m.clear();
    v.clear();
    for (const auto& [name, p] : parameters) {
      m.push_back(at::zeros_like(p));
      v.push_back(at::zeros_like(p));
    }
  }
  void zeroGrad() {
    for (auto& [name, p] : parameters)
      if (p.grad().defined()) p.mutable_grad() = at::Tensor();
  }
  std::vector<at::Tensor> parameterTensors() const {
    std::vector<at::Tensor> out;
    for (const auto& [name, p] : parameters) out.push_back(p);
    return out;
  }
  void step() {
    at::NoGradGuard noGrad;
    ++steps;
    const double c1 = 1.0 - std::pow(beta1, static_cast<double>(steps));
    const double c2 = 1.0 - std::pow(beta2, static_cast<double>(steps));
    for (size_t i = 0; i < parameters.size(); ++i) {
      at::Tensor& p = parameters[i].second;
      const at::Tensor& g = p.grad();
      if (!g.defined()) continue;
      m[i].mul_(beta1).add_(g, 1.0 - beta1);
      v[i].mul_(beta2).addcmul_(g, g, 1.0 - beta2);
      const at::Tensor denominator = (v[i] / c2).sqrt_().add_(eps);
      p.addcdiv_(m[i], denominator, -lr / c1);
    }
  }
  void append(const std::string& prefix,
              std::vector<std::pair<std::string, at::Tensor>>& out) const {
    for (size_t i = 0; i < parameters.size(); ++i) {
      out.emplace_back(prefix + ".m." + parameters[i].first, m[i]);
      out.emplace_back(prefix + ".v." + parameters[i].first, v[i]);
    }
  }
};

std::vector<std::pair<std::string, at::Tensor>> namedParameters(torch::nn::Module& module) {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : module.named_parameters()) out.emplace_back(item.key(), item.value());
  return out;
}

std::string formatNumber(double value, int precision) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out.precision(precision);
  out << value;
  return out.str();
}

// Keeps the header and rows whose step is <= lastStep.
void prepareLossLog(const std::string& path, int64_t lastStep) {
  std::vector<std::string> kept;
  {
    std::ifstream in(path);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (header) {
        header = false;
        continue;
      }
      try {
        if (std::stoll(line.substr(0, line.find(','))) <= lastStep) kept.push_back(line);
      } catch (const std::exception&) {
      }
    }
  }
  std::ofstream out(path, std::ios::trunc);
  out << "step,active_offsets,loss,l2,perceptual,delta,adversarial,discriminator,seconds\n";
  for (const auto& line : kept) out << line << '\n';
  if (!out) throw Error("cannot write the loss log " + path);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Options.

void EncoderTrainingOptions::validate() const {
  auto fail = [](const std::string& what) { throw Error("encoder training: " + what); };
  if (batchSize < 1) fail("batch size must be >= 1");
  if (microBatches < 1 || batchSize % microBatches != 0)
    fail("the batch size " + std::to_string(batchSize) + " must be a positive multiple of the " +
         std::to_string(microBatches) + " micro-batches");
  if (!(learningRate > 0)) fail("learning rate must be positive");
  if (!(adamBeta1 >= 0 && adamBeta1 < 1 && adamBeta2 >= 0 && adamBeta2 < 1))
    fail("Adam betas must be in [0, 1)");
  if (!(adamEpsilon > 0)) fail("Adam epsilon must be positive");
  if (!(l2Weight >= 0) || !(perceptualWeight >= 0) || !(deltaRegularizationWeight >= 0) ||
      !(latentDiscriminatorWeight >= 0))
    fail("loss weights must be >= 0");
  if (!(l2Weight > 0) && !(perceptualWeight > 0))
    fail("at least one of the L2 and perceptual weights must be positive");
  if (perceptualScales < 1) fail("perceptual scales must be >= 1");
  if (progressiveStart < 0 || progressiveStepEvery < 0)
    fail("progressive start and step interval must be >= 0");
  if (!(latentDiscriminatorLearningRate > 0)) fail("latent discriminator lr must be positive");
  if (latentDiscriminatorLayers < 1) fail("latent discriminator layers must be >= 1");
  if (!(latentDiscriminatorR1Gamma >= 0) || latentDiscriminatorR1Interval < 1)
    fail("latent discriminator R1 gamma must be >= 0 and its interval >= 1");
}

int64_t EncoderTrainingOptions::activeOffsetsAt(int64_t step, int64_t numWs) const {
  const int64_t all = std::max<int64_t>(0, numWs - 1);
  if (progressiveStepEvery == 0) return all;
  if (step < progressiveStart) return 0;
  return std::min(all, 1 + (step - progressiveStart) / progressiveStepEvery);
}

nlohmann::json encoderTrainingOptionsToJson(const EncoderTrainingOptions& o) {
  return {{"batch_size", o.batchSize},
          {"micro_batches", o.microBatches},
          {"seed", o.seed},
          {"learning_rate", o.learningRate},
          {"adam_beta1", o.adamBeta1},
          {"adam_beta2", o.adamBeta2},
          {"adam_epsilon", o.adamEpsilon},
          {"l2_weight", o.l2Weight},
          {"perceptual_weight", o.perceptualWeight},
          {"perceptual", "multi-scale structural dissimilarity (mean over scales of 1 - SSIM)"},
          {"perceptual_scales", o.perceptualScales},
          {"delta_regularization_weight", o.deltaRegularizationWeight},
          {"progressive_start", o.progressiveStart},
          {"progressive_step_every", o.progressiveStepEvery},
          {"latent_discriminator_weight", o.latentDiscriminatorWeight},
          {"latent_discriminator_learning_rate", o.latentDiscriminatorLearningRate},
          {"latent_discriminator_layers", o.latentDiscriminatorLayers},
          {"latent_discriminator_r1_gamma", o.latentDiscriminatorR1Gamma},
          {"latent_discriminator_r1_interval", o.latentDiscriminatorR1Interval}};
}

EncoderTrainingOptions encoderTrainingOptionsFromJson(const nlohmann::json& j,
                                                      const std::string& source) {
  EncoderTrainingOptions o;
  try {
    o.batchSize = j.at("batch_size").get<int64_t>();
    o.microBatches = j.value("micro_batches", int64_t{1});  // absent before data parallelism
    o.seed = j.at("seed").get<std::uint64_t>();
    o.learningRate = j.at("learning_rate").get<double>();
    o.adamBeta1 = j.at("adam_beta1").get<double>();
    o.adamBeta2 = j.at("adam_beta2").get<double>();
    o.adamEpsilon = j.at("adam_epsilon").get<double>();
    o.l2Weight = j.at("l2_weight").get<double>();
    o.perceptualWeight = j.at("perceptual_weight").get<double>();
    o.perceptualScales = j.at("perceptual_scales").get<int>();
    o.deltaRegularizationWeight = j.at("delta_regularization_weight").get<double>();
    o.progressiveStart = j.at("progressive_start").get<int64_t>();
    o.progressiveStepEvery = j.at("progressive_step_every").get<int64_t>();
    o.latentDiscriminatorWeight = j.at("latent_discriminator_weight").get<double>();
    o.latentDiscriminatorLearningRate = j.at("latent_discriminator_learning_rate").get<double>();
    o.latentDiscriminatorLayers = j.at("latent_discriminator_layers").get<int64_t>();
    o.latentDiscriminatorR1Gamma = j.at("latent_discriminator_r1_gamma").get<double>();
    o.latentDiscriminatorR1Interval = j.at("latent_discriminator_r1_interval").get<int64_t>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": encoder training options incomplete (" + e.what() + ")");
  }
  o.validate();
  return o;
}

// ---------------------------------------------------------------------------------------------
// Trainer.

struct EncoderTrainer::State {
  EncoderTrainingOptions options;
  at::Device device{at::kCPU};
  StyleGan2Generator generator{nullptr};
  std::string generatorId;
  std::unique_ptr<E4eEncoder> encoder;
  LatentDiscriminator discriminator{nullptr};
  Adam encoderAdam;
  Adam discriminatorAdam;
  int64_t steps = 0;
  int64_t imagesSeen = 0;
  int64_t dataSetSize = 0;
  detail::MicroBatchImageOrder imageOrder{0, kEpochOrder};
  ProcessGroup group;  // the ranks sharing each minibatch (one process by default)
  bool dataSetSizeAgreed = false;
  double secondsBefore = 0.0;
  EncoderStepLosses lastLosses;

  void build(const E4eEncoderConfig& config, StyleGan2Generator g, const EncoderTrainingOptions& o,
             const at::Device& d) {
    o.validate();
    config.validate();
    const StyleGan2GeneratorConfig& gc = g->config();
    if (config.numWs != gc.numWs() || config.wDim != gc.wDim)
      throw Error("encoder training: the encoder's W+ is " + std::to_string(config.numWs) + " x " +
                  std::to_string(config.wDim) + ", the generator's " + std::to_string(gc.numWs()) +
                  " x " + std::to_string(gc.wDim));
    if (config.imageChannels != gc.imageChannels)
      throw Error("encoder training: the encoder takes " + std::to_string(config.imageChannels) +
                  " image channels, the generator makes " + std::to_string(gc.imageChannels));
    if (gc.resolution < config.resolution || gc.resolution % config.resolution != 0)
      throw Error("encoder training: the generator's resolution " + std::to_string(gc.resolution) +
                  " is not a multiple of the encoder's " + std::to_string(config.resolution));
    options = o;
    imageOrder = detail::MicroBatchImageOrder(o.seed, kEpochOrder);
    device = d;
    generator = g;
    generator->to(device);
    generator->eval();
    for (auto& p : generator->parameters()) p.set_requires_grad(false);
    withSeededDefaultGenerator(detail::streamKey(o.seed, kInitialWeights), [&] {
      encoder = std::make_unique<E4eEncoder>(config);
      discriminator = LatentDiscriminator(config.wDim, o.latentDiscriminatorLayers);
      return 0;
    });
    {
      at::NoGradGuard noGrad;
      encoder->latentAvg().copy_(generator->mapping->wAvg.detach().to(at::kCPU).unsqueeze(0).expand(
          {config.numWs, config.wDim}));
    }
    encoder->to(device);
    discriminator->to(device);
    encoder->network()->train();
    encoderAdam.init(namedParameters(*encoder->network()));
    encoderAdam.lr = o.learningRate;
    encoderAdam.beta1 = o.adamBeta1;
    encoderAdam.beta2 = o.adamBeta2;
    encoderAdam.eps = o.adamEpsilon;
    discriminatorAdam.init(namedParameters(*discriminator));
    discriminatorAdam.lr = o.latentDiscriminatorLearningRate;
    discriminatorAdam.beta1 = o.adamBeta1;
    discriminatorAdam.beta2 = o.adamBeta2;
    discriminatorAdam.eps = o.adamEpsilon;
  }

  // Generator output at the encoder's resolution.
  at::Tensor synthesize(const at::Tensor& codes) {
    stylegan2::SynthesisOptions synthesis;
    synthesis.noise = NoiseMode::Const;
    at::Tensor images = generator->synthesize(codes, synthesis);
    const int64_t r = encoder->config().resolution;
    if (images.size(2) != r) images = at::adaptive_avg_pool2d(images, {r, r});
    return images;
  }

  nlohmann::json metadata() const {
    return {{"format", kCheckpointFormat},
            {"format_version", kCheckpointVersion},
            {"encoder", e4eEncoderConfigToJson(encoder->config())},
            {"generator_num_ws", generator->config().numWs()},
            {"generator_w_dim", generator->config().wDim},
            {"generator_id", generatorId},
            {"options", encoderTrainingOptionsToJson(options)},
            {"steps", steps},
            {"images_seen", imagesSeen},
            {"data_set_size", dataSetSize},
            {"encoder_adam_steps", encoderAdam.steps},
            {"discriminator_adam_steps", discriminatorAdam.steps},
            {"seconds", secondsBefore}};
  }
};

EncoderTrainer::EncoderTrainer() : state_(std::make_unique<State>()) {}
EncoderTrainer::~EncoderTrainer() = default;
EncoderTrainer::EncoderTrainer(EncoderTrainer&&) noexcept = default;
EncoderTrainer& EncoderTrainer::operator=(EncoderTrainer&&) noexcept = default;

EncoderTrainer::EncoderTrainer(const E4eEncoderConfig& encoder, StyleGan2Generator generator,
                               const EncoderTrainingOptions& options,
                               const std::string& generatorId, const std::string& device)
    : state_(std::make_unique<State>()) {
  if (!generator) throw Error("encoder training: no generator");
  state_->generatorId = generatorId;
  state_->build(encoder, std::move(generator), options, at::Device(device));
  state_->encoder->setActiveOffsets(options.activeOffsetsAt(0, encoder.numWs));
}

void EncoderTrainer::step(const GanImageSource& images) {
  State& s = *state_;
  const E4eEncoderConfig& c = s.encoder->config();
  if (images.size() < 1) throw Error("encoder training: no training frames");
  if (images.channels() != c.imageChannels || images.resolution() != c.resolution)
    throw Error("encoder training: the frames are " + std::to_string(images.channels()) + " x " +
                std::to_string(images.resolution()) + "^2, the encoder takes " +
                std::to_string(c.imageChannels) + " x " + std::to_string(c.resolution) + "^2");
  if (s.dataSetSize == 0) s.dataSetSize = images.size();
  if (images.size() != s.dataSetSize)
    throw Error("encoder training: the training set has " + std::to_string(images.size()) +
                " frames, this training was started with " + std::to_string(s.dataSetSize) +
                " (the frame order would change)");
  detail::checkRanksAgreeOnDataSetSize(s.group, images.size(), "encoder training", "frames",
                                       s.dataSetSizeAgreed);
  const EncoderTrainingOptions& o = s.options;
  const int64_t active = o.activeOffsetsAt(s.steps, c.numWs);
  s.encoder->setActiveOffsets(active);
  // As the official coach: once a progressive schedule is set, the delta regularisation stays on
  // (also after every offset was released).
  const bool progressive = o.progressiveStepEvery > 0;
  const bool adversarial = o.latentDiscriminatorWeight > 0;
  const int64_t microBatches = o.microBatches;
  const int64_t microBatchSize = o.batchSize / microBatches;
  const auto [firstMicroBatch, localMicroBatches] =
      detail::localMicroBatches(s.group, microBatches, "encoder training");
  const std::uint64_t stepKey =
      detail::streamKey(o.seed, kStep, static_cast<std::uint64_t>(s.steps));

  E4eEncoderNetworkImpl& net = *s.encoder->network();
  const at::Tensor latentAvg = s.encoder->latentAvg().unsqueeze(0);

  // One encoder pass per micro-batch and step, each from the same BatchNorm running statistics;
  // afterwards they hold the mean of the micro-batches' updates (one update of the minibatch).
  std::vector<at::Tensor> buffers;
  for (const auto& item : net.named_buffers()) buffers.push_back(item.value());
  std::vector<at::Tensor> startBuffers, bufferSums;
  if (localMicroBatches > 1)
    for (const at::Tensor& b : buffers) startBuffers.push_back(b.detach().clone());

  struct MicroBatch {
    at::Generator random;
    at::Tensor x;
    at::Tensor codes;
  };
  std::vector<MicroBatch> parts;
  for (int64_t j = 0; j < localMicroBatches; ++j) {
    const int64_t k = firstMicroBatch + j;
    MicroBatch part;
    part.random = makeGenerator(detail::microBatchStreamKey(stepKey, k), s.device);
    part.x = images
                 .images(s.imageOrder.indices(s.dataSetSize, microBatches, k,
                                              s.imagesSeen / microBatches, microBatchSize))
                 .to(s.device);
    if (j > 0) {
      at::NoGradGuard noGrad;
      // Through .data(): the autograd graphs of earlier micro-batches keep their versions.
      for (size_t i = 0; i < buffers.size(); ++i) buffers[i].data().copy_(startBuffers[i]);
    }
    part.codes = net.forward(part.x, active, true) + latentAvg;
    if (microBatches > 1) {
      at::NoGradGuard noGrad;
      for (size_t i = 0; i < buffers.size(); ++i) {
        if (!at::isFloatingType(buffers[i].scalar_type())) continue;
        if (bufferSums.size() <= i) bufferSums.resize(buffers.size());
        bufferSums[i] = bufferSums[i].defined() ? bufferSums[i] + buffers[i] : buffers[i].clone();
      }
    }
    parts.push_back(std::move(part));
  }
  if (microBatches > 1) {
    std::vector<at::Tensor> sums;
    for (const at::Tensor& b : bufferSums)
      if (b.defined()) sums.push_back(b);
    s.group.allReduceSum(sums, "the BatchNorm statistics");
    at::NoGradGuard noGrad;
    for (size_t i = 0; i < buffers.size() && i < bufferSums.size(); ++i)
      if (bufferSums[i].defined())
        buffers[i].data().copy_(bufferSums[i] / static_cast<double>(microBatches));
  }

  // Logged values summed over this rank's micro-batches.
  enum Logged { kTotal, kL2, kPerceptual, kDelta, kAdversarial, kDiscriminator, kR1, kCount };
  std::array<double, kCount> sums;
  sums.fill(kNaN);
  auto add = [&](Logged what, double value) {
    double& sum = sums[static_cast<size_t>(what)];
    sum = std::isnan(sum) ? value : sum + value;
  };

  // Discriminator: real w from the mapping network, fake = the encoder's base code.
  if (adversarial) {
    const std::vector<at::Tensor> parameters = s.discriminator->parameters();
    for (auto& p : parameters) p.set_requires_grad(true);
    std::vector<at::Tensor> realWs;
    s.discriminatorAdam.zeroGrad();
    for (MicroBatch& part : parts) {
      at::Tensor realW;
      {
        at::NoGradGuard noGrad;
        const at::Tensor z = at::randn({microBatchSize, s.generator->config().zDim}, part.random,
                                       at::TensorOptions().device(s.device));
        realW = s.generator->mapping->forward(z, {}, 1.0, std::nullopt, false);
        if (realW.dim() == 3) realW = realW.select(1, 0);
      }
      realWs.push_back(realW);
      const at::Tensor fakeW = part.codes.select(1, 0).detach();
      const at::Tensor loss = (at::softplus(s.discriminator->forward(fakeW)) +
                               at::softplus(-s.discriminator->forward(realW)))
                                  .mean();
      loss.backward();
      add(kDiscriminator, loss.item<double>());
    }
    detail::averageGradients(s.group, parameters, microBatches,
                             "the latent discriminator's gradients");
    s.discriminatorAdam.step();
    if (s.steps % o.latentDiscriminatorR1Interval == 0 && o.latentDiscriminatorR1Gamma > 0) {
      s.discriminatorAdam.zeroGrad();
      for (const at::Tensor& realW : realWs) {
        const at::Tensor real = realW.detach().requires_grad_(true);
        const at::Tensor prediction = s.discriminator->forward(real);
        const at::Tensor grad =
            torch::autograd::grad({prediction.sum()}, {real}, {}, true, true)[0];
        const at::Tensor penalty = grad.pow(2).sum(1).mean();
        const at::Tensor r1 = penalty * (o.latentDiscriminatorR1Gamma / 2.0 *
                                         static_cast<double>(o.latentDiscriminatorR1Interval));
        r1.backward();
        add(kR1, penalty.item<double>());
      }
      detail::averageGradients(s.group, parameters, microBatches,
                               "the latent discriminator's R1 gradients");
      s.discriminatorAdam.step();
    }
    for (auto& p : parameters) p.set_requires_grad(false);
  }

  // Encoder.
  s.encoderAdam.zeroGrad();
  for (MicroBatch& part : parts) {
    const at::Tensor& x = part.x;
    const at::Tensor& codes = part.codes;
    const at::Tensor y = s.synthesize(codes);
    at::Tensor loss = at::zeros({}, x.options());
    const at::Tensor l2 = (y - x).pow(2).mean();
    add(kL2, l2.item<double>());
    if (o.l2Weight > 0) loss = loss + l2 * o.l2Weight;
    if (o.perceptualWeight > 0) {
      const at::Tensor perceptual =
          multiScaleStructuralDissimilarity(y, x, 2.0, o.perceptualScales).mean();
      add(kPerceptual, perceptual.item<double>());
      loss = loss + perceptual * o.perceptualWeight;
    }
    if (adversarial) {
      at::Tensor adv = at::zeros({}, x.options());
      const int64_t dims = progressive ? active + 1 : c.numWs;
      for (int64_t i = 0; i < dims; ++i)
        adv = adv + at::softplus(-s.discriminator->forward(codes.select(1, i))).mean();
      adv = adv / static_cast<double>(dims);
      add(kAdversarial, adv.item<double>());
      loss = loss + adv * o.latentDiscriminatorWeight;
    }
    if (progressive) {
      at::Tensor delta = at::zeros({}, x.options());
      const at::Tensor first = codes.select(1, 0);
      for (int64_t i = 1; i <= active; ++i)
        delta = delta + (codes.select(1, i) - first).norm(2, {1}).mean();
      add(kDelta, delta.item<double>());
      if (o.deltaRegularizationWeight > 0) loss = loss + delta * o.deltaRegularizationWeight;
    }
    loss.backward();
    add(kTotal, loss.item<double>());
  }
  detail::averageGradients(s.group, s.encoderAdam.parameterTensors(), microBatches,
                           "the encoder's gradients");
  s.encoderAdam.step();

  if (microBatches != 1) {
    at::Tensor logged = at::tensor(std::vector<double>(sums.begin(), sums.end()), at::kDouble);
    s.group.allReduceSum({logged}, "the logged losses");
    for (size_t i = 0; i < sums.size(); ++i)
      sums[i] = logged[static_cast<int64_t>(i)].item<double>() / static_cast<double>(microBatches);
  }
  EncoderStepLosses losses;
  losses.activeOffsets = active;
  losses.total = sums[kTotal];
  losses.l2 = sums[kL2];
  losses.perceptual = sums[kPerceptual];
  losses.deltaRegularization = sums[kDelta];
  losses.adversarial = sums[kAdversarial];
  losses.discriminator = sums[kDiscriminator];
  losses.r1Penalty = sums[kR1];
  s.lastLosses = losses;
  s.steps += 1;
  s.imagesSeen += o.batchSize;
  s.encoder->setActiveOffsets(o.activeOffsetsAt(s.steps, c.numWs));
}

EncoderTrainingSummary EncoderTrainer::train(const GanImageSource& images,
                                             const EncoderTrainingRun& run,
                                             const Progress& progress) {
  State& s = *state_;
  if (run.totalSteps < 0) throw Error("encoder training: total steps must be >= 0");
  if (run.checkpointSteps < 1 || run.logIntervalSteps < 1)
    throw Error("encoder training: checkpoint and log intervals must be >= 1 step");
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const int64_t startSteps = s.steps;
  const double secondsAtStart = s.secondsBefore;
  // Only the main rank writes files and calls the hook (the others compute the same state).
  const bool mainRank = s.group.isMain();
  if (!run.lossLogPath.empty() && mainRank) prepareLossLog(run.lossLogPath, s.steps);
  std::vector<double> sums(6, 0.0);
  std::vector<int64_t> counts(6, 0);
  auto accumulate = [&](int i, double v) {
    if (!std::isnan(v)) {
      sums[static_cast<size_t>(i)] += v;
      ++counts[static_cast<size_t>(i)];
    }
  };
  auto writeRow = [&] {
    if (run.lossLogPath.empty() || !mainRank) {
      std::fill(sums.begin(), sums.end(), 0.0);
      std::fill(counts.begin(), counts.end(), 0);
      return;
    }
    std::ofstream out(run.lossLogPath, std::ios::app);
    out << s.steps << ',' << s.lastLosses.activeOffsets;
    for (size_t i = 0; i < sums.size(); ++i)
      out << ',' << formatNumber(counts[i] ? sums[i] / static_cast<double>(counts[i]) : kNaN, 6);
    out << ',' << formatNumber(secondsAtStart + elapsed(), 6) << '\n';
    if (!out) throw Error("cannot append to the loss log " + run.lossLogPath);
    std::fill(sums.begin(), sums.end(), 0.0);
    std::fill(counts.begin(), counts.end(), 0);
  };
  auto checkpoint = [&] {
    s.secondsBefore = secondsAtStart + elapsed();
    if (!mainRank) return;
    if (!run.checkpointPath.empty()) saveCheckpoint(run.checkpointPath);
    if (run.onCheckpoint) run.onCheckpoint();
  };
  int64_t lastCheckpoint = s.steps;
  try {
    progress.report(run.totalSteps > 0 ? static_cast<double>(s.steps) / run.totalSteps : 1.0,
                    "encoder training: step " + std::to_string(s.steps));
    while (s.steps < run.totalSteps) {
      step(images);
      const EncoderStepLosses& l = s.lastLosses;
      accumulate(0, l.total);
      accumulate(1, l.l2);
      accumulate(2, l.perceptual);
      accumulate(3, l.deltaRegularization);
      accumulate(4, l.adversarial);
      accumulate(5, l.discriminator);
      if (s.steps % run.logIntervalSteps == 0) writeRow();
      if (s.steps - lastCheckpoint >= run.checkpointSteps) {
        checkpoint();
        lastCheckpoint = s.steps;
      }
      const double done = static_cast<double>(s.steps - startSteps);
      const double left = static_cast<double>(run.totalSteps - s.steps) * elapsed() / done;
      std::ostringstream stage;
      stage.precision(4);
      stage << "encoder step " << s.steps << "/" << run.totalSteps << " offsets " << l.activeOffsets
            << " loss " << l.total << " l2 " << l.l2 << ", " << static_cast<int64_t>(left)
            << " s left";
      progress.report(static_cast<double>(s.steps) / static_cast<double>(run.totalSteps),
                      stage.str());
    }
  } catch (const Cancelled&) {
    if (s.steps != lastCheckpoint) checkpoint();
    throw;
  }
  if (counts[0] > 0) writeRow();
  if (s.steps != lastCheckpoint || s.steps == startSteps) checkpoint();
  EncoderTrainingSummary summary;
  summary.steps = s.steps;
  summary.stepsThisRun = s.steps - startSteps;
  summary.secondsThisRun = elapsed();
  summary.secondsPerStep = summary.stepsThisRun > 0
                               ? summary.secondsThisRun / static_cast<double>(summary.stepsThisRun)
                               : 0.0;
  summary.lastLosses = s.lastLosses;
  return summary;
}

void EncoderTrainer::setProcessGroup(const ProcessGroup& group) {
  State& s = *state_;
  detail::localMicroBatches(group, s.options.microBatches, "encoder training");
  // The same training on every rank: its settings and counters, compared with the main rank's.
  const nlohmann::json identity = {{"encoder", e4eEncoderConfigToJson(s.encoder->config())},
                                   {"options", encoderTrainingOptionsToJson(s.options)},
                                   {"generator_id", s.generatorId}};
  const auto settings = static_cast<int64_t>(std::hash<std::string>()(identity.dump()));
  const std::vector<int64_t> mine{settings,
                                  s.steps,
                                  s.imagesSeen,
                                  s.dataSetSize,
                                  s.encoderAdam.steps,
                                  s.discriminatorAdam.steps};
  at::Tensor mainValues = at::tensor(mine, at::kLong);
  group.broadcastFromMain({mainValues}, "the check that every rank holds the same training");
  const std::vector<int64_t> theirs(mainValues.data_ptr<int64_t>(),
                                    mainValues.data_ptr<int64_t>() + mine.size());
  const std::string rank = "encoder training (rank " + std::to_string(group.rank()) + "): ";
  if (theirs[0] != mine[0])
    throw Error(rank +
                "this rank's encoder, generator or training options differ from rank 0's; "
                "start every rank with the same options and generator");
  if (theirs != mine)
    throw Error(rank + "this rank is at step " + std::to_string(mine[1]) + ", rank 0 at step " +
                std::to_string(theirs[1]) +
                "; every rank must resume from the same checkpoint (a folder all ranks see)");
  std::vector<at::Tensor> state;
  for (auto& [name, tensor] : stateTensors()) state.push_back(tensor);
  group.broadcastFromMain(state, "copying rank 0's weights to every rank");
  s.group = group;
  s.dataSetSizeAgreed = false;
}

std::vector<std::pair<std::string, at::Tensor>> EncoderTrainer::stateTensors() const {
  const State& s = *state_;
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : s.encoder->network()->named_parameters())
    out.emplace_back("encoder." + item.key(), item.value());
  for (const auto& item : s.encoder->network()->named_buffers())
    out.emplace_back("encoder." + item.key(), item.value());
  out.emplace_back("encoder.latent_avg", s.encoder->latentAvg());
  for (const auto& item : s.discriminator->named_parameters())
    out.emplace_back("discriminator." + item.key(), item.value());
  s.encoderAdam.append("encoder_adam", out);
  s.discriminatorAdam.append("discriminator_adam", out);
  return out;
}

void EncoderTrainer::saveCheckpoint(const std::string& path) const {
  detail::writeTrainingCheckpoint(path, stateTensors(), kCheckpointMetadataKey,
                                  state_->metadata().dump());
}

EncoderTrainer EncoderTrainer::fromCheckpoint(const std::string& path, StyleGan2Generator generator,
                                              const std::string& generatorId,
                                              const std::string& device) {
  if (!std::filesystem::exists(path)) throw Error(path + ": no such training checkpoint");
  if (!generator) throw Error("encoder training: no generator");
  SafetensorsContent content = readSafetensors(path);
  const auto found = content.metadata.find(kCheckpointMetadataKey);
  if (found == content.metadata.end())
    throw Error(path + ": not a LatentEcho encoder training checkpoint (no training metadata)");
  nlohmann::json meta;
  try {
    meta = nlohmann::json::parse(found->second);
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": the training metadata is not valid JSON (" + e.what() + ")");
  }
  if (meta.value("format", std::string()) != kCheckpointFormat ||
      meta.value("format_version", 0) != kCheckpointVersion)
    throw Error(path + ": not a LatentEcho encoder training checkpoint of version " +
                std::to_string(kCheckpointVersion));
  EncoderTrainer trainer;
  State& s = *trainer.state_;
  try {
    const std::string storedId = meta.at("generator_id").get<std::string>();
    if (!storedId.empty() && !generatorId.empty() && storedId != generatorId)
      throw Error(path + ": this training was made for generator " + storedId +
                  ", not the given one (" + generatorId + ")");
    s.generatorId = storedId.empty() ? generatorId : storedId;
    s.build(e4eEncoderConfigFromJson(meta.at("encoder"), path), std::move(generator),
            encoderTrainingOptionsFromJson(meta.at("options"), path), at::Device(device));
    s.steps = meta.at("steps").get<int64_t>();
    s.imagesSeen = meta.at("images_seen").get<int64_t>();
    s.dataSetSize = meta.at("data_set_size").get<int64_t>();
    s.encoderAdam.steps = meta.at("encoder_adam_steps").get<int64_t>();
    s.discriminatorAdam.steps = meta.at("discriminator_adam_steps").get<int64_t>();
    s.secondsBefore = meta.at("seconds").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": the training metadata is incomplete (" + e.what() + ")");
  }
  at::NoGradGuard noGrad;
  std::vector<TensorSpec> specs;
  const auto targets = trainer.stateTensors();
  for (const auto& [name, t] : targets) specs.push_back({name, t.sizes().vec(), t.scalar_type()});
  validateTensors(content.tensors, specs, path);
  for (const auto& [name, t] : targets) {
    at::Tensor target = t;
    target.copy_(content.tensors.at(name));
  }
  s.encoder->setActiveOffsets(s.options.activeOffsetsAt(s.steps, s.encoder->config().numWs));
  return trainer;
}

void EncoderTrainer::saveModel(const std::string& folder, nlohmann::json provenance) const {
  const State& s = *state_;
  provenance["training"] = {{"steps", s.steps},
                            {"images_seen", s.imagesSeen},
                            {"active_offsets", s.encoder->config().activeOffsets},
                            {"generator_id", s.generatorId},
                            {"last_losses",
                             {{"loss", s.lastLosses.total},
                              {"l2", s.lastLosses.l2},
                              {"perceptual", std::isnan(s.lastLosses.perceptual)
                                                 ? nlohmann::json()
                                                 : nlohmann::json(s.lastLosses.perceptual)}}},
                            {"options", encoderTrainingOptionsToJson(s.options)}};
  // The model folder holds CPU tensors; the encoder's running statistics are part of them.
  s.encoder->save(folder, provenance);
}

at::Tensor EncoderTrainer::reconstruct(const at::Tensor& frames) const {
  at::NoGradGuard noGrad;
  State& s = *state_;
  return s.synthesize(s.encoder->encode(frames.to(s.device)));
}

const E4eEncoder& EncoderTrainer::encoder() const { return *state_->encoder; }
const EncoderTrainingOptions& EncoderTrainer::options() const { return state_->options; }
int64_t EncoderTrainer::steps() const { return state_->steps; }
int64_t EncoderTrainer::imagesSeen() const { return state_->imagesSeen; }
int64_t EncoderTrainer::activeOffsets() const { return state_->encoder->config().activeOffsets; }
const EncoderStepLosses& EncoderTrainer::lastLosses() const { return state_->lastLosses; }

}  // namespace latentecho
