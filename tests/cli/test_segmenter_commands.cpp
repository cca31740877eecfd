// `latentecho train segmenter` (a few steps on a tiny simulated dataset, then a resumed run) and
// `latentecho import echonet-segmenter` (a torchvision DeepLabV3 state dict made at test time).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/model_folder.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::runCli;
using latentecho::testing::TempDir;

TEST(TrainSegmenterCommand, TrainsValidatesAndResumes) {
  TempDir dir;
  const std::string data = dir.file("sim"), model = dir.file("model");
  ASSERT_EQ(runCli({"simulate", "--out", data, "--clips", "3", "--frames", "4", "--size", "64",
                    "--seed", "9"})
                .exitCode,
            0);
  const std::vector<std::string> common{
      "train",    "segmenter", "--data",          data, "--out",   model, "--size", "32",
      "--levels", "2",         "--base-channels", "4",  "--batch", "4",   "--json", "--quiet"};
  std::vector<std::string> first = common;
  first.insert(first.end(), {"--steps", "3"});
  const auto a = runCli(first);
  ASSERT_EQ(a.exitCode, 0) << a.err;
  const nlohmann::json ja = nlohmann::json::parse(a.out);
  EXPECT_EQ(ja["steps"], 3);
  EXPECT_EQ(ja["resumed_from"], 0);
  EXPECT_EQ(ja["train_clips"], 1);       // 3 clips: one each for TRAIN, VAL and TEST
  EXPECT_EQ(ja["train_frames"], 4 * 2);  // HQ and LQ renderings
  EXPECT_TRUE(ja["best"]["dice"].contains("val_hq"));
  EXPECT_TRUE(ja["best"]["dice"].contains("val_lq"));

  const nlohmann::json manifest = readModelManifest(model);
  EXPECT_EQ(manifest["kind"], kLvSegmenterKind);
  EXPECT_NE(manifest["provenance"]["command"].get<std::string>().find("train segmenter"),
            std::string::npos);
  EXPECT_EQ(LvSegmenter::load(model).config().unet.levels, 2);

  std::vector<std::string> second = common;
  second.insert(second.end(), {"--steps", "5"});
  const auto b = runCli(second);
  ASSERT_EQ(b.exitCode, 0) << b.err;
  const nlohmann::json jb = nlohmann::json::parse(b.out);
  EXPECT_EQ(jb["resumed_from"], 3);
  EXPECT_EQ(jb["steps"], 5);

  const auto noData = runCli({"train", "segmenter", "--data", dir.file("none"), "--out", model});
  EXPECT_EQ(noData.exitCode, 1);
}

TEST(ImportSegmenterCommandSlow, ImportsATorchvisionDeepLabV3) {
  if (std::system("/usr/bin/python3 -c 'import torchvision' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3-torchvision not available";
  TempDir dir;
  const std::string command = std::string("/usr/bin/python3 ") + LATENTECHO_SOURCE_DIR +
                              "/tests/data/deeplabv3/make_reference.py " + dir.path().string() +
                              " small";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string model = dir.file("model");
  const auto outcome = runCli({"import", "echonet-segmenter", dir.file("checkpoint.pt"), "--out",
                               model, "--half", "--json", "--quiet"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["kind"], kLvSegmenterKind);
  EXPECT_EQ(json["config"]["architecture"], "deeplabv3-resnet");
  EXPECT_EQ(json["config"]["blocks"], nlohmann::json({1, 1, 1, 1}));
  EXPECT_TRUE(json["config"]["aux_classifier"].get<bool>());
  const LvSegmenter loaded = LvSegmenter::load(model);
  EXPECT_TRUE(loaded.config().normalisation.perClip);

  const auto wrong =
      runCli({"import", "echonet-segmenter", dir.file("input.pt"), "--out", dir.file("bad")});
  EXPECT_EQ(wrong.exitCode, 1);
}

}  // namespace
}  // namespace latentecho
