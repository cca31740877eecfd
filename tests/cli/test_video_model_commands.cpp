// `latentecho train ef`, `train quality` (a few steps of tiny networks on a tiny simulated dataset,
// then a resumed run), `import echonet-ef` (a torchvision R(2+1)D checkpoint made at test time;
// bad weights exit 1 naming the tensor) and `measure` reporting P_hq and the video EF with the
// models given on the command line.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/ef_regressor.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/quality_classifier.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/dataset.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::runCli;
using latentecho::testing::TempDir;

std::vector<std::string> tinyTraining(const std::string& task, const std::string& data,
                                      const std::string& model, int steps) {
  return {"train",      task,     "--data",           data,
          "--out",      model,    "--steps",          std::to_string(steps),
          "--batch",    "2",      "--frames",         "4",
          "--size",     "16",     "--widths",         "2,2,3,3",
          "--stem-mid", "2",      "--validate-every", "2",
          "--json",     "--quiet"};
}

TEST(TrainVideoModelCommands, TrainEfAndQualityThenResume) {
  TempDir dir;
  const std::string data = dir.file("sim");
  ASSERT_EQ(runCli({"simulate", "--out", data, "--clips", "3", "--frames", "8", "--size", "64",
                    "--seed", "5"})
                .exitCode,
            0);
  const std::string ef = dir.file("ef");
  const auto a = runCli(tinyTraining("ef", data, ef, 2));
  ASSERT_EQ(a.exitCode, 0) << a.err;
  const nlohmann::json ja = nlohmann::json::parse(a.out);
  EXPECT_EQ(ja["kind"], kEfRegressorKind);
  EXPECT_EQ(ja["steps"], 2);
  EXPECT_EQ(ja["train_clips"], 2);  // one TRAIN heart, HQ and LQ
  EXPECT_TRUE(ja["test"]["test_hq"].contains("mae"));
  EXPECT_TRUE(ja["best"]["validation"].contains("val_lq"));
  const nlohmann::json manifest = readModelManifest(ef);
  EXPECT_NE(manifest["provenance"]["command"].get<std::string>().find("train ef"),
            std::string::npos);
  EXPECT_TRUE(manifest["provenance"]["test"].contains("test_lq"));
  EfRegressor regressor = EfRegressor::load(ef);
  EXPECT_EQ(regressor.model().input().frames, 4);
  EXPECT_EQ(regressor.model().networkConfig().widths, (std::vector<int>{2, 2, 3, 3}));

  const auto b = runCli(tinyTraining("ef", data, ef, 3));
  ASSERT_EQ(b.exitCode, 0) << b.err;
  EXPECT_EQ(nlohmann::json::parse(b.out)["resumed_from"], 2);

  const std::string quality = dir.file("quality");
  const auto q = runCli(tinyTraining("quality", data, quality, 2));
  ASSERT_EQ(q.exitCode, 0) << q.err;
  const nlohmann::json jq = nlohmann::json::parse(q.out);
  EXPECT_EQ(jq["kind"], kQualityClassifierKind);
  EXPECT_TRUE(jq["test"]["test_hq"].contains("accuracy"));
  EXPECT_EQ(jq["test_blend_response"].size(), 5u);
  QualityClassifier classifier = QualityClassifier::load(quality);
  const EchoDataset dataset = EchoDataset::open(data);
  const double p = classifier.probabilityHighQuality(dataset.readVideo(dataset.entries()[0]));
  EXPECT_GE(p, 0.0);
  EXPECT_LE(p, 1.0);

  // measure: P_hq and the video EF from the given models, next to the segmentation EF.
  const auto m = runCli({"measure", dataset.videoPath(dataset.entries()[0]), "--ef-model", ef,
                         "--quality-model", quality, "--json", "--quiet"});
  ASSERT_EQ(m.exitCode, 0) << m.err;
  const nlohmann::json jm = nlohmann::json::parse(m.out);
  // float32 networks on other thread counts: equal to float precision.
  EXPECT_NEAR(jm["p_hq"].get<double>(), p, 1e-5);
  EXPECT_NEAR(
      jm["lvef_video_percent"].get<double>(),
      EfRegressor::load(ef).ejectionFractionPercent(dataset.readVideo(dataset.entries()[0])), 1e-3);
  EXPECT_EQ(jm["ef_model"]["model"], ef);
  EXPECT_TRUE(jm.contains("lvef_percent"));
  const auto text = runCli({"measure", dataset.videoPath(dataset.entries()[0]), "--ef-model", ef,
                            "--quality-model", quality});
  ASSERT_EQ(text.exitCode, 0) << text.err;
  EXPECT_NE(text.err.find("P_hq"), std::string::npos) << text.err;
  EXPECT_NE(text.err.find("video model"), std::string::npos) << text.err;
  // A wrong kind is refused, naming the folder.
  const auto wrong = runCli({"measure", dataset.videoPath(dataset.entries()[0]), "--ef-model",
                             quality, "--quality-model", quality});
  EXPECT_EQ(wrong.exitCode, 1);
  EXPECT_NE(wrong.err.find(quality), std::string::npos) << wrong.err;

  const auto noData = runCli({"train", "quality", "--data", dir.file("none"), "--out", quality});
  EXPECT_EQ(noData.exitCode, 1);
}

TEST(ImportEfCommand, ImportsATorchvisionR2Plus1dAndRefusesBadWeights) {
  if (std::system("/usr/bin/python3 -c 'import torchvision' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "python3-torchvision not available (/usr/bin/python3 -c 'import torchvision')";
  TempDir dir;
  const std::string command = std::string("/usr/bin/python3 ") + LATENTECHO_SOURCE_DIR +
                              "/tests/data/r2plus1d/make_reference.py " + dir.path().string() +
                              " small";
  ASSERT_EQ(std::system(command.c_str()), 0);
  const std::string model = dir.file("model");
  const auto outcome = runCli({"import", "echonet-ef", dir.file("checkpoint.pt"), "--out", model,
                               "--mean", "30", "--std", "50", "--json", "--quiet"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["kind"], kEfRegressorKind);
  EXPECT_EQ(json["config"]["widths"], nlohmann::json({8, 12, 16, 20}));
  EXPECT_EQ(json["input"]["frames"], 32);
  EfRegressor loaded = EfRegressor::load(model);
  EXPECT_FALSE(loaded.model().input().perClip);
  EXPECT_EQ(loaded.model().input().mean, std::vector<double>{30.0});
  // The folder's network gives torchvision's output.
  at::NoGradGuard noGrad;
  const at::Tensor out = loaded.model().network().forward(readTorchTensor(dir.file("input.pt")));
  EXPECT_LE((out - readTorchTensor(dir.file("out.pt"))).abs().max().item<double>(), 1e-4);

  // A tensor of the wrong shape: exit 1 and the tensor's name in the message.
  TensorMap tensors = readTorchStateDict(dir.file("checkpoint.pt"));
  tensors["layer3.0.conv1.0.0.weight"] = at::zeros({1, 1, 1, 3, 3});
  writeTorchStateDict(dir.file("bad.pt"), tensors);
  const auto bad = runCli({"import", "echonet-ef", dir.file("bad.pt"), "--out", dir.file("bad")});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_NE(bad.err.find("layer3.0.conv1.0.0.weight"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad")));
}

// The bundled ef-echo and quality-echo on hearts the simulator draws from a seed outside their
// training data: P_hq separates the HQ from the LQ rendering, and the video EF is near the truth.
TEST(BundledVideoModels, ScoreFreshSimulatedClips) {
  TempDir dir;
  const std::string data = dir.file("sim");
  ASSERT_EQ(runCli({"simulate", "--out", data, "--clips", "2", "--seed", "4242", "--val-fraction",
                    "0", "--test-fraction", "0"})
                .exitCode,
            0);
  const EchoDataset dataset = EchoDataset::open(data);
  for (const DatasetEntry& entry : dataset.entries()) {
    SCOPED_TRACE(entry.fileName + " truth EF " + std::to_string(entry.ejectionFraction));
    const auto hq = runCli({"measure", dataset.videoPath(entry), "--json", "--quiet"});
    ASSERT_EQ(hq.exitCode, 0) << hq.err;
    const auto lq = runCli({"measure", *dataset.lowQualityVideoPath(entry), "--json", "--quiet"});
    ASSERT_EQ(lq.exitCode, 0) << lq.err;
    const nlohmann::json h = nlohmann::json::parse(hq.out), l = nlohmann::json::parse(lq.out);
    EXPECT_GT(h["p_hq"].get<double>(), 0.5);
    EXPECT_LT(l["p_hq"].get<double>(), 0.5);
    EXPECT_NEAR(h["lvef_video_percent"].get<double>(), entry.ejectionFraction, 12.0);
    EXPECT_NEAR(l["lvef_video_percent"].get<double>(), entry.ejectionFraction, 12.0);
  }
}

}  // namespace
}  // namespace latentecho
