#include "latentecho/core/stylegan2_model.h"

#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

const at::Tensor* find(const TensorMap& tensors, const std::string& name) {
  auto it = tensors.find(name);
  return it == tensors.end() ? nullptr : &it->second;
}

const at::Tensor& require(const TensorMap& tensors, const std::string& name,
                          const std::string& source, int64_t dims) {
  const at::Tensor* t = find(tensors, name);
  if (!t) throw Error(source + ": missing tensor '" + name + "'");
  if (t->dim() != dims)
    throw Error(source + ": tensor '" + name + "' has shape " + shapeToString(t->sizes()) +
                ", expected " + std::to_string(dims) + " dimensions");
  return *t;
}

std::string someKeys(const TensorMap& tensors) {
  std::string s;
  int shown = 0;
  for (const auto& [name, t] : tensors) {
    if (shown == 3) break;
    s += (shown++ ? ", '" : "'") + name + "'";
  }
  if (tensors.size() > 3) s += ", ...";
  return s.empty() ? "no tensors at all" : "tensors like " + s;
}

// Channel base and max consistent with every block's min(base / res, max), preferring powers of
// two (what configurations use); nothing when none fits or the counts do not pin them down.
void inferChannelRule(StyleGan2GeneratorConfig& config) {
  const auto res = config.blockResolutions();
  const int64_t max = *std::max_element(config.channels.begin(), config.channels.end());
  int64_t low = 1, high = INT64_MAX;
  bool bounded = false;
  for (size_t i = 0; i < res.size(); ++i) {
    const int64_t c = config.channels[i];
    if (c < max) {  // base / res == c
      low = std::max(low, c * res[i]);
      high = std::min(high, c * res[i] + res[i] - 1);
      bounded = true;
    } else {  // base / res >= max
      low = std::max(low, max * res[i]);
    }
  }
  if (!bounded || low > high) return;
  int64_t base = low;
  for (int64_t p = 1; p > 0 && p <= high; p *= 2)
    if (p >= low) {
      base = p;
      break;
    }
  StyleGan2GeneratorConfig check = config;
  check.setChannels(base, max);
  if (check.channels != config.channels) return;
  config.channelBase = base;
  config.channelMax = max;
}

}  // namespace

StyleGan2GeneratorConfig inferStyleGan2GeneratorConfig(const TensorMap& sd,
                                                       const std::string& source,
                                                       std::optional<double> convClamp) {
  if (!find(sd, "synthesis.b4.const") || !find(sd, "mapping.fc0.weight"))
    throw Error(source +
                ": not a stylegan2-ada-pytorch generator state dict (no 'synthesis.b4.const' or "
                "'mapping.fc0.weight'; it has " + someKeys(sd) + ")");
  StyleGan2GeneratorConfig config;
  config.convClamp = convClamp;

  // Mapping network.
  int64_t layers = 0;
  while (find(sd, "mapping.fc" + std::to_string(layers) + ".weight")) ++layers;
  config.mappingLayers = layers;
  const at::Tensor& fc0 = require(sd, "mapping.fc0.weight", source, 2);
  const at::Tensor& last =
      require(sd, "mapping.fc" + std::to_string(layers - 1) + ".weight", source, 2);
  config.wDim = last.size(0);
  config.mappingLayerFeatures = layers > 1 ? fc0.size(0) : config.wDim;
  int64_t embed = 0;
  if (const at::Tensor* e = find(sd, "mapping.embed.weight")) {
    if (e->dim() != 2) throw Error(source + ": tensor 'mapping.embed.weight' is not 2-D");
    config.cDim = e->size(1);
    config.embedFeatures = e->size(0);
    embed = config.embedFeatures;
  } else {
    config.cDim = 0;
    config.embedFeatures = config.wDim;
  }
  config.zDim = fc0.size(1) - embed;
  if (config.zDim < 1)
    throw Error(source + ": 'mapping.fc0.weight' " + shapeToString(fc0.sizes()) +
                " leaves no room for z (unsupported z_dim = 0)");

  // Synthesis blocks b4, b8, ... (consecutive powers of two).
  std::set<int64_t> resolutions;
  static const std::regex blockName(R"(^synthesis\.b(\d+)\..*)");
  for (const auto& [name, t] : sd) {
    std::smatch m;
    if (std::regex_match(name, m, blockName)) resolutions.insert(std::stoll(m[1].str()));
  }
  int64_t resolution = 4;
  while (resolutions.count(resolution * 2)) resolution *= 2;
  for (int64_t r : resolutions)
    if (r > resolution || (r & (r - 1)) != 0)
      throw Error(source + ": synthesis blocks are not consecutive powers of two from b4 (found b" +
                  std::to_string(r) + " but not b" + std::to_string(resolution * 2) + ")");
  config.resolution = resolution;
  config.channels.clear();
  for (int64_t r = 4; r <= resolution; r *= 2) {
    const std::string prefix = "synthesis.b" + std::to_string(r) + ".";
    config.channels.push_back(require(sd, prefix + "conv1.weight", source, 4).size(0));
    if (r < resolution && !find(sd, prefix + "torgb.weight"))
      throw Error(source + ": block b" + std::to_string(r) +
                  " has no toRGB layer: this generator uses the 'orig' or 'resnet' synthesis "
                  "architecture; only 'skip' (the stylegan2-ada-pytorch default) is supported");
    if (find(sd, prefix + "skip.weight"))
      throw Error(source + ": block b" + std::to_string(r) +
                  " has a skip convolution ('resnet' synthesis architecture); only 'skip' is "
                  "supported");
  }
  const std::string lastBlock = "synthesis.b" + std::to_string(resolution) + ".";
  config.imageChannels = require(sd, lastBlock + "torgb.weight", source, 4).size(0);
  inferChannelRule(config);
  config.validate();
  return config;
}

std::vector<TensorSpec> styleGan2GeneratorTensorSpecs(const StyleGan2GeneratorConfig& config) {
  // The module tree is the specification: build one (small tensors are cheap to allocate at these
  // sizes) and read its names and shapes. No init cost matters here: randn on ~30M numbers at
  // most, done once per load.
  at::NoGradGuard noGrad;
  StyleGan2Generator g(config);
  std::vector<TensorSpec> specs;
  for (const auto& [name, t] : g->namedTensors()) specs.push_back({name, t.sizes().vec(), at::kFloat});
  return specs;
}

StyleGan2Generator styleGan2GeneratorFromTensors(const StyleGan2GeneratorConfig& config,
                                                 const TensorMap& tensors,
                                                 const std::string& source) {
  config.validate();
  at::NoGradGuard noGrad;
  StyleGan2Generator g(config);
  std::vector<TensorSpec> specs;
  for (const auto& [name, t] : g->namedTensors()) specs.push_back({name, t.sizes().vec(), at::kFloat});
  // Float tensors of any float dtype are accepted (converted); the dtype check then only rejects
  // integer or bool tensors where floats belong.
  TensorMap converted;
  for (const auto& [name, t] : tensors)
    converted.emplace(name, at::isFloatingType(t.scalar_type()) ? t.to(at::kFloat) : t);
  validateTensors(converted, specs, source);
  for (auto& [name, t] : g->namedTensors()) t.copy_(converted.at(name));
  g->eval();
  for (auto& p : g->parameters()) p.set_requires_grad(false);
  return g;
}

TensorMap styleGan2GeneratorTensors(const StyleGan2GeneratorImpl& generator) {
  TensorMap out;
  for (const auto& [name, t] : generator.namedTensors())
    out.emplace(name, t.detach().to(at::kCPU, at::kFloat).contiguous().clone());
  return out;
}

nlohmann::json styleGan2GeneratorConfigToJson(const StyleGan2GeneratorConfig& c) {
  nlohmann::json channels = nlohmann::json::object();
  for (int64_t r : c.blockResolutions()) channels[std::to_string(r)] = c.channelsAt(r);
  nlohmann::json mapping = {{"num_layers", c.mappingLayers},
                            {"layer_features", c.mappingLayerFeatures},
                            {"lr_multiplier", c.mappingLrMultiplier},
                            {"w_avg_beta", c.wAvgBeta}};
  if (c.cDim > 0) mapping["embed_features"] = c.embedFeatures;
  nlohmann::json synthesis = {
      {"architecture", "skip"},
      {"channels", channels},
      {"channel_base", c.channelBase ? nlohmann::json(*c.channelBase) : nlohmann::json()},
      {"channel_max", c.channelMax ? nlohmann::json(*c.channelMax) : nlohmann::json()},
      {"conv_clamp", c.convClamp ? nlohmann::json(*c.convClamp) : nlohmann::json()},
      {"resample_filter", {1, 3, 3, 1}}};
  return {{"z_dim", c.zDim},
          {"c_dim", c.cDim},
          {"w_dim", c.wDim},
          {"img_resolution", c.resolution},
          {"img_channels", c.imageChannels},
          {"num_ws", c.numWs()},
          {"mapping", mapping},
          {"synthesis", synthesis}};
}

StyleGan2GeneratorConfig styleGan2GeneratorConfigFromJson(const nlohmann::json& j,
                                                          const std::string& source) {
  StyleGan2GeneratorConfig c;
  try {
    c.zDim = j.at("z_dim").get<int64_t>();
    c.cDim = j.value("c_dim", int64_t{0});
    c.wDim = j.at("w_dim").get<int64_t>();
    c.resolution = j.at("img_resolution").get<int64_t>();
    c.imageChannels = j.at("img_channels").get<int64_t>();
    const auto& mapping = j.at("mapping");
    c.mappingLayers = mapping.at("num_layers").get<int64_t>();
    c.mappingLayerFeatures = mapping.value("layer_features", c.wDim);
    c.embedFeatures = mapping.value("embed_features", c.wDim);
    c.mappingLrMultiplier = mapping.value("lr_multiplier", 0.01);
    c.wAvgBeta = mapping.value("w_avg_beta", 0.995);
    const auto& synthesis = j.at("synthesis");
    const std::string architecture = synthesis.value("architecture", "skip");
    if (architecture != "skip")
      throw Error(source + ": synthesis architecture '" + architecture + "' is not supported");
    c.channels.clear();
    const auto& channels = synthesis.at("channels");
    for (int64_t r = 4; r <= c.resolution && r > 0; r *= 2) {
      const std::string key = std::to_string(r);
      if (!channels.contains(key))
        throw Error(source + ": synthesis.channels has no entry for resolution " + key);
      c.channels.push_back(channels.at(key).get<int64_t>());
    }
    if (synthesis.contains("channel_base") && !synthesis["channel_base"].is_null())
      c.channelBase = synthesis["channel_base"].get<int64_t>();
    if (synthesis.contains("channel_max") && !synthesis["channel_max"].is_null())
      c.channelMax = synthesis["channel_max"].get<int64_t>();
    c.convClamp = std::nullopt;
    if (synthesis.contains("conv_clamp") && !synthesis["conv_clamp"].is_null())
      c.convClamp = synthesis["conv_clamp"].get<double>();
    if (synthesis.contains("resample_filter") &&
        synthesis["resample_filter"] != nlohmann::json({1, 3, 3, 1}))
      throw Error(source + ": only the [1,3,3,1] resample filter is supported");
  } catch (const nlohmann::json::exception& e) {
    throw Error(source + ": malformed StyleGAN2 config (" + e.what() + ")");
  }
  try {
    c.validate();
  } catch (const Error& e) {
    throw Error(source + ": " + e.what());
  }
  return c;
}

void saveStyleGan2Generator(const std::string& folder, const StyleGan2GeneratorImpl& generator,
                            const nlohmann::json& provenance, at::ScalarType floatStorage) {
  const StyleGan2GeneratorConfig& c = generator.config();
  ModelFolder model;
  model.kind = kStyleGan2GeneratorKind;
  model.version = 1;
  model.config = styleGan2GeneratorConfigToJson(c);
  model.input = {{"ws", {{"shape", {"N", c.numWs(), c.wDim}}, {"dtype", "float32"}}},
                 {"z", {{"shape", {"N", c.zDim}}, {"dtype", "float32"}}}};
  if (c.cDim > 0) model.input["c"] = {{"shape", {"N", c.cDim}}, {"dtype", "float32"}};
  model.output = {{"images",
                   {{"shape", {"N", c.imageChannels, c.resolution, c.resolution}},
                    {"layout", "NCHW"},
                    {"dtype", "float32"},
                    {"range", {-1.0, 1.0}}}}};
  model.normalisation =
      "images in [-1, 1]: pixel value 0..255 = (image + 1) * 127.5, clamped (as the official "
      "stylegan2-ada-pytorch scripts)";
  model.provenance = provenance;
  model.tensors = styleGan2GeneratorTensors(generator);
  writeModelFolder(folder, model, floatStorage);
}

LoadedStyleGan2Generator loadStyleGan2Generator(const std::string& folder) {
  LoadedStyleGan2Generator loaded;
  loaded.folder = readModelFolder(folder, std::string(kStyleGan2GeneratorKind));
  const std::string manifest = folder + "/" + kModelManifestName;
  const StyleGan2GeneratorConfig config =
      styleGan2GeneratorConfigFromJson(loaded.folder.config, manifest);
  loaded.generator = styleGan2GeneratorFromTensors(config, loaded.folder.tensors,
                                                   folder + "/" + kModelWeightsName);
  loaded.folder.tensors.clear();
  return loaded;
}

TensorMap readStyleGan2StateDict(const std::string& path) {
  c10::IValue root;
  try {
    root = readTorchFile(path);
  } catch (const Error& e) {
    const std::string message = e.what();
    if (path.size() > 4 && path.substr(path.size() - 4) == ".pkl")
      throw Error(message +
                  " (a network-snapshot .pkl of stylegan2-ada-pytorch needs its Python classes; "
                  "convert it in Python first: torch.save(G_ema.state_dict(), 'G_ema.pt'))");
    throw;
  }
  if (root.isGenericDict()) {
    auto dict = root.toGenericDict();
    for (const char* key : {"G_ema", "g_ema"}) {
      auto it = dict.find(c10::IValue(std::string(key)));
      if (it != dict.end() && it->value().isGenericDict())
        return tensorMapFromIValue(it->value(), path + "['" + key + "']");
    }
  }
  return tensorMapFromIValue(root, path);
}

}  // namespace latentecho
