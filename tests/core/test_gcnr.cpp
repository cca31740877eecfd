// gCNR between the LV chamber and the myocardium ring: constructed images whose value is known by
// hand, the ring geometry, and the paper's expectation on the phantom (HQ has more contrast
// between cavity and wall than LQ).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/gcnr.h"
#include "latentecho/core/phantom.h"

namespace latentecho {
namespace {

// One frame with a filled disk of LV at the centre.
Clip diskMask(int size, double radius, int frames = 1) {
  Clip masks(frames, size, size, 50.0);
  for (int t = 0; t < frames; ++t)
    for (int y = 0; y < size; ++y)
      for (int x = 0; x < size; ++x) {
        const double dx = x - size / 2.0 + 0.5, dy = y - size / 2.0 + 0.5;
        masks.at(t, y, x) = dx * dx + dy * dy <= radius * radius ? 1 : 0;
      }
  return masks;
}

TEST(Gcnr, HistogramOverlapByHand) {
  // p = [1/2, 1/2, 0], q = [0, 1/4, 3/4]: overlap 1/4, gCNR 3/4. Counts need not be normalised.
  EXPECT_DOUBLE_EQ(histogramOverlap({2, 2, 0}, {0, 1, 3}), 0.25);
  EXPECT_DOUBLE_EQ(gcnrFromHistograms({2, 2, 0}, {0, 1, 3}), 0.75);
  EXPECT_DOUBLE_EQ(gcnrFromHistograms({5, 1}, {10, 2}), 0.0);
  EXPECT_DOUBLE_EQ(gcnrFromHistograms({1, 0}, {0, 7}), 1.0);
  EXPECT_THROW(histogramOverlap({1, 2}, {1, 2, 3}), Error);
  EXPECT_THROW(histogramOverlap({0, 0}, {1, 2}), Error);
  EXPECT_THROW(histogramOverlap({-1, 2}, {1, 2}), Error);
}

TEST(Gcnr, DilationDiskMatchesBruteForce) {
  const int h = 23, w = 31;
  std::vector<std::uint8_t> mask(h * w, 0);
  for (int i = 0; i < h * w; ++i) mask[i] = (i * 2654435761u >> 7) % 37 == 0;
  for (double radius : {0.0, 1.0, 1.5, 2.0, 3.7}) {
    const std::vector<std::uint8_t> fast = dilateMaskDisk(mask.data(), h, w, radius);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x) {
        bool expected = false;
        for (int v = 0; v < h; ++v)
          for (int u = 0; u < w; ++u)
            if (mask[v * w + u] && (u - x) * (u - x) + (v - y) * (v - y) <= radius * radius)
              expected = true;
        ASSERT_EQ(fast[y * w + x], expected ? 1 : 0)
            << "radius " << radius << " at " << x << "," << y;
      }
  }
}

TEST(Gcnr, RingAroundOnePixel) {
  Clip mask(1, 9, 9);
  mask.at(0, 4, 4) = 1;
  GcnrParams params;
  params.ringWidthPixels = 1.0;  // the 4-neighbourhood
  EXPECT_EQ(gcnrRegions(mask, params).myocardium.pixels.size(), 81u);
  auto ringCount = [&](double width) {
    params.ringWidthPixels = width;
    const GcnrRegions regions = gcnrRegions(mask, params);
    int chamber = 0, ring = 0;
    for (int i = 0; i < 81; ++i) {
      chamber += regions.chamber.pixels[i];
      ring += regions.myocardium.pixels[i];
      EXPECT_FALSE(regions.chamber.pixels[i] && regions.myocardium.pixels[i]);
    }
    EXPECT_EQ(chamber, 1);
    return ring;
  };
  EXPECT_EQ(ringCount(1.0), 4);
  EXPECT_EQ(ringCount(1.5), 8);
  EXPECT_EQ(ringCount(2.0), 12);
}

TEST(Gcnr, IdenticalDistributionsGiveZero) {
  const Clip masks = diskMask(40, 10.0);
  Clip image(1, 40, 40, 50.0);
  // One grey level everywhere: both histograms are the same single bin.
  std::fill(image.pixels.begin(), image.pixels.end(), 117);
  const GcnrResult result = computeGcnr(image, masks);
  ASSERT_EQ(result.perFrame.size(), 1u);
  EXPECT_DOUBLE_EQ(result.perFrame[0], 0.0);
  EXPECT_DOUBLE_EQ(result.mean, 0.0);
}

TEST(Gcnr, DisjointDistributionsGiveOne) {
  const Clip masks = diskMask(40, 10.0);
  Clip image(1, 40, 40, 50.0);
  for (std::size_t i = 0; i < image.pixels.size(); ++i)
    image.pixels[i] = masks.pixels[i] ? static_cast<std::uint8_t>(i % 40) : 200;
  const GcnrResult result = computeGcnr(image, masks);
  EXPECT_DOUBLE_EQ(result.perFrame[0], 1.0);
}

TEST(Gcnr, KnownOverlapGivesItsValue) {
  // Chamber all grey 20; a quarter of the ring pixels (rounded down) also 20, the rest 220. The
  // overlap is that share, gCNR = 1 - share. Same result with 8 bins (20 and 220 in other bins).
  const Clip masks = diskMask(48, 12.0);
  GcnrParams params;
  params.ringWidthPixels = 4.0;
  const GcnrRegions regions = gcnrRegions(masks, params);
  Clip image(1, 48, 48, 50.0);
  std::fill(image.pixels.begin(), image.pixels.end(), 128);
  int ringTotal = 0;
  for (std::uint8_t v : regions.myocardium.pixels) ringTotal += v;
  ASSERT_GT(ringTotal, 100);
  const int shared = ringTotal / 4;
  int seen = 0;
  for (std::size_t i = 0; i < image.pixels.size(); ++i) {
    if (regions.chamber.pixels[i]) image.pixels[i] = 20;
    if (regions.myocardium.pixels[i]) image.pixels[i] = seen++ < shared ? 20 : 220;
  }
  const double expected = 1.0 - static_cast<double>(shared) / ringTotal;
  const GcnrResult result = computeGcnr(image, masks, params);
  EXPECT_NEAR(result.perFrame[0], expected, 1e-12);
  EXPECT_EQ(result.myocardiumPixelCounts[0], ringTotal);
  params.histogramBins = 8;
  EXPECT_NEAR(computeGcnr(image, masks, params).perFrame[0], expected, 1e-12);
  // One bin holds every grey level: the regions overlap completely.
  params.histogramBins = 1;
  EXPECT_DOUBLE_EQ(computeGcnr(image, masks, params).perFrame[0], 0.0);
}

TEST(Gcnr, InvariantToMonotonicRemapping) {
  const Clip masks = diskMask(48, 12.0);
  Clip image(1, 48, 48, 50.0);
  for (std::size_t i = 0; i < image.pixels.size(); ++i)
    image.pixels[i] = static_cast<std::uint8_t>((i * 7919u) % 97 + (masks.pixels[i] ? 0 : 60));
  // Strictly increasing on 0..156 (slope >= 1, so no two grey levels merge), at most 237.
  Clip remapped = image;
  for (std::uint8_t& v : remapped.pixels) v = static_cast<std::uint8_t>(v + v * v / 300);
  const double a = computeGcnr(image, masks).perFrame[0];
  EXPECT_GT(a, 0.2);
  EXPECT_LT(a, 0.99);
  EXPECT_NEAR(computeGcnr(remapped, masks).perFrame[0], a, 1e-12);
}

TEST(Gcnr, EmptyFrameIsUndefinedAndLeftOutOfTheMean) {
  Clip masks = diskMask(32, 8.0, 3);
  std::fill(masks.frame(1), masks.frame(1) + masks.frameSize(), 0);
  Clip image(3, 32, 32, 50.0);
  for (int t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < image.frameSize(); ++i)
      image.frame(t)[i] = masks.frame(0)[i] ? 10 : (t == 0 ? 250 : 10);
  const GcnrResult result = computeGcnr(image, masks);
  EXPECT_DOUBLE_EQ(result.perFrame[0], 1.0);
  EXPECT_TRUE(std::isnan(result.perFrame[1]));
  EXPECT_DOUBLE_EQ(result.perFrame[2], 0.0);
  EXPECT_EQ(result.definedFrames, 2);
  EXPECT_DOUBLE_EQ(result.mean, 0.5);
}

TEST(Gcnr, SectorMaskClipsTheRegions) {
  const Clip masks = diskMask(32, 8.0);
  std::vector<std::uint8_t> sector(32 * 32, 1);
  for (int y = 0; y < 32; ++y)
    for (int x = 20; x < 32; ++x) sector[y * 32 + x] = 0;
  const GcnrRegions regions = gcnrRegions(masks, {}, sector);
  for (int y = 0; y < 32; ++y)
    for (int x = 20; x < 32; ++x) {
      EXPECT_EQ(regions.chamber.at(0, y, x), 0);
      EXPECT_EQ(regions.myocardium.at(0, y, x), 0);
    }
  EXPECT_THROW(gcnrRegions(masks, {}, std::vector<std::uint8_t>(10, 1)), Error);
}

TEST(Gcnr, DefaultsAndErrors) {
  EXPECT_DOUBLE_EQ(defaultGcnrRingWidthPixels(112, 112), 5.0);
  EXPECT_NEAR(defaultGcnrRingWidthPixels(256, 256), 5.0 * 256 / 112, 1e-12);
  EXPECT_DOUBLE_EQ(defaultGcnrRingWidthPixels(8, 8), 1.0);
  const Clip masks = diskMask(32, 8.0);
  EXPECT_THROW(computeGcnr(Clip(2, 32, 32), masks), Error);
  GcnrParams bad;
  bad.histogramBins = 0;
  EXPECT_THROW(computeGcnr(Clip(1, 32, 32), masks, bad), Error);
  bad = {};
  bad.ringWidthPixels = -1;
  EXPECT_THROW(gcnrRegions(masks, bad), Error);
}

TEST(Gcnr, PhantomHighQualityHasMoreContrastThanLowQuality) {
  PhantomParams params;
  params.frames = 4;
  params.height = params.width = 128;
  const PhantomClip phantom = simulatePhantom(params);
  const std::vector<std::uint8_t> fan = phantom.sector.mask(128, 128);
  const GcnrResult hq = computeGcnr(phantom.hq, phantom.lvMask, {}, fan);
  const GcnrResult lq = computeGcnr(phantom.lq, phantom.lvMask, {}, fan);
  EXPECT_EQ(hq.definedFrames, 4);
  EXPECT_GT(hq.mean, lq.mean + 0.1) << "HQ " << hq.mean << " LQ " << lq.mean;
  EXPECT_GT(hq.mean, 0.5);
}

}  // namespace
}  // namespace latentecho
