// `latentecho direction` in-process with a tiny random e4e encoder on a small simulated dataset:
// synthetic pairs (HQ frames and their simulated LQ versions) and the unpaired real direction
// write a [num_ws, w_dim] tensor with provenance; bad input exits 1 naming the problem.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using testing::runCli;
using testing::TempDir;

struct Fixture {
  TempDir dir;
  std::string encoder = dir.file("encoder");
  std::string data = dir.file("data");

  Fixture() {
    at::manual_seed(1);
    E4eEncoder(E4eEncoderConfig::compact(8, 32, 1, 64)).save(encoder, {{"made", "test"}});
    const auto simulated = runCli({"simulate", "--out", data, "--clips", "2", "--frames", "6",
                                   "--size", "96", "--seed", "3", "-q"});
    EXPECT_EQ(simulated.exitCode, 0) << simulated.err;
  }
};

TEST(DirectionCommand, SyntheticPairsGiveADirectionWithProvenance) {
  Fixture f;
  const std::string out = f.dir.file("d.pt");
  const auto outcome = runCli({"direction", "--out", out, "--pairs", "5", "--data", f.data,
                               "--split", "ALL", "--encoder", f.encoder, "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(result["shape"], (std::vector<int64_t>{8, 32}));
  const EditDirection d = EditDirection::load(out);
  EXPECT_EQ(d.numWs(), 8);
  EXPECT_EQ(d.wDim(), 32);
  EXPECT_GT(d.tensor().norm().item<double>(), 0.0);  // simulated LQ frames encode differently
  EXPECT_EQ(d.provenance()["pairs"], 5);
  EXPECT_EQ(d.provenance()["simulation"]["radialSamples"], 224);
  int frames = 0;
  for (const auto& clip : d.provenance()["clips"])
    frames += static_cast<int>(clip["frames"].size());
  EXPECT_EQ(frames, 5);
}

TEST(DirectionCommand, RealDirectionFromFoldersOfClips) {
  Fixture f;
  const std::string hq = f.dir.file("hq");
  const std::string lq = f.dir.file("lq");
  fs::create_directories(hq);
  fs::create_directories(lq);
  for (const auto& item : fs::directory_iterator(fs::path(f.data) / "Videos"))
    fs::copy(item.path(), fs::path(hq) / item.path().filename());
  for (const auto& item : fs::directory_iterator(fs::path(f.data) / "LowQuality"))
    fs::copy(item.path(), fs::path(lq) / item.path().filename());
  const std::string out = f.dir.file("real.pt");
  const auto outcome = runCli({"direction", "--out", out, "--hq", hq, "--lq", lq,
                               "--frames-per-clip", "2", "--encoder", f.encoder, "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const EditDirection d = EditDirection::load(out);
  EXPECT_EQ(d.provenance()["method"], "unpaired sets (real direction)");
  EXPECT_EQ(d.provenance()["highQualityFrames"], 4);
}

TEST(DirectionCommand, BadInputExitsWithOneNamingTheProblem) {
  Fixture f;
  auto outcome = runCli({"direction", "--out", f.dir.file("d.pt"), "--encoder", f.encoder});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("--data"), std::string::npos) << outcome.err;
  outcome = runCli({"direction", "--out", f.dir.file("d.pt"), "--data", f.dir.file("none"),
                    "--encoder", f.encoder});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("none"), std::string::npos) << outcome.err;
  outcome = runCli({"direction", "--out", f.dir.file("d.pt"), "--data", f.data, "--encoder",
                    f.dir.file("no-encoder")});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("no-encoder"), std::string::npos) << outcome.err;
  EXPECT_FALSE(fs::exists(f.dir.file("d.pt")));
}

}  // namespace
}  // namespace latentecho
