#include "latentecho/core/stylegan2_discriminator.h"

#include <cmath>

#include "latentecho/core/error.h"

namespace latentecho {

void StyleGan2DiscriminatorConfig::setChannels(int64_t base, int64_t max) {
  channels.clear();
  for (int64_t res = 4; res <= resolution; res *= 2) channels.push_back(std::min(base / res, max));
  channelBase = base;
  channelMax = max;
}

std::vector<int64_t> StyleGan2DiscriminatorConfig::blockResolutions() const {
  std::vector<int64_t> out;
  for (int64_t res = resolution; res > 4; res /= 2) out.push_back(res);
  return out;
}

int64_t StyleGan2DiscriminatorConfig::channelsAt(int64_t res) const {
  size_t index = 0;
  for (int64_t r = 4; r < res; r *= 2) ++index;
  if (index >= channels.size()) throw Error("no discriminator channels for resolution " + std::to_string(res));
  return channels[index];
}

void StyleGan2DiscriminatorConfig::validate() const {
  auto fail = [](const std::string& what) {
    throw Error("StyleGAN2 discriminator configuration: " + what);
  };
  if (resolution < 8 || (resolution & (resolution - 1)) != 0)
    fail("resolution " + std::to_string(resolution) + " is not a power of two >= 8");
  if (imageChannels < 1) fail("img_channels must be positive");
  size_t expected = 0;
  for (int64_t r = 4; r <= resolution; r *= 2) ++expected;
  if (channels.size() != expected)
    fail("expected " + std::to_string(expected) + " channel counts, got " +
         std::to_string(channels.size()));
  for (int64_t c : channels)
    if (c < 1) fail("channel counts must be positive");
  if (mbstdGroupSize < 1) fail("mbstd group size must be positive");
  if (mbstdNumChannels < 0) fail("mbstd channels must be >= 0");
  if (mbstdNumChannels > 0 && channels[0] % mbstdNumChannels != 0)
    fail("the 4x4 channel count must be divisible by the mbstd channels");
}

namespace stylegan2 {

Conv2dLayerImpl::Conv2dLayerImpl(int64_t inChannels, int64_t outChannels, int64_t kernelSize,
                                 bool withBias, Activation activation_, int64_t up_,
                                 int64_t down_, std::optional<double> convClamp_)
    : up(up_),
      down(down_),
      padding(kernelSize / 2),
      weightGain(1.0 / std::sqrt(static_cast<double>(inChannels * kernelSize * kernelSize))),
      activation(activation_),
      convClamp(convClamp_) {
  resampleFilter = register_buffer("resample_filter", setupFilter());
  weight = register_parameter("weight", at::randn({outChannels, inChannels, kernelSize, kernelSize}));
  if (withBias) bias = register_parameter("bias", at::zeros({outChannels}));
}

at::Tensor Conv2dLayerImpl::forward(const at::Tensor& x, double gain) {
  at::Tensor w = (weight * weightGain).to(x.scalar_type());
  at::Tensor y = conv2dResample(x, w, resampleFilter, up, down, padding, /*flipWeight=*/up == 1);
  std::optional<double> clamp;
  if (convClamp) clamp = *convClamp * gain;
  return biasAct(y, bias.defined() ? bias.to(y.scalar_type()) : at::Tensor(), activation,
                 defaultGain(activation) * gain, clamp);
}

DiscriminatorBlockImpl::DiscriminatorBlockImpl(int64_t inChannels_, int64_t tmpChannels,
                                               int64_t outChannels, int64_t resolution_,
                                               int64_t imageChannels,
                                               std::optional<double> convClamp)
    : inChannels(inChannels_), resolution(resolution_) {
  resampleFilter = register_buffer("resample_filter", setupFilter());
  if (inChannels == 0)
    fromrgb = register_module("fromrgb", Conv2dLayer(imageChannels, tmpChannels, 1, true,
                                                     Activation::LeakyRelu, 1, 1, convClamp));
  conv0 = register_module("conv0", Conv2dLayer(tmpChannels, tmpChannels, 3, true,
                                               Activation::LeakyRelu, 1, 1, convClamp));
  conv1 = register_module("conv1", Conv2dLayer(tmpChannels, outChannels, 3, true,
                                               Activation::LeakyRelu, 1, 2, convClamp));
  skip = register_module("skip", Conv2dLayer(tmpChannels, outChannels, 1, false,
                                             Activation::Linear, 1, 2, std::nullopt));
}

at::Tensor DiscriminatorBlockImpl::forward(const at::Tensor& xIn, const at::Tensor& img) {
  at::Tensor x = xIn;
  if (inChannels == 0) {
    at::Tensor y = fromrgb->forward(img.to(at::kFloat));
    x = x.defined() ? x + y : y;
  }
  const double half = std::sqrt(0.5);
  at::Tensor y = skip->forward(x, half);
  x = conv0->forward(x);
  x = conv1->forward(x, half);
  return y + x;
}

at::Tensor minibatchStddev(const at::Tensor& x, int64_t groupSize, int64_t numChannels) {
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const int64_t g = std::min(groupSize, n);
  if (n % g != 0)
    throw Error("minibatch standard deviation: the batch of " + std::to_string(n) +
                " is not divisible by the group size " + std::to_string(g));
  const int64_t f = numChannels;
  at::Tensor y = x.reshape({g, -1, f, c / f, h, w});
  y = y - y.mean(0);
  y = y.square().mean(0);
  y = (y + 1e-8).sqrt();
  y = y.mean({2, 3, 4});
  y = y.reshape({-1, f, 1, 1});
  y = y.repeat({g, 1, h, w});
  return at::cat({x, y}, 1);
}

DiscriminatorEpilogueImpl::DiscriminatorEpilogueImpl(int64_t inChannels, int64_t resolution,
                                                     int64_t mbstdGroupSize_,
                                                     int64_t mbstdNumChannels_,
                                                     std::optional<double> convClamp)
    : mbstdGroupSize(mbstdGroupSize_), mbstdNumChannels(mbstdNumChannels_) {
  conv = register_module("conv", Conv2dLayer(inChannels + mbstdNumChannels, inChannels, 3, true,
                                             Activation::LeakyRelu, 1, 1, convClamp));
  fc = register_module("fc", FullyConnectedLayer(inChannels * resolution * resolution, inChannels,
                                                 true, Activation::LeakyRelu));
  out = register_module("out", FullyConnectedLayer(inChannels, 1));
}

at::Tensor DiscriminatorEpilogueImpl::forward(const at::Tensor& xIn) {
  at::Tensor x = xIn.to(at::kFloat);
  if (mbstdNumChannels > 0) x = minibatchStddev(x, mbstdGroupSize, mbstdNumChannels);
  x = conv->forward(x);
  x = fc->forward(x.flatten(1));
  return out->forward(x);
}

}  // namespace stylegan2

StyleGan2DiscriminatorImpl::StyleGan2DiscriminatorImpl(const StyleGan2DiscriminatorConfig& config)
    : config_(config) {
  config.validate();
  for (int64_t res : config.blockResolutions()) {
    const int64_t in = res < config.resolution ? config.channelsAt(res) : 0;
    blocks_.push_back(register_module(
        "b" + std::to_string(res),
        stylegan2::DiscriminatorBlock(in, config.channelsAt(res), config.channelsAt(res / 2), res,
                                      config.imageChannels, config.convClamp)));
  }
  epilogue_ = register_module(
      "b4", stylegan2::DiscriminatorEpilogue(config.channelsAt(4), 4, config.mbstdGroupSize,
                                             config.mbstdNumChannels, config.convClamp));
}

at::Tensor StyleGan2DiscriminatorImpl::forward(const at::Tensor& images) {
  const int64_t r = config_.resolution;
  if (images.dim() != 4 || images.size(1) != config_.imageChannels || images.size(2) != r ||
      images.size(3) != r)
    throw Error("discriminator: images must be [N, " + std::to_string(config_.imageChannels) +
                ", " + std::to_string(r) + ", " + std::to_string(r) + "], got " +
                c10::str(images.sizes()));
  at::Tensor x;
  for (auto& block : blocks_) x = block->forward(x, images);
  return epilogue_->forward(x);
}

std::vector<std::pair<std::string, at::Tensor>> StyleGan2DiscriminatorImpl::namedTensors() const {
  std::vector<std::pair<std::string, at::Tensor>> out;
  for (const auto& item : named_parameters(true)) out.emplace_back(item.key(), item.value());
  for (const auto& item : named_buffers(true)) out.emplace_back(item.key(), item.value());
  return out;
}

}  // namespace latentecho
