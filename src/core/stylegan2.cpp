#include "latentecho/core/stylegan2.h"

#include <ATen/core/grad_mode.h>

#include <cmath>
#include <algorithm>

#include "latentecho/core/error.h"
#include "stylegan2_autograd.h"

namespace latentecho {

NoiseMode parseNoiseMode(const std::string& name) {
  if (name == "const") return NoiseMode::Const;
  if (name == "random") return NoiseMode::Random;
  if (name == "none") return NoiseMode::None;
  throw Error("unknown noise mode '" + name + "': expected const, random or none");
}

std::string noiseModeName(NoiseMode mode) {
  switch (mode) {
    case NoiseMode::Const:
      return "const";
    case NoiseMode::Random:
      return "random";
    case NoiseMode::None:
      return "none";
  }
  return "const";
}

void StyleGan2GeneratorConfig::setChannels(int64_t base, int64_t max) {
  channels.clear();
  for (int64_t res = 4; res <= resolution; res *= 2) channels.push_back(std::min(base / res, max));
  channelBase = base;
  channelMax = max;
}

std::vector<int64_t> StyleGan2GeneratorConfig::blockResolutions() const {
  std::vector<int64_t> out;
  for (int64_t res = 4; res <= resolution; res *= 2) out.push_back(res);
  return out;
}

int64_t StyleGan2GeneratorConfig::channelsAt(int64_t blockResolution) const {
  int64_t index = 0;
  for (int64_t res = 4; res < blockResolution; res *= 2) ++index;
  if (index >= static_cast<int64_t>(channels.size()) || (int64_t{4} << index) != blockResolution)
    throw Error("no synthesis block at resolution " + std::to_string(blockResolution));
  return channels[static_cast<size_t>(index)];
}

int64_t StyleGan2GeneratorConfig::numWs() const {
  const auto blocks = static_cast<int64_t>(blockResolutions().size());
  return 2 * blocks;  // 1 conv in the 4x4 block, 2 in each other, + the last toRGB
}

void StyleGan2GeneratorConfig::validate() const {
  auto fail = [](const std::string& what) { throw Error("StyleGAN2 configuration: " + what); };
  if (resolution < 4 || (resolution & (resolution - 1)) != 0)
    fail("resolution " + std::to_string(resolution) + " is not a power of two >= 4");
  if (zDim < 1) fail("z_dim must be positive (got " + std::to_string(zDim) + ")");
  if (cDim < 0) fail("c_dim must be >= 0 (got " + std::to_string(cDim) + ")");
  if (wDim < 1) fail("w_dim must be positive (got " + std::to_string(wDim) + ")");
  if (imageChannels < 1) fail("img_channels must be positive");
  if (mappingLayers < 1) fail("the mapping network needs at least one layer");
  if (mappingLayerFeatures < 1) fail("mapping layer_features must be positive");
  if (cDim > 0 && embedFeatures < 1) fail("embed_features must be positive when c_dim > 0");
  if (!(mappingLrMultiplier > 0)) fail("mapping lr_multiplier must be positive");
  if (channels.size() != blockResolutions().size())
    fail("expected " + std::to_string(blockResolutions().size()) + " channel counts for " +
         std::to_string(resolution) + "x" + std::to_string(resolution) + ", got " +
         std::to_string(channels.size()));
  for (int64_t c : channels)
    if (c < 1) fail("channel counts must be positive");
  if (convClamp && *convClamp < 0) fail("conv_clamp must be >= 0");
}

StyleGan2GeneratorConfig StyleGan2GeneratorConfig::paper256(int64_t imageChannels) {
  StyleGan2GeneratorConfig config;
  config.resolution = 256;
  config.imageChannels = imageChannels;
  config.mappingLayers = 8;
  config.setChannels(16384, 512);
  return config;
}

namespace stylegan2 {
namespace {

at::Tensor registerFilterBuffer(torch::nn::Module& module) {
  return module.register_buffer("resample_filter", setupFilter());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
FullyConnectedLayerImpl::FullyConnectedLayerImpl(int64_t inFeatures, int64_t outFeatures,
                                                 bool withBias, Activation activation,
                                                 double lrMultiplier, float biasInit)
    : activation_(activation),
      weightGain_(lrMultiplier / std::sqrt(static_cast<double>(inFeatures))),
      biasGain_(lrMultiplier) {
  weight = register_parameter("weight", at::randn({outFeatures, inFeatures}) / lrMultiplier);
  if (withBias) bias = register_parameter("bias", at::full({outFeatures}, biasInit));
}

at::Tensor FullyConnectedLayerImpl::effectiveBias() const {
  if (!bias.defined()) return {};
  return biasGain_ != 1.0 ? bias * biasGain_ : bias;
}

at::Tensor FullyConnectedLayerImpl::forward(const at::Tensor& x) {
  at::Tensor w = effectiveWeight().to(x.scalar_type());
  at::Tensor b = bias.defined() ? effectiveBias().to(x.scalar_type()) : at::Tensor();
  if (activation_ == Activation::Linear) return dense(x, w, b);
  return biasAct(dense(x, w), b, activation_);
}

// ---------------------------------------------------------------------------------------------
MappingNetworkImpl::MappingNetworkImpl(const StyleGan2GeneratorConfig& config, int64_t numWs)
    : config_(config), numWs_(numWs) {
  const int64_t embed = config.cDim > 0 ? config.embedFeatures : 0;
  if (config.cDim > 0) embed_ = register_module("embed", FullyConnectedLayer(config.cDim, embed));
  std::vector<int64_t> features{config.zDim + embed};
  for (int64_t i = 0; i + 1 < config.mappingLayers; ++i)
    features.push_back(config.mappingLayerFeatures);
  features.push_back(config.wDim);
  for (int64_t i = 0; i < config.mappingLayers; ++i) {
    layers_.push_back(register_module(
        "fc" + std::to_string(i),
        FullyConnectedLayer(features[static_cast<size_t>(i)], features[static_cast<size_t>(i + 1)],
                            true, Activation::LeakyRelu, config.mappingLrMultiplier)));
  }
  wAvg = register_buffer("w_avg", at::zeros({config.wDim}));
}

at::Tensor MappingNetworkImpl::forward(const at::Tensor& z, const at::Tensor& c,
                                       double truncationPsi,
                                       std::optional<int64_t> truncationCutoff,
                                       bool updateWAverage) {
  if (z.dim() != 2 || z.size(1) != config_.zDim)
    throw Error("mapping network: z must be [N, " + std::to_string(config_.zDim) + "], got " +
                c10::str(z.sizes()));
  at::Tensor x = normalize2ndMoment(z.to(at::kFloat));
  if (config_.cDim > 0) {
    if (!c.defined() || c.dim() != 2 || c.size(0) != z.size(0) || c.size(1) != config_.cDim)
      throw Error("mapping network: this generator is conditional and needs c [N, " +
                  std::to_string(config_.cDim) + "]");
    at::Tensor y = normalize2ndMoment(embed_->forward(c.to(at::kFloat)));
    x = at::cat({x, y}, 1);
  }
  for (auto& layer : layers_) x = layer->forward(x);

  if (is_training() && updateWAverage && config_.wAvgBeta < 1.0) {
    at::NoGradGuard noGrad;
    wAvg.copy_(x.detach().mean(0).lerp(wAvg, config_.wAvgBeta));
  }
  if (numWs_ > 0) x = x.unsqueeze(1).repeat({1, numWs_, 1});
  if (truncationPsi != 1.0) {
    if (numWs_ == 0 || !truncationCutoff) {
      x = wAvg.lerp(x, truncationPsi);
    } else {
      const int64_t cutoff = std::clamp<int64_t>(*truncationCutoff, 0, numWs_);
      at::Tensor head = wAvg.lerp(x.narrow(1, 0, cutoff), truncationPsi);
      x = at::cat({head, x.narrow(1, cutoff, numWs_ - cutoff)}, 1);
    }
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
SynthesisLayerImpl::SynthesisLayerImpl(int64_t inChannels, int64_t outChannels, int64_t wDim,
                                       int64_t resolution_, int64_t kernelSize, int64_t up_,
                                       std::optional<double> convClamp_)
    : resolution(resolution_), up(up_), padding(kernelSize / 2), convClamp(convClamp_) {
  resampleFilter = registerFilterBuffer(*this);
  affine = register_module("affine", FullyConnectedLayer(wDim, inChannels, true,
                                                         Activation::Linear, 1.0, 1.f));
  weight = register_parameter("weight", at::randn({outChannels, inChannels, kernelSize, kernelSize}));
  noiseConst = register_buffer("noise_const", at::randn({resolution, resolution}));
  noiseStrength = register_parameter("noise_strength", at::zeros({}));
  bias = register_parameter("bias", at::zeros({outChannels}));
}

at::Tensor SynthesisLayerImpl::noise(int64_t batch, const SynthesisOptions& options,
                                     const at::Device& device) const {
  switch (options.noise) {
    case NoiseMode::Const:
      return noiseConst * noiseStrength;
    case NoiseMode::Random: {
      at::Tensor n = options.generator
                         ? at::randn({batch, 1, resolution, resolution}, *options.generator,
                                     at::TensorOptions().device(device))
                         : at::randn({batch, 1, resolution, resolution},
                                     at::TensorOptions().device(device));
      return n * noiseStrength;
    }
    case NoiseMode::None:
      break;
  }
  return {};
}

namespace {

// The differentiable modulated convolution layer with the fused channels-last operations of
// stylegan2_autograd.h: same arithmetic as modulatedConv2d + biasAct, fewer passes over memory.
// Returns undefined where they do not apply (the caller takes the reference path).
at::Tensor trainingKernelForward(SynthesisLayerImpl& layer, const at::Tensor& x,
                                 const at::Tensor& styles, const at::Tensor& noise,
                                 const SynthesisOptions& options) {
  if (!options.trainingKernels || options.upsample != UpsampleMethod::Polyphase) return {};
  if (!x.device().is_cpu() || (x.scalar_type() != at::kFloat && x.scalar_type() != at::kDouble))
    return {};
  const at::Tensor& weight = layer.weight;
  const int64_t k = weight.size(2);
  if (weight.size(3) != k || layer.padding != k / 2 || k % 2 != 1) return {};
  std::optional<std::array<double, 4>> taps;
  if (layer.up != 1) {
    if (layer.up != 2 || k != 3) return {};
    taps = separableUpsamplingTaps(layer.resampleFilter, 4.0);
    if (!taps) return {};
  }
  constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;
  const int64_t n = x.size(0);
  const at::Tensor w = weight.to(x.scalar_type());
  const at::Tensor s = styles.to(x.scalar_type());
  const at::Tensor modulated = (x * s.reshape({n, -1, 1, 1})).contiguous(kChannelsLast);
  at::Tensor y;
  if (layer.up == 1) {
    y = at::conv2d(modulated, w.contiguous(kChannelsLast), {}, {1, 1}, {k / 2, k / 2});
  } else {
    // Parity phases of the stride-2 transposed convolution (the official code does not flip the
    // kernel there): even outputs use kernel taps {2, 0}, odd ones {1}, as the inference path.
    const auto index = at::TensorOptions().dtype(at::kLong).device(w.device());
    const at::Tensor even = at::tensor(std::vector<int64_t>{2, 0}, index);
    const at::Tensor odd = at::tensor(std::vector<int64_t>{1}, index);
    auto phase = [&](const at::Tensor& rows, const at::Tensor& cols, int64_t padRows,
                     int64_t padCols) {
      at::Tensor kernel = w.index_select(2, rows).index_select(3, cols).contiguous(kChannelsLast);
      return at::conv2d(modulated, kernel, {}, {1, 1}, {padRows, padCols});
    };
    y = interleavePhasesAndFilter(phase(even, even, 1, 1), phase(even, odd, 1, 0),
                                  phase(odd, even, 0, 1), phase(odd, odd, 0, 0), *taps);
  }
  const at::Tensor demod = demodulationCoefficients(weight, styles).to(x.scalar_type());
  return demodulateNoiseBiasActivation(y, demod, noise, layer.bias,
                                       /*slope=*/0.2, defaultGain(Activation::LeakyRelu),
                                       layer.convClamp ? *layer.convClamp : -1.0);
}

// upsample2d of the skip image. With the training kernels: zero insertion, then the 4-tap
// separable filter as separableCorrelation (oneDNN's depthwise convolution is very slow on the
// one-channel image, forwards and backwards); otherwise the reference upfirdn2d.
at::Tensor upsampleImage(const at::Tensor& img, const at::Tensor& filter,
                         const SynthesisOptions& options) {
  if (options.trainingKernels && options.upsample == UpsampleMethod::Polyphase &&
      img.device().is_cpu() &&
      (img.scalar_type() == at::kFloat || img.scalar_type() == at::kDouble)) {
    if (const auto taps = separableUpsamplingTaps(filter, 4.0)) {
      const int64_t n = img.size(0), c = img.size(1), h = img.size(2), w = img.size(3);
      at::Tensor x = at::constant_pad_nd(img.reshape({n, c, h, 1, w, 1}), {0, 1, 0, 0, 0, 1});
      // upsample2d's padding for a 4-tap filter and factor 2: 2 before, 1 after.
      x = at::constant_pad_nd(x.reshape({n, c, 2 * h, 2 * w}), {2, 1, 2, 1});
      const at::Tensor t = at::tensor(std::vector<double>(taps->begin(), taps->end()), at::kDouble);
      return separableCorrelation(x, t, t);
    }
  }
  return upsample2d(img, filter);
}

}  // namespace

at::Tensor SynthesisLayerImpl::forward(const at::Tensor& x, const at::Tensor& w,
                                       const SynthesisOptions& options) {
  at::Tensor styles = affine->forward(w);
  at::Tensor n = noise(x.size(0), options, x.device());
  if (at::Tensor out = trainingKernelForward(*this, x, styles, n, options); out.defined())
    return out;
  at::Tensor y = modulatedConv2d(x, weight, styles, n, up, padding, resampleFilter, true,
                                 /*flipWeight=*/up == 1, options.upsample);
  return biasAct(y, bias.to(y.scalar_type()), Activation::LeakyRelu, std::nullopt, convClamp);
}

// ---------------------------------------------------------------------------------------------
ToRgbLayerImpl::ToRgbLayerImpl(int64_t inChannels, int64_t outChannels, int64_t wDim,
                               std::optional<double> convClamp_)
    : weightGain(1.0 / std::sqrt(static_cast<double>(inChannels))), convClamp(convClamp_) {
  affine = register_module("affine", FullyConnectedLayer(wDim, inChannels, true,
                                                         Activation::Linear, 1.0, 1.f));
  weight = register_parameter("weight", at::randn({outChannels, inChannels, 1, 1}));
  bias = register_parameter("bias", at::zeros({outChannels}));
}

at::Tensor ToRgbLayerImpl::styles(const at::Tensor& w) { return affine->forward(w) * weightGain; }

at::Tensor ToRgbLayerImpl::forward(const at::Tensor& x, const at::Tensor& w) {
  at::Tensor y = modulatedConv2d(x, weight, styles(w), {}, 1, 0, {}, /*demodulate=*/false);
  return biasAct(y, bias.to(y.scalar_type()), Activation::Linear, std::nullopt, convClamp);
}

// ---------------------------------------------------------------------------------------------
SynthesisBlockImpl::SynthesisBlockImpl(int64_t inChannels_, int64_t outChannels_, int64_t wDim,
                                       int64_t resolution_, int64_t imageChannels_,
                                       std::optional<double> convClamp)
    : inChannels(inChannels_),
      outChannels(outChannels_),
      resolution(resolution_),
      imageChannels(imageChannels_) {
  resampleFilter = registerFilterBuffer(*this);
  if (inChannels == 0) {
    constInput = register_parameter("const", at::randn({outChannels, resolution, resolution}));
  } else {
    conv0 = register_module("conv0", SynthesisLayer(inChannels, outChannels, wDim, resolution, 3,
                                                    2, convClamp));
  }
  conv1 = register_module(
      "conv1", SynthesisLayer(outChannels, outChannels, wDim, resolution, 3, 1, convClamp));
  torgb = register_module("torgb", ToRgbLayer(outChannels, imageChannels, wDim, convClamp));
}

std::pair<at::Tensor, at::Tensor> SynthesisBlockImpl::forward(const at::Tensor& xIn,
                                                              const at::Tensor& imgIn,
                                                              const at::Tensor& ws,
                                                              const SynthesisOptions& options) {
  const int64_t n = ws.size(0);
  at::Tensor x;
  int64_t wIndex = 0;
  if (inChannels == 0) {
    x = constInput.unsqueeze(0).repeat({n, 1, 1, 1});
    x = conv1->forward(x, ws.select(1, wIndex++), options);
  } else {
    x = conv0->forward(xIn, ws.select(1, wIndex++), options);
    x = conv1->forward(x, ws.select(1, wIndex++), options);
  }
  at::Tensor img = imgIn;
  if (img.defined()) img = upsampleImage(img, resampleFilter, options);
  at::Tensor y = torgb->forward(x, ws.select(1, wIndex++));
  img = img.defined() ? img + y : y;
  return {x, img};
}

// ---------------------------------------------------------------------------------------------
SynthesisNetworkImpl::SynthesisNetworkImpl(const StyleGan2GeneratorConfig& config)
    : config_(config) {
  config.validate();
  for (int64_t res : config.blockResolutions()) {
    const int64_t in = res > 4 ? config.channelsAt(res / 2) : 0;
    blocks_.push_back(register_module(
        "b" + std::to_string(res), SynthesisBlock(in, config.channelsAt(res), config.wDim, res,
                                                  config.imageChannels, config.convClamp)));
    numWs_ += blocks_.back()->numConv();
  }
  numWs_ += blocks_.back()->numToRgb();
}

bool SynthesisNetworkImpl::fusedApplicable(const at::Tensor& ws, const SynthesisOptions& options) {
  if (!options.allowFusedInference || options.upsample != UpsampleMethod::Polyphase) return false;
  if (!ws.device().is_cpu() || ws.scalar_type() != at::kFloat) return false;
  if (at::GradMode::is_enabled()) {
    if (ws.requires_grad()) return false;
    for (const auto& p : parameters())
      if (p.requires_grad()) return false;
  }
  return true;
}

at::Tensor SynthesisNetworkImpl::forward(const at::Tensor& ws, const SynthesisOptions& options) {
  if (ws.dim() != 3 || ws.size(1) != numWs_ || ws.size(2) != config_.wDim)
    throw Error("synthesis network: ws must be [N, " + std::to_string(numWs_) + ", " +
                std::to_string(config_.wDim) + "], got " + c10::str(ws.sizes()));
  if (fusedApplicable(ws, options)) {
    at::NoGradGuard noGrad;
    return forwardFused(ws.to(at::kFloat), options);
  }
  return forwardDifferentiable(ws.to(at::kFloat), options);
}

at::Tensor SynthesisNetworkImpl::forwardDifferentiable(const at::Tensor& ws,
                                                       const SynthesisOptions& options) {
  return forwardBlocks(ws, 0, blocks_.size(), {}, {}, options).second;
}

std::pair<at::Tensor, at::Tensor> SynthesisNetworkImpl::forwardBlocks(
    const at::Tensor& wsIn, size_t firstBlock, size_t endBlock, const at::Tensor& xIn,
    const at::Tensor& imgIn, const SynthesisOptions& options) {
  if (wsIn.dim() != 3 || wsIn.size(1) != numWs_ || wsIn.size(2) != config_.wDim)
    throw Error("synthesis network: ws must be [N, " + std::to_string(numWs_) + ", " +
                std::to_string(config_.wDim) + "], got " + c10::str(wsIn.sizes()));
  if (firstBlock > endBlock || endBlock > blocks_.size())
    throw Error("synthesis network: no blocks [" + std::to_string(firstBlock) + ", " +
                std::to_string(endBlock) + ") in " + std::to_string(blocks_.size()));
  if (firstBlock > 0 && (!xIn.defined() || !imgIn.defined()))
    throw Error("synthesis network: starting after block 0 needs the previous block's x and img");
  const at::Tensor ws = wsIn.to(at::kFloat);
  at::Tensor x = xIn, img = imgIn;
  int64_t wIndex = 0;
  for (size_t i = 0; i < firstBlock; ++i) wIndex += blocks_[i]->numConv();
  for (size_t i = firstBlock; i < endBlock; ++i) {
    auto& block = blocks_[i];
    const int64_t count = block->numConv() + block->numToRgb();
    std::tie(x, img) = block->forward(x, img, ws.narrow(1, wIndex, count), options);
    wIndex += block->numConv();
  }
  return {x, img};
}

}  // namespace stylegan2

// ---------------------------------------------------------------------------------------------
StyleGan2GeneratorImpl::StyleGan2GeneratorImpl(const StyleGan2GeneratorConfig& config)
    : config_(config) {
  synthesis = register_module("synthesis", stylegan2::SynthesisNetwork(config));
  mapping = register_module("mapping", stylegan2::MappingNetwork(config, synthesis->numWs()));
}

at::Tensor StyleGan2GeneratorImpl::map(const at::Tensor& z, const at::Tensor& c,
                                       double truncationPsi,
                                       std::optional<int64_t> truncationCutoff) {
  return mapping->forward(z, c, truncationPsi, truncationCutoff);
}

at::Tensor StyleGan2GeneratorImpl::synthesize(const at::Tensor& ws,
                                              const stylegan2::SynthesisOptions& options) {
  return synthesis->forward(ws, options);
}

at::Tensor StyleGan2GeneratorImpl::forward(const at::Tensor& z, const at::Tensor& c,
                                           double truncationPsi,
                                           std::optional<int64_t> truncationCutoff,
                                           const stylegan2::SynthesisOptions& options) {
  return synthesize(map(z, c, truncationPsi, truncationCutoff), options);
}

std::vector<std::pair<std::string, at::Tensor>> StyleGan2GeneratorImpl::namedTensors() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : named_parameters(true)) out.emplace_back(item.key(), item.value());
  for (const auto& item : named_buffers(true)) out.emplace_back(item.key(), item.value());
  return out;
}

std::shared_ptr<StyleGan2GeneratorImpl> StyleGan2GeneratorImpl::copy() const {
  auto other = std::make_shared<StyleGan2GeneratorImpl>(config_);
  at::NoGradGuard noGrad;
  auto mine = namedTensors();
  auto theirs = other->namedTensors();
  for (size_t i = 0; i < mine.size(); ++i) theirs[i].second.copy_(mine[i].second);
  other->train(is_training());
  return other;
}

}  // namespace latentecho
