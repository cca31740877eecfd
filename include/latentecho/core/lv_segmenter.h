#pragma once
// LV segmentation networks and the segmenter that turns clips into LV masks.
//
// Two architectures, one model kind ("lv-segmenter"):
//  - "deeplabv3-resnet": torchvision's DeepLabV3 with a ResNet bottleneck backbone (layer3 and
//    layer4 dilated instead of strided, output stride 8), ASPP head and an optional FCN auxiliary
//    head — EchoNet-Dynamic's segmenter is deeplabv3_resnet50(aux_loss=False) with its last
//    classifier conv replaced by one with 1 output. Parameter and buffer names are exactly
//    torchvision's ("backbone.layer1.0.conv1.weight", "classifier.0.convs.1.0.weight", ...), so a
//    torchvision / EchoNet state dict loads tensor for tensor. The config also allows fewer blocks
//    and narrower layers (same code, same names) for small tests.
//  - "unet": the project's compact default, a small U-Net (two 3x3 conv + BN + ReLU per level,
//    max-pool down, bilinear up + concatenation), trainable on 2 CPU cores in under an hour.
//
// Both map [B, C, 112, 112] float32 (normalised, see SegmenterNormalisation) to logits
// [B, 1, 112, 112]; LV = logit > 0. Input size is a config value (any size divisible by 8 for
// DeepLabV3 works; the U-Net needs divisibility by 2^(levels-1)).
//
// Thread-safety: a network is not safe to run from several threads at once (BatchNorm buffers,
// autograd state); LvSegmenter::segment is const but uses the network: one caller at a time.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/progress.h"

namespace latentecho {

constexpr const char* kLvSegmenterKind = "lv-segmenter";

// ---------------------------------------------------------------- DeepLabV3 (torchvision names)

struct DeepLabV3Config {
  std::vector<int> blocks{3, 4, 6, 3};  // bottleneck blocks per layer; ResNet-50: 3, 4, 6, 3
  int baseWidth = 64;                   // stem width; layer i has planes baseWidth * 2^i
  int asppChannels = 256;               // ASPP / head width (torchvision: 256)
  int inChannels = 3;
  int numClasses = 1;
  bool auxClassifier = false;              // FCNHead on layer3 ("aux_classifier.*"); EchoNet: false
  std::vector<int> asppRates{12, 24, 36};  // torchvision DeepLabHead
};

class DeepLabV3Impl : public torch::nn::Module {
 public:
  explicit DeepLabV3Impl(const DeepLabV3Config& config);
  // "out" logits [B, numClasses, H, W], bilinearly upsampled (align_corners = false) to the input.
  at::Tensor forward(const at::Tensor& input);
  // Auxiliary logits (torchvision's result["aux"]); requires config.auxClassifier.
  at::Tensor forwardAux(const at::Tensor& input);
  const DeepLabV3Config& config() const { return config_; }

 private:
  at::Tensor backboneToLayer3(const at::Tensor& input);
  DeepLabV3Config config_;
  torch::nn::Sequential stem_{nullptr};  // conv1, bn1, relu, maxpool (registered in backbone)
  std::shared_ptr<torch::nn::Module> backbone_;
  std::vector<torch::nn::Sequential> layers_;
  std::shared_ptr<torch::nn::Module> aspp_;
  std::vector<torch::nn::Sequential> asppBranches_;
  torch::nn::Sequential asppProject_{nullptr};
  torch::nn::Sequential classifier_{nullptr};  // registered as "classifier" (index 0 = ASPP)
  torch::nn::Sequential auxClassifier_{nullptr};
};
TORCH_MODULE(DeepLabV3);

// ------------------------------------------------------------------------------ compact U-Net

struct SegmentationUNetConfig {
  int inChannels = 1;
  int baseChannels = 16;  // level l has baseChannels * 2^l channels
  int levels = 4;         // resolutions, 2..6
  int numClasses = 1;
};

class SegmentationUNetImpl : public torch::nn::Module {
 public:
  explicit SegmentationUNetImpl(const SegmentationUNetConfig& config);
  at::Tensor forward(const at::Tensor& input);  // logits [B, numClasses, H, W]
  const SegmentationUNetConfig& config() const { return config_; }

 private:
  SegmentationUNetConfig config_;
  std::vector<torch::nn::Sequential> down_;  // "down0".. per level
  std::vector<torch::nn::Sequential> up_;    // "up0".. per level below the top
  torch::nn::Conv2d head_{nullptr};
};
TORCH_MODULE(SegmentationUNet);

// ------------------------------------------------------------------------------- the segmenter

// How grey levels become network input: x = (grey - mean) / std per channel, the grey frame
// repeated over the input channels (EchoNet feeds grey videos as RGB). With perClip = true the
// mean and std come from each clip's own pixels (for imported models whose training statistics
// are unknown); else the stored values (the training set's, as EchoNet-Dynamic does).
struct SegmenterNormalisation {
  bool perClip = false;
  std::vector<double> mean{0.0};  // grey levels 0..255, one per input channel (or one for all)
  std::vector<double> std{1.0};
};

struct LvSegmenterConfig {
  std::string architecture = "unet";  // "unet" or "deeplabv3-resnet"
  int inputSize = 112;                // square input, pixels
  SegmentationUNetConfig unet;
  DeepLabV3Config deeplab;
  SegmenterNormalisation normalisation;
};

nlohmann::json lvSegmenterConfigToJson(const LvSegmenterConfig& config);
LvSegmenterConfig lvSegmenterConfigFromJson(const nlohmann::json& config,
                                            const nlohmann::json& normalisation,
                                            const std::string& source);

class LvSegmenter {
 public:
  explicit LvSegmenter(const LvSegmenterConfig& config);

  // Reads and validates a model folder of kind "lv-segmenter". Throws Error naming the folder and
  // the problem (missing, wrong kind, a tensor of the wrong name/shape).
  static LvSegmenter load(const std::string& folder);
  // Writes the model folder (weights + model.json with `provenance`).
  void save(const std::string& folder, const nlohmann::json& provenance,
            at::ScalarType floatStorage = at::kFloat) const;

  const LvSegmenterConfig& config() const { return config_; }
  int inputChannels() const;
  torch::nn::Module& network() { return *network_; }
  const torch::nn::Module& network() const { return *network_; }
  // Every parameter and buffer by (torchvision-compatible) name.
  TensorMap tensors() const;
  // Copies `tensors` in after validateTensors against the network's own names and shapes.
  void loadTensors(const TensorMap& tensors, const std::string& source);
  std::vector<TensorSpec> tensorSpecs() const;

  // Logits [B, 1, S, S] of normalised input [B, C, S, S] (S = inputSize).
  at::Tensor logits(const at::Tensor& input);

  // Network input for frames: uint8 grey [T, H, W] (any size) -> float32 [T, C, S, S], resized
  // with area averaging (downscaling) or bilinear interpolation (upscaling) and normalised.
  at::Tensor prepareInput(const at::Tensor& framesUint8) const;

  // LV masks (0/1) of every frame of `clip`, at the clip's own size: logits at S x S, bilinearly
  // resized back, thresholded at 0. Runs in eval mode without gradients, `batch` frames at a time.
  // Throws Error for an empty clip; Cancelled through `progress`.
  Clip segment(const Clip& clip, const Progress& progress = {}, int batch = 16);

 private:
  LvSegmenterConfig config_;
  std::shared_ptr<torch::nn::Module> network_;
  DeepLabV3 deeplab_{nullptr};
  SegmentationUNet unet_{nullptr};
};

// EchoNet-Dynamic's segmentation checkpoint (echonet/utils/segmentation.py saves
// {"epoch", "state_dict", "best_loss", "loss", "opt_dict", "scheduler_dict"} with the state dict
// of a DataParallel-wrapped deeplabv3_resnet50, names prefixed "module."), or a bare torchvision
// state dict, prefixed or not. The ResNet depth and widths, the class count and the auxiliary
// head are read from the tensor shapes. Throws Error starting with the file name when the
// tensors are not a torchvision DeepLabV3-ResNet.
LvSegmenter importEchoNetSegmenter(const std::string& path,
                                   const SegmenterNormalisation& normalisation);

// Resizes float [N, C, H, W] to [N, C, height, width]: area averaging when shrinking both sides,
// else bilinear (align_corners = false).
at::Tensor resizeImages(const at::Tensor& images, int height, int width);

}  // namespace latentecho
