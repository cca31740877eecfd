// `latentecho bench synthesis`: runs on tiny generators and reports well-formed JSON. Times are
// never asserted (benchmarks are not tests).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "latentecho/core/stylegan2_model.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using latentecho::testing::runCli;
using latentecho::testing::TempDir;

StyleGan2GeneratorConfig tinyConfig() {
  StyleGan2GeneratorConfig config;
  config.resolution = 16;
  config.imageChannels = 1;
  config.zDim = config.wDim = config.mappingLayerFeatures = 16;
  config.mappingLayers = 2;
  config.setChannels(256, 16);
  return config;
}

void expectTimings(const nlohmann::json& part) {
  ASSERT_TRUE(part.is_object()) << part;
  for (const char* key :
       {"seconds", "seconds_per_frame", "cpu_seconds_per_frame", "peak_rss_mib"}) {
    ASSERT_TRUE(part.contains(key)) << key;
    EXPECT_TRUE(part[key].is_number()) << key;
    EXPECT_GE(part[key].get<double>(), 0.0) << key;
  }
  EXPECT_GT(part["peak_rss_mib"].get<double>(), 0.0);
}

TEST(BenchSynthesisCommand, ReportsTimingsAndMemoryForAModelFolder) {
  TempDir dir;
  const StyleGan2Generator generator(tinyConfig());
  saveStyleGan2Generator(dir.file("model"), *generator, {{"made_by", "test"}});
  const auto outcome = runCli({"bench", "synthesis", "--model", dir.file("model"), "--frames", "5",
                               "--batch", "2", "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const auto json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["benchmark"], "synthesis");
  EXPECT_EQ(json["frames"], 5);
  EXPECT_EQ(json["batch"], 2);
  EXPECT_EQ(json["resolution"], 16);
  EXPECT_EQ(json["num_ws"], 6);
  EXPECT_GE(json["threads"].get<int>(), 1);
  expectTimings(json["ours"]);
  EXPECT_EQ(json["ours"]["batch_seconds"].size(), 3u);  // 2 + 2 + 1 frames
  EXPECT_FALSE(json.contains("official"));
}

TEST(BenchSynthesisCommand, PresetsWithChannelOverrides) {
  const auto outcome = runCli({"bench", "synthesis", "--preset", "tiny", "--channel-base", "256",
                               "--frames", "2", "--batch", "2", "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const auto json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["resolution"], 32);
  EXPECT_EQ(json["channels"]["32"], 8);  // min(256 / 32, 32)
  expectTimings(json["ours"]);
}

TEST(BenchSynthesisCommand, BadInputIsNamed) {
  auto outcome = runCli({"bench", "synthesis", "--frames", "2"});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("exactly one of --model"), std::string::npos) << outcome.err;
  outcome = runCli({"bench", "synthesis", "--preset", "huge"});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("huge"), std::string::npos) << outcome.err;
  TempDir dir;
  outcome = runCli({"bench", "synthesis", "--preset", "tiny", "--frames", "2", "--official",
                    dir.file("no-checkout")});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("no-checkout"), std::string::npos) << outcome.err;
}

// Side by side with NVlabs' code where this machine has it (a checkout and a python3 with torch);
// the two must compute the same images from the same weights.
TEST(BenchSynthesisCommand, RunsTheOfficialImplementationOnTheSameWeights) {
  const char* officialDir = std::getenv("LATENTECHO_OFFICIAL_STYLEGAN2");
  const std::string official = officialDir ? officialDir : "/tmp/gan/official";
  if (!fs::exists(fs::path(official) / "training" / "networks.py") ||
      std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0)
    GTEST_SKIP() << "no stylegan2-ada-pytorch checkout at " << official
                 << " or no /usr/bin/python3 with torch";
  TempDir dir;
  const StyleGan2Generator generator(tinyConfig());
  saveStyleGan2Generator(dir.file("model"), *generator, {{"made_by", "test"}});
  const auto outcome = runCli({"bench", "synthesis", "--model", dir.file("model"), "--frames", "4",
                               "--batch", "2", "--official", official, "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const auto json = nlohmann::json::parse(outcome.out);
  expectTimings(json["ours"]);
  expectTimings(json["official"]);
  EXPECT_EQ(json["official"]["frames"], 4);
  EXPECT_LT(json["official"]["max_abs_difference_to_ours"].get<double>(), 1e-4);
  EXPECT_TRUE(json["speedup_vs_official"].is_number());
}

}  // namespace
}  // namespace latentecho
