#pragma once
// The StyleGAN2 generator (Karras et al. 2020) with the semantics, parameter names and buffer
// names of NVlabs' stylegan2-ada-pytorch training/networks.py: Generator = MappingNetwork (z -> w,
// with w_avg tracking and truncation) + SynthesisNetwork (architecture 'skip': a learned 4x4
// constant, modulated 3x3 convolutions with weight demodulation, noise inputs, [1,3,3,1] FIR
// upsampling, a modulated 1x1 toRGB per block whose images are upsampled and summed).
//
// named_parameters() + named_buffers() of a Generator are exactly the keys of the official
// G.state_dict() ("synthesis.b8.conv0.weight", "mapping.w_avg", ...), so official checkpoints load
// by name (see stylegan2_model.h) and exports load back into Python.
//
// Shapes: z [N, z_dim], c [N, c_dim], ws [N, num_ws, w_dim]; images [N, img_channels, R, R],
// NCHW, float32, nominally in [-1, 1]. Computation is float32 (the official fp16 layers are an
// accelerator optimisation; with force_fp32 the official outputs are what this computes).
//
// Two execution paths, same arithmetic:
//  - the differentiable path (plain ATen ops, polyphase or official transposed upsampling) runs
//    whenever autograd is recording and a parameter or input requires grad (training, PTI);
//  - the inference path (GradMode off, or nothing requires grad) runs channels-last with fused
//    CPU kernels for demodulation, noise, bias, activation, blur and toRGB.
// Both use one shared-weight convolution per layer for the whole batch (styles scale the input,
// demodulation coefficients the output: the official fused_modconv=False arithmetic).
// On CPU the differentiable path runs channels-last with fused autograd operations for what
// follows each convolution (demodulation, noise, bias, activation, clamp; the upsampling's
// interleave + FIR filter) unless SynthesisOptions::trainingKernels is off, which selects the
// plain-ATen reference (one op per step of the official code; tests compare the two).
//
// Thread-safety: forward passes of one module may run concurrently on distinct inputs when
// nothing is being trained (they only read parameters); training mutates w_avg and parameters.
#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/stylegan2_ops.h"

namespace latentecho {

enum class NoiseMode {
  Const,   // each layer's stored noise_const image times noise_strength (deterministic)
  Random,  // fresh Gaussian noise per sample times noise_strength
  None,    // no noise
};

// "const" | "random" | "none"; throws Error naming the value otherwise.
NoiseMode parseNoiseMode(const std::string& name);
std::string noiseModeName(NoiseMode mode);

// The architecture of a generator. Channel counts are stored per block resolution (4, 8, ..., R):
// the official code derives them as min(channel_base / res, channel_max), and imported weights
// carry them in their shapes whatever base and max produced them.
struct StyleGan2GeneratorConfig {
  int64_t zDim = 512;
  int64_t cDim = 0;  // conditioning label size; 0 = unconditional (no embed layer)
  int64_t wDim = 512;
  int64_t resolution = 256;
  int64_t imageChannels = 1;
  int64_t mappingLayers = 8;
  int64_t mappingLayerFeatures = 512;       // width of the hidden mapping layers (official: w_dim)
  int64_t embedFeatures = 512;              // label embedding width, used when cDim > 0
  double mappingLrMultiplier = 0.01;        // scales the mapping's equalised learning rate
  double wAvgBeta = 0.995;                  // decay of the tracked average w during training
  std::vector<int64_t> channels;            // channels[i] at resolution 4 << i; see channelsAt()
  std::optional<double> convClamp = 256.0;  // clamp of conv outputs, none = no clamping
  // What produced `channels`, when known (informational; channels is authoritative).
  std::optional<int64_t> channelBase;
  std::optional<int64_t> channelMax;

  // The official channel rule applied for this resolution: fills channels, channelBase, channelMax.
  void setChannels(int64_t base, int64_t max);

  std::vector<int64_t> blockResolutions() const;  // 4, 8, ..., resolution
  int64_t channelsAt(int64_t blockResolution) const;
  // Number of w vectors the synthesis network consumes: 2 per block after the first, plus 1 for
  // the 4x4 block's conv and 1 for the final toRGB. 14 at 256x256.
  int64_t numWs() const;

  // Throws Error naming the first inconsistent field.
  void validate() const;

  // The paper's size: 256x256, one channel, channel base 16384, max 512, 8 mapping layers,
  // 14 x 512 W+.
  static StyleGan2GeneratorConfig paper256(int64_t imageChannels = 1);
};

namespace stylegan2 {

// Options of a synthesis pass.
struct SynthesisOptions {
  NoiseMode noise = NoiseMode::Const;
  UpsampleMethod upsample = UpsampleMethod::Polyphase;
  // Allow the fused channels-last inference kernels when nothing requires grad. Off = always the
  // differentiable ATen path (tests compare the two).
  bool allowFusedInference = true;
  // Differentiable path on CPU (float, double): fused channels-last autograd operations
  // (stylegan2_autograd.h in the core). Off = the plain-ATen reference, same arithmetic.
  bool trainingKernels = true;
  // Source of random noise (NoiseMode::Random); undefined = LibTorch's default generator.
  std::optional<at::Generator> generator;
};

// Equalised-learning-rate dense layer (official FullyConnectedLayer). weight [out, in], bias [out].
class FullyConnectedLayerImpl : public torch::nn::Module {
 public:
  FullyConnectedLayerImpl(int64_t inFeatures, int64_t outFeatures, bool bias = true,
                          Activation activation = Activation::Linear, double lrMultiplier = 1.0,
                          float biasInit = 0.f);
  at::Tensor forward(const at::Tensor& x);
  // Effective (gain-scaled) weight and bias: what forward multiplies with.
  at::Tensor effectiveWeight() const { return weight * weightGain_; }
  at::Tensor effectiveBias() const;

  at::Tensor weight;
  at::Tensor bias;  // undefined when built without bias

 private:
  Activation activation_;
  double weightGain_;
  double biasGain_;
};
TORCH_MODULE(FullyConnectedLayer);

// z (and c) -> w, broadcast to num_ws copies, with truncation towards the tracked average w_avg.
class MappingNetworkImpl : public torch::nn::Module {
 public:
  // numWs = 0 returns [N, w_dim] without broadcasting.
  MappingNetworkImpl(const StyleGan2GeneratorConfig& config, int64_t numWs);
  // truncationPsi = 1 disables truncation; truncationCutoff = the number of leading ws to
  // truncate (none = all). In training mode (is_training()) w_avg moves towards the batch mean
  // unless updateWAverage is false, as the official skip_w_avg_update.
  at::Tensor forward(const at::Tensor& z, const at::Tensor& c = {}, double truncationPsi = 1.0,
                     std::optional<int64_t> truncationCutoff = std::nullopt,
                     bool updateWAverage = true);
  int64_t numLayers() const { return static_cast<int64_t>(layers_.size()); }
  int64_t numWs() const { return numWs_; }

  at::Tensor wAvg;  // buffer "w_avg" [w_dim]

 private:
  StyleGan2GeneratorConfig config_;
  int64_t numWs_;
  FullyConnectedLayer embed_{nullptr};
  std::vector<FullyConnectedLayer> layers_;
};
TORCH_MODULE(MappingNetwork);

// A modulated 3x3 convolution (optionally upsampling by 2) + noise + bias + leaky ReLU.
class SynthesisLayerImpl : public torch::nn::Module {
 public:
  SynthesisLayerImpl(int64_t inChannels, int64_t outChannels, int64_t wDim, int64_t resolution,
                     int64_t kernelSize, int64_t up, std::optional<double> convClamp);
  // x [N, in, R/up, R/up], w [N, w_dim] -> [N, out, R, R]. Differentiable path.
  at::Tensor forward(const at::Tensor& x, const at::Tensor& w, const SynthesisOptions& options);
  // The noise image this layer adds (already scaled by noise_strength), broadcastable to
  // [N, 1, R, R]; undefined for NoiseMode::None.
  at::Tensor noise(int64_t batch, const SynthesisOptions& options, const at::Device& device) const;

  FullyConnectedLayer affine{nullptr};
  at::Tensor weight;          // [out, in, k, k]
  at::Tensor noiseStrength;   // "noise_strength", scalar
  at::Tensor bias;            // [out]
  at::Tensor resampleFilter;  // buffer "resample_filter" [4, 4]
  at::Tensor noiseConst;      // buffer "noise_const" [R, R]
  const int64_t resolution;
  const int64_t up;
  const int64_t padding;
  const std::optional<double> convClamp;

  // `weight` rearranged for the fused inference path (see stylegan2_fused.cpp). Prepared on first
  // use and again whenever `weight` is replaced or changed in place (its version counter moves:
  // optimiser steps, copy_, add_), so tuning and rendering can alternate. Thread-safe: concurrent
  // callers may each prepare a copy; the last one stored wins.
  struct FusedWeights;
  std::shared_ptr<const FusedWeights> fusedWeights() const;

 private:
  mutable std::shared_ptr<const FusedWeights> fusedWeights_;
};
TORCH_MODULE(SynthesisLayer);

// Modulated 1x1 convolution to image channels, without demodulation.
class ToRgbLayerImpl : public torch::nn::Module {
 public:
  ToRgbLayerImpl(int64_t inChannels, int64_t outChannels, int64_t wDim,
                 std::optional<double> convClamp);
  at::Tensor forward(const at::Tensor& x, const at::Tensor& w);
  // affine(w) * weight_gain: the styles forward modulates with. [N, in]
  at::Tensor styles(const at::Tensor& w);

  FullyConnectedLayer affine{nullptr};
  at::Tensor weight;  // [out, in, 1, 1]
  at::Tensor bias;    // [out]
  const double weightGain;
  const std::optional<double> convClamp;
};
TORCH_MODULE(ToRgbLayer);

// One resolution of the 'skip' synthesis network.
class SynthesisBlockImpl : public torch::nn::Module {
 public:
  SynthesisBlockImpl(int64_t inChannels, int64_t outChannels, int64_t wDim, int64_t resolution,
                     int64_t imageChannels, std::optional<double> convClamp);
  // x: previous block's features (undefined for the first block), img: running image,
  // ws [N, numConv + numToRgb, w_dim]. Returns {x, img}. Differentiable path.
  std::pair<at::Tensor, at::Tensor> forward(const at::Tensor& x, const at::Tensor& img,
                                            const at::Tensor& ws, const SynthesisOptions& options);
  int64_t numConv() const { return conv0 ? 2 : 1; }
  int64_t numToRgb() const { return 1; }

  at::Tensor constInput;          // "const" [out, 4, 4], first block only
  at::Tensor resampleFilter;      // buffer "resample_filter"
  SynthesisLayer conv0{nullptr};  // upsampling conv, absent in the first block
  SynthesisLayer conv1{nullptr};
  ToRgbLayer torgb{nullptr};
  const int64_t inChannels;
  const int64_t outChannels;
  const int64_t resolution;
  const int64_t imageChannels;
};
TORCH_MODULE(SynthesisBlock);

class SynthesisNetworkImpl : public torch::nn::Module {
 public:
  explicit SynthesisNetworkImpl(const StyleGan2GeneratorConfig& config);
  // ws [N, num_ws, w_dim] -> images [N, C, R, R].
  at::Tensor forward(const at::Tensor& ws, const SynthesisOptions& options = {});
  // The differentiable path through blocks [firstBlock, endBlock) only (blocks() order, i.e.
  // resolutions 4, 8, ...): x and img are what block firstBlock - 1 returned (undefined for
  // firstBlock 0); ws is the full [N, num_ws, w_dim] (each block reads its own entries).
  // Returns block endBlock - 1's {x, img}. PTI uses it to run frozen low-resolution blocks once
  // per pivot and only the tuned blocks per step.
  std::pair<at::Tensor, at::Tensor> forwardBlocks(const at::Tensor& ws, size_t firstBlock,
                                                  size_t endBlock, const at::Tensor& x,
                                                  const at::Tensor& img,
                                                  const SynthesisOptions& options = {});
  int64_t numWs() const { return numWs_; }
  const std::vector<SynthesisBlock>& blocks() const { return blocks_; }
  const StyleGan2GeneratorConfig& config() const { return config_; }

 private:
  at::Tensor forwardDifferentiable(const at::Tensor& ws, const SynthesisOptions& options);
  at::Tensor forwardFused(const at::Tensor& ws, const SynthesisOptions& options);
  bool fusedApplicable(const at::Tensor& ws, const SynthesisOptions& options);

  StyleGan2GeneratorConfig config_;
  std::vector<SynthesisBlock> blocks_;
  int64_t numWs_ = 0;
};
TORCH_MODULE(SynthesisNetwork);

}  // namespace stylegan2

// The generator: mapping then synthesis. Registered as "synthesis" and "mapping", as officially.
class StyleGan2GeneratorImpl : public torch::nn::Module {
 public:
  explicit StyleGan2GeneratorImpl(const StyleGan2GeneratorConfig& config);

  // z -> ws [N, num_ws, w_dim] (see MappingNetworkImpl::forward).
  at::Tensor map(const at::Tensor& z, const at::Tensor& c = {}, double truncationPsi = 1.0,
                 std::optional<int64_t> truncationCutoff = std::nullopt);
  // ws -> images.
  at::Tensor synthesize(const at::Tensor& ws, const stylegan2::SynthesisOptions& options = {});
  at::Tensor forward(const at::Tensor& z, const at::Tensor& c = {}, double truncationPsi = 1.0,
                     std::optional<int64_t> truncationCutoff = std::nullopt,
                     const stylegan2::SynthesisOptions& options = {});

  // Every parameter and buffer by its official name.
  std::vector<std::pair<std::string, at::Tensor>> namedTensors() const;
  // A generator with the same configuration and copies of every tensor (e.g. the EMA generator,
  // the per-clip PTI generator).
  std::shared_ptr<StyleGan2GeneratorImpl> copy() const;

  const StyleGan2GeneratorConfig& config() const { return config_; }
  int64_t numWs() const { return synthesis->numWs(); }

  stylegan2::SynthesisNetwork synthesis{nullptr};
  stylegan2::MappingNetwork mapping{nullptr};

 private:
  StyleGan2GeneratorConfig config_;
};
TORCH_MODULE(StyleGan2Generator);

}  // namespace latentecho
