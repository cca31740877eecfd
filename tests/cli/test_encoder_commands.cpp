// `latentecho import e4e` and `invert`, run in-process: the imported official encoder reproduces
// the official codes, bad weights fail naming the tensor, and a clip's frames become pivots
// [T, num_ws, w_dim].
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/torch_checkpoint.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

const std::string kData = std::string(LATENTECHO_SOURCE_DIR) + "/tests/data/e4e_small/";

using testing::runCli;

TEST(EncoderCommands, ImportE4eReproducesTheOfficialCodes) {
  testing::TempDir dir;
  const std::string model = dir.file("e4e");
  const auto imported =
      runCli({"import", "e4e", kData + "e4e_small.pt", "--out", model, "--json", "-q"});
  ASSERT_EQ(imported.exitCode, 0) << imported.err;
  const nlohmann::json result = nlohmann::json::parse(imported.out);
  EXPECT_EQ(result["kind"], "e4e-encoder");
  EXPECT_EQ(result["config"]["num_ws"], 8);
  EXPECT_EQ(result["config"]["resolution"], 32);
  const E4eEncoder encoder = E4eEncoder::load(model);
  const at::Tensor codes = encoder.encode(readTorchTensor(kData + "frames.pt"));
  EXPECT_LE((codes - readTorchTensor(kData + "codes.pt")).abs().max().item<double>(), 1e-4);
  EXPECT_EQ(encoder.folder().provenance.at("format"), "e4e");
}

TEST(EncoderCommands, ImportOfBadWeightsNamesTheTensor) {
  testing::TempDir dir;
  E4eCheckpoint checkpoint = readE4eCheckpoint(kData + "e4e_small.pt");
  TensorMap bare = checkpoint.encoder;
  bare["styles.2.linear.weight"] = at::zeros({16, 5});
  bare["latent_avg"] = checkpoint.latentAvg;
  writeTorchStateDict(dir.file("bad.pt"), bare);
  const auto outcome = runCli({"import", "e4e", dir.file("bad.pt"), "--out", dir.file("m")});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("styles.2.linear.weight"), std::string::npos) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("m/model.json")));
}

#ifdef LATENTECHO_HAVE_IO
TEST(EncoderCommands, InvertGivesPivotsPerFrame) {
  testing::TempDir dir;
  const std::string data = dir.file("data");
  const auto simulated = runCli({"simulate", "--out", data, "--clips", "1", "--frames", "4",
                                 "--size", "64", "--seed", "4", "-q"});
  ASSERT_EQ(simulated.exitCode, 0) << simulated.err;
  const std::string model = dir.file("e4e");
  ASSERT_EQ(runCli({"import", "e4e", kData + "e4e_small.pt", "--out", model, "-q"}).exitCode, 0);
  std::string clip;
  for (const auto& entry : std::filesystem::directory_iterator(data + "/Videos"))
    clip = entry.path().string();
  ASSERT_FALSE(clip.empty());

  const auto inverted = runCli({"invert", clip, "--model", model, "--out", dir.file("w.pt"),
                                "--batch", "3", "--json", "-q"});
  ASSERT_EQ(inverted.exitCode, 0) << inverted.err;
  const at::Tensor pivots = readTorchTensor(dir.file("w.pt"));
  EXPECT_EQ(pivots.sizes(), (std::vector<int64_t>{4, 8, 16}));
  const nlohmann::json result = nlohmann::json::parse(inverted.out);
  EXPECT_EQ(result["frames"], 4);
  // Frame by frame, the pivots are the encoder's codes of the prepared frames: distinct frames,
  // distinct codes, and a window of the clip gives the same codes as the whole.
  EXPECT_GT((pivots[0] - pivots[3]).abs().max().item<double>(), 0.0);
  const auto window = runCli({"invert", clip, "--model", model, "--out", dir.file("w2.pt"),
                              "--first", "2", "--frames", "2", "-q"});
  ASSERT_EQ(window.exitCode, 0) << window.err;
  EXPECT_TRUE(at::allclose(readTorchTensor(dir.file("w2.pt")), pivots.slice(0, 2, 4), 1e-5, 1e-5));

  const auto missing =
      runCli({"invert", clip, "--model", dir.file("nothing"), "--out", dir.file("x.pt")});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("nothing"), std::string::npos) << missing.err;
}
#endif

}  // namespace
}  // namespace latentecho
