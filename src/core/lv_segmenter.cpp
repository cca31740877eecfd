#include "latentecho/core/lv_segmenter.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/pooling.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

namespace nn = torch::nn;

nn::Conv2d conv(int in, int out, int kernel, int stride = 1, int padding = 0, int dilation = 1,
                bool bias = false) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                        .stride(stride)
                        .padding(padding)
                        .dilation(dilation)
                        .bias(bias));
}

nn::BatchNorm2d batchNorm(int channels) { return nn::BatchNorm2d(channels); }

// torchvision.models.resnet.Bottleneck (ResNet v1.5: the stride sits on the 3x3 conv).
class BottleneckImpl : public nn::Module {
 public:
  BottleneckImpl(int inplanes, int planes, int stride, int dilation, bool downsample) {
    const int out = planes * 4;
    conv1_ = register_module("conv1", conv(inplanes, planes, 1));
    bn1_ = register_module("bn1", batchNorm(planes));
    conv2_ = register_module("conv2", conv(planes, planes, 3, stride, dilation, dilation));
    bn2_ = register_module("bn2", batchNorm(planes));
    conv3_ = register_module("conv3", conv(planes, out, 1));
    bn3_ = register_module("bn3", batchNorm(out));
    if (downsample)
      downsample_ = register_module("downsample",
                                    nn::Sequential(conv(inplanes, out, 1, stride), batchNorm(out)));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor y = at::relu(bn1_->forward(conv1_->forward(x)));
    y = at::relu(bn2_->forward(conv2_->forward(y)));
    y = bn3_->forward(conv3_->forward(y));
    return at::relu(y + (downsample_ ? downsample_->forward(x) : x));
  }

 private:
  nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
  nn::BatchNorm2d bn1_{nullptr}, bn2_{nullptr}, bn3_{nullptr};
  nn::Sequential downsample_{nullptr};
};
TORCH_MODULE(Bottleneck);

// torchvision.models.segmentation.deeplabv3.ASPP: five branches, concatenated and projected.
class AsppImpl : public nn::Module {
 public:
  AsppImpl(int in, int out, const std::vector<int>& rates) {
    convs_ = register_module("convs", nn::ModuleList());
    branches_.push_back(nn::Sequential(conv(in, out, 1), batchNorm(out), nn::ReLU()));
    for (int rate : rates)
      branches_.push_back(
          nn::Sequential(conv(in, out, 3, 1, rate, rate), batchNorm(out), nn::ReLU()));
    pooling_ = nn::Sequential(nn::AdaptiveAvgPool2d(nn::AdaptiveAvgPool2dOptions({1, 1})),
                              conv(in, out, 1), batchNorm(out), nn::ReLU());
    for (auto& branch : branches_) convs_->push_back(branch);
    convs_->push_back(pooling_);
    const int branches = static_cast<int>(rates.size()) + 2;
    project_ = register_module(
        "project",
        nn::Sequential(conv(branches * out, out, 1), batchNorm(out), nn::ReLU(), nn::Dropout(0.5)));
  }
  at::Tensor forward(const at::Tensor& x) {
    std::vector<at::Tensor> results;
    for (auto& branch : branches_) results.push_back(branch->forward(x));
    results.push_back(at::upsample_bilinear2d(pooling_->forward(x), {x.size(2), x.size(3)}, false));
    return project_->forward(at::cat(results, 1));
  }

 private:
  nn::ModuleList convs_{nullptr};
  std::vector<nn::Sequential> branches_;
  nn::Sequential pooling_{nullptr};
  nn::Sequential project_{nullptr};
};
TORCH_MODULE(Aspp);

nn::Sequential doubleConv(int in, int out) {
  return nn::Sequential(conv(in, out, 3, 1, 1), batchNorm(out), nn::ReLU(), conv(out, out, 3, 1, 1),
                        batchNorm(out), nn::ReLU());
}

std::string joinInts(const std::vector<int>& values) {
  std::ostringstream out;
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? "," : "") << values[i];
  return out.str();
}

}  // namespace

// ------------------------------------------------------------------------------------ DeepLabV3

DeepLabV3Impl::DeepLabV3Impl(const DeepLabV3Config& config) : config_(config) {
  if (config.blocks.size() != 4 || config.baseWidth < 1 || config.asppChannels < 1 ||
      config.inChannels < 1 || config.numClasses < 1 ||
      std::any_of(config.blocks.begin(), config.blocks.end(), [](int b) { return b < 1; }))
    throw Error("DeepLabV3: the config needs 4 layers of >= 1 blocks and positive widths (blocks " +
                joinInts(config.blocks) + ", base width " + std::to_string(config.baseWidth) + ")");
  backbone_ = register_module("backbone", std::make_shared<nn::Module>());
  const int base = config.baseWidth;
  auto conv1 = backbone_->register_module("conv1", conv(config.inChannels, base, 7, 2, 3));
  auto bn1 = backbone_->register_module("bn1", batchNorm(base));
  stem_ = nn::Sequential(conv1, bn1, nn::ReLU(),
                         nn::MaxPool2d(nn::MaxPool2dOptions(3).stride(2).padding(1)));
  // replace_stride_with_dilation = [False, True, True]: output stride 8.
  int inplanes = base, dilation = 1;
  for (int layer = 0; layer < 4; ++layer) {
    const int planes = base << layer;
    int stride = layer == 0 ? 1 : 2;
    const bool dilate = layer >= 2;
    const int previousDilation = dilation;
    if (dilate) {
      dilation *= stride;
      stride = 1;
    }
    nn::Sequential blocks;
    const bool downsample = stride != 1 || inplanes != planes * 4;
    blocks->push_back(Bottleneck(inplanes, planes, stride, previousDilation, downsample));
    inplanes = planes * 4;
    for (int b = 1; b < config.blocks[layer]; ++b)
      blocks->push_back(Bottleneck(inplanes, planes, 1, dilation, false));
    layers_.push_back(backbone_->register_module("layer" + std::to_string(layer + 1), blocks));
  }
  const int head = config.asppChannels;
  classifier_ = register_module(
      "classifier",
      nn::Sequential(Aspp(inplanes, head, config.asppRates), conv(head, head, 3, 1, 1),
                     batchNorm(head), nn::ReLU(), conv(head, config.numClasses, 1, 1, 0, 1, true)));
  if (config.auxClassifier) {
    const int in = (base << 2) * 4, inter = in / 4;
    auxClassifier_ = register_module(
        "aux_classifier",
        nn::Sequential(conv(in, inter, 3, 1, 1), batchNorm(inter), nn::ReLU(), nn::Dropout(0.1),
                       conv(inter, config.numClasses, 1, 1, 0, 1, true)));
  }
}

at::Tensor DeepLabV3Impl::backboneToLayer3(const at::Tensor& input) {
  at::Tensor x = stem_->forward(input);
  for (int layer = 0; layer < 3; ++layer) x = layers_[layer]->forward(x);
  return x;
}

at::Tensor DeepLabV3Impl::forward(const at::Tensor& input) {
  const at::Tensor features = layers_[3]->forward(backboneToLayer3(input));
  return at::upsample_bilinear2d(classifier_->forward(features), {input.size(2), input.size(3)},
                                 false);
}

at::Tensor DeepLabV3Impl::forwardAux(const at::Tensor& input) {
  if (!auxClassifier_) throw Error("DeepLabV3: this network has no auxiliary classifier");
  return at::upsample_bilinear2d(auxClassifier_->forward(backboneToLayer3(input)),
                                 {input.size(2), input.size(3)}, false);
}

// --------------------------------------------------------------------------------------- U-Net

SegmentationUNetImpl::SegmentationUNetImpl(const SegmentationUNetConfig& config) : config_(config) {
  if (config.levels < 2 || config.levels > 6 || config.baseChannels < 1 || config.inChannels < 1 ||
      config.numClasses < 1)
    throw Error("U-Net: levels must lie in 2..6 and channel counts be positive (levels " +
                std::to_string(config.levels) + ", base channels " +
                std::to_string(config.baseChannels) + ")");
  auto channels = [&](int level) { return config.baseChannels << level; };
  for (int level = 0; level < config.levels; ++level)
    down_.push_back(register_module(
        "down" + std::to_string(level),
        doubleConv(level == 0 ? config.inChannels : channels(level - 1), channels(level))));
  for (int level = 0; level + 1 < config.levels; ++level)
    up_.push_back(
        register_module("up" + std::to_string(level),
                        doubleConv(channels(level + 1) + channels(level), channels(level))));
  head_ = register_module("head", conv(channels(0), config.numClasses, 1, 1, 0, 1, true));
}

at::Tensor SegmentationUNetImpl::forward(const at::Tensor& input) {
  std::vector<at::Tensor> skips;
  at::Tensor x = input;
  for (int level = 0; level < config_.levels; ++level) {
    if (level > 0) x = at::max_pool2d(x, {2, 2});
    x = down_[level]->forward(x);
    skips.push_back(x);
  }
  for (int level = config_.levels - 2; level >= 0; --level) {
    const at::Tensor& skip = skips[level];
    x = at::upsample_bilinear2d(x, {skip.size(2), skip.size(3)}, false);
    x = up_[level]->forward(at::cat({x, skip}, 1));
  }
  return head_->forward(x);
}

// ---------------------------------------------------------------------------------- config I/O

nlohmann::json lvSegmenterConfigToJson(const LvSegmenterConfig& config) {
  nlohmann::json j = {{"architecture", config.architecture}, {"input_size", config.inputSize}};
  if (config.architecture == "unet") {
    j["in_channels"] = config.unet.inChannels;
    j["base_channels"] = config.unet.baseChannels;
    j["levels"] = config.unet.levels;
    j["num_classes"] = config.unet.numClasses;
  } else {
    j["blocks"] = config.deeplab.blocks;
    j["base_width"] = config.deeplab.baseWidth;
    j["aspp_channels"] = config.deeplab.asppChannels;
    j["aspp_rates"] = config.deeplab.asppRates;
    j["in_channels"] = config.deeplab.inChannels;
    j["num_classes"] = config.deeplab.numClasses;
    j["aux_classifier"] = config.deeplab.auxClassifier;
  }
  return j;
}

LvSegmenterConfig lvSegmenterConfigFromJson(const nlohmann::json& config,
                                            const nlohmann::json& input,
                                            const std::string& source) {
  LvSegmenterConfig c;
  try {
    c.architecture = config.at("architecture").get<std::string>();
    c.inputSize = config.at("input_size").get<int>();
    if (c.architecture == "unet") {
      c.unet.inChannels = config.at("in_channels").get<int>();
      c.unet.baseChannels = config.at("base_channels").get<int>();
      c.unet.levels = config.at("levels").get<int>();
      c.unet.numClasses = config.at("num_classes").get<int>();
    } else if (c.architecture == "deeplabv3-resnet") {
      c.deeplab.blocks = config.at("blocks").get<std::vector<int>>();
      c.deeplab.baseWidth = config.at("base_width").get<int>();
      c.deeplab.asppChannels = config.at("aspp_channels").get<int>();
      c.deeplab.asppRates = config.at("aspp_rates").get<std::vector<int>>();
      c.deeplab.inChannels = config.at("in_channels").get<int>();
      c.deeplab.numClasses = config.at("num_classes").get<int>();
      c.deeplab.auxClassifier = config.at("aux_classifier").get<bool>();
    } else {
      throw Error(source + ": unknown segmenter architecture '" + c.architecture +
                  "' (expected 'unet' or 'deeplabv3-resnet')");
    }
    c.normalisation.perClip = input.at("per_clip_normalisation").get<bool>();
    c.normalisation.mean = input.at("mean").get<std::vector<double>>();
    c.normalisation.std = input.at("std").get<std::vector<double>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": the segmenter config is incomplete or malformed: " + e.what());
  }
  return c;
}

// ------------------------------------------------------------------------------- LvSegmenter

LvSegmenter::LvSegmenter(const LvSegmenterConfig& config) : config_(config) {
  if (config.inputSize < 8 || config.inputSize > 1024)
    throw Error("segmenter: input size " + std::to_string(config.inputSize) +
                " must lie in 8..1024");
  if (config.architecture == "unet") {
    unet_ = SegmentationUNet(config.unet);
    network_ = unet_.ptr();
  } else if (config.architecture == "deeplabv3-resnet") {
    deeplab_ = DeepLabV3(config.deeplab);
    network_ = deeplab_.ptr();
  } else {
    throw Error("segmenter: unknown architecture '" + config.architecture +
                "' (expected 'unet' or 'deeplabv3-resnet')");
  }
  const auto& n = config.normalisation;
  const std::size_t channels = static_cast<std::size_t>(inputChannels());
  if (!n.perClip &&
      (n.mean.empty() || n.std.empty() || (n.mean.size() != 1 && n.mean.size() != channels) ||
       (n.std.size() != 1 && n.std.size() != channels) ||
       std::any_of(n.std.begin(), n.std.end(), [](double s) { return !(s > 0); })))
    throw Error(
        "segmenter: the normalisation needs one mean and one positive std, or one per "
        "input channel (" +
        std::to_string(channels) + ")");
}

int LvSegmenter::inputChannels() const {
  return config_.architecture == "unet" ? config_.unet.inChannels : config_.deeplab.inChannels;
}

TensorMap LvSegmenter::tensors() const {
  TensorMap out;
  for (const auto& item : network_->named_parameters(true))
    out[item.key()] = item.value().detach().clone();
  for (const auto& item : network_->named_buffers(true))
    out[item.key()] = item.value().detach().clone();
  return out;
}

std::vector<TensorSpec> LvSegmenter::tensorSpecs() const {
  std::vector<TensorSpec> specs;
  for (const auto& [name, tensor] : tensors())
    specs.push_back({name, tensor.sizes().vec(), tensor.scalar_type()});
  return specs;
}

void LvSegmenter::loadTensors(const TensorMap& tensors, const std::string& source) {
  // Floating tensors of other float dtypes (F16 storage) are converted before validation.
  TensorMap converted;
  for (const auto& [name, tensor] : tensors)
    converted[name] = tensor.is_floating_point() ? tensor.to(at::kFloat) : tensor;
  validateTensors(converted, tensorSpecs(), source);
  at::NoGradGuard noGrad;
  for (auto& item : network_->named_parameters(true)) item.value().copy_(converted.at(item.key()));
  for (auto& item : network_->named_buffers(true)) item.value().copy_(converted.at(item.key()));
}

void LvSegmenter::save(const std::string& folder, const nlohmann::json& provenance,
                       at::ScalarType floatStorage) const {
  ModelFolder model;
  model.kind = kLvSegmenterKind;
  model.version = 1;
  model.config = lvSegmenterConfigToJson(config_);
  model.input = {{"size", config_.inputSize},
                 {"channels", inputChannels()},
                 {"per_clip_normalisation", config_.normalisation.perClip},
                 {"mean", config_.normalisation.mean},
                 {"std", config_.normalisation.std},
                 {"layout", "float32 [B, C, S, S]; the grey frame repeated over C"}};
  model.output = {{"logits", "[B, 1, S, S]; LV where logit > 0"}};
  model.normalisation = config_.normalisation.perClip
                            ? "x = (grey - mean of the clip) / (std of the clip)"
                            : "x = (grey - mean) / std, grey levels 0..255, per channel";
  model.provenance = provenance;
  model.tensors = tensors();
  writeModelFolder(folder, model, floatStorage);
}

LvSegmenter LvSegmenter::load(const std::string& folder) {
  const ModelFolder model = readModelFolder(folder, std::string(kLvSegmenterKind));
  LvSegmenter segmenter(lvSegmenterConfigFromJson(model.config, model.input, folder));
  segmenter.loadTensors(model.tensors, folder);
  segmenter.network_->eval();
  return segmenter;
}

at::Tensor LvSegmenter::logits(const at::Tensor& input) {
  return deeplab_ ? deeplab_->forward(input) : unet_->forward(input);
}

at::Tensor resizeImages(const at::Tensor& images, int height, int width) {
  if (images.dim() != 4) throw Error("resize: expected images [N, C, H, W]");
  if (images.size(2) == height && images.size(3) == width) return images;
  if (images.size(2) >= height && images.size(3) >= width)
    return at::adaptive_avg_pool2d(images, {height, width});
  return at::upsample_bilinear2d(images, {height, width}, false);
}

at::Tensor LvSegmenter::prepareInput(const at::Tensor& framesUint8) const {
  if (framesUint8.dim() != 3) throw Error("segmenter: expected frames [T, H, W]");
  const int size = config_.inputSize;
  at::Tensor x = resizeImages(framesUint8.to(at::kFloat).unsqueeze(1), size, size);
  const int channels = inputChannels();
  x = x.expand({x.size(0), channels, size, size}).contiguous();
  const auto& n = config_.normalisation;
  if (n.perClip) {
    const double mean = x.mean().item<double>();
    const double std = std::max(1e-3, x.std().item<double>());
    return (x - mean) / std;
  }
  auto perChannel = [&](const std::vector<double>& values) {
    std::vector<float> v(channels);
    for (int c = 0; c < channels; ++c)
      v[c] = static_cast<float>(values.size() == 1 ? values[0] : values[c]);
    return at::tensor(v).view({1, channels, 1, 1});
  };
  return (x - perChannel(n.mean)) / perChannel(n.std);
}

Clip LvSegmenter::segment(const Clip& clip, const Progress& progress, int batch) {
  if (clip.empty() || clip.pixels.size() != clip.frameCount * clip.frameSize())
    throw Error("segmenter: the clip is empty or its pixel buffer does not match its size");
  const at::Tensor frames = at::from_blob(const_cast<std::uint8_t*>(clip.pixels.data()),
                                          {clip.frameCount, clip.height, clip.width}, at::kByte);
  at::NoGradGuard noGrad;
  network_->eval();
  // Per-clip statistics must come from the whole clip, not each batch.
  const at::Tensor input = prepareInput(frames);
  Clip masks(clip.frameCount, clip.height, clip.width, clip.fps);
  masks.spacing = clip.spacing;
  masks.source = "LV masks of " + clip.source;
  batch = std::max(1, batch);
  for (int start = 0; start < clip.frameCount; start += batch) {
    progress.report(static_cast<double>(start) / clip.frameCount, "segmenting the LV");
    const int count = std::min(batch, clip.frameCount - start);
    at::Tensor out = logits(input.narrow(0, start, count));
    out = resizeImages(out, clip.height, clip.width);
    const at::Tensor binary = (out.select(1, 0) > 0).to(at::kByte).contiguous();
    std::copy(binary.data_ptr<std::uint8_t>(), binary.data_ptr<std::uint8_t>() + binary.numel(),
              masks.frame(start));
  }
  progress.report(1.0, "segmenting the LV");
  return masks;
}

// ---------------------------------------------------------------------------- EchoNet import

LvSegmenter importEchoNetSegmenter(const std::string& path,
                                   const SegmenterNormalisation& normalisation) {
  const c10::IValue object = readTorchFile(path);
  TensorMap raw;
  std::string what = path;
  bool wrapped = false;
  if (object.isGenericDict()) {
    for (const auto& entry : object.toGenericDict())
      if (entry.key().isString() && entry.key().toStringRef() == "state_dict") {
        raw = tensorMapFromIValue(entry.value(), path + "['state_dict']");
        wrapped = true;
      }
  }
  if (!wrapped) raw = tensorMapFromIValue(object, what);
  TensorMap tensors;
  for (auto& [name, tensor] : raw) {
    const std::string key = name.rfind("module.", 0) == 0 ? name.substr(7) : name;
    tensors[key] = tensor;
  }
  auto need = [&](const std::string& name) -> const at::Tensor& {
    const auto it = tensors.find(name);
    if (it == tensors.end())
      throw Error(path + ": missing tensor '" + name +
                  "'; this is not a torchvision DeepLabV3-ResNet state dict");
    return it->second;
  };
  DeepLabV3Config config;
  const at::Tensor& stem = need("backbone.conv1.weight");
  config.baseWidth = static_cast<int>(stem.size(0));
  config.inChannels = static_cast<int>(stem.size(1));
  for (int layer = 0; layer < 4; ++layer) {
    int blocks = 0;
    while (tensors.count("backbone.layer" + std::to_string(layer + 1) + "." +
                         std::to_string(blocks) + ".conv1.weight"))
      ++blocks;
    config.blocks[layer] = blocks;
  }
  const at::Tensor& last = need("classifier.4.weight");
  config.numClasses = static_cast<int>(last.size(0));
  config.asppChannels = static_cast<int>(need("classifier.1.weight").size(0));
  config.auxClassifier = tensors.count("aux_classifier.0.weight") > 0;
  for (int rate = 0; rate < 3; ++rate)
    need("classifier.0.convs." + std::to_string(rate + 1) + ".0.weight");
  if (std::any_of(config.blocks.begin(), config.blocks.end(), [](int b) { return b == 0; }))
    throw Error(path + ": the backbone lacks a layer (blocks per layer " + joinInts(config.blocks) +
                "); not a ResNet bottleneck backbone");
  LvSegmenterConfig segmenterConfig;
  segmenterConfig.architecture = "deeplabv3-resnet";
  segmenterConfig.inputSize = 112;
  segmenterConfig.deeplab = config;
  segmenterConfig.normalisation = normalisation;
  LvSegmenter segmenter(segmenterConfig);
  segmenter.loadTensors(tensors, path);
  segmenter.network().eval();
  return segmenter;
}

}  // namespace latentecho
