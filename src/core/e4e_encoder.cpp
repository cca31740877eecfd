#include "latentecho/core/e4e_encoder.h"

#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/modulelist.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "latentecho/core/error.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho {
namespace {

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

int64_t log2Exact(int64_t v) {
  int64_t n = 0;
  while ((int64_t{1} << n) < v) ++n;
  return n;
}

torch::nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding,
                       bool bias) {
  return torch::nn::Conv2d(
      torch::nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(bias));
}

// BatchNorm as the official module computes it, with the choice of statistics made by the caller
// (so that inference never depends on the module's train/eval flag).
at::Tensor batchNorm(torch::nn::BatchNorm2dImpl& bn, const at::Tensor& x, bool batchStatistics) {
  if (batchStatistics) bn.num_batches_tracked.add_(1);
  return at::batch_norm(x, bn.weight, bn.bias, bn.running_mean, bn.running_var, batchStatistics,
                        bn.options.momentum().value_or(0.1), bn.options.eps(), false);
}

at::Tensor prelu(torch::nn::PReLUImpl& p, const at::Tensor& x) { return at::prelu(x, p.weight); }

// Squeeze-excitation (official SEModule): x * sigmoid(fc2(relu(fc1(mean over space)))).
class SqueezeExcitationImpl : public torch::nn::Module {
 public:
  SqueezeExcitationImpl(int64_t channels, int64_t reduction) {
    fc1 = register_module("fc1", conv(channels, channels / reduction, 1, 1, 0, false));
    fc2 = register_module("fc2", conv(channels / reduction, channels, 1, 1, 0, false));
  }
  at::Tensor forward(const at::Tensor& x) {
    at::Tensor s = x.mean({2, 3}, /*keepdim=*/true);
    s = at::sigmoid(fc2->forward(at::relu(fc1->forward(s))));
    return x * s;
  }
  torch::nn::Conv2d fc1{nullptr};
  torch::nn::Conv2d fc2{nullptr};
};
TORCH_MODULE(SqueezeExcitation);

// Official bottleneck_IR / bottleneck_IR_SE: res_layer = BN, conv3x3, PReLU, conv3x3 (stride),
// BN[, SE]; shortcut = 1x1 conv (stride) + BN when channels change, else subsampling (the
// official MaxPool2d(1, stride)).
class BottleneckUnitImpl : public torch::nn::Module {
 public:
  BottleneckUnitImpl(int64_t in, int64_t depth, int64_t stride, bool squeeze, int64_t reduction)
      : stride_(stride) {
    if (in != depth) {
      shortcutConv = conv(in, depth, 1, stride, 0, false);
      shortcutBn = torch::nn::BatchNorm2d(depth);
      auto shortcut = torch::nn::ModuleList();
      shortcut->push_back(shortcutConv);
      shortcut->push_back(shortcutBn);
      register_module("shortcut_layer", shortcut);
    }
    bn0 = torch::nn::BatchNorm2d(in);
    conv1 = conv(in, depth, 3, 1, 1, false);
    prelu2 = torch::nn::PReLU(torch::nn::PReLUOptions().num_parameters(depth));
    conv3 = conv(depth, depth, 3, stride, 1, false);
    bn4 = torch::nn::BatchNorm2d(depth);
    auto res = torch::nn::ModuleList();
    res->push_back(bn0);
    res->push_back(conv1);
    res->push_back(prelu2);
    res->push_back(conv3);
    res->push_back(bn4);
    if (squeeze) {
      se5 = SqueezeExcitation(depth, reduction);
      res->push_back(se5);
    }
    register_module("res_layer", res);
  }

  at::Tensor forward(const at::Tensor& x, bool batchStatistics) {
    at::Tensor shortcut;
    if (shortcutConv)
      shortcut = batchNorm(*shortcutBn, shortcutConv->forward(x), batchStatistics);
    else if (stride_ == 1)
      shortcut = x;
    else
      shortcut = x.slice(2, 0, c10::nullopt, stride_).slice(3, 0, c10::nullopt, stride_);
    at::Tensor r = batchNorm(*bn0, x, batchStatistics);
    r = prelu(*prelu2, conv1->forward(r));
    r = batchNorm(*bn4, conv3->forward(r), batchStatistics);
    if (se5) r = se5->forward(r);
    return r + shortcut;
  }

  torch::nn::Conv2d shortcutConv{nullptr};
  torch::nn::BatchNorm2d shortcutBn{nullptr};
  torch::nn::BatchNorm2d bn0{nullptr};
  torch::nn::Conv2d conv1{nullptr};
  torch::nn::PReLU prelu2{nullptr};
  torch::nn::Conv2d conv3{nullptr};
  torch::nn::BatchNorm2d bn4{nullptr};
  SqueezeExcitation se5{nullptr};

 private:
  int64_t stride_;
};
TORCH_MODULE(BottleneckUnit);

// Official EqualLinear with lr_mul 1 and no activation: x W^T / sqrt(in) + b, W ~ N(0, 1).
class EqualLinearImpl : public torch::nn::Module {
 public:
  EqualLinearImpl(int64_t in, int64_t out) : scale_(1.0 / std::sqrt(static_cast<double>(in))) {
    weight = register_parameter("weight", at::randn({out, in}));
    bias = register_parameter("bias", at::zeros({out}));
  }
  at::Tensor forward(const at::Tensor& x) { return at::linear(x, weight * scale_, bias); }
  at::Tensor weight;
  at::Tensor bias;

 private:
  double scale_;
};
TORCH_MODULE(EqualLinear);

// Official GradualStyleBlock (map2style): log2(spatial) stride-2 3x3 convs with leaky ReLU 0.01
// (at least one), then the equalised linear layer.
class StyleHeadImpl : public torch::nn::Module {
 public:
  StyleHeadImpl(int64_t in, int64_t headChannels, int64_t wDim, int64_t spatial)
      : headChannels_(headChannels) {
    const int64_t pools = std::max<int64_t>(1, log2Exact(spatial));
    auto list = torch::nn::ModuleList();
    for (int64_t i = 0; i < pools; ++i) {
      convs_.push_back(conv(i == 0 ? in : headChannels, headChannels, 3, 2, 1, true));
      list->push_back(convs_.back());
      list->push_back(torch::nn::LeakyReLU());
    }
    register_module("convs", list);
    linear = register_module("linear", EqualLinear(headChannels, wDim));
  }
  at::Tensor forward(const at::Tensor& features) {
    at::Tensor x = features;
    for (auto& c : convs_) x = at::leaky_relu(c->forward(x), 0.01);
    return linear->forward(x.reshape({-1, headChannels_}));
  }
  EqualLinear linear{nullptr};

 private:
  int64_t headChannels_;
  std::vector<torch::nn::Conv2d> convs_;
};
TORCH_MODULE(StyleHead);

at::Tensor upsampleAdd(const at::Tensor& x, const at::Tensor& lateral) {
  return at::upsample_bilinear2d(x, {lateral.size(2), lateral.size(3)}, /*align_corners=*/true) +
         lateral;
}

const nlohmann::json& field(const nlohmann::json& json, const char* name,
                            const std::string& source) {
  if (!json.is_object() || !json.contains(name))
    throw Error(source + ": e4e encoder config lacks '" + name + "'");
  return json.at(name);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Config.

void E4eEncoderConfig::validate() const {
  auto fail = [](const std::string& what) { throw Error("e4e encoder config: " + what); };
  if (stemStride != 1 && stemStride != 2)
    fail("stem_stride must be 1 or 2, got " + std::to_string(stemStride));
  if (resolution < 32 * stemStride || !isPowerOfTwo(resolution) || resolution > 4096)
    fail("resolution must be a power of two in " + std::to_string(32 * stemStride) +
         "..4096 (stem stride " + std::to_string(stemStride) + "), got " +
         std::to_string(resolution));
  if (imageChannels < 1 || imageChannels > 4)
    fail("image_channels must be 1..4, got " + std::to_string(imageChannels));
  if (numWs < 1) fail("num_ws must be >= 1, got " + std::to_string(numWs));
  if (wDim < 1) fail("w_dim must be >= 1, got " + std::to_string(wDim));
  if (stemChannels < 1) fail("stem_channels must be >= 1");
  if (stages.size() != 4)
    fail("stages: exactly 4 backbone stages are needed (the pyramid taps the last three), got " +
         std::to_string(stages.size()));
  for (size_t i = 0; i < stages.size(); ++i) {
    if (stages[i].channels < 1 || stages[i].units < 1)
      fail("stages[" + std::to_string(i) + "]: channels and units must be >= 1");
    if (squeezeExcitation && stages[i].channels / std::max<int64_t>(1, squeezeReduction) < 1)
      fail("stages[" + std::to_string(i) + "]: channels below the squeeze reduction");
  }
  if (squeezeReduction < 1) fail("squeeze_reduction must be >= 1");
  if (headChannels < 1) fail("head_channels must be >= 1");
  if (coarseEnd < 1 || coarseEnd > mediumEnd || mediumEnd > numWs)
    fail("need 1 <= coarse_end <= medium_end <= num_ws, got " + std::to_string(coarseEnd) + ", " +
         std::to_string(mediumEnd) + ", " + std::to_string(numWs));
  if (activeOffsets < 0 || activeOffsets > numWs - 1)
    fail("active_offsets must be in 0.." + std::to_string(numWs - 1) + ", got " +
         std::to_string(activeOffsets));
}

E4eEncoderConfig E4eEncoderConfig::officialIrSe50(int64_t numWs, int64_t wDim,
                                                  int64_t imageChannels, int64_t resolution) {
  E4eEncoderConfig c;
  c.resolution = resolution;
  c.imageChannels = imageChannels;
  c.numWs = numWs;
  c.wDim = wDim;
  c.stemChannels = 64;
  c.stemStride = 1;
  c.stages = {{64, 3}, {128, 4}, {256, 14}, {512, 3}};
  c.squeezeExcitation = true;
  c.squeezeReduction = 16;
  c.headChannels = 512;
  c.coarseEnd = std::min<int64_t>(3, numWs);
  c.mediumEnd = std::min<int64_t>(7, numWs);
  c.activeOffsets = numWs - 1;
  return c;
}

E4eEncoderConfig E4eEncoderConfig::compact(int64_t numWs, int64_t wDim, int64_t imageChannels,
                                           int64_t resolution) {
  E4eEncoderConfig c = officialIrSe50(numWs, wDim, imageChannels, resolution);
  // Most of the cost sits in the full-resolution first unit and the seven fine heads on the
  // finest pyramid level: a stride-2 stem halves every feature map, and both are narrow.
  c.stemChannels = 16;
  c.stemStride = 2;
  c.stages = {{16, 1}, {32, 2}, {48, 2}, {96, 1}};
  c.squeezeReduction = 8;
  c.headChannels = 64;
  return c;
}

nlohmann::json e4eEncoderConfigToJson(const E4eEncoderConfig& c) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : c.stages) stages.push_back({{"channels", s.channels}, {"units", s.units}});
  return {{"resolution", c.resolution},
          {"image_channels", c.imageChannels},
          {"num_ws", c.numWs},
          {"w_dim", c.wDim},
          {"stem_channels", c.stemChannels},
          {"stem_stride", c.stemStride},
          {"stages", stages},
          {"unit", c.squeezeExcitation ? "ir_se" : "ir"},
          {"squeeze_reduction", c.squeezeReduction},
          {"head_channels", c.headChannels},
          {"coarse_end", c.coarseEnd},
          {"medium_end", c.mediumEnd},
          {"active_offsets", c.activeOffsets}};
}

E4eEncoderConfig e4eEncoderConfigFromJson(const nlohmann::json& json, const std::string& source) {
  E4eEncoderConfig c;
  try {
    c.resolution = field(json, "resolution", source).get<int64_t>();
    c.imageChannels = field(json, "image_channels", source).get<int64_t>();
    c.numWs = field(json, "num_ws", source).get<int64_t>();
    c.wDim = field(json, "w_dim", source).get<int64_t>();
    c.stemChannels = field(json, "stem_channels", source).get<int64_t>();
    c.stemStride = json.value("stem_stride", int64_t{1});
    for (const auto& s : field(json, "stages", source))
      c.stages.push_back({s.at("channels").get<int64_t>(), s.at("units").get<int64_t>()});
    const std::string unit = field(json, "unit", source).get<std::string>();
    if (unit != "ir_se" && unit != "ir")
      throw Error(source + ": e4e encoder config 'unit' must be 'ir_se' or 'ir', got '" + unit +
                  "'");
    c.squeezeExcitation = unit == "ir_se";
    c.squeezeReduction = field(json, "squeeze_reduction", source).get<int64_t>();
    c.headChannels = field(json, "head_channels", source).get<int64_t>();
    c.coarseEnd = field(json, "coarse_end", source).get<int64_t>();
    c.mediumEnd = field(json, "medium_end", source).get<int64_t>();
    c.activeOffsets = field(json, "active_offsets", source).get<int64_t>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": e4e encoder config has a field of the wrong type (" + e.what() + ")");
  }
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// Network.

struct E4eEncoderNetworkImpl::Layers {
  torch::nn::Conv2d stemConv{nullptr};
  torch::nn::BatchNorm2d stemBn{nullptr};
  torch::nn::PReLU stemPrelu{nullptr};
  std::vector<BottleneckUnit> units;
  std::vector<int64_t> stageEnds;  // body index of each stage's last unit
  std::vector<StyleHead> heads;
};

E4eEncoderNetworkImpl::E4eEncoderNetworkImpl(const E4eEncoderConfig& config)
    : config_(config), layers_(std::make_shared<Layers>()) {
  config_.validate();
  Layers& l = *layers_;
  l.stemConv = conv(config_.imageChannels, config_.stemChannels, 3, config_.stemStride, 1, false);
  l.stemBn = torch::nn::BatchNorm2d(config_.stemChannels);
  l.stemPrelu = torch::nn::PReLU(torch::nn::PReLUOptions().num_parameters(config_.stemChannels));
  auto input = torch::nn::ModuleList();
  input->push_back(l.stemConv);
  input->push_back(l.stemBn);
  input->push_back(l.stemPrelu);
  register_module("input_layer", input);

  auto body = torch::nn::ModuleList();
  int64_t in = config_.stemChannels;
  for (const E4eEncoderStage& stage : config_.stages) {
    for (int64_t u = 0; u < stage.units; ++u) {
      l.units.push_back(BottleneckUnit(u == 0 ? in : stage.channels, stage.channels, u == 0 ? 2 : 1,
                                       config_.squeezeExcitation, config_.squeezeReduction));
      body->push_back(l.units.back());
    }
    in = stage.channels;
    l.stageEnds.push_back(static_cast<int64_t>(l.units.size()) - 1);
  }
  register_module("body", body);

  const int64_t pyramid = config_.pyramidChannels();
  auto styles = torch::nn::ModuleList();
  for (int64_t i = 0; i < config_.numWs; ++i) {
    const int64_t r = config_.resolution / config_.stemStride;
    const int64_t spatial = i < config_.coarseEnd ? r / 16 : i < config_.mediumEnd ? r / 8 : r / 4;
    l.heads.push_back(StyleHead(pyramid, config_.headChannels, config_.wDim, spatial));
    styles->push_back(l.heads.back());
  }
  register_module("styles", styles);
  latlayer1 =
      register_module("latlayer1", conv(config_.stages[2].channels, pyramid, 1, 1, 0, true));
  latlayer2 =
      register_module("latlayer2", conv(config_.stages[1].channels, pyramid, 1, 1, 0, true));
}

at::Tensor E4eEncoderNetworkImpl::forward(const at::Tensor& frames, int64_t activeOffsets) {
  return forward(frames, activeOffsets, is_training());
}

at::Tensor E4eEncoderNetworkImpl::forward(const at::Tensor& frames, int64_t activeOffsets,
                                          bool batchStatistics) {
  const E4eEncoderConfig& c = config_;
  if (frames.dim() != 4 || frames.size(1) != c.imageChannels || frames.size(2) != c.resolution ||
      frames.size(3) != c.resolution)
    throw Error("e4e encoder: frames must be [B, " + std::to_string(c.imageChannels) + ", " +
                std::to_string(c.resolution) + ", " + std::to_string(c.resolution) + "], got " +
                shapeToString(frames.sizes()));
  Layers& l = *layers_;
  at::Tensor x = batchNorm(*l.stemBn, l.stemConv->forward(frames), batchStatistics);
  x = prelu(*l.stemPrelu, x);
  at::Tensor c1, c2, c3;
  for (size_t i = 0; i < l.units.size(); ++i) {
    x = l.units[i]->forward(x, batchStatistics);
    const auto index = static_cast<int64_t>(i);
    if (index == l.stageEnds[1]) c1 = x;
    if (index == l.stageEnds[2]) c2 = x;
    if (index == l.stageEnds[3]) c3 = x;
  }
  const int64_t active = std::clamp<int64_t>(activeOffsets, 0, c.numWs - 1);
  const at::Tensor base = l.heads[0]->forward(c3);
  std::vector<at::Tensor> codes(static_cast<size_t>(c.numWs), base);
  at::Tensor features = c3;
  at::Tensor p2;
  for (int64_t i = 1; i <= active; ++i) {
    if (i == c.coarseEnd && i < c.mediumEnd) {
      p2 = upsampleAdd(c3, latlayer1->forward(c2));
      features = p2;
    }
    if (i == c.mediumEnd) {
      if (!p2.defined()) p2 = upsampleAdd(c3, latlayer1->forward(c2));
      features = upsampleAdd(p2, latlayer2->forward(c1));
    }
    codes[static_cast<size_t>(i)] = base + l.heads[static_cast<size_t>(i)]->forward(features);
  }
  return at::stack(codes, 1);
}

std::vector<TensorSpec> e4eEncoderTensorSpecs(const E4eEncoderConfig& config) {
  E4eEncoderNetwork network(config);
  std::vector<TensorSpec> specs;
  for (const auto& item : network->named_parameters())
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
  for (const auto& item : network->named_buffers())
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
  specs.push_back({"latent_avg", {config.numWs, config.wDim}, at::kFloat});
  return specs;
}

// ---------------------------------------------------------------------------------------------
// Encoder.

struct E4eEncoder::State {
  E4eEncoderConfig config;
  E4eEncoderNetwork network{nullptr};
  at::Tensor latentAvg;
  ModelFolder folder;
};

E4eEncoder::E4eEncoder(const E4eEncoderConfig& config) : state_(std::make_shared<State>()) {
  config.validate();
  state_->config = config;
  state_->network = E4eEncoderNetwork(config);
  state_->latentAvg = at::zeros({config.numWs, config.wDim});
}

E4eEncoder::E4eEncoder(const E4eEncoderConfig& config, const TensorMap& tensors,
                       const std::string& source)
    : state_(std::make_shared<State>()) {
  config.validate();
  state_->config = config;
  at::NoGradGuard noGrad;
  state_->network = E4eEncoderNetwork(config);
  std::vector<TensorSpec> specs;
  std::map<std::string, at::Tensor> targets;
  for (const auto& item : state_->network->named_parameters()) {
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
    targets.emplace(item.key(), item.value());
  }
  for (const auto& item : state_->network->named_buffers()) {
    specs.push_back({item.key(), item.value().sizes().vec(), item.value().scalar_type()});
    targets.emplace(item.key(), item.value());
  }
  specs.push_back({"latent_avg", {config.numWs, config.wDim}, at::kFloat});
  TensorMap converted;
  for (const auto& [name, t] : tensors) {
    const auto target = targets.find(name);
    const bool wantsFloat =
        target == targets.end() || at::isFloatingType(target->second.scalar_type());
    converted.emplace(name,
                      wantsFloat && at::isFloatingType(t.scalar_type()) ? t.to(at::kFloat) : t);
  }
  validateTensors(converted, specs, source);
  for (auto& [name, t] : targets) t.copy_(converted.at(name));
  state_->latentAvg = converted.at("latent_avg").clone();
  state_->network->eval();
}

at::Tensor E4eEncoder::encode(const at::Tensor& frames) const {
  at::NoGradGuard noGrad;
  const State& s = *state_;
  const at::Tensor input = frames.to(s.latentAvg.device(), at::kFloat);
  const at::Tensor codes = s.network.ptr()->forward(input, s.config.activeOffsets, false);
  return codes + s.latentAvg.unsqueeze(0);
}

at::Tensor E4eEncoder::encode(const at::Tensor& frames, int64_t batchSize) const {
  if (batchSize < 1) throw Error("e4e encoder: batch size must be >= 1");
  if (frames.dim() != 4 || frames.size(0) <= batchSize) return encode(frames);
  std::vector<at::Tensor> parts;
  for (int64_t b = 0; b < frames.size(0); b += batchSize)
    parts.push_back(encode(frames.slice(0, b, std::min(frames.size(0), b + batchSize))));
  return at::cat(parts, 0);
}

TensorMap E4eEncoder::tensors() const {
  TensorMap out;
  for (const auto& item : state_->network->named_parameters())
    out.emplace(item.key(), item.value().detach().to(at::kCPU).contiguous().clone());
  for (const auto& item : state_->network->named_buffers())
    out.emplace(item.key(), item.value().detach().to(at::kCPU).contiguous().clone());
  out.emplace("latent_avg", state_->latentAvg.detach().to(at::kCPU).contiguous().clone());
  return out;
}

void E4eEncoder::save(const std::string& modelDir, const nlohmann::json& provenance,
                      at::ScalarType floatStorage) const {
  const E4eEncoderConfig& c = state_->config;
  ModelFolder model;
  model.kind = kE4eEncoderKind;
  model.version = 1;
  model.config = e4eEncoderConfigToJson(c);
  model.input = {{"frames",
                  {{"shape", {"B", c.imageChannels, c.resolution, c.resolution}},
                   {"layout", "NCHW"},
                   {"dtype", "float32"},
                   {"range", {-1.0, 1.0}}}}};
  model.output = {{"ws", {{"shape", {"B", c.numWs, c.wDim}}, {"dtype", "float32"}}}};
  model.normalisation =
      "frames in [-1, 1]: pixel value 0..255 maps to value / 127.5 - 1; codes are W+ of the "
      "generator the encoder was trained for (latent_avg included)";
  model.provenance = provenance;
  model.tensors = tensors();
  writeModelFolder(modelDir, model, floatStorage);
  state_->folder = model;
  state_->folder.tensors.clear();
}

E4eEncoder E4eEncoder::load(const std::string& modelDir) {
  ModelFolder folder = readModelFolder(modelDir, std::string(kE4eEncoderKind));
  const E4eEncoderConfig config =
      e4eEncoderConfigFromJson(folder.config, modelDir + "/" + kModelManifestName);
  E4eEncoder encoder(config, folder.tensors, modelDir + "/" + kModelWeightsName);
  folder.tensors.clear();
  encoder.state_->folder = std::move(folder);
  return encoder;
}

const E4eEncoderConfig& E4eEncoder::config() const { return state_->config; }

void E4eEncoder::setActiveOffsets(int64_t activeOffsets) {
  if (activeOffsets < 0 || activeOffsets > state_->config.numWs - 1)
    throw Error("e4e encoder: active offsets must be in 0.." +
                std::to_string(state_->config.numWs - 1) + ", got " +
                std::to_string(activeOffsets));
  state_->config.activeOffsets = activeOffsets;
}

E4eEncoderNetwork& E4eEncoder::network() { return state_->network; }
const E4eEncoderNetwork& E4eEncoder::network() const { return state_->network; }
at::Tensor& E4eEncoder::latentAvg() { return state_->latentAvg; }
const at::Tensor& E4eEncoder::latentAvg() const { return state_->latentAvg; }
const ModelFolder& E4eEncoder::folder() const { return state_->folder; }

void E4eEncoder::to(const at::Device& device) {
  state_->network->to(device);
  state_->latentAvg = state_->latentAvg.to(device);
}

at::Device E4eEncoder::device() const { return state_->latentAvg.device(); }

// ---------------------------------------------------------------------------------------------
// Official checkpoints.

E4eEncoderConfig inferE4eEncoderConfig(const TensorMap& sd, const at::Tensor& latentAvg,
                                       const std::string& source) {
  auto need = [&](const std::string& name, int64_t dims) -> const at::Tensor& {
    const auto it = sd.find(name);
    if (it == sd.end())
      throw Error(source + ": missing tensor '" + name +
                  "' (not the encoder of an official e4e Encoder4Editing checkpoint)");
    if (it->second.dim() != dims)
      throw Error(source + ": tensor '" + name + "' has shape " +
                  shapeToString(it->second.sizes()) + ", expected " + std::to_string(dims) +
                  " dimensions");
    return it->second;
  };
  E4eEncoderConfig c;
  const at::Tensor& stem = need("input_layer.0.weight", 4);
  c.stemChannels = stem.size(0);
  c.imageChannels = stem.size(1);

  int64_t units = 0;
  while (sd.count("body." + std::to_string(units) + ".res_layer.1.weight")) ++units;
  if (units == 0) need("body.0.res_layer.1.weight", 4);
  c.stages.clear();
  for (int64_t u = 0; u < units; ++u) {
    const at::Tensor& w = need("body." + std::to_string(u) + ".res_layer.1.weight", 4);
    const int64_t in = w.size(1), depth = w.size(0);
    // A stage starts at the first unit and wherever the channel count changes (the official
    // blocks change it at every stage but the first, whose stride leaves no trace in weights).
    if (u == 0 || in != depth)
      c.stages.push_back({depth, 1});
    else
      ++c.stages.back().units;
  }
  if (c.stages.size() != 4)
    throw Error(source + ": the body's units form " + std::to_string(c.stages.size()) +
                " stages (channel changes), an Encoder4Editing backbone has 4");
  const std::string se = "body.0.res_layer.5.fc1.weight";
  c.squeezeExcitation = sd.count(se) > 0;
  if (c.squeezeExcitation) {
    const at::Tensor& fc1 = need(se, 4);
    c.squeezeReduction =
        std::max<int64_t>(1, c.stages[0].channels / std::max<int64_t>(1, fc1.size(0)));
  }

  int64_t heads = 0;
  while (sd.count("styles." + std::to_string(heads) + ".linear.weight")) ++heads;
  if (heads == 0) need("styles.0.linear.weight", 2);
  c.numWs = heads;
  const at::Tensor& linear = need("styles.0.linear.weight", 2);
  c.wDim = linear.size(0);
  c.headChannels = linear.size(1);
  std::vector<int64_t> convCounts;
  for (int64_t i = 0; i < heads; ++i) {
    int64_t n = 0;
    while (sd.count("styles." + std::to_string(i) + ".convs." + std::to_string(2 * n) + ".weight"))
      ++n;
    if (n == 0) need("styles." + std::to_string(i) + ".convs.0.weight", 4);
    convCounts.push_back(n);
  }
  // Heads on c3 (R/16) have log2(R/16) convs, on p2 one more, on p1 two more.
  const int64_t coarseConvs = convCounts.front();
  c.resolution = int64_t{16} << coarseConvs;
  c.coarseEnd = 0;
  while (c.coarseEnd < heads && convCounts[c.coarseEnd] == coarseConvs) ++c.coarseEnd;
  c.mediumEnd = c.coarseEnd;
  while (c.mediumEnd < heads && convCounts[c.mediumEnd] == coarseConvs + 1) ++c.mediumEnd;
  for (int64_t i = c.mediumEnd; i < heads; ++i)
    if (convCounts[i] != coarseConvs + 2)
      throw Error(source + ": head 'styles." + std::to_string(i) + "' has " +
                  std::to_string(convCounts[i]) +
                  " convs; an Encoder4Editing's heads go coarse, medium, fine with " +
                  std::to_string(coarseConvs) + ", " + std::to_string(coarseConvs + 1) + ", " +
                  std::to_string(coarseConvs + 2));
  if (latentAvg.defined()) {
    const bool full =
        latentAvg.dim() == 2 && latentAvg.size(0) == heads && latentAvg.size(1) == c.wDim;
    const bool single = latentAvg.dim() == 1 && latentAvg.size(0) == c.wDim;
    if (!full && !single)
      throw Error(source + ": tensor 'latent_avg' has shape " + shapeToString(latentAvg.sizes()) +
                  ", expected [" + std::to_string(heads) + "," + std::to_string(c.wDim) + "] or [" +
                  std::to_string(c.wDim) + "]");
  }
  c.activeOffsets = c.numWs - 1;
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
  return c;
}

E4eCheckpoint readE4eCheckpoint(const std::string& path) {
  const c10::IValue root = readTorchFile(path);
  if (!root.isGenericDict())
    throw Error(path +
                ": not an e4e checkpoint (expected a dict with 'state_dict' and "
                "'latent_avg', or an encoder state dict)");
  const auto dict = root.toGenericDict();
  E4eCheckpoint checkpoint;
  TensorMap all;
  std::string what = path;
  const auto stateDict = dict.find(c10::IValue(std::string("state_dict")));
  if (stateDict != dict.end()) {
    what = path + "['state_dict']";
    all = tensorMapFromIValue(stateDict->value(), what);
    const auto avg = dict.find(c10::IValue(std::string("latent_avg")));
    if (avg != dict.end() && !avg->value().isNone()) {
      if (!avg->value().isTensor()) throw Error(path + ": 'latent_avg' is not a tensor");
      checkpoint.latentAvg = avg->value().toTensor();
    }
  } else {
    all = tensorMapFromIValue(root, path);
  }
  bool prefixed = false;
  for (const auto& [name, t] : all)
    if (name.rfind("encoder.", 0) == 0) prefixed = true;
  for (const auto& [name, t] : all) {
    if (name == "latent_avg") {
      checkpoint.latentAvg = t;
    } else if (prefixed) {
      if (name.rfind("encoder.", 0) == 0) checkpoint.encoder.emplace(name.substr(8), t);
    } else {
      checkpoint.encoder.emplace(name, t);
    }
  }
  if (checkpoint.encoder.empty()) throw Error(what + ": holds no encoder tensors ('encoder.*')");
  return checkpoint;
}

E4eEncoder e4eEncoderFromCheckpoint(const E4eCheckpoint& checkpoint, const std::string& source) {
  const E4eEncoderConfig config =
      inferE4eEncoderConfig(checkpoint.encoder, checkpoint.latentAvg, source);
  TensorMap tensors = checkpoint.encoder;
  at::Tensor avg = checkpoint.latentAvg.defined() ? checkpoint.latentAvg.to(at::kFloat)
                                                  : at::zeros({config.numWs, config.wDim});
  if (avg.dim() == 1) avg = avg.unsqueeze(0).expand({config.numWs, config.wDim});
  tensors["latent_avg"] = avg.contiguous();
  return E4eEncoder(config, tensors, source);
}

}  // namespace latentecho
