#pragma once
// The StyleGAN2 discriminator of NVlabs' stylegan2-ada-pytorch training/networks.py, 'resnet'
// architecture (the default): per resolution a block of fromRGB (first block only), a 3x3 conv, a
// 3x3 conv downsampling by 2 with the [1,3,3,1] filter, and a 1x1 downsampling skip, added with
// gains sqrt(1/2); then at 4x4 the epilogue: minibatch standard deviation, a 3x3 conv, a dense
// layer and the output score. Unconditional (c_dim = 0).
//
// Parameter and buffer names are the official ones ("b256.conv0.weight", "b4.fc.weight", ...),
// so official D state dicts load and training checkpoints are interchangeable.
//
// Everything runs through differentiable ATen ops, with double backward (R1 regularisation takes
// the gradient of the gradient norm). Images [N, C, R, R], NCHW, float32, in [-1, 1]; output
// [N, 1] logits.
#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <optional>
#include <vector>

#include "latentecho/core/stylegan2.h"

namespace latentecho {

struct StyleGan2DiscriminatorConfig {
  int64_t resolution = 256;
  int64_t imageChannels = 1;
  std::vector<int64_t> channels;            // at resolution 4 << i, as for the generator
  std::optional<double> convClamp = 256.0;  // clamp of conv outputs, none = no clamping
  int64_t mbstdGroupSize = 4;               // minibatch std group (batch must be divisible)
  int64_t mbstdNumChannels = 1;             // 0 disables the minibatch std layer
  std::optional<int64_t> channelBase;
  std::optional<int64_t> channelMax;

  void setChannels(int64_t base, int64_t max);
  std::vector<int64_t> blockResolutions() const;  // R, R/2, ..., 8 (the epilogue is at 4)
  int64_t channelsAt(int64_t res) const;
  void validate() const;  // throws Error naming the field
};

namespace stylegan2 {

// Equalised-learning-rate convolution with optional FIR up/downsampling (official Conv2dLayer).
class Conv2dLayerImpl : public torch::nn::Module {
 public:
  Conv2dLayerImpl(int64_t inChannels, int64_t outChannels, int64_t kernelSize, bool bias = true,
                  Activation activation = Activation::Linear, int64_t up = 1, int64_t down = 1,
                  std::optional<double> convClamp = std::nullopt);
  at::Tensor forward(const at::Tensor& x, double gain = 1.0);

  at::Tensor weight;          // [out, in, k, k]
  at::Tensor bias;            // [out] or undefined
  at::Tensor resampleFilter;  // buffer "resample_filter"
  const int64_t up;
  const int64_t down;
  const int64_t padding;
  const double weightGain;
  const Activation activation;
  const std::optional<double> convClamp;
};
TORCH_MODULE(Conv2dLayer);

class DiscriminatorBlockImpl : public torch::nn::Module {
 public:
  // inChannels 0 = the first (highest-resolution) block, which reads the image via fromRGB.
  DiscriminatorBlockImpl(int64_t inChannels, int64_t tmpChannels, int64_t outChannels,
                         int64_t resolution, int64_t imageChannels,
                         std::optional<double> convClamp);
  // x: features from the previous block (undefined for the first), img: the input image.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& img);

  at::Tensor resampleFilter;  // buffer "resample_filter"
  Conv2dLayer fromrgb{nullptr};
  Conv2dLayer conv0{nullptr};
  Conv2dLayer conv1{nullptr};
  Conv2dLayer skip{nullptr};
  const int64_t inChannels;
  const int64_t resolution;
};
TORCH_MODULE(DiscriminatorBlock);

// Appends the standard deviation over groups of the minibatch as extra feature channels.
at::Tensor minibatchStddev(const at::Tensor& x, int64_t groupSize, int64_t numChannels);

class DiscriminatorEpilogueImpl : public torch::nn::Module {
 public:
  DiscriminatorEpilogueImpl(int64_t inChannels, int64_t resolution, int64_t mbstdGroupSize,
                            int64_t mbstdNumChannels, std::optional<double> convClamp);
  at::Tensor forward(const at::Tensor& x);

  Conv2dLayer conv{nullptr};
  FullyConnectedLayer fc{nullptr};
  FullyConnectedLayer out{nullptr};
  const int64_t mbstdGroupSize;
  const int64_t mbstdNumChannels;
};
TORCH_MODULE(DiscriminatorEpilogue);

}  // namespace stylegan2

class StyleGan2DiscriminatorImpl : public torch::nn::Module {
 public:
  explicit StyleGan2DiscriminatorImpl(const StyleGan2DiscriminatorConfig& config);
  // images [N, C, R, R] -> logits [N, 1]. N must be divisible by min(mbstdGroupSize, N).
  at::Tensor forward(const at::Tensor& images);
  std::vector<std::pair<std::string, at::Tensor>> namedTensors() const;
  const StyleGan2DiscriminatorConfig& config() const { return config_; }

 private:
  StyleGan2DiscriminatorConfig config_;
  std::vector<stylegan2::DiscriminatorBlock> blocks_;
  stylegan2::DiscriminatorEpilogue epilogue_{nullptr};
};
TORCH_MODULE(StyleGan2Discriminator);

}  // namespace latentecho
