#include "latentecho/io/gan_frames.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "latentecho/core/error.h"
#include "latentecho/core/sector.h"
#include "latentecho/io/dataset.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

using latentecho::testing::TempDir;

constexpr int kSize = 64;

SectorGeometry testSector() {
  SectorGeometry sector;
  sector.apexX = 32.0;
  sector.apexY = 2.0;
  sector.innerRadius = 0.0;
  sector.outerRadius = 58.0;
  sector.halfAngle = 0.6;
  sector.axisAngle = 0.0;
  return sector;
}

// Flat grey inside the fan (`level` + 4 per frame), and a bright burnt-in label outside it that
// preparation must blank.
Clip fanClip(int frames, int level) {
  const SectorGeometry sector = testSector();
  Clip clip(frames, kSize, kSize, 50.0);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < kSize; ++y)
      for (int x = 0; x < kSize; ++x)
        clip.at(t, y, x) = sector.contains(x, y) ? static_cast<std::uint8_t>(level + 4 * t)
                           : (y > 56 && x < 8)   ? 255
                                                 : 0;
  return clip;
}

nlohmann::json truthWithSector() {
  const SectorGeometry s = testSector();
  return {{"sector",
           {{"apexX", s.apexX},
            {"apexY", s.apexY},
            {"innerRadius", s.innerRadius},
            {"outerRadius", s.outerRadius},
            {"halfAngle", s.halfAngle},
            {"axisAngle", s.axisAngle}}}};
}

// Clips: A (TRAIN, with LQ), B (TRAIN, with LQ), C (TEST, HQ only).
void writeDataset(const std::string& folder) {
  DatasetWriter writer(folder);
  const char* names[] = {"A", "B", "C"};
  for (int i = 0; i < 3; ++i) {
    DatasetClip clip;
    clip.entry = {names[i], 50.0, 30.0, 60.0, kSize, kSize, 50.0, 3, i == 2 ? "TEST" : "TRAIN"};
    clip.video = fanClip(3, 160);
    if (i < 2) clip.lowQuality = fanClip(3, 60);
    clip.truth = truthWithSector();
    writer.add(clip);
  }
  writer.finish();
}

double meanOf(const at::Tensor& frame) { return frame.to(at::kFloat).mean().item<double>(); }

TEST(GanFrames, ReadsEveryHqAndLqFramePreparedToTheResolution) {
  TempDir dir;
  writeDataset(dir.file("data"));
  GanFramesOptions options;
  options.resolution = 32;
  const GanFrames frames = loadGanFrames(dir.file("data"), options);
  ASSERT_EQ(frames.images.dim(), 4);
  EXPECT_EQ(frames.images.scalar_type(), at::kByte);
  EXPECT_EQ(frames.images.sizes(), (std::vector<int64_t>{15, 1, 32, 32}));
  EXPECT_EQ(frames.clips, 3);
  EXPECT_EQ(frames.highQualityFrames, 9);
  EXPECT_EQ(frames.lowQualityFrames, 6);
  EXPECT_EQ(frames.clipsWithoutLowQuality, 1);
  EXPECT_EQ(frames.framesAvailable, 15);

  // Order: A's HQ frames, A's LQ frames, B's HQ, B's LQ, C's HQ. The fan's centre keeps its grey
  // level (up to the video codec); the corners lie outside the fan and are black.
  const double levels[] = {160, 164, 168, 60, 64, 68};
  for (int k = 0; k < 15; ++k) {
    const at::Tensor frame = frames.images[k][0];
    const double centre = meanOf(frame.slice(0, 14, 18).slice(1, 14, 18));
    EXPECT_NEAR(centre, levels[k < 12 ? k % 6 : k - 12], 6.0) << "frame " << k;
    EXPECT_EQ(frame[31][0].item<int>(), 0) << "frame " << k;  // the burnt-in label is blanked
    EXPECT_EQ(frame[0][0].item<int>(), 0) << "frame " << k;
  }
}

TEST(GanFrames, SplitsHqOnlyAndEvenSubsets) {
  TempDir dir;
  writeDataset(dir.file("data"));
  GanFramesOptions options;
  options.resolution = 16;
  options.split = "test";
  GanFrames frames = loadGanFrames(dir.file("data"), options);
  EXPECT_EQ(frames.images.size(0), 3);
  EXPECT_EQ(frames.clips, 1);

  options.split = "TRAIN";
  options.lowQuality = false;
  frames = loadGanFrames(dir.file("data"), options);
  EXPECT_EQ(frames.images.size(0), 6);
  EXPECT_EQ(frames.lowQualityFrames, 0);

  options.split = "ALL";
  options.lowQuality = true;
  options.maxFrames = 5;
  frames = loadGanFrames(dir.file("data"), options);
  EXPECT_EQ(frames.images.size(0), 5);
  EXPECT_EQ(frames.framesAvailable, 15);
  EXPECT_EQ(frames.highQualityFrames + frames.lowQualityFrames, 5);
  EXPECT_GT(frames.lowQualityFrames, 0);  // evenly spaced: both qualities stay represented
  EXPECT_GT(frames.highQualityFrames, 0);
  EXPECT_TRUE(frames.images.is_contiguous());
}

void expectError(const std::function<void()>& call, const std::string& fragment) {
  try {
    call();
    ADD_FAILURE() << "no Error thrown, expected one mentioning '" << fragment << "'";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(GanFrames, BadInputIsNamed) {
  TempDir dir;
  writeDataset(dir.file("data"));
  GanFramesOptions options;
  options.resolution = 48;
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "power of two");
  options.resolution = 32;
  expectError([&] { loadGanFrames(dir.file("missing"), options); }, "missing");
  options.split = "VAL";
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "no clip in split VAL");
  options.split = "TRIAN";
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "unknown split 'TRIAN'");
  options.split = "ALL";
  options.maxBytes = 1000;
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "exceed");
  std::filesystem::create_directories(dir.file("empty"));
  options.maxBytes = int64_t{1} << 30;
  expectError([&] { loadGanFrames(dir.file("empty"), options); }, "FileList.csv");
}

}  // namespace
}  // namespace latentecho
