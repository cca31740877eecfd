// The e4e encoder: parity with the official Encoder4Editing (tests/data/e4e_small, made by
// make_reference.py with the official code), progressive stages, model folders, the importer's
// architecture inference and its messages for tensors that do not fit.
#include "latentecho/core/e4e_encoder.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/torch_checkpoint.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

const std::string kData = std::string(LATENTECHO_SOURCE_DIR) + "/tests/data/e4e_small/";

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

double maxDifference(const at::Tensor& a, const at::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

E4eEncoderConfig tinyConfig() {
  E4eEncoderConfig c = E4eEncoderConfig::compact(8, 16, 1, 32);
  c.stemChannels = 8;
  c.stemStride = 1;
  c.stages = {{8, 1}, {12, 1}, {16, 2}, {24, 1}};
  c.squeezeReduction = 4;
  c.headChannels = 12;
  return c;
}

TEST(E4eEncoder, ImportedOfficialCheckpointMatchesOfficialOutputs) {
  const E4eCheckpoint checkpoint = readE4eCheckpoint(kData + "e4e_small.pt");
  EXPECT_EQ(checkpoint.encoder.count("input_layer.0.weight"), 1u);
  EXPECT_EQ(checkpoint.encoder.count("conv1.conv.weight"), 0u);  // decoder.* ignored
  ASSERT_TRUE(checkpoint.latentAvg.defined());

  E4eEncoder encoder = e4eEncoderFromCheckpoint(checkpoint, "e4e_small.pt");
  const E4eEncoderConfig& c = encoder.config();
  EXPECT_EQ(c.resolution, 32);
  EXPECT_EQ(c.imageChannels, 1);
  EXPECT_EQ(c.numWs, 8);
  EXPECT_EQ(c.wDim, 16);
  EXPECT_EQ(c.stemChannels, 16);
  ASSERT_EQ(c.stages.size(), 4u);
  EXPECT_EQ(c.stages[0].units, 3);
  EXPECT_EQ(c.stages[1].units, 4);
  EXPECT_EQ(c.stages[2].units, 14);
  EXPECT_EQ(c.stages[3].units, 3);
  EXPECT_EQ(c.stages[2].channels, 18);
  EXPECT_TRUE(c.squeezeExcitation);
  EXPECT_EQ(c.squeezeReduction, 16);
  EXPECT_EQ(c.coarseEnd, 3);
  EXPECT_EQ(c.mediumEnd, 7);
  EXPECT_EQ(c.activeOffsets, 7);

  const at::Tensor frames = readTorchTensor(kData + "frames.pt");
  const at::Tensor codes = encoder.encode(frames);
  ASSERT_EQ(codes.sizes(), (std::vector<int64_t>{2, 8, 16}));
  EXPECT_LE(maxDifference(codes, readTorchTensor(kData + "codes.pt")), 1e-4);

  encoder.setActiveOffsets(3);
  EXPECT_LE(maxDifference(encoder.encode(frames), readTorchTensor(kData + "codes_stage3.pt")),
            1e-4);
  encoder.setActiveOffsets(0);
  const at::Tensor stage0 = encoder.encode(frames);
  EXPECT_LE(maxDifference(stage0, readTorchTensor(kData + "codes_stage0.pt")), 1e-4);
  // Stage 0: every entry is the base w (+ latent_avg).
  EXPECT_LE(maxDifference(stage0 - checkpoint.latentAvg.unsqueeze(0),
                          (stage0 - checkpoint.latentAvg.unsqueeze(0)).select(1, 0).unsqueeze(1)),
            1e-6);
}

TEST(E4eEncoder, ModelFolderRoundTripsAndBatchedEncodeAgrees) {
  at::manual_seed(3);
  E4eEncoder encoder(tinyConfig());
  {
    at::NoGradGuard noGrad;
    encoder.latentAvg().normal_();
  }
  testing::TempDir dir;
  encoder.save(dir.file("enc"), {{"source", "test"}});
  E4eEncoder loaded = E4eEncoder::load(dir.file("enc"));
  EXPECT_EQ(loaded.folder().provenance.at("source"), "test");
  EXPECT_EQ(e4eEncoderConfigToJson(loaded.config()), e4eEncoderConfigToJson(encoder.config()));
  const at::Tensor frames = at::rand({5, 1, 32, 32}) * 2 - 1;
  const at::Tensor codes = encoder.encode(frames);
  EXPECT_TRUE(at::equal(codes, loaded.encode(frames)));
  EXPECT_LE(maxDifference(codes, encoder.encode(frames, 2)), 1e-5);
  // Every tensor the specs name is saved, nothing else.
  const TensorMap tensors = encoder.tensors();
  const auto specs = e4eEncoderTensorSpecs(encoder.config());
  EXPECT_EQ(tensors.size(), specs.size());
  for (const auto& spec : specs) EXPECT_EQ(tensors.count(spec.name), 1u) << spec.name;
}

TEST(E4eEncoder, OffsetsChangeOnlyTheirLayersWhenReleased) {
  at::manual_seed(4);
  E4eEncoder encoder(tinyConfig());
  const at::Tensor frames = at::rand({2, 1, 32, 32}) * 2 - 1;
  encoder.setActiveOffsets(2);
  const at::Tensor two = encoder.encode(frames);
  encoder.setActiveOffsets(5);
  const at::Tensor five = encoder.encode(frames);
  // Entries 0..2 agree, entries 3..5 gain offsets, 6..7 stay the base w.
  EXPECT_TRUE(at::allclose(two.slice(1, 0, 3), five.slice(1, 0, 3)));
  for (int64_t i = 3; i <= 5; ++i)
    EXPECT_GT(maxDifference(two.select(1, i), five.select(1, i)), 1e-4) << i;
  EXPECT_TRUE(at::allclose(five.select(1, 6), five.select(1, 0)));
  EXPECT_THROW(encoder.setActiveOffsets(8), Error);
}

TEST(E4eEncoder, WrongFrameShapeIsAnError) {
  E4eEncoder encoder(tinyConfig());
  const std::string message = errorOf([&] { encoder.encode(at::zeros({1, 3, 32, 32})); });
  EXPECT_NE(message.find("[B, 1, 32, 32]"), std::string::npos) << message;
}

TEST(E4eEncoder, BadWeightsNameTheTensor) {
  E4eCheckpoint checkpoint = readE4eCheckpoint(kData + "e4e_small.pt");
  {
    E4eCheckpoint bad = checkpoint;
    bad.encoder["body.9.res_layer.3.weight"] = at::zeros({18, 17, 3, 3});
    const std::string message = errorOf([&] { e4eEncoderFromCheckpoint(bad, "bad.pt"); });
    EXPECT_NE(message.find("body.9.res_layer.3.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("[18,17,3,3]"), std::string::npos) << message;
  }
  {
    E4eCheckpoint bad = checkpoint;
    bad.encoder.erase("latlayer2.bias");
    const std::string message = errorOf([&] { e4eEncoderFromCheckpoint(bad, "bad.pt"); });
    EXPECT_NE(message.find("missing tensor 'latlayer2.bias'"), std::string::npos) << message;
  }
  {
    E4eCheckpoint bad = checkpoint;
    bad.latentAvg = at::zeros({5, 16});
    const std::string message = errorOf([&] { e4eEncoderFromCheckpoint(bad, "bad.pt"); });
    EXPECT_NE(message.find("'latent_avg'"), std::string::npos) << message;
  }
  {
    E4eCheckpoint bad = checkpoint;
    bad.encoder.erase("input_layer.0.weight");
    const std::string message = errorOf([&] { e4eEncoderFromCheckpoint(bad, "bad.pt"); });
    EXPECT_NE(message.find("input_layer.0.weight"), std::string::npos) << message;
  }
  {
    E4eCheckpoint bad = checkpoint;
    bad.encoder["body.0.res_layer.0.num_batches_tracked"] = at::zeros({}, at::kFloat);
    const std::string message = errorOf([&] { e4eEncoderFromCheckpoint(bad, "bad.pt"); });
    EXPECT_NE(message.find("body.0.res_layer.0.num_batches_tracked"), std::string::npos) << message;
  }
}

TEST(E4eEncoder, CorruptModelFolderIsAnError) {
  E4eEncoder encoder(tinyConfig());
  testing::TempDir dir;
  encoder.save(dir.file("enc"), {{"source", "test"}});
  {
    std::fstream weights(dir.file("enc/weights.safetensors"),
                         std::ios::in | std::ios::out | std::ios::binary);
    weights.seekp(-8, std::ios::end);
    weights.write("garbage!", 8);
  }
  EXPECT_THROW(E4eEncoder::load(dir.file("enc")), Error);
  EXPECT_THROW(E4eEncoder::load(dir.file("missing")), Error);
}

TEST(E4eEncoder, ConfigsValidate) {
  EXPECT_NO_THROW(E4eEncoderConfig::officialIrSe50().validate());
  EXPECT_NO_THROW(E4eEncoderConfig::compact().validate());
  E4eEncoderConfig c = E4eEncoderConfig::compact();
  c.stages.pop_back();
  EXPECT_NE(errorOf([&] { c.validate(); }).find("stages"), std::string::npos);
  c = E4eEncoderConfig::compact();
  c.resolution = 48;
  EXPECT_NE(errorOf([&] { c.validate(); }).find("resolution"), std::string::npos);
  c.resolution = 32;  // a stride-2 stem needs 64 or more
  EXPECT_NE(errorOf([&] { c.validate(); }).find("stem stride 2"), std::string::npos);
  // The compact encoder at 256: a quarter of the feature map sizes of the official one.
  at::manual_seed(1);
  E4eEncoder compact(E4eEncoderConfig::compact(14, 512, 1, 256));
  EXPECT_EQ(compact.encode(at::zeros({1, 1, 256, 256})).sizes(),
            (std::vector<int64_t>{1, 14, 512}));
  const E4eEncoderConfig official = E4eEncoderConfig::officialIrSe50(18, 512, 3, 256);
  EXPECT_EQ(e4eEncoderConfigToJson(e4eEncoderConfigFromJson(e4eEncoderConfigToJson(official), "x")),
            e4eEncoderConfigToJson(official));
  // The official IR-SE50 e4e has 24 body units and heads 512 wide.
  const auto specs = e4eEncoderTensorSpecs(official);
  bool found = false;
  for (const auto& s : specs)
    if (s.name == "body.23.res_layer.5.fc2.weight") {
      found = true;
      EXPECT_EQ(s.shape, (std::vector<int64_t>{512, 32, 1, 1}));
    }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace latentecho
