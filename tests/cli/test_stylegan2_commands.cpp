// `latentecho import stylegan2-ada-pytorch`, `synthesize` and `export`, run in-process on the
// official fixture: parity of the synthesized images and mapped latents with the official outputs,
// the import -> export -> import round trip, and exit code 1 with a message naming the problem for
// bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

const std::string kFixture = std::string(LATENTECHO_FIXTURES_DIR) + "/stylegan2-ada-pytorch/";

using Outcome = testing::CliOutcome;
using testing::runCli;

double maxAbsDifference(const at::Tensor& a, const at::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  if (a.sizes() != b.sizes()) return 1e30;
  return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

TEST(StyleGan2Commands, ImportSynthesizeAndExportRoundTrip) {
  testing::TempDir dir;
  const std::string model = dir.file("model");
  Outcome imported = runCli({"import", "stylegan2-ada-pytorch", kFixture + "G_ema.state_dict.pt",
                             "--out", model, "--json", "-q"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const nlohmann::json result = imported.json();
  EXPECT_EQ(result["kind"], "stylegan2-generator");
  EXPECT_EQ(result["config"]["num_ws"], 10);
  EXPECT_EQ(result["config"]["img_resolution"], 64);
  EXPECT_EQ(result["config"]["synthesis"]["conv_clamp"], 256.0);
  EXPECT_EQ(result["tensors"], 94);

  // W+ -> images, against the official synthesis(ws, noise_mode='const').
  Outcome synthesized = runCli({"synthesize", "--model", model, "--ws", kFixture + "ws.pt",
                                "--out", dir.file("img.pt"), "--json", "-q"});
  ASSERT_EQ(synthesized.exitCode, 0) << synthesized.err;
  EXPECT_EQ(synthesized.json()["imagesShape"], nlohmann::json({4, 1, 64, 64}));
  EXPECT_TRUE(synthesized.json()["seconds"]["perFrame"].is_number());
  const at::Tensor img = readTorchTensor(dir.file("img.pt"));
  EXPECT_LE(maxAbsDifference(img, readTorchTensor(kFixture + "img_const.pt")), 1e-4);

  // z -> (truncated) W+ -> images.
  Outcome mapped = runCli({"synthesize", "--model", model, "--z", kFixture + "z.pt",
                           "--truncation", "0.7", "--save-ws", dir.file("w7.pt"), "--out",
                           dir.file("img7.pt"), "-q"});
  ASSERT_EQ(mapped.exitCode, 0) << mapped.err;
  EXPECT_LE(maxAbsDifference(readTorchTensor(dir.file("w7.pt")),
                             readTorchTensor(kFixture + "w_trunc07.pt")),
            1e-4);
  EXPECT_EQ(readTorchTensor(dir.file("img7.pt")).sizes(), (std::vector<int64_t>{4, 1, 64, 64}));

  // Export gives the official names and values; importing the export changes nothing.
  Outcome exported = runCli({"export", "stylegan2-ada-pytorch", "--model", model, "--out",
                             dir.file("exported.pt"), "--json", "-q"});
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_EQ(exported.json()["generatorKwargs"]["synthesis_kwargs"]["channel_base"], 2048);
  const TensorMap original = readTorchStateDict(kFixture + "G_ema.state_dict.pt");
  const TensorMap back = readTorchStateDict(dir.file("exported.pt"));
  ASSERT_EQ(back.size(), original.size());
  for (const auto& [name, t] : original) EXPECT_TRUE(at::equal(back.at(name), t)) << name;
  Outcome reimported = runCli({"import", "stylegan2-ada-pytorch", dir.file("exported.pt"),
                               "--out", dir.file("model2"), "-q"});
  ASSERT_EQ(reimported.exitCode, 0) << reimported.err;
  const auto a = loadStyleGan2Generator(model);
  const auto b = loadStyleGan2Generator(dir.file("model2"));
  const TensorMap ta = styleGan2GeneratorTensors(*a.generator);
  const TensorMap tb = styleGan2GeneratorTensors(*b.generator);
  for (const auto& [name, t] : ta) EXPECT_TRUE(at::equal(t, tb.at(name))) << name;
  EXPECT_EQ(a.folder.weightsDigest, b.folder.weightsDigest);
}

TEST(StyleGan2Commands, PlainDictImportsIdentically) {
  testing::TempDir dir;
  ASSERT_EQ(runCli({"import", "stylegan2-ada-pytorch", kFixture + "G_ema.state_dict.pt", "--out",
                    dir.file("a"), "-q"})
                .exitCode,
            0);
  ASSERT_EQ(runCli({"import", "stylegan2-ada-pytorch", kFixture + "G_ema.plain.pt", "--out",
                    dir.file("b"), "-q"})
                .exitCode,
            0);
  EXPECT_EQ(loadStyleGan2Generator(dir.file("a")).folder.weightsDigest,
            loadStyleGan2Generator(dir.file("b")).folder.weightsDigest);
}

TEST(StyleGan2Commands, BadInputExitsWithOneNamingTheProblem) {
  testing::TempDir dir;
  // Truncated checkpoint.
  {
    std::ifstream in(kFixture + "G_ema.state_dict.pt", std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), {});
    bytes.resize(bytes.size() / 3);
    std::ofstream(dir.file("cut.pt"), std::ios::binary).write(bytes.data(), static_cast<long>(bytes.size()));
  }
  Outcome cut = runCli({"import", "stylegan2-ada-pytorch", dir.file("cut.pt"), "--out", dir.file("m"), "-q"});
  EXPECT_EQ(cut.exitCode, 1);
  EXPECT_NE(cut.err.find(dir.file("cut.pt")), std::string::npos) << cut.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("m") + "/model.json"));

  // A state dict that is not a StyleGAN generator.
  writeTorchStateDict(dir.file("other.pt"), {{"fc.weight", at::zeros({2, 2})}});
  Outcome other = runCli({"import", "stylegan2-ada-pytorch", dir.file("other.pt"), "--out", dir.file("m"), "-q"});
  EXPECT_EQ(other.exitCode, 1);
  EXPECT_NE(other.err.find("not a stylegan2-ada-pytorch generator state dict"), std::string::npos)
      << other.err;

  // A wrong shape is named.
  TensorMap wrong = readTorchStateDict(kFixture + "G_ema.state_dict.pt");
  wrong["synthesis.b16.torgb.affine.weight"] = at::zeros({64, 512});
  writeTorchStateDict(dir.file("wrong.pt"), wrong);
  Outcome shape = runCli({"import", "stylegan2-ada-pytorch", dir.file("wrong.pt"), "--out", dir.file("m"), "-q"});
  EXPECT_EQ(shape.exitCode, 1);
  EXPECT_NE(shape.err.find("tensor 'synthesis.b16.torgb.affine.weight' has shape [64,512], "
                           "expected [128,512]"),
            std::string::npos)
      << shape.err;

  // A missing tensor is named.
  TensorMap missing = readTorchStateDict(kFixture + "G_ema.state_dict.pt");
  missing.erase("mapping.w_avg");
  writeTorchStateDict(dir.file("missing.pt"), missing);
  Outcome gone = runCli({"import", "stylegan2-ada-pytorch", dir.file("missing.pt"), "--out", dir.file("m"), "-q"});
  EXPECT_EQ(gone.exitCode, 1);
  EXPECT_NE(gone.err.find("missing tensor 'mapping.w_avg'"), std::string::npos) << gone.err;

  // Latents of the wrong shape for the model, and a bad noise mode.
  ASSERT_EQ(runCli({"import", "stylegan2-ada-pytorch", kFixture + "G_ema.plain.pt", "--out",
                    dir.file("good"), "-q"})
                .exitCode,
            0);
  writeTorchTensor(dir.file("ws14.pt"), at::zeros({2, 14, 512}));
  Outcome ws = runCli({"synthesize", "--model", dir.file("good"), "--ws", dir.file("ws14.pt"),
                       "--out", dir.file("x.pt"), "-q"});
  EXPECT_EQ(ws.exitCode, 1);
  EXPECT_NE(ws.err.find("must be [N, 10, 512]"), std::string::npos) << ws.err;
  Outcome noise = runCli({"synthesize", "--model", dir.file("good"), "--ws", kFixture + "ws.pt",
                          "--noise", "loud", "--out", dir.file("x.pt"), "-q"});
  EXPECT_EQ(noise.exitCode, 1);
  EXPECT_NE(noise.err.find("unknown noise mode 'loud'"), std::string::npos) << noise.err;
  Outcome folder = runCli({"synthesize", "--model", dir.file("nowhere"), "--ws", kFixture + "ws.pt",
                           "--out", dir.file("x.pt"), "-q"});
  EXPECT_EQ(folder.exitCode, 1);
  EXPECT_NE(folder.err.find("no such model folder"), std::string::npos) << folder.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("x.pt")));
}

}  // namespace
}  // namespace latentecho
