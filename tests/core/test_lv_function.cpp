// LV function from masks: geometry on shapes measured by hand, ED/ES detection on synthetic and
// phantom traces, and EF from the phantom's true masks against the phantom's EF.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/lv_function.h"
#include "latentecho/core/phantom.h"

namespace latentecho {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(LvFunction, RectangleGeometry) {
  // 10 wide x 40 tall, axis-aligned: area 400 px, long axis 40 px.
  const int h = 60, w = 30;
  std::vector<std::uint8_t> mask(h * w, 0);
  for (int y = 10; y < 50; ++y)
    for (int x = 5; x < 15; ++x) mask[y * w + x] = 1;
  const LvMaskGeometry g = lvMaskGeometry(mask.data(), h, w);
  EXPECT_DOUBLE_EQ(g.areaPixels, 400.0);
  EXPECT_NEAR(g.longAxis, 40.0, 1e-9);
  EXPECT_NEAR(g.volume, 8.0 * 400.0 * 400.0 / (3.0 * kPi * 40.0), 1e-6);
  // 0.5 mm pixels: 100 mm^2, 20 mm, volume in ml.
  const PixelSpacing spacing{0.5, 0.5};
  const LvMaskGeometry mm = lvMaskGeometry(mask.data(), h, w, &spacing);
  EXPECT_NEAR(mm.area, 100.0, 1e-9);
  EXPECT_NEAR(mm.longAxis, 20.0, 1e-9);
  EXPECT_NEAR(mm.longAxisPixels, 40.0, 1e-9);
  EXPECT_NEAR(mm.volume, 8.0 * 100.0 * 100.0 / (3.0 * kPi * 20.0) / 1000.0, 1e-9);
  const std::vector<std::uint8_t> empty(h * w, 0);
  EXPECT_DOUBLE_EQ(lvMaskGeometry(empty.data(), h, w).volume, 0.0);
}

TEST(LvFunction, TiltedEllipseLongAxis) {
  // Ellipse with semi-axes 30 and 12, long axis tilted 25 degrees: L ≈ 60 (within a pixel).
  const int size = 100;
  std::vector<std::uint8_t> mask(size * size, 0);
  const double c = std::cos(25 * kPi / 180), s = std::sin(25 * kPi / 180);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const double dx = x - 50.0, dy = y - 50.0;
      const double u = c * dx + s * dy, v = -s * dx + c * dy;
      mask[y * size + x] = (u / 30) * (u / 30) + (v / 12) * (v / 12) <= 1.0;
    }
  const LvMaskGeometry g = lvMaskGeometry(mask.data(), size, size);
  EXPECT_NEAR(g.longAxis, 60.0, 1.5);
  EXPECT_NEAR(g.areaPixels, kPi * 30 * 12, 20.0);
}

TEST(LvFunction, PhasesOfACosineTrace) {
  // Period 40 frames at 50 fps (75 bpm), 100 frames: maxima at 0, 40, 80; minima at 20, 60 and
  // one frame after the end: the last frame, one step from it where the trace is flat, counts.
  std::vector<double> trace;
  for (int t = 0; t < 100; ++t) trace.push_back(1000.0 + 300.0 * std::cos(2 * kPi * t / 40.0));
  const CardiacPhases phases = detectCardiacPhases(trace, 50.0);
  EXPECT_EQ(phases.edFrames, (std::vector<int>{0, 40, 80}));
  EXPECT_EQ(phases.esFrames, (std::vector<int>{20, 60, 99}));
  // Cut off mid-systole (trace still falling steeply at both ends of frames 5..14): no extremes
  // at the ends, so no ED/ES at all.
  const std::vector<double> steep(trace.begin() + 5, trace.begin() + 15);
  const CardiacPhases cut = detectCardiacPhases(steep, 50.0);
  EXPECT_TRUE(cut.edFrames.empty());
  EXPECT_TRUE(cut.esFrames.empty());
}

TEST(LvFunction, NoiseAndFlatTracesGiveNoSpuriousPhases) {
  // Small wiggles on a beat: only the beat's extremes are prominent enough.
  std::vector<double> trace;
  for (int t = 0; t < 60; ++t)
    trace.push_back(1000.0 + 300.0 * std::cos(2 * kPi * (t - 10) / 45.0) + ((t * 7) % 5) * 6.0);
  const CardiacPhases phases = detectCardiacPhases(trace, 50.0);
  ASSERT_EQ(phases.esFrames.size(), 1u);
  EXPECT_NEAR(phases.esFrames[0], 32, 2);
  ASSERT_GE(phases.edFrames.size(), 1u);
  EXPECT_NEAR(phases.edFrames[0], 10, 2);
  EXPECT_TRUE(detectCardiacPhases(std::vector<double>(30, 500.0), 50.0).edFrames.empty());
  EXPECT_TRUE(detectCardiacPhases(std::vector<double>(30, 0.0), 50.0).esFrames.empty());
  EXPECT_THROW(detectCardiacPhases({1.0, std::nan(""), 2.0}, 50.0), Error);
  EXPECT_THROW(detectCardiacPhases({1.0, 2.0}, 0.0), Error);
}

// The phantom's true area trace and masks: detection finds its ED/ES, and the EF from its masks
// (area-length, with L from the masks) matches its EF (area-length, L from the model heart).
TEST(LvFunction, PhantomTruthEdEsAndEjectionFraction) {
  for (std::uint64_t seed : {3u, 8u, 21u, 34u}) {
    PhantomParams params = randomPhantomParams(seed);
    params.frames = 40;
    params.height = params.width = 112;
    const PhantomClip phantom = simulatePhantom(params);
    SCOPED_TRACE(testing::Message()
                 << "seed " << seed << " ED " << phantom.edFrame << " ES " << phantom.esFrame
                 << " EF " << phantom.ejectionFractionPercent);
    ASSERT_GE(phantom.esFrame, 0);

    // EF at the true frames isolates the volume method from the phase detection.
    const PixelSpacing spacing{phantom.pixelSpacingMm, phantom.pixelSpacingMm};
    const LvMaskGeometry ed =
        lvMaskGeometry(phantom.lvMask.frame(phantom.edFrame), 112, 112, &spacing);
    const LvMaskGeometry es =
        lvMaskGeometry(phantom.lvMask.frame(phantom.esFrame), 112, 112, &spacing);
    const double ef = 100.0 * (ed.volume - es.volume) / ed.volume;
    EXPECT_NEAR(ef, phantom.ejectionFractionPercent, 2.5);
    EXPECT_NEAR(ed.volume, phantom.edvMl, 0.15 * phantom.edvMl);

    const LvFunction function = measureLvFunction(phantom.lvMask);
    EXPECT_TRUE(function.volumeInMl);
    ASSERT_EQ(function.beats.size(), 1u);
    EXPECT_NEAR(function.beats[0].esFrame, phantom.esFrame, 1);
    EXPECT_NEAR(function.beats[0].edFrame, phantom.edFrame, 1);
    EXPECT_NEAR(function.ejectionFractionPercent, phantom.ejectionFractionPercent, 3.0);
  }
}

TEST(LvFunctionSlow, PhantomSeveralBeats) {
  PhantomParams params;
  params.frames = 150;  // 3 s at 50 fps, 70 bpm: three ES
  params.height = params.width = 112;
  params.ejectionFractionPercent = 45;
  const PhantomClip phantom = simulatePhantom(params);
  const LvFunction function = measureLvFunction(phantom.lvMask);
  ASSERT_GE(function.beats.size(), 3u);
  EXPECT_EQ(function.beats[0].esFrame, phantom.esFrame);
  for (const CardiacBeat& beat : function.beats)
    EXPECT_NEAR(beat.ejectionFractionPercent, 45.0, 3.0) << "ES " << beat.esFrame;
}

TEST(LvFunction, ErrorsNameTheProblem) {
  EXPECT_THROW(measureLvFunction(Clip()), Error);
  EXPECT_THROW(measureLvFunction(Clip(4, 8, 8, 0.0)), Error);
  const LvFunction still = measureLvFunction(Clip(4, 8, 8, 50.0));
  EXPECT_TRUE(still.beats.empty());
  EXPECT_TRUE(std::isnan(still.ejectionFractionPercent));
}

}  // namespace
}  // namespace latentecho
