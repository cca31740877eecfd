#include "latentecho/io/gan_frames.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <utility>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/image_shard.h"
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

void expectError(const std::function<void()>& call, const std::string& fragment);

// A data-parallel rank's load: exactly the frames it reads, under their indices in the set, with
// the pixels of a full load.
TEST(GanFrames, HoldsExactlyTheRankShareOfAFullLoad) {
  TempDir dir;
  writeDataset(dir.file("data"));
  for (const int64_t maxFrames : {int64_t{0}, int64_t{7}}) {
    GanFramesOptions options;
    options.resolution = 16;
    options.maxFrames = maxFrames;
    const GanFrames full = loadGanFrames(dir.file("data"), options);
    const int64_t setSize = full.images.size(0);
    EXPECT_EQ(full.setSize, setSize);
    EXPECT_TRUE(full.indices.empty());
    for (const auto& [microBatches, world] : {std::pair<int64_t, int>{2, 2}, {4, 2}, {3, 3}}) {
      for (int rank = 0; rank < world; ++rank) {
        SCOPED_TRACE("max frames " + std::to_string(maxFrames) + ", rank " + std::to_string(rank) +
                     " of " + std::to_string(world) + ", " + std::to_string(microBatches) +
                     " micro-batches");
        options.holdFrame = [&](int64_t index, int64_t size) {
          EXPECT_EQ(size, setSize);
          return rankReadsImage(index, microBatches, rank, world);
        };
        const GanFrames shard = loadGanFrames(dir.file("data"), options);
        std::vector<int64_t> expected;
        for (int64_t i = 0; i < setSize; ++i)
          if (rankReadsImage(i, microBatches, rank, world)) expected.push_back(i);
        EXPECT_EQ(shard.indices, expected);
        EXPECT_EQ(shard.setSize, setSize);
        EXPECT_EQ(shard.framesAvailable, full.framesAvailable);
        EXPECT_EQ(shard.highQualityFrames, full.highQualityFrames);
        EXPECT_EQ(shard.lowQualityFrames, full.lowQualityFrames);
        EXPECT_EQ(shard.clips, full.clips);
        ASSERT_EQ(shard.images.size(0), static_cast<int64_t>(expected.size()));
        EXPECT_TRUE(shard.images.is_contiguous());
        EXPECT_TRUE(at::equal(shard.images, full.images.index_select(0, at::tensor(expected))));
      }
    }
  }
}

TEST(GanFrames, AShardSkipsVideosItHoldsNothingOfAndTrustsNoWrongFrameCount) {
  TempDir dir;
  writeDataset(dir.file("data"));
  GanFramesOptions options;
  options.resolution = 16;
  // C's video (frames 12..14) is unreadable: a shard without those frames never decodes it.
  {
    std::ofstream broken(dir.file("data") + "/Videos/C.avi", std::ios::trunc);
    broken << "not a video";
  }
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "C.avi");
  options.holdFrame = [](int64_t index, int64_t) { return index < 12; };
  const GanFrames shard = loadGanFrames(dir.file("data"), options);
  EXPECT_EQ(shard.images.size(0), 12);
  EXPECT_EQ(shard.setSize, 15);
  options.holdFrame = [](int64_t index, int64_t) { return index == 13; };
  expectError([&] { loadGanFrames(dir.file("data"), options); }, "C.avi");

  // A FileList.csv whose NumberOfFrames disagrees with a video would shift every later index.
  TempDir other;
  DatasetWriter writer(other.file("data"));
  DatasetClip clip;
  clip.entry = {"D", 50.0, 30.0, 60.0, kSize, kSize, 50.0, 4, "TRAIN"};
  clip.video = fanClip(3, 160);
  clip.truth = truthWithSector();
  writer.add(clip);
  writer.finish();
  options.holdFrame = [](int64_t, int64_t) { return true; };
  expectError([&] { loadGanFrames(other.file("data"), options); }, "NumberOfFrames");
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
