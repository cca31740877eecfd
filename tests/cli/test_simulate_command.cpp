// `latentecho simulate` and `latentecho degrade`, run in-process on data they make themselves.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "latentecho/io/dataset.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::runCli;
using latentecho::testing::TempDir;

TEST(SimulateCommand, WritesAnEchoNetLayoutDatasetWithTruth) {
  TempDir dir;
  const std::string out = dir.file("sim");
  const auto outcome = runCli({"simulate", "--out", out, "--clips", "3", "--frames", "6",
                               "--size", "96", "--seed", "4", "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const auto json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["clips"], 3);

  const EchoDataset dataset = EchoDataset::open(out);
  ASSERT_EQ(dataset.entries().size(), 3u);
  EXPECT_EQ(dataset.split("TEST").size(), 1u);
  EXPECT_EQ(dataset.split("VAL").size(), 1u);
  for (const DatasetEntry& entry : dataset.entries()) {
    EXPECT_GT(entry.ejectionFraction, 5.0);
    EXPECT_LT(entry.ejectionFraction, 90.0);
    EXPECT_NEAR(entry.ejectionFraction, 100.0 * (entry.edvMl - entry.esvMl) / entry.edvMl, 1e-6);
    const Clip video = dataset.readVideo(entry);
    EXPECT_EQ(video.frameCount, 6);
    EXPECT_EQ(video.width, 96);
    const auto lq = dataset.readLowQualityVideo(entry);
    ASSERT_TRUE(lq.has_value());
    EXPECT_NE(lq->pixels, video.pixels);
    const auto masks = dataset.readLvMasks(entry);
    ASSERT_TRUE(masks.has_value());
    const auto truth = dataset.readTruth(entry);
    ASSERT_TRUE(truth.has_value());
    EXPECT_EQ((*truth)["lvVolumeMl"].size(), 6u);
  }
}

TEST(SimulateCommand, RefusesToOverwriteADatasetUnlessAsked) {
  TempDir dir;
  const std::string out = dir.file("sim");
  ASSERT_EQ(runCli({"simulate", "--out", out, "--clips", "1", "--frames", "2", "--size", "64"}).exitCode, 0);
  const auto again = runCli({"simulate", "--out", out, "--clips", "1", "--frames", "2", "--size", "64"});
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_NE(again.err.find("--overwrite"), std::string::npos) << again.err;
  EXPECT_EQ(runCli({"simulate", "--out", out, "--clips", "1", "--frames", "2", "--size", "64",
                    "--overwrite"})
                .exitCode,
            0);
}

TEST(DegradeCommand, DegradesASimulatedClipInsideItsSector) {
  TempDir dir;
  const std::string data = dir.file("sim");
  ASSERT_EQ(runCli({"simulate", "--out", data, "--clips", "1", "--frames", "3", "--size", "128"}).exitCode, 0);
  const EchoDataset dataset = EchoDataset::open(data);
  const std::string in = dataset.videoPath(dataset.entries()[0]);
  const std::string out = dir.file("degraded.avi");
  const auto outcome = runCli({"degrade", in, out, "--sigma", "0.3", "--lines", "64", "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const auto json = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(json["lines"], 64);
  EXPECT_DOUBLE_EQ(json["sigma"].get<double>(), 0.3);
  const Clip original = readClip(in);
  const Clip degraded = readClip(out);
  ASSERT_EQ(degraded.frameCount, original.frameCount);
  // The corners lie outside the fan: black before and after; the fan itself changes.
  EXPECT_LT(degraded.at(0, 2, 2), 16);
  double difference = 0.0;
  for (std::size_t i = 0; i < original.pixels.size(); ++i)
    difference += std::abs(int(original.pixels[i]) - int(degraded.pixels[i]));
  EXPECT_GT(difference / original.pixels.size(), 5.0);
}

TEST(DegradeCommand, AnImageWithoutASectorIsAUserErrorAndWritesNothing) {
  TempDir dir;
  Clip flat(1, 64, 64);
  std::fill(flat.pixels.begin(), flat.pixels.end(), 128);
  writeClip(flat, dir.file("flat.png"));
  const std::string out = dir.file("out.png");
  const auto outcome = runCli({"degrade", dir.file("flat.png"), out});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("flat.png"), std::string::npos) << outcome.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(runCli({"degrade", dir.file("missing.avi"), out}).exitCode, 1);
}

}  // namespace
}  // namespace latentecho
