#pragma once
// The e4e encoder ("Designing an Encoder for StyleGAN Image Manipulation", Tov et al. 2021;
// omertov/encoder4editing models/encoders/psp_encoders.py Encoder4Editing): frames -> W+ codes of
// a StyleGAN2 generator.
//
// Architecture (parameter and buffer names are the official ones, so an official checkpoint's
// encoder state dict loads by name):
//  - input_layer: 3x3 conv (no bias) -> BatchNorm -> PReLU, at full resolution (official) or
//    with stride 2 (stemStride, the compact encoder);
//  - body: four stages of IR (or IR-SE: with squeeze-excitation) bottleneck units, the first unit
//    of every stage with stride 2; the ends of stages 2, 3 and 4 are the feature maps c1 (R/4),
//    c2 (R/8) and c3 (R/16) (each halved again with stemStride 2);
//  - a feature pyramid: p2 = upsample(c3) + latlayer1(c2), p1 = upsample(p2) + latlayer2(c1)
//    (bilinear, align_corners, as the official _upsample_add);
//  - one map2style head (GradualStyleBlock: stride-2 3x3 convs with leaky ReLU 0.01 down to 1x1,
//    then an equalised linear layer) per W+ entry: entries [0, coarseEnd) read c3, [coarseEnd,
//    mediumEnd) read p2, the rest p1;
//  - head 0 predicts the base w, head i > 0 an offset: code_i = w_base + delta_i (+ latent_avg,
//    the generator's average w, which the official pSp/e4e adds with start_from_latent_avg).
//  - progressive training: only the first `activeOffsets` offsets are computed (the official
//    ProgressiveStage value); the others entries are the base w. numWs - 1 = all (Inference).
//
// The official network is E4eEncoderConfig::officialIrSe50(): 64-channel stem, IR-SE stages of
// 3/4/14/3 units with 64/128/256/512 channels, 512-wide heads, w_dim 512. The compact default
// (E4eEncoderConfig::compact) is the same code with fewer and narrower units, for a CPU.
// The generalisation beyond the official code: the heads' conv width (`headChannels`) may differ
// from w_dim (their linear layer maps headChannels -> w_dim); the official has both 512.
//
// Tensors: frames [B, imageChannels, R, R] float32 in [-1, 1] (R = resolution); codes
// [B, numWs, wDim] float32.
//
// Thread-safety: encode() only reads parameters (BatchNorm in inference mode) and may run
// concurrently on distinct inputs; training (encoder_training.h) mutates the module.
#include <ATen/ATen.h>
#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/model_folder.h"

namespace latentecho {

constexpr const char* kE4eEncoderKind = "e4e-encoder";

struct E4eEncoderStage {
  int64_t channels = 64;  // output channels of every unit of the stage
  int64_t units = 3;      // bottleneck units; the first has stride 2
};

struct E4eEncoderConfig {
  int64_t resolution = 256;   // input frames are R x R (power of two, R / stemStride >= 32)
  int64_t imageChannels = 1;  // 1 for echo; the official face encoders have 3
  int64_t numWs = 14;         // W+ entries (the generator's num_ws)
  int64_t wDim = 512;         // the generator's w_dim
  int64_t stemChannels = 64;  // input_layer width = the first stage's input
  // Stride of the input layer's conv: 1 in the official network (features at R/2 .. R/16);
  // 2 halves every feature map (R/4 .. R/32), a quarter of the compute, for a CPU.
  int64_t stemStride = 1;
  std::vector<E4eEncoderStage> stages;  // exactly four (c1, c2, c3 taps are ends of stages 2-4)
  bool squeezeExcitation = true;        // IR-SE units (official 'ir_se'); false = 'ir'
  int64_t squeezeReduction = 16;        // SE bottleneck: channels / reduction
  int64_t headChannels = 512;           // map2style conv width (official: = wDim = 512)
  int64_t coarseEnd = 3;                // official coarse_ind
  int64_t mediumEnd = 7;                // official middle_ind
  // Offsets computed at inference (progressive stage); numWs - 1 = all. Training stores where
  // its progressive schedule stood.
  int64_t activeOffsets = 13;

  int64_t pyramidChannels() const { return stages.empty() ? 0 : stages.back().channels; }
  int64_t allOffsets() const { return numWs - 1; }
  // Throws Error naming the first inconsistent field.
  void validate() const;

  // The official e4e encoder (IR-SE50) for a generator with numWs x wDim W+.
  static E4eEncoderConfig officialIrSe50(int64_t numWs = 14, int64_t wDim = 512,
                                         int64_t imageChannels = 3, int64_t resolution = 256);
  // The project's default CPU size: IR-SE units, a stride-2 stem of 16 channels, stages
  // 16/32/48/96 channels of 1/2/2/1 units, 64-wide heads (about 0.25 GMAC per 256x256 frame;
  // the official IR-SE50 e4e about 40).
  static E4eEncoderConfig compact(int64_t numWs = 14, int64_t wDim = 512, int64_t imageChannels = 1,
                                  int64_t resolution = 256);
};

nlohmann::json e4eEncoderConfigToJson(const E4eEncoderConfig& config);
E4eEncoderConfig e4eEncoderConfigFromJson(const nlohmann::json& json, const std::string& source);

// The network (a LibTorch module with the official parameter names, without latent_avg).
class E4eEncoderNetworkImpl : public torch::nn::Module {
 public:
  explicit E4eEncoderNetworkImpl(const E4eEncoderConfig& config);
  // frames [B, C, R, R] -> [B, numWs, wDim] = base w + offsets (no latent_avg). The first
  // `activeOffsets` offsets are added (clamped to [0, numWs - 1]). BatchNorm uses the batch's
  // statistics (and updates the running ones) when `batchStatistics`, else the running ones;
  // the two-argument form decides by is_training().
  at::Tensor forward(const at::Tensor& frames, int64_t activeOffsets, bool batchStatistics);
  at::Tensor forward(const at::Tensor& frames, int64_t activeOffsets);
  const E4eEncoderConfig& config() const { return config_; }

  torch::nn::Conv2d latlayer1{nullptr};  // "latlayer1": c2 -> pyramid channels
  torch::nn::Conv2d latlayer2{nullptr};  // "latlayer2": c1 -> pyramid channels

 private:
  struct Layers;  // input_layer, body units, styles heads (registered under official names)
  E4eEncoderConfig config_;
  std::shared_ptr<Layers> layers_;
};
TORCH_MODULE(E4eEncoderNetwork);

// Every tensor of an encoder of this configuration by official name ("input_layer.0.weight",
// "body.3.res_layer.5.fc1.weight", "styles.0.linear.weight", ...; BatchNorm
// num_batches_tracked int64) plus "latent_avg" [numWs, wDim].
std::vector<TensorSpec> e4eEncoderTensorSpecs(const E4eEncoderConfig& config);

class E4eEncoder {
 public:
  // A freshly initialised encoder (PyTorch's default initialisation, equalised linear weights
  // N(0,1); latent_avg zero) from LibTorch's default generator.
  explicit E4eEncoder(const E4eEncoderConfig& config);
  // An encoder holding `tensors` (validated by name, shape and dtype first: Error naming the
  // tensor; float tensors of other float dtypes are converted). `source` names them in errors.
  E4eEncoder(const E4eEncoderConfig& config, const TensorMap& tensors, const std::string& source);

  // frames [B, imageChannels, R, R] float in [-1, 1] -> W+ codes [B, numWs, wDim]
  // = network(frames) + latent_avg, in inference mode (BatchNorm running statistics), no grad.
  // Throws Error when the frames' shape does not fit the configuration.
  at::Tensor encode(const at::Tensor& frames) const;
  // The same in batches of `batchSize` frames (bounded memory for long clips).
  at::Tensor encode(const at::Tensor& frames, int64_t batchSize) const;

  // Model folder of kind "e4e-encoder": model.json (config, input/output contract, provenance)
  // + weights.safetensors.
  static E4eEncoder load(const std::string& modelDir);
  void save(const std::string& modelDir, const nlohmann::json& provenance,
            at::ScalarType floatStorage = at::kFloat) const;

  // Every tensor by name (contiguous CPU copies), latent_avg included.
  TensorMap tensors() const;

  const E4eEncoderConfig& config() const;
  void setActiveOffsets(int64_t activeOffsets);
  E4eEncoderNetwork& network();
  const E4eEncoderNetwork& network() const;
  at::Tensor& latentAvg();  // [numWs, wDim]
  const at::Tensor& latentAvg() const;
  // The model folder's manifest fields when loaded (provenance, digest); empty otherwise.
  const ModelFolder& folder() const;

  void to(const at::Device& device);
  at::Device device() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// The architecture an official e4e encoder state dict implies (keys without the "encoder."
// prefix; latent_avg [numWs, wDim] or [wDim], or undefined to give numWs from the head count).
// Throws Error starting with `source` saying which tensor does not fit an Encoder4Editing.
E4eEncoderConfig inferE4eEncoderConfig(const TensorMap& encoderStateDict,
                                       const at::Tensor& latentAvg, const std::string& source);

// An official e4e checkpoint (torch.save of {"state_dict": {"encoder.*": ..., "decoder.*": ...},
// "latent_avg": ..., "opts": ...}) or a bare encoder state dict: the encoder's tensors (prefix
// removed) and latent_avg (undefined when absent).
struct E4eCheckpoint {
  TensorMap encoder;
  at::Tensor latentAvg;
};
E4eCheckpoint readE4eCheckpoint(const std::string& path);

// Checkpoint -> encoder (config inferred; latent_avg [wDim] repeated; absent = zero, which the
// caller should replace by the generator's w_avg).
E4eEncoder e4eEncoderFromCheckpoint(const E4eCheckpoint& checkpoint, const std::string& source);

}  // namespace latentecho
