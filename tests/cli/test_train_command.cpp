// `latentecho train gan`, in-process, on a tiny simulated dataset with the tiny preset.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "latentecho/core/model_folder.h"
#include "latentecho/core/stylegan2_model.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using latentecho::testing::runCli;
using latentecho::testing::TempDir;

// 2 clips x 4 frames, HQ + LQ: 16 frames.
std::string simulateTinyDataset(const TempDir& dir) {
  const std::string data = dir.file("data");
  const auto outcome = runCli(
      {"simulate", "--out", data, "--clips", "2", "--frames", "4", "--size", "64", "--quiet"});
  EXPECT_EQ(outcome.exitCode, 0) << outcome.err;
  return data;
}

std::vector<std::string> trainArguments(const std::string& data, const std::string& out,
                                        const std::string& kimg) {
  return {"train",
          "gan",
          "--data",
          data,
          "--out",
          out,
          "--preset",
          "tiny",
          "--batch",
          "4",
          "--kimg",
          kimg,
          "--checkpoint-kimg",
          "0.016",
          "--snapshot-kimg",
          "0.016",
          "--seed",
          "3",
          "--json"};
}

std::string readText(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int lineCount(const std::string& path) {
  std::ifstream in(path);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

TEST(TrainGanCommand, TrainsWritesTheModelAndResumesExactly) {
  TempDir dir;
  const std::string data = simulateTinyDataset(dir);
  const std::string out = dir.file("gan");

  const auto first = runCli(trainArguments(data, out, "0.032"));
  ASSERT_EQ(first.exitCode, 0) << first.err;
  const auto json = nlohmann::json::parse(first.out);
  EXPECT_FALSE(json["resumed"].get<bool>());
  EXPECT_NEAR(json["kimg"].get<double>(), 0.032, 1e-9);
  EXPECT_EQ(json["steps"], 8);
  EXPECT_EQ(json["data"]["clips"], 2);
  EXPECT_EQ(json["data"]["frames"], 16);
  EXPECT_EQ(json["data"]["hq_frames"], 8);
  EXPECT_EQ(json["data"]["lq_frames"], 8);
  EXPECT_EQ(json["num_ws"], 8);  // 32 x 32: 4 blocks

  // A usable model folder with its provenance, the checkpoint, the loss log and the snapshots.
  const LoadedStyleGan2Generator model = loadStyleGan2Generator(out);
  EXPECT_EQ(model.generator->config().resolution, 32);
  const nlohmann::json& provenance = model.folder.provenance;
  const std::string command = provenance["command"].get<std::string>();
  EXPECT_EQ(command.rfind("latentecho train gan --data " + data, 0), 0u) << command;
  EXPECT_NE(command.find("--preset tiny"), std::string::npos) << command;
  EXPECT_EQ(provenance["data"]["path"], fs::absolute(data).lexically_normal().string());
  EXPECT_EQ(provenance["data"]["frames"], 16);
  EXPECT_EQ(provenance["seed"], 3);
  EXPECT_NEAR(provenance["training"]["kimg"].get<double>(), 0.032, 1e-9);
  EXPECT_TRUE(fs::exists(fs::path(out) / "checkpoint.safetensors"));
  EXPECT_EQ(lineCount(out + "/loss.csv"), 1 + 2);  // header + a row per 4 steps
  EXPECT_TRUE(fs::exists(fs::path(out) / "snapshots" / "reals.png"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "snapshots" / "fakes_000000000.png"));
  EXPECT_TRUE(fs::exists(fs::path(out) / "snapshots" / "fakes_000000032.png"));

  // The EMA generator exported elsewhere as float16, reading the training folder only.
  const std::string recordBefore = readText(out + "/training.json");
  const auto exported = runCli(
      {"train", "gan", "--out", out, "--export-model", dir.file("exported"), "--half", "--json"});
  ASSERT_EQ(exported.exitCode, 0) << exported.err;
  EXPECT_NEAR(nlohmann::json::parse(exported.out)["kimg"].get<double>(), 0.032, 1e-9);
  EXPECT_EQ(readText(out + "/training.json"), recordBefore);
  const nlohmann::json exportedManifest = readModelManifest(dir.file("exported"));
  EXPECT_EQ(exportedManifest["weights"]["dtype"], "F16");
  EXPECT_EQ(exportedManifest["provenance"]["command"], command);
  EXPECT_NE(exportedManifest["provenance"]["exported_by"].get<std::string>().find("--export-model"),
            std::string::npos);
  EXPECT_NEAR(exportedManifest["provenance"]["training"]["kimg"].get<double>(), 0.032, 1e-9);
  const LoadedStyleGan2Generator half = loadStyleGan2Generator(dir.file("exported"));
  EXPECT_EQ(half.generator->config().resolution, 32);

  // Continue without --data (the recorded one) to 0.064 kimg ...
  const auto second = runCli({"train", "gan", "--out", out, "--kimg", "0.064", "--json"});
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_NE(second.err.find("Resuming"), std::string::npos) << second.err;
  const auto resumed = nlohmann::json::parse(second.out);
  EXPECT_TRUE(resumed["resumed"].get<bool>());
  EXPECT_EQ(resumed["steps"], 16);
  EXPECT_EQ(resumed["steps_this_run"], 8);
  EXPECT_EQ(lineCount(out + "/loss.csv"), 1 + 4);
  const nlohmann::json manifest = readModelManifest(out);
  EXPECT_EQ(manifest["provenance"]["commands"].size(), 2u);
  EXPECT_EQ(manifest["provenance"]["command"], command);  // the run that started it

  // ... which is where one run straight to 0.064 kimg gets.
  const std::string straight = dir.file("straight");
  ASSERT_EQ(runCli(trainArguments(data, straight, "0.064")).exitCode, 0);
  const ModelFolder a = readModelFolder(out);
  const ModelFolder b = readModelFolder(straight);
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (const auto& [name, tensor] : a.tensors)
    EXPECT_TRUE(tensor.equal(b.tensors.at(name))) << name;

  // An explicit --resume of a finished training says so and changes nothing.
  const auto again = runCli({"train", "gan", "--out", out, "--kimg", "0.064", "--resume"});
  EXPECT_EQ(again.exitCode, 0) << again.err;
  EXPECT_NE(again.err.find("already reached"), std::string::npos) << again.err;
}

TEST(TrainGanCommand, BadInputIsNamedWithExitCodeOne) {
  TempDir dir;
  const std::string data = simulateTinyDataset(dir);

  auto expectUserError = [](const std::vector<std::string>& arguments,
                            const std::string& fragment) {
    const auto outcome = runCli(arguments);
    EXPECT_EQ(outcome.exitCode, 1) << outcome.err;
    EXPECT_NE(outcome.err.find(fragment), std::string::npos) << outcome.err;
  };
  expectUserError(trainArguments(dir.file("nowhere"), dir.file("a"), "0.008"), dir.file("nowhere"));
  fs::create_directories(dir.file("empty"));
  expectUserError(trainArguments(dir.file("empty"), dir.file("b"), "0.008"), "FileList.csv");
  auto wrongResolution = trainArguments(data, dir.file("c"), "0.008");
  wrongResolution.insert(wrongResolution.end(), {"--resolution", "48"});
  expectUserError(wrongResolution, "power of two");
  expectUserError({"train", "gan", "--data", data, "--out", dir.file("d"), "--resume"},
                  "nothing to continue");
  expectUserError({"train", "gan", "--out", dir.file("e")}, "--data");
  expectUserError({"train", "gan", "--out", dir.file("e"), "--export-model", dir.file("x")},
                  "nothing to export");
  EXPECT_FALSE(fs::exists(dir.file("a")));  // nothing written for bad data

  // A checkpoint of one architecture is not continued as another.
  const std::string out = dir.file("f");
  ASSERT_EQ(runCli(trainArguments(data, out, "0.008")).exitCode, 0);
  expectUserError(
      {"train", "gan", "--out", out, "--kimg", "0.016", "--preset", "tiny", "--resolution", "64"},
      "resolution 32, not 64");
  expectUserError({"train", "gan", "--out", out, "--kimg", "0.016", "--batch", "8"}, "--batch 4");
}

}  // namespace
}  // namespace latentecho
