#include "latentecho/core/low_quality_simulation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

SectorGeometry testSector(int size) {
  SectorGeometry sector;
  sector.apexX = 0.5 * size;
  sector.apexY = 0.0;
  sector.innerRadius = 0.0;
  sector.outerRadius = 0.97 * size;
  sector.halfAngle = 40.0 * M_PI / 180.0;
  return sector;
}

// A smooth image: gentle gradients, nothing finer than the 224 x 100 grid can carry.
Clip smoothClip(int frames, int size) {
  Clip clip(frames, size, size, 50.0);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x)
        clip.at(t, y, x) = static_cast<std::uint8_t>(std::lround(
            60.0 + 0.4 * y + 30.0 * std::sin(x * 0.03 + t) + 20.0 * std::cos(y * 0.02)));
  return clip;
}

TEST(LowQualitySimulation, KeepsShapeFpsAndSpacing) {
  Clip clip = smoothClip(3, 96);
  clip.spacing = PixelSpacing{0.5, 0.6};
  clip.source = "test clip";
  const Clip out = simulateLowQuality(clip, testSector(96), {});
  EXPECT_EQ(out.frameCount, 3);
  EXPECT_EQ(out.height, 96);
  EXPECT_EQ(out.width, 96);
  EXPECT_EQ(out.pixels.size(), clip.pixels.size());
  EXPECT_DOUBLE_EQ(out.fps, 50.0);
  ASSERT_TRUE(out.spacing.has_value());
  EXPECT_DOUBLE_EQ(out.spacing->rowMm, 0.5);
  EXPECT_NE(out.source.find("test clip"), std::string::npos);
  EXPECT_NE(out.source.find("simulated LQ"), std::string::npos);
}

TEST(LowQualitySimulation, WithoutNoiseOnlyInterpolationChangesTheSector) {
  const int size = 256;
  Clip clip = smoothClip(1, size);
  // Bright pixels outside the fan must not leak into the result.
  const SectorGeometry sector = testSector(size);
  const std::vector<std::uint8_t> inside = sector.mask(size, size);
  LowQualitySimulationParams params;
  params.sigma = 0.0;
  const Clip out = simulateLowQuality(clip, sector, params);
  double absDiff = 0.0;
  int insideCount = 0;
  int outsideNonZero = 0;
  for (int i = 0; i < size * size; ++i) {
    if (inside[i]) {
      absDiff += std::abs(int(out.pixels[i]) - int(clip.pixels[i]));
      ++insideCount;
    } else if (out.pixels[i] != 0) {
      ++outsideNonZero;
    }
  }
  ASSERT_GT(insideCount, size * size / 3);
  EXPECT_LT(absDiff / insideCount, 1.5);  // grey levels
  EXPECT_EQ(outsideNonZero, 0);
}

TEST(LowQualitySimulation, NoiseMakesItWorseInsideAndStillBlackOutside) {
  const int size = 128;
  Clip clip = smoothClip(1, size);
  const SectorGeometry sector = testSector(size);
  const std::vector<std::uint8_t> inside = sector.mask(size, size);
  const Clip out = simulateLowQuality(clip, sector, {});
  double absDiff = 0.0;
  int insideCount = 0;
  for (int i = 0; i < size * size; ++i) {
    if (inside[i]) {
      absDiff += std::abs(int(out.pixels[i]) - int(clip.pixels[i]));
      ++insideCount;
    } else {
      EXPECT_EQ(out.pixels[i], 0) << "pixel " << i << " outside the sector";
    }
  }
  EXPECT_GT(absDiff / insideCount, 10.0);
}

TEST(LowQualitySimulation, GridHasTheRequestedSizeAndOrientation) {
  const int size = 200;
  const SectorGeometry sector = testSector(size);
  // Right half bright, left half dark: lines left of the axis read 0, right of it 1.
  std::vector<std::uint8_t> frame(size * size, 0);
  for (int y = 0; y < size; ++y)
    for (int x = size / 2; x < size; ++x) frame[y * size + x] = 255;
  const SectorGrid grid = sampleSectorGrid(frame.data(), size, size, sector, 50, 20);
  EXPECT_EQ(grid.radialSamples, 50);
  EXPECT_EQ(grid.lines, 20);
  ASSERT_EQ(grid.values.size(), 1000u);
  for (int m = 10; m < 50; ++m) {
    EXPECT_NEAR(grid.at(m, 0), 0.0f, 1e-6) << "depth " << m;
    EXPECT_NEAR(grid.at(m, 19), 1.0f, 1e-6) << "depth " << m;
  }
}

TEST(LowQualitySimulation, NoiseHasTheRequestedStandardDeviation) {
  const int size = 256;
  const SectorGeometry sector = testSector(size);
  const std::vector<std::uint8_t> frame(size * size, 128);
  SectorGrid grid = sampleSectorGrid(frame.data(), size, size, sector, 224, 100);
  ASSERT_EQ(grid.values.size(), 22400u);
  for (float v : grid.values) ASSERT_NEAR(v, 128.0f / 255.0f, 1e-5);
  addGaussianNoise(grid, 0.2, 7, 0);
  const double n = static_cast<double>(grid.values.size());
  const double mean = std::accumulate(grid.values.begin(), grid.values.end(), 0.0) / n;
  double variance = 0.0;
  for (float v : grid.values) {
    variance += (v - mean) * (v - mean);
    EXPECT_GE(v, 0.0f);
    EXPECT_LE(v, 1.0f);
  }
  const double stddev = std::sqrt(variance / n);
  EXPECT_NEAR(mean, 128.0 / 255.0, 0.01);
  // Clamping to [0,1] trims about 1% of the draws (|n| > 2.5 sigma), lowering the std a little.
  EXPECT_NEAR(stddev, 0.2, 0.012);
}

TEST(LowQualitySimulation, RemappingAConstantGridFillsTheSectorWithThatValue) {
  const int size = 128;
  const SectorGeometry sector = testSector(size);
  SectorGrid grid;
  grid.radialSamples = 30;
  grid.lines = 12;
  grid.values.assign(360, 0.4f);
  const std::vector<std::uint8_t> out = remapGridToSector(grid, sector, size, size);
  const std::vector<std::uint8_t> inside = sector.mask(size, size);
  for (int i = 0; i < size * size; ++i) EXPECT_EQ(out[i], inside[i] ? 102 : 0) << "pixel " << i;
}

TEST(LowQualitySimulation, IsDeterministicPerSeedAndFrame) {
  const int size = 96;
  Clip clip(2, size, size, 30.0);
  std::fill(clip.pixels.begin(), clip.pixels.end(), 100);
  const SectorGeometry sector = testSector(size);
  LowQualitySimulationParams params;
  params.seed = 42;
  const Clip a = simulateLowQuality(clip, sector, params);
  const Clip b = simulateLowQuality(clip, sector, params);
  EXPECT_EQ(a.pixels, b.pixels);
  params.seed = 43;
  const Clip c = simulateLowQuality(clip, sector, params);
  EXPECT_NE(a.pixels, c.pixels);
  // Identical input frames still get independent noise.
  EXPECT_FALSE(std::equal(a.frame(0), a.frame(0) + a.frameSize(), a.frame(1)));
}

TEST(LowQualitySimulation, RejectsBadInputWithAnError) {
  const int size = 64;
  const Clip clip = smoothClip(1, size);
  LowQualitySimulationParams params;
  params.lines = 1;
  EXPECT_THROW(simulateLowQuality(clip, testSector(size), params), Error);
  params = {};
  params.sigma = -0.1;
  EXPECT_THROW(simulateLowQuality(clip, testSector(size), params), Error);
  EXPECT_THROW(simulateLowQuality(clip, SectorGeometry{}, {}), Error);
  EXPECT_THROW(simulateLowQuality(Clip{}, testSector(size), {}), Error);
}

TEST(LowQualitySimulation, CancelsWhenProgressSaysStop) {
  const Clip clip = smoothClip(4, 64);
  Progress progress([](double, std::string_view) { return false; });
  EXPECT_THROW(simulateLowQuality(clip, testSector(64), {}, progress), Cancelled);
}

}  // namespace
}  // namespace latentecho
