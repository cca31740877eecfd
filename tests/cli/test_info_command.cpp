// `latentecho info`, run in-process: JSON and human output for a clip written here, exit code 1
// naming the file for bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "latentecho/core/clip.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/clip_writer.h"
#include "run_cli.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using Outcome = testing::CliOutcome;
using testing::runCli;

SectorGeometry drawnFan() {
  SectorGeometry fan;
  fan.apexX = 80.0;
  fan.apexY = 8.0;
  fan.outerRadius = 140.0;
  fan.halfAngle = 40.0 * 3.14159265358979323846 / 180.0;
  return fan;
}

// A speckled fan on black, 12 frames at 25 fps.
Clip drawnClip() {
  const SectorGeometry fan = drawnFan();
  Clip clip(12, 150, 160, 25.0);
  std::mt19937 random(1);
  std::uniform_int_distribution<int> speckle(30, 200);
  for (int t = 0; t < clip.frameCount; ++t)
    for (int y = 0; y < clip.height; ++y)
      for (int x = 0; x < clip.width; ++x)
        if (fan.contains(x + 0.5, y + 0.5)) clip.at(t, y, x) = speckle(random);
  return clip;
}

TEST(InfoCommand, PrintsOneJsonObjectWithTheClipsMetadataAndSector) {
  testing::TempDir dir;
  const std::string path = dir.file("echo.gif");
  writeClip(drawnClip(), path);
  const Outcome outcome = runCli({"info", path, "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(result["file"], path);
  EXPECT_EQ(result["frames"], 12);
  EXPECT_EQ(result["width"], 160);
  EXPECT_EQ(result["height"], 150);
  EXPECT_NEAR(result["fps"].get<double>(), 25.0, 1e-9);
  EXPECT_NEAR(result["durationSeconds"].get<double>(), 12 / 25.0, 1e-9);
  EXPECT_TRUE(result["pixelSpacingMm"].is_null());
  EXPECT_NE(result["source"].get<std::string>().find("echo.gif"), std::string::npos);
  ASSERT_TRUE(result["sector"].is_object()) << outcome.out;
  EXPECT_NEAR(result["sector"]["apexX"].get<double>(), 80.0, 3.0);
  EXPECT_NEAR(result["sector"]["apexY"].get<double>(), 8.0, 3.0);
  EXPECT_NEAR(result["sector"]["halfAngleDegrees"].get<double>(), 40.0, 1.5);
  EXPECT_NEAR(result["sector"]["outerRadius"].get<double>(), 140.0, 3.0);
}

TEST(InfoCommand, PrintsHumanTextWithoutJson) {
  testing::TempDir dir;
  const std::string path = dir.file("echo.avi");
  writeClip(drawnClip(), path);
  const Outcome outcome = runCli({"info", path});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  EXPECT_NE(outcome.out.find("frames:   12"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("160 x 150"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("25.000"), std::string::npos) << outcome.out;
  EXPECT_NE(outcome.out.find("sector:   apex"), std::string::npos) << outcome.out;
  EXPECT_FALSE(nlohmann::json::accept(outcome.out)) << "human output must not be JSON";
}

TEST(InfoCommand, ClipWithoutAFanReportsNoSector) {
  testing::TempDir dir;
  const std::string path = dir.file("flat.png");
  Clip flat(1, 40, 60);
  std::fill(flat.pixels.begin(), flat.pixels.end(), 128);
  writeClip(flat, path);
  const Outcome outcome = runCli({"--json", "info", path});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json result = nlohmann::json::parse(outcome.out);
  EXPECT_EQ(result["frames"], 1);
  EXPECT_TRUE(result["fps"].get<double>() == 0.0);
  EXPECT_TRUE(result["durationSeconds"].is_null());
  EXPECT_TRUE(result["sector"].is_null());
  EXPECT_NE(result["sectorError"].get<std::string>().find("no ultrasound sector"),
            std::string::npos);
}

TEST(InfoCommand, MissingOrUnreadableInputExitsWithOneNamingTheFile) {
  testing::TempDir dir;
  const std::string missing = dir.file("nowhere.avi");
  Outcome outcome = runCli({"info", missing, "--json"});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find(missing), std::string::npos) << outcome.err;
  EXPECT_EQ(outcome.out, "");

  const std::string corrupt = dir.file("corrupt.mp4");
  std::ofstream(corrupt) << std::string(5000, 'x');
  outcome = runCli({"info", corrupt});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find(corrupt), std::string::npos) << outcome.err;

  std::ofstream(dir.file("model.json")) << "{}";
  outcome = runCli({"info", dir.path().string()});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find(dir.path().string()), std::string::npos) << outcome.err;

  EXPECT_NE(runCli({"info"}).exitCode, 0);  // FILE is required
}

}  // namespace
}  // namespace latentecho
