// prepareClip: sector crop, blanking outside the fan, resize and frame window, on drawn clips of
// known geometry.
#include "latentecho/io/prepare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

constexpr double kDegree = 3.14159265358979323846 / 180.0;

SectorGeometry apicalFan() {
  SectorGeometry g;
  g.apexX = 200.0;
  g.apexY = 22.0;
  g.innerRadius = 10.0;
  g.outerRadius = 250.0;
  g.halfAngle = 38.0 * kDegree;
  return g;
}

// Speckle inside the fan (different in every frame), a marker square inside it (value 250 at
// x 190..199, y 140..149), text and a bright bar outside it.
Clip drawClip(const SectorGeometry& fan, int frames) {
  Clip clip(frames, 300, 400, 40.0);
  clip.spacing = PixelSpacing{0.3, 0.3};
  clip.source = "drawn.avi";
  std::mt19937 random(3);
  std::uniform_int_distribution<int> speckle(20, 120);
  for (int t = 0; t < frames; ++t) {
    cv::Mat image(300, 400, CV_8UC1, clip.frame(t));
    for (int y = 0; y < 300; ++y)
      for (int x = 0; x < 400; ++x)
        if (fan.contains(x + 0.5, y + 0.5)) image.at<std::uint8_t>(y, x) = speckle(random);
    image(cv::Rect(190, 140, 10, 10)).setTo(250);
    cv::putText(image, "MI 1.2  TIS 0.4", cv::Point(4, 14), cv::FONT_HERSHEY_PLAIN, 0.9,
                cv::Scalar(255), 1);
    image(cv::Rect(380, 40, 8, 90)).setTo(240);
  }
  return clip;
}

int countOutsideNonZero(const PreparedClip& prepared) {
  const Clip& clip = prepared.clip;
  const std::vector<std::uint8_t> mask = prepared.sectorInPrepared.mask(clip.height, clip.width);
  int count = 0;
  for (int t = 0; t < clip.frameCount; ++t)
    for (std::size_t i = 0; i < clip.frameSize(); ++i)
      if (!mask[i] && clip.frame(t)[i] != 0) ++count;
  return count;
}

TEST(Prepare, CropsTheSectorSquareBlanksTheRestAndResizes) {
  const SectorGeometry fan = apicalFan();
  const Clip source = drawClip(fan, 40);
  const PreparedClip prepared = prepareClip(source, fan, PrepareOptions{});
  const Clip& clip = prepared.clip;
  ASSERT_EQ(clip.frameCount, 32);
  ASSERT_EQ(clip.width, 256);
  ASSERT_EQ(clip.height, 256);
  EXPECT_EQ(clip.fps, 40.0);

  // The bounding square of the fan inside the image: x 46..354 (apex ± 250 sin 38°), y 30..272.
  EXPECT_EQ(prepared.cropWidth, prepared.cropHeight);
  EXPECT_NEAR(prepared.cropWidth, 309, 2);
  EXPECT_NEAR(prepared.cropX, 46, 2);
  EXPECT_LE(prepared.cropY, 30);
  EXPECT_GE(prepared.cropY + prepared.cropHeight, 272);

  const double scale = 256.0 / prepared.cropWidth;
  EXPECT_NEAR(prepared.sectorInPrepared.apexX, (200.0 - prepared.cropX) * scale, 1e-9);
  EXPECT_NEAR(prepared.sectorInPrepared.apexY, (22.0 - prepared.cropY) * scale, 1e-9);
  EXPECT_NEAR(prepared.sectorInPrepared.outerRadius, 250.0 * scale, 1e-9);
  EXPECT_EQ(prepared.sectorInPrepared.halfAngle, fan.halfAngle);
  EXPECT_EQ(prepared.sectorInSource.apexX, fan.apexX);
  ASSERT_TRUE(clip.spacing.has_value());
  EXPECT_NEAR(clip.spacing->rowMm, 0.3 / scale, 1e-12);
  EXPECT_NE(clip.source.find("drawn.avi"), std::string::npos);
  EXPECT_NE(clip.source.find("prepared"), std::string::npos);

  // Nothing but the fan survives: the text and the bar were outside it.
  EXPECT_EQ(countOutsideNonZero(prepared), 0);
  // The marker lands where the crop and scale say.
  const int markerX = static_cast<int>((195.0 - prepared.cropX) * scale);
  const int markerY = static_cast<int>((145.0 - prepared.cropY) * scale);
  for (int t = 0; t < clip.frameCount; ++t) EXPECT_GE(clip.at(t, markerY, markerX), 240) << t;
  // Inside the fan the speckle's mean level is kept (area averaging).
  double total = 0;
  int count = 0;
  for (int y = 120; y < 200; ++y)
    for (int x = 60; x < 100; ++x)
      if (prepared.sectorInPrepared.contains(x + 0.5, y + 0.5)) {
        total += clip.at(0, y, x);
        ++count;
      }
  ASSERT_GT(count, 100);
  EXPECT_NEAR(total / count, 70.0, 6.0);
}

TEST(Prepare, FindsTheSectorItselfWhenNotGiven) {
  const SectorGeometry fan = apicalFan();
  const Clip source = drawClip(fan, 8);
  const PreparedClip found = prepareClip(source, PrepareOptions{128, 0, 0});
  EXPECT_EQ(found.clip.frameCount, 8);
  EXPECT_EQ(found.clip.width, 128);
  EXPECT_NEAR(found.sectorInSource.apexX, fan.apexX, 3.0);
  EXPECT_NEAR(found.sectorInSource.apexY, fan.apexY, 3.0);
  EXPECT_NEAR(found.sectorInSource.halfAngle, fan.halfAngle, 1.5 * kDegree);
  EXPECT_NEAR(found.cropWidth, 309, 6);
  EXPECT_EQ(countOutsideNonZero(found), 0);
}

TEST(Prepare, FrameWindowTakesWhatTheClipHas) {
  const SectorGeometry fan = apicalFan();
  const Clip source = drawClip(fan, 40);
  PreparedClip window = prepareClip(source, fan, PrepareOptions{64, 5, 12});
  EXPECT_EQ(window.clip.frameCount, 5);
  EXPECT_NE(window.clip.source.find("frames 12-16 of 40"), std::string::npos) << window.clip.source;
  PreparedClip tail = prepareClip(source, fan, PrepareOptions{64, 32, 30});
  EXPECT_EQ(tail.clip.frameCount, 10);  // shorter than asked: all that is left, no padding
  PreparedClip all = prepareClip(source, fan, PrepareOptions{64, 0, 0});
  EXPECT_EQ(all.clip.frameCount, 40);
  // The windows hold the right frames: compare with the whole clip prepared the same way.
  for (int t = 0; t < 5; ++t)
    EXPECT_TRUE(
        std::equal(window.clip.frame(t), window.clip.frame(t) + 64 * 64, all.clip.frame(12 + t)))
        << t;
  EXPECT_TRUE(std::equal(tail.clip.frame(9), tail.clip.frame(9) + 64 * 64, all.clip.frame(39)));
}

TEST(Prepare, BadOptionsAndClipsAreErrors) {
  const SectorGeometry fan = apicalFan();
  const Clip source = drawClip(fan, 4);
  EXPECT_THROW(prepareClip(source, fan, PrepareOptions{4, 32, 0}), Error);
  EXPECT_THROW(prepareClip(source, fan, PrepareOptions{256, -1, 0}), Error);
  EXPECT_THROW(prepareClip(source, fan, PrepareOptions{256, 32, 4}), Error);
  EXPECT_THROW(prepareClip(source, fan, PrepareOptions{256, 32, -1}), Error);
  EXPECT_THROW(prepareClip(Clip(), fan, PrepareOptions{}), Error);
  SectorGeometry invalid = fan;
  invalid.outerRadius = 5.0;
  EXPECT_THROW(prepareClip(source, invalid, PrepareOptions{}), Error);
  SectorGeometry elsewhere = fan;
  elsewhere.apexX = -2000.0;
  try {
    prepareClip(source, elsewhere, PrepareOptions{});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not overlap"), std::string::npos) << e.what();
  }
  // No fan at all: the finder's error.
  Clip flat(2, 100, 100);
  std::fill(flat.pixels.begin(), flat.pixels.end(), 90);
  flat.source = "flat.png";
  try {
    prepareClip(flat, PrepareOptions{});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("no ultrasound sector found in flat.png"),
              std::string::npos)
        << e.what();
  }
}

TEST(Prepare, FanWiderThanTheImageIsPaddedNotDistorted) {
  // The fan's bounding square (taller than the 150-px-wide image) extends past the image sides.
  SectorGeometry fan;
  fan.apexX = 75.0;
  fan.apexY = 0.0;
  fan.outerRadius = 190.0;
  fan.halfAngle = 15.0 * kDegree;
  Clip source(1, 200, 150);
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 150; ++x)
      if (fan.contains(x + 0.5, y + 0.5)) source.at(0, y, x) = 100;
  const PreparedClip prepared = prepareClip(source, fan, PrepareOptions{100, 1, 0});
  EXPECT_EQ(prepared.cropWidth, prepared.cropHeight);
  EXPECT_GT(prepared.cropWidth, 150);
  EXPECT_LT(prepared.cropX, 0);
  // The fan stays symmetric about the centre column: no stretching.
  EXPECT_NEAR(prepared.sectorInPrepared.apexX, 50.0, 1.0);
  EXPECT_EQ(prepared.clip.at(0, 50, 5), 0);
  EXPECT_NEAR(prepared.clip.at(0, 60, 50), 100, 1);
}

}  // namespace
}  // namespace latentecho
