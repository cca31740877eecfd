#include "latentecho/core/phantom.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

// Enough frames for ED and ES at 50 fps and 70 bpm, few enough to keep tests quick.
PhantomParams quickParams(double ef) {
  PhantomParams p;
  p.ejectionFractionPercent = ef;
  p.frames = 22;
  p.edPhase = 0.0;
  return p;
}

double volumeFromArea(double areaMm2, double lengthMm) {
  return 8.0 * areaMm2 * areaMm2 / (3.0 * M_PI * lengthMm) / 1000.0;
}

struct RegionMeans {
  double cavity = 0.0, myocardium = 0.0;
};

RegionMeans regionMeans(const Clip& clip, const PhantomClip& phantom) {
  double cavity = 0.0, myocardium = 0.0;
  double cavityCount = 0.0, myocardiumCount = 0.0;
  for (std::size_t i = 0; i < clip.pixels.size(); ++i) {
    if (phantom.lvMask.pixels[i]) {
      cavity += clip.pixels[i];
      ++cavityCount;
    } else if (phantom.myocardiumMask.pixels[i]) {
      myocardium += clip.pixels[i];
      ++myocardiumCount;
    }
  }
  return {cavity / cavityCount, myocardium / myocardiumCount};
}

TEST(Phantom, EjectionFractionFromItsOwnVolumesMatchesTheRequest) {
  for (double ef : {15.0, 35.0, 55.0, 75.0}) {
    const PhantomClip clip = simulatePhantom(quickParams(ef));
    ASSERT_GE(clip.edFrame, 0);
    ASSERT_GE(clip.esFrame, 0);
    const double edv = clip.lvVolumeMl[clip.edFrame];
    const double esv = clip.lvVolumeMl[clip.esFrame];
    const double fromVolumes = 100.0 * (edv - esv) / edv;
    EXPECT_NEAR(fromVolumes, ef, 1.0) << "requested EF " << ef;
    EXPECT_NEAR(clip.ejectionFractionPercent, fromVolumes, 1e-9);
    EXPECT_NEAR(clip.edvMl, edv, 1e-9);
    EXPECT_NEAR(clip.esvMl, esv, 1e-9);
    // Adult-sized ventricles.
    EXPECT_GT(edv, 40.0);
    EXPECT_LT(edv, 300.0);
  }
}

TEST(Phantom, VolumesFollowAreaLengthFromTheMasks) {
  const PhantomClip clip = simulatePhantom(quickParams(60.0));
  const double pixelArea = clip.pixelSpacingMm * clip.pixelSpacingMm;
  for (int t = 0; t < clip.hq.frameCount; ++t) {
    const std::uint8_t* mask = clip.lvMask.frame(t);
    const double pixels = std::count(mask, mask + clip.lvMask.frameSize(), 1);
    EXPECT_DOUBLE_EQ(clip.lvAreaPixels[t], pixels);
    EXPECT_NEAR(clip.lvAreaMm2[t], pixels * pixelArea, 1e-9);
    EXPECT_NEAR(clip.lvVolumeMl[t], volumeFromArea(clip.lvAreaMm2[t], clip.lvLengthMm[t]), 1e-9);
  }
  EXPECT_DOUBLE_EQ(clip.contraction[clip.edFrame], 0.0);
  EXPECT_DOUBLE_EQ(clip.contraction[clip.esFrame], 1.0);
}

TEST(Phantom, EndDiastoleHasTheLargestVolumeAndEndSystoleTheSmallest) {
  for (std::uint64_t seed : {3u, 11u}) {
    PhantomParams p = randomPhantomParams(seed);
    p.frames = 40;
    p.height = p.width = 128;
    const PhantomClip clip = simulatePhantom(p);
    ASSERT_GE(clip.edFrame, 0);
    ASSERT_GT(clip.esFrame, clip.edFrame);
    const double maxVolume = *std::max_element(clip.lvVolumeMl.begin(), clip.lvVolumeMl.end());
    const double minVolume = *std::min_element(clip.lvVolumeMl.begin(), clip.lvVolumeMl.end());
    EXPECT_DOUBLE_EQ(clip.lvVolumeMl[clip.edFrame], maxVolume) << "seed " << seed;
    EXPECT_DOUBLE_EQ(clip.lvVolumeMl[clip.esFrame], minVolume) << "seed " << seed;
    // Systole shrinks the cavity monotonically (up to pixel quantisation).
    for (int t = clip.edFrame + 1; t <= clip.esFrame; ++t)
      EXPECT_LE(clip.lvAreaPixels[t], clip.lvAreaPixels[t - 1] + 2.0) << "frame " << t;
  }
}

TEST(Phantom, MasksLieInsideTheSectorAndTheMyocardiumRingsTheCavity) {
  const PhantomClip clip = simulatePhantom(quickParams(50.0));
  const int h = clip.hq.height, w = clip.hq.width;
  const std::vector<std::uint8_t> sector = clip.sector.mask(h, w);
  for (int t = 0; t < clip.hq.frameCount; ++t) {
    const std::uint8_t* lv = clip.lvMask.frame(t);
    const std::uint8_t* myo = clip.myocardiumMask.frame(t);
    int lvCount = 0, myoCount = 0, ringed = 0, boundary = 0;
    for (int y = 1; y < h - 1; ++y) {
      for (int x = 1; x < w - 1; ++x) {
        const int i = y * w + x;
        ASSERT_LE(lv[i], 1);
        ASSERT_LE(myo[i], 1);
        ASSERT_FALSE(lv[i] && myo[i]) << "frame " << t << " pixel " << x << "," << y;
        if (lv[i] || myo[i]) {
          ASSERT_TRUE(sector[i]) << "frame " << t << " pixel " << x << "," << y;
        }
        lvCount += lv[i];
        myoCount += myo[i];
        // Cavity boundary pixels: how many touch myocardium (all but the mitral opening should).
        if (lv[i] && (!lv[i - 1] || !lv[i + 1] || !lv[i - w] || !lv[i + w])) {
          ++boundary;
          bool touches = false;
          for (int dy = -2; dy <= 2; ++dy)
            for (int dx = -2; dx <= 2; ++dx) touches = touches || myo[i + dy * w + dx];
          ringed += touches;
        }
      }
    }
    EXPECT_GT(lvCount, 1000) << "frame " << t;
    EXPECT_GT(myoCount, lvCount / 4) << "frame " << t;
    EXPECT_GT(static_cast<double>(ringed) / boundary, 0.75) << "frame " << t;
  }
  // Nothing outside the image border rows either.
  for (int t = 0; t < clip.hq.frameCount; ++t)
    for (int i = 0; i < h * w; ++i)
      if (!sector[i]) {
        ASSERT_EQ(clip.lvMask.frame(t)[i], 0);
        ASSERT_EQ(clip.myocardiumMask.frame(t)[i], 0);
        ASSERT_EQ(clip.hq.frame(t)[i], 0);
        ASSERT_EQ(clip.lq.frame(t)[i], 0);
      }
}

TEST(Phantom, LowQualityDiffersAndHasLessCavityToMyocardiumContrast) {
  const PhantomClip clip = simulatePhantom(quickParams(55.0));
  const RegionMeans hq = regionMeans(clip.hq, clip);
  const RegionMeans lq = regionMeans(clip.lq, clip);
  // HQ: dark blood pool, grey myocardium.
  EXPECT_LT(hq.cavity, 45.0);
  EXPECT_GT(hq.myocardium - hq.cavity, 60.0);
  // LQ: haze lifts the blood pool, the contrast drops.
  EXPECT_GT(lq.cavity, hq.cavity + 20.0);
  EXPECT_LT(lq.myocardium - lq.cavity, 0.7 * (hq.myocardium - hq.cavity));
  double absDiff = 0.0;
  for (std::size_t i = 0; i < clip.hq.pixels.size(); ++i)
    absDiff += std::abs(int(clip.hq.pixels[i]) - int(clip.lq.pixels[i]));
  EXPECT_GT(absDiff / clip.hq.pixels.size(), 10.0);
}

TEST(Phantom, WithoutDegradationTheLowQualityRenderingIsTheHighQualityOne) {
  PhantomParams p = quickParams(55.0);
  p.frames = 2;
  p.reverberation = p.haze = p.noise = p.attenuation = p.contrastLoss = 0.0;
  const PhantomClip clip = simulatePhantom(p);
  EXPECT_EQ(clip.hq.pixels, clip.lq.pixels);
}

TEST(Phantom, SpeckleMovesWithTheTissueInsteadOfBeingRedrawn) {
  PhantomParams p = quickParams(55.0);
  p.frames = 7;
  const PhantomClip clip = simulatePhantom(p);
  PhantomParams other = p;
  other.seed = p.seed + 1;
  const PhantomClip otherClip = simulatePhantom(other);
  auto correlation = [&](const std::uint8_t* a, const std::uint8_t* b, const std::uint8_t* region) {
    double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, n = 0;
    for (std::size_t i = 0; i < clip.hq.frameSize(); ++i) {
      if (!region[i]) continue;
      sa += a[i];
      sb += b[i];
      saa += double(a[i]) * a[i];
      sbb += double(b[i]) * b[i];
      sab += double(a[i]) * b[i];
      ++n;
    }
    const double cov = sab / n - (sa / n) * (sb / n);
    return cov / std::sqrt((saa / n - (sa / n) * (sa / n)) * (sbb / n - (sb / n) * (sb / n)));
  };
  // Myocardium in mid-systole (fastest wall motion), compared with the next frame (20 ms later)
  // and with the same frame of another seed (same anatomy, different scatterers).
  const std::uint8_t* region = clip.myocardiumMask.frame(5);
  const double consecutive = correlation(clip.hq.frame(5), clip.hq.frame(6), region);
  const double otherScatterers = correlation(clip.hq.frame(5), otherClip.hq.frame(5), region);
  EXPECT_GT(consecutive, 0.6);
  EXPECT_LT(otherScatterers, 0.45);
}

TEST(Phantom, IsDeterministicForASeed) {
  PhantomParams p = randomPhantomParams(5);
  p.frames = 4;
  p.height = p.width = 96;
  const PhantomClip a = simulatePhantom(p);
  const PhantomClip b = simulatePhantom(p);
  EXPECT_EQ(a.hq.pixels, b.hq.pixels);
  EXPECT_EQ(a.lq.pixels, b.lq.pixels);
  EXPECT_EQ(a.lvMask.pixels, b.lvMask.pixels);
  EXPECT_EQ(a.myocardiumMask.pixels, b.myocardiumMask.pixels);
  EXPECT_EQ(a.lvVolumeMl, b.lvVolumeMl);
  p.seed += 1;
  const PhantomClip c = simulatePhantom(p);
  EXPECT_NE(a.hq.pixels, c.hq.pixels);
}

TEST(Phantom, EchoNetSizeWorks) {
  PhantomParams p = randomPhantomParams(8);
  p.height = p.width = 112;
  p.frames = 32;
  const PhantomClip clip = simulatePhantom(p);
  for (const Clip* c : {&clip.hq, &clip.lq, &clip.lvMask, &clip.myocardiumMask}) {
    EXPECT_EQ(c->frameCount, 32);
    EXPECT_EQ(c->height, 112);
    EXPECT_EQ(c->width, 112);
    EXPECT_DOUBLE_EQ(c->fps, 50.0);
  }
  ASSERT_TRUE(clip.hq.spacing.has_value());
  EXPECT_NEAR(clip.hq.spacing->rowMm, p.depthMm / clip.sector.outerRadius, 1e-9);
  EXPECT_NEAR(clip.pixelSpacingMm, p.depthMm / clip.sector.outerRadius, 1e-9);
  EXPECT_NEAR(clip.ejectionFractionPercent, p.ejectionFractionPercent, 2.0);
  EXPECT_EQ(clip.lvVolumeMl.size(), 32u);
}

TEST(Phantom, TracingsFollowTheEchoNetLayoutAndOutlineTheMask) {
  const PhantomClip clip = simulatePhantom(quickParams(60.0));
  const int rowsPerFrame = 1 + kPhantomTracingChords;
  ASSERT_EQ(clip.tracings.size(), static_cast<std::size_t>(2 * rowsPerFrame));
  for (int which = 0; which < 2; ++which) {
    const int frame = which == 0 ? clip.edFrame : clip.esFrame;
    const VolumeTracing* rows = &clip.tracings[which * rowsPerFrame];
    for (int r = 0; r < rowsPerFrame; ++r) EXPECT_EQ(rows[r].frame, frame);
    // The long axis has the frame's LV length.
    const double axis = std::hypot(rows[0].x2 - rows[0].x1, rows[0].y2 - rows[0].y1);
    EXPECT_NEAR(axis * clip.pixelSpacingMm, clip.lvLengthMm[frame], 1e-6);
    // Shoelace area of the chord polygon (EchoNet: x1 down one side, x2 back up the other)
    // matches the mask's area.
    std::vector<double> px, py;
    for (int r = 1; r < rowsPerFrame; ++r) {
      px.push_back(rows[r].x1);
      py.push_back(rows[r].y1);
    }
    for (int r = rowsPerFrame - 1; r >= 1; --r) {
      px.push_back(rows[r].x2);
      py.push_back(rows[r].y2);
    }
    double area = 0.0;
    for (std::size_t k = 0; k < px.size(); ++k) {
      const std::size_t next = (k + 1) % px.size();
      area += px[k] * py[next] - px[next] * py[k];
    }
    area = 0.5 * std::abs(area);
    EXPECT_NEAR(area / clip.lvAreaPixels[frame], 1.0, 0.08) << "frame " << frame;
    // Chord ends sit on the cavity border: inside just within, outside just beyond.
    const std::uint8_t* mask = clip.lvMask.frame(frame);
    const int w = clip.lvMask.width;
    for (int r = 1; r < rowsPerFrame; ++r) {
      const double cx = 0.5 * (rows[r].x1 + rows[r].x2), cy = 0.5 * (rows[r].y1 + rows[r].y2);
      for (double end : {0.0, 1.0}) {
        const double ex = end == 0.0 ? rows[r].x1 : rows[r].x2;
        const double ey = end == 0.0 ? rows[r].y1 : rows[r].y2;
        const double len = std::hypot(ex - cx, ey - cy);
        if (len < 3.0) continue;  // the chord closest to the apex is too short to probe
        const double ux = (ex - cx) / len, uy = (ey - cy) / len;
        const int inX = static_cast<int>(std::lround(ex - 1.5 * ux));
        const int inY = static_cast<int>(std::lround(ey - 1.5 * uy));
        const int outX = static_cast<int>(std::lround(ex + 1.5 * ux));
        const int outY = static_cast<int>(std::lround(ey + 1.5 * uy));
        EXPECT_EQ(mask[inY * w + inX], 1) << "chord " << r << " frame " << frame;
        EXPECT_EQ(mask[outY * w + outX], 0) << "chord " << r << " frame " << frame;
      }
    }
  }
}

TEST(Phantom, ShortClipsStillCarryTheirEjectionFraction) {
  PhantomParams p = quickParams(45.0);
  p.frames = 1;
  const PhantomClip clip = simulatePhantom(p);
  EXPECT_EQ(clip.hq.frameCount, 1);
  EXPECT_EQ(clip.edFrame, 0);
  EXPECT_EQ(clip.esFrame, -1);
  EXPECT_TRUE(clip.tracings.empty());
  EXPECT_NEAR(clip.ejectionFractionPercent, 45.0, 1.0);
  EXPECT_DOUBLE_EQ(clip.lvVolumeMl[0], clip.edvMl);
}

TEST(Phantom, RandomParametersAreVariedAndPlausible) {
  double minEf = 100, maxEf = 0, minDepth = 1e9, maxDepth = 0, minAngle = 90, maxAngle = 0;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    PhantomParams p;
    ASSERT_NO_THROW(p = randomPhantomParams(seed)) << "seed " << seed;
    EXPECT_EQ(p.seed, seed);
    EXPECT_GE(p.ejectionFractionPercent, 15.0);
    EXPECT_LE(p.ejectionFractionPercent, 80.0);
    EXPECT_GE(p.sectorHalfAngleDeg, 35.0);
    EXPECT_LE(p.sectorHalfAngleDeg, 45.0);
    minEf = std::min(minEf, p.ejectionFractionPercent);
    maxEf = std::max(maxEf, p.ejectionFractionPercent);
    minDepth = std::min(minDepth, p.depthMm);
    maxDepth = std::max(maxDepth, p.depthMm);
    minAngle = std::min(minAngle, p.sectorHalfAngleDeg);
    maxAngle = std::max(maxAngle, p.sectorHalfAngleDeg);
  }
  EXPECT_LT(minEf, 30.0);
  EXPECT_GT(maxEf, 70.0);
  EXPECT_GT(maxDepth - minDepth, 25.0);
  EXPECT_GT(maxAngle - minAngle, 7.0);
  EXPECT_NE(randomPhantomParams(1).lvWidthMm, randomPhantomParams(2).lvWidthMm);
}

TEST(Phantom, RejectsBadParametersNamingThem) {
  auto message = [](const PhantomParams& p) {
    try {
      simulatePhantom(p);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  PhantomParams p;
  p.frames = 0;
  EXPECT_NE(message(p).find("frames"), std::string::npos);
  p = PhantomParams{};
  p.ejectionFractionPercent = 120.0;
  EXPECT_NE(message(p).find("ejectionFractionPercent"), std::string::npos);
  p = PhantomParams{};
  p.depthMm = 90.0;
  p.lvWidthMm = 75.0;
  p.sectorHalfAngleDeg = 25.0;
  EXPECT_NE(message(p).find("does not fit"), std::string::npos);
}

TEST(Phantom, CancelsWhenProgressSaysStop) {
  PhantomParams p = quickParams(50.0);
  int calls = 0;
  Progress progress([&](double, std::string_view) { return ++calls < 3; });
  EXPECT_THROW(simulatePhantom(p, progress), Cancelled);
}

}  // namespace
}  // namespace latentecho
