#pragma once
// R(2+1)D video ResNet (Tran et al. 2018) exactly as torchvision's
// `torchvision.models.video.r2plus1d_18`: the network EchoNet-Dynamic regresses LVEF with (its fc
// replaced by one with 1 output) and the paper's quality classifier P_hq is built on.
//
//   stem    Conv3d(C, M, (1,7,7), stride (1,2,2), pad (0,3,3)) BN ReLU
//           Conv3d(M, W0, (3,1,1), pad (1,0,0)) BN ReLU                (M = 45 in torchvision)
//   layerL  BasicBlocks with (2+1)D convolutions: a spatial (1,3,3) conv to `midplanes`, BN, ReLU,
//           a temporal (3,1,1) conv; midplanes = (in*out*27) // (in*9 + 3*out) (the formula that
//           gives the (2+1)D pair the parameters of one 3x3x3 conv). Layers 2..4 halve time and
//           both spatial sides (stride 2 in the spatial and in the temporal conv, and in the 1x1x1
//           downsample shortcut).
//   head    global average pool, Linear(W3, outputs)
//
// Parameter and buffer names are torchvision's state_dict names ("stem.0.weight",
// "layer2.0.conv1.0.3.weight", "layer2.0.downsample.1.running_var", "fc.bias", ...), so a
// torchvision / EchoNet state dict loads tensor for tensor. Widths, blocks per layer and the stem's
// middle width are configurable (same code, same names) for the compact CPU variant and tests.
//
// Input float32 [B, C, T, H, W]; output [B, outputs]. Any T >= 1 and H, W >= 1 work (layers past
// a size of 1 keep it at 1). BatchNorm follows the module's train()/eval() mode as in PyTorch:
// call eval() for inference (running statistics), which is what parity with torchvision assumes.
//
// Thread-safety: a network is not safe to run from several threads at once.
#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/torch_checkpoint.h"  // TensorMap

namespace latentecho {

struct R2Plus1dConfig {
  std::vector<int> blocks{2, 2, 2, 2};         // BasicBlocks per layer; r2plus1d_18: 2, 2, 2, 2
  std::vector<int> widths{64, 128, 256, 512};  // channels of layer1..4; torchvision: 64..512
  int stemMidChannels = 45;                    // the stem's (2+1)D middle width; torchvision: 45
  int inChannels = 3;
  int outputs = 1;  // fc outputs (Kinetics: 400; EchoNet EF: 1)
};

// (in * out * 27) // (in * 9 + 3 * out): the middle width of a (2+1)D pair.
int r2plus1dMidplanes(int inChannels, int outChannels);

class R2Plus1dImpl : public torch::nn::Module {
 public:
  explicit R2Plus1dImpl(const R2Plus1dConfig& config);
  at::Tensor forward(const at::Tensor& input);  // [B, C, T, H, W] -> [B, outputs]
  // The pooled features fed to fc, [B, widths[3]].
  at::Tensor features(const at::Tensor& input);
  const R2Plus1dConfig& config() const { return config_; }

 private:
  R2Plus1dConfig config_;
  torch::nn::Sequential stem_{nullptr};
  std::vector<torch::nn::Sequential> layers_;
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(R2Plus1d);

nlohmann::json r2plus1dConfigToJson(const R2Plus1dConfig& config);
// Throws Error starting with `source` for a missing or malformed field.
R2Plus1dConfig r2plus1dConfigFromJson(const nlohmann::json& config, const std::string& source);

// The config a torchvision R(2+1)D state dict (names without "module.") was built with, read from
// its tensor shapes. Throws Error starting with `source` and naming the missing tensor when it is
// not one (e.g. "missing tensor 'stem.0.weight'").
R2Plus1dConfig inferR2Plus1dConfig(const TensorMap& tensors, const std::string& source);

}  // namespace latentecho
