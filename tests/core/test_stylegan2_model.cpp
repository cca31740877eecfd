// StyleGAN2 generators on disk: architecture inference from official state dicts of several
// shapes (built here by the official naming rules), model folders written and read back, and the
// messages for state dicts that are wrong or not StyleGAN at all.
#include "latentecho/core/stylegan2_model.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <fstream>
#include <functional>
#include <string>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

const std::string kFixture = std::string(LATENTECHO_FIXTURES_DIR) + "/stylegan2-ada-pytorch/";

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

StyleGan2GeneratorConfig smallConfig(int64_t resolution, int64_t mappingLayers, int64_t cDim,
                                     int64_t imageChannels) {
  StyleGan2GeneratorConfig c;
  c.zDim = 24;
  c.cDim = cDim;
  c.wDim = 20;
  c.mappingLayerFeatures = mappingLayers > 1 ? 28 : 20;
  c.embedFeatures = 12;
  c.mappingLayers = mappingLayers;
  c.resolution = resolution;
  c.imageChannels = imageChannels;
  c.setChannels(resolution * 8, 32);
  c.convClamp = 256.0;
  return c;
}

// A state dict with the official names and shapes: what torch.save(G.state_dict()) would hold.
TensorMap officialStateDict(const StyleGan2GeneratorConfig& config) {
  StyleGan2Generator g(config);
  TensorMap sd;
  for (const auto& [name, t] : g->namedTensors()) sd.emplace(name, t.detach().clone());
  return sd;
}

TEST(StyleGan2Import, InfersArchitecturesOfOtherShapes) {
  for (const auto& expected : {smallConfig(32, 8, 0, 1), smallConfig(128, 8, 0, 3),
                               smallConfig(16, 1, 0, 1), smallConfig(32, 3, 5, 1)}) {
    const TensorMap sd = officialStateDict(expected);
    const StyleGan2GeneratorConfig c = inferStyleGan2GeneratorConfig(sd, "sd", 256.0);
    EXPECT_EQ(c.resolution, expected.resolution);
    EXPECT_EQ(c.imageChannels, expected.imageChannels);
    EXPECT_EQ(c.zDim, expected.zDim);
    EXPECT_EQ(c.cDim, expected.cDim);
    EXPECT_EQ(c.wDim, expected.wDim);
    EXPECT_EQ(c.mappingLayers, expected.mappingLayers);
    EXPECT_EQ(c.mappingLayerFeatures, expected.mappingLayerFeatures);
    if (expected.cDim > 0) {
      EXPECT_EQ(c.embedFeatures, expected.embedFeatures);
    }
    EXPECT_EQ(c.channels, expected.channels);
    EXPECT_EQ(c.numWs(), 2 * (static_cast<int64_t>(expected.channels.size())));
    // The inferred generator runs and gives the same images as the one the dict came from.
    StyleGan2Generator g = styleGan2GeneratorFromTensors(c, sd, "sd");
    StyleGan2Generator reference = styleGan2GeneratorFromTensors(expected, sd, "sd");
    at::NoGradGuard noGrad;
    const at::Tensor z = at::randn({2, c.zDim});
    const at::Tensor label = c.cDim > 0 ? at::randn({2, c.cDim}) : at::Tensor();
    const at::Tensor ws = g->map(z, label, 0.8);
    EXPECT_EQ(ws.sizes(), (std::vector<int64_t>{2, c.numWs(), c.wDim}));
    const at::Tensor img = g->synthesize(ws);
    EXPECT_EQ(img.sizes(),
              (std::vector<int64_t>{2, c.imageChannels, c.resolution, c.resolution}));
    EXPECT_TRUE(at::equal(img, reference->synthesize(ws)));
  }
}

TEST(StyleGan2Import, BadStateDictsNameTheProblem) {
  const TensorMap good = readStyleGan2StateDict(kFixture + "G_ema.state_dict.pt");
  const StyleGan2GeneratorConfig config = inferStyleGan2GeneratorConfig(good, "G.pt", 256.0);

  TensorMap wrongShape = good;
  wrongShape["synthesis.b8.conv0.weight"] = at::zeros({64, 128, 3, 3});
  EXPECT_EQ(errorOf([&] { styleGan2GeneratorFromTensors(config, wrongShape, "G.pt"); }),
            "G.pt: tensor 'synthesis.b8.conv0.weight' has shape [64,128,3,3], expected "
            "[128,128,3,3]");

  TensorMap missing = good;
  missing.erase("synthesis.b16.conv1.noise_const");
  EXPECT_EQ(errorOf([&] { styleGan2GeneratorFromTensors(config, missing, "G.pt"); }),
            "G.pt: missing tensor 'synthesis.b16.conv1.noise_const'");

  TensorMap extra = good;
  extra["synthesis.b16.conv2.weight"] = at::zeros({1});
  EXPECT_EQ(errorOf([&] { styleGan2GeneratorFromTensors(config, extra, "G.pt"); }),
            "G.pt: unexpected tensor 'synthesis.b16.conv2.weight'");

  TensorMap integer = good;
  integer["mapping.w_avg"] = at::zeros({512}, at::kLong);
  EXPECT_NE(errorOf([&] { styleGan2GeneratorFromTensors(config, integer, "G.pt"); })
                .find("'mapping.w_avg' has dtype Long"),
            std::string::npos);

  // Inference itself catches structural problems.
  TensorMap noMapping = good;
  noMapping.erase("mapping.fc1.weight");  // fc1 gone: a 1-layer mapping whose w_dim is 512 ...
  noMapping.erase("mapping.fc1.bias");
  const StyleGan2GeneratorConfig oneLayer = inferStyleGan2GeneratorConfig(noMapping, "G.pt", 256.0);
  EXPECT_EQ(oneLayer.mappingLayers, 1);  // ... which is consistent, so it is accepted

  TensorMap gap = good;
  for (auto it = gap.begin(); it != gap.end();)
    it = it->first.rfind("synthesis.b16.", 0) == 0 ? gap.erase(it) : std::next(it);
  EXPECT_NE(errorOf([&] { inferStyleGan2GeneratorConfig(gap, "G.pt", 256.0); })
                .find("not consecutive powers of two"),
            std::string::npos);

  TensorMap orig = good;
  orig.erase("synthesis.b8.torgb.weight");
  EXPECT_NE(errorOf([&] { inferStyleGan2GeneratorConfig(orig, "G.pt", 256.0); }).find("'skip'"),
            std::string::npos);

  const TensorMap foreign{{"encoder.conv1.weight", at::zeros({8, 3, 3, 3})},
                          {"encoder.conv1.bias", at::zeros({8})}};
  const std::string message = errorOf([&] { inferStyleGan2GeneratorConfig(foreign, "E.pt", 256.0); });
  EXPECT_NE(message.find("E.pt: not a stylegan2-ada-pytorch generator state dict"), std::string::npos)
      << message;
  EXPECT_NE(message.find("'encoder.conv1.bias'"), std::string::npos) << message;
}

TEST(StyleGan2ModelFolder, SaveLoadRoundTripsTensorsAndConfig) {
  testing::TempDir dir;
  StyleGan2GeneratorConfig config = smallConfig(32, 8, 3, 1);
  config.convClamp = std::nullopt;
  StyleGan2Generator g(config);
  saveStyleGan2Generator(dir.file("model"), *g, {{"command", "test"}});
  LoadedStyleGan2Generator loaded = loadStyleGan2Generator(dir.file("model"));
  const StyleGan2GeneratorConfig& c = loaded.generator->config();
  EXPECT_EQ(c.channels, config.channels);
  EXPECT_EQ(c.cDim, 3);
  EXPECT_EQ(c.embedFeatures, config.embedFeatures);
  EXPECT_FALSE(c.convClamp.has_value());
  EXPECT_EQ(c.channelBase, config.channelBase);
  EXPECT_EQ(loaded.folder.kind, kStyleGan2GeneratorKind);
  EXPECT_EQ(loaded.folder.provenance["command"], "test");
  const TensorMap a = styleGan2GeneratorTensors(*g);
  const TensorMap b = styleGan2GeneratorTensors(*loaded.generator);
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, t] : a) EXPECT_TRUE(at::equal(t, b.at(name))) << name;

  // The config survives JSON exactly.
  const nlohmann::json json = styleGan2GeneratorConfigToJson(config);
  EXPECT_EQ(styleGan2GeneratorConfigToJson(styleGan2GeneratorConfigFromJson(json, "j")), json);
  EXPECT_EQ(json["num_ws"], 8);
  EXPECT_EQ(json["synthesis"]["channels"]["32"], config.channelsAt(32));

  // A model folder of another kind is refused by name.
  ModelFolder other;
  other.kind = "e4e-encoder";
  writeModelFolder(dir.file("other"), other);
  EXPECT_NE(errorOf([&] { loadStyleGan2Generator(dir.file("other")); })
                .find("holds a 'e4e-encoder' model, expected a 'stylegan2-generator'"),
            std::string::npos);
}

TEST(StyleGan2ModelFolder, ReadsStateDictsNestedUnderGEma) {
  // Training scripts often save {"G": ..., "D": ..., "G_ema": ..., "kimg": ...}.
  testing::TempDir dir;
  const TensorMap sd = officialStateDict(smallConfig(8, 2, 0, 1));
  c10::impl::GenericDict inner(c10::StringType::get(), c10::TensorType::get());
  for (const auto& [name, t] : sd) inner.insert(name, t);
  c10::impl::GenericDict outer(c10::StringType::get(), c10::AnyType::get());
  outer.insert(std::string("kimg"), int64_t{10});
  outer.insert(std::string("G_ema"), inner);
  const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(outer));
  std::ofstream(dir.file("snapshot.pt"), std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  const TensorMap read = readStyleGan2StateDict(dir.file("snapshot.pt"));
  ASSERT_EQ(read.size(), sd.size());
  for (const auto& [name, t] : sd) EXPECT_TRUE(at::equal(read.at(name), t)) << name;
}

}  // namespace
}  // namespace latentecho
