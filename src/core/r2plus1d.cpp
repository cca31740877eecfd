#include "latentecho/core/r2plus1d.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>

#include <algorithm>
#include <sstream>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"

namespace latentecho {
namespace {

namespace nn = torch::nn;

nn::Conv3d conv3d(int in, int out, std::vector<int64_t> kernel, std::vector<int64_t> stride,
                  std::vector<int64_t> padding) {
  return nn::Conv3d(nn::Conv3dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

// A Sequential with a plain forward, so it can sit inside another Sequential (as torchvision's
// Conv2Plus1D, itself an nn.Sequential, sits in BasicBlock.conv1).
class NestedSequentialImpl : public nn::SequentialImpl {
 public:
  using nn::SequentialImpl::SequentialImpl;
  at::Tensor forward(const at::Tensor& x) { return nn::SequentialImpl::forward(x); }
};
TORCH_MODULE(NestedSequential);

// torchvision.models.video.resnet.Conv2Plus1D: spatial (1,3,3) then temporal (3,1,1).
NestedSequential conv2Plus1d(int in, int out, int mid, int stride) {
  return NestedSequential(conv3d(in, mid, {1, 3, 3}, {1, stride, stride}, {0, 1, 1}),
                          nn::BatchNorm3d(mid), nn::ReLU(),
                          conv3d(mid, out, {3, 1, 1}, {stride, 1, 1}, {1, 0, 0}));
}

// torchvision.models.video.resnet.BasicBlock with Conv2Plus1D.
class R2Plus1dBlockImpl : public nn::Module {
 public:
  R2Plus1dBlockImpl(int inplanes, int planes, int stride, bool downsample) {
    const int mid = r2plus1dMidplanes(inplanes, planes);
    conv1_ = register_module("conv1", nn::Sequential(conv2Plus1d(inplanes, planes, mid, stride),
                                                     nn::BatchNorm3d(planes), nn::ReLU()));
    conv2_ = register_module(
        "conv2", nn::Sequential(conv2Plus1d(planes, planes, mid, 1), nn::BatchNorm3d(planes)));
    if (downsample)
      downsample_ = register_module(
          "downsample",
          nn::Sequential(conv3d(inplanes, planes, {1, 1, 1}, {stride, stride, stride}, {0, 0, 0}),
                         nn::BatchNorm3d(planes)));
  }
  at::Tensor forward(const at::Tensor& x) {
    const at::Tensor out = conv2_->forward(conv1_->forward(x));
    return at::relu(out + (downsample_ ? downsample_->forward(x) : x));
  }

 private:
  nn::Sequential conv1_{nullptr}, conv2_{nullptr}, downsample_{nullptr};
};
TORCH_MODULE(R2Plus1dBlock);

std::string joinInts(const std::vector<int>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
  return out.str();
}

}  // namespace

int r2plus1dMidplanes(int inChannels, int outChannels) {
  return (inChannels * outChannels * 27) / (inChannels * 9 + 3 * outChannels);
}

R2Plus1dImpl::R2Plus1dImpl(const R2Plus1dConfig& config) : config_(config) {
  auto positive = [](int v) { return v >= 1; };
  if (config.blocks.size() != 4 || config.widths.size() != 4 ||
      !std::all_of(config.blocks.begin(), config.blocks.end(), positive) ||
      !std::all_of(config.widths.begin(), config.widths.end(), positive) ||
      config.stemMidChannels < 1 || config.inChannels < 1 || config.outputs < 1)
    throw Error("R(2+1)D: the config needs 4 layers of >= 1 blocks and positive widths (blocks " +
                joinInts(config.blocks) + ", widths " + joinInts(config.widths) +
                ", stem middle width " + std::to_string(config.stemMidChannels) + ")");
  const int mid = config.stemMidChannels, base = config.widths[0];
  stem_ = register_module(
      "stem", nn::Sequential(conv3d(config.inChannels, mid, {1, 7, 7}, {1, 2, 2}, {0, 3, 3}),
                             nn::BatchNorm3d(mid), nn::ReLU(),
                             conv3d(mid, base, {3, 1, 1}, {1, 1, 1}, {1, 0, 0}),
                             nn::BatchNorm3d(base), nn::ReLU()));
  int inplanes = base;
  for (int layer = 0; layer < 4; ++layer) {
    const int planes = config.widths[layer];
    const int stride = layer == 0 ? 1 : 2;
    nn::Sequential blocks;
    blocks->push_back(R2Plus1dBlock(inplanes, planes, stride, stride != 1 || inplanes != planes));
    inplanes = planes;
    for (int b = 1; b < config.blocks[layer]; ++b)
      blocks->push_back(R2Plus1dBlock(inplanes, planes, 1, false));
    layers_.push_back(register_module("layer" + std::to_string(layer + 1), blocks));
  }
  fc_ = register_module("fc", nn::Linear(inplanes, config.outputs));
  // torchvision's initialisation, so a network built here trains like one built there.
  for (auto& module : modules(false)) {
    if (auto* conv = module->as<nn::Conv3d>()) {
      nn::init::kaiming_normal_(conv->weight, 0.0, torch::kFanOut, torch::kReLU);
    } else if (auto* bn = module->as<nn::BatchNorm3d>()) {
      nn::init::constant_(bn->weight, 1.0);
      nn::init::constant_(bn->bias, 0.0);
    }
  }
  nn::init::normal_(fc_->weight, 0.0, 0.01);
  nn::init::constant_(fc_->bias, 0.0);
}

at::Tensor R2Plus1dImpl::features(const at::Tensor& input) {
  if (input.dim() != 5 || input.size(1) != config_.inChannels)
    throw Error("R(2+1)D: expected input [B, " + std::to_string(config_.inChannels) +
                ", T, H, W], got " + shapeToString(input.sizes()));
  at::Tensor x = stem_->forward(input);
  for (auto& layer : layers_) x = layer->forward(x);
  return x.mean({2, 3, 4});
}

at::Tensor R2Plus1dImpl::forward(const at::Tensor& input) { return fc_->forward(features(input)); }

nlohmann::json r2plus1dConfigToJson(const R2Plus1dConfig& config) {
  return {{"architecture", "r2plus1d"},       {"blocks", config.blocks},
          {"widths", config.widths},          {"stem_mid_channels", config.stemMidChannels},
          {"in_channels", config.inChannels}, {"outputs", config.outputs}};
}

R2Plus1dConfig r2plus1dConfigFromJson(const nlohmann::json& config, const std::string& source) {
  R2Plus1dConfig c;
  try {
    const std::string architecture = config.at("architecture").get<std::string>();
    if (architecture != "r2plus1d")
      throw Error(source + ": unknown video network architecture '" + architecture +
                  "' (expected 'r2plus1d')");
    c.blocks = config.at("blocks").get<std::vector<int>>();
    c.widths = config.at("widths").get<std::vector<int>>();
    c.stemMidChannels = config.at("stem_mid_channels").get<int>();
    c.inChannels = config.at("in_channels").get<int>();
    c.outputs = config.at("outputs").get<int>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": the R(2+1)D config is incomplete or malformed: " + e.what());
  }
  return c;
}

R2Plus1dConfig inferR2Plus1dConfig(const TensorMap& tensors, const std::string& source) {
  auto need = [&](const std::string& name) -> const at::Tensor& {
    const auto it = tensors.find(name);
    if (it == tensors.end())
      throw Error(source + ": missing tensor '" + name +
                  "'; this is not a torchvision R(2+1)D (r2plus1d_18) state dict");
    return it->second;
  };
  auto expectDims = [&](const std::string& name, int64_t dims) -> const at::Tensor& {
    const at::Tensor& t = need(name);
    if (t.dim() != dims)
      throw Error(source + ": tensor '" + name + "' has shape " + shapeToString(t.sizes()) +
                  ", expected " + std::to_string(dims) + " dimensions");
    return t;
  };
  R2Plus1dConfig c;
  const at::Tensor& stem = expectDims("stem.0.weight", 5);
  c.stemMidChannels = static_cast<int>(stem.size(0));
  c.inChannels = static_cast<int>(stem.size(1));
  for (int layer = 0; layer < 4; ++layer) {
    const std::string prefix = "layer" + std::to_string(layer + 1) + ".";
    int blocks = 0;
    while (tensors.count(prefix + std::to_string(blocks) + ".conv1.0.0.weight")) ++blocks;
    if (blocks == 0) need(prefix + "0.conv1.0.0.weight");  // throws naming it
    c.blocks[layer] = blocks;
    c.widths[layer] = static_cast<int>(expectDims(prefix + "0.conv1.1.weight", 1).size(0));
  }
  c.outputs = static_cast<int>(expectDims("fc.weight", 2).size(0));
  return c;
}

}  // namespace latentecho
