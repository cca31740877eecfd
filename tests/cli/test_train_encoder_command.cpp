// `latentecho train encoder`, run in-process: a tiny encoder trains on a simulated dataset against
// a tiny generator, continues from its checkpoint, and the trained model inverts a clip.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using testing::runCli;

#ifdef LATENTECHO_HAVE_IO
TEST(TrainEncoderCommand, TrainResumeAndInvert) {
  testing::TempDir dir;
  const std::string data = dir.file("data");
  const auto simulated = runCli({"simulate", "--out", data, "--clips", "2", "--frames", "3",
                                 "--size", "64", "--seed", "4", "-q"});
  ASSERT_EQ(simulated.exitCode, 0) << simulated.err;

  StyleGan2GeneratorConfig g;
  g.zDim = 16;
  g.wDim = 16;
  g.resolution = 32;
  g.imageChannels = 1;
  g.mappingLayers = 2;
  g.mappingLayerFeatures = 16;
  g.setChannels(128, 16);
  at::manual_seed(2);
  StyleGan2Generator generator(g);
  saveStyleGan2Generator(dir.file("gen"), *generator, {{"source", "test"}});

  const std::string model = dir.file("enc");
  std::vector<std::string> train{"train",
                                 "encoder",
                                 "--data",
                                 data,
                                 "--generator",
                                 dir.file("gen"),
                                 "--out",
                                 model,
                                 "--preset",
                                 "tiny",
                                 "--steps",
                                 "3",
                                 "--batch",
                                 "2",
                                 "--split",
                                 "ALL",
                                 "--progressive-start",
                                 "1",
                                 "--progressive-every",
                                 "1",
                                 "--checkpoint-steps",
                                 "2",
                                 "--json",
                                 "-q"};
  const auto first = runCli(train);
  ASSERT_EQ(first.exitCode, 0) << first.err;
  nlohmann::json result = nlohmann::json::parse(first.out);
  EXPECT_EQ(result["steps"], 3);
  EXPECT_EQ(result["resumed"], false);
  EXPECT_EQ(result["frames"], 12);  // 2 clips x 3 frames, HQ and LQ
  EXPECT_EQ(result["active_offsets"], 3);
  EXPECT_TRUE(std::filesystem::exists(model + "/model.json"));
  EXPECT_TRUE(std::filesystem::exists(model + "/encoder-loss.csv"));

  train[11] = "5";
  const auto second = runCli(train);
  ASSERT_EQ(second.exitCode, 0) << second.err;
  result = nlohmann::json::parse(second.out);
  EXPECT_EQ(result["resumed"], true);
  EXPECT_EQ(result["steps"], 5);
  EXPECT_EQ(result["steps_this_run"], 2);
  const E4eEncoder trained = E4eEncoder::load(model);
  EXPECT_EQ(trained.folder().provenance.at("training").at("steps"), 5);

  std::string clip;
  for (const auto& entry : std::filesystem::directory_iterator(data + "/Videos"))
    if (clip.empty() || entry.path().string() < clip) clip = entry.path().string();
  ASSERT_FALSE(clip.empty());
  const auto inverted =
      runCli({"invert", clip, "--model", model, "--out", dir.file("w.pt"), "--json", "-q"});
  ASSERT_EQ(inverted.exitCode, 0) << inverted.err;
  const at::Tensor pivots = readTorchTensor(dir.file("w.pt"));
  EXPECT_EQ(pivots.sizes(), (std::vector<int64_t>{3, generator->numWs(), 16}));
  EXPECT_EQ(nlohmann::json::parse(inverted.out)["frames"], 3);

  const auto missing =
      runCli({"invert", clip, "--model", dir.file("nothing"), "--out", dir.file("x.pt")});
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("nothing"), std::string::npos) << missing.err;
}
#endif

}  // namespace
}  // namespace latentecho
