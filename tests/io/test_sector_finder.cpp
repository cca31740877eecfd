// findSector on drawn echo-like clips (speckled fan with dark chambers, burnt-in text, a sweeping
// ECG trace and a grey bar outside the fan) of known geometry, and on images without a fan.
#include "latentecho/io/sector_finder.h"

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

struct Extras {
  bool text = true;
  bool ecg = true;
  bool bar = true;
};

// An echo-like clip: speckle (Rayleigh) over a tissue map with two dark chambers inside the fan,
// depth-dependent gain, zero outside except for overlays.
Clip drawEcho(const SectorGeometry& fan, int height, int width, int frames, unsigned seed,
              const Extras& extras = {}) {
  Clip clip(frames, height, width, 30.0);
  clip.source = "drawn echo";
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> uniform(1e-6, 1.0);
  for (int t = 0; t < frames; ++t) {
    cv::Mat image(height, width, CV_8UC1, clip.frame(t));
    const double beat = 0.1 * std::sin(2.0 * 3.14159 * t / 12.0);
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        double r = 0, a = 0;
        fan.toPolar(x + 0.5, y + 0.5, r, a);
        if (!fan.contains(x + 0.5, y + 0.5)) continue;
        const double depth = (r - fan.innerRadius) / (fan.outerRadius - fan.innerRadius);
        double reflectivity = 0.55 + 0.25 * std::sin(9.0 * depth) * std::cos(5.0 * a);
        // Two chambers: dark blood pools, one of them changing size with the "beat".
        const double u = a / fan.halfAngle, v = depth;
        if (std::pow((u + 0.35) / (0.3 + beat), 2) + std::pow((v - 0.45) / 0.22, 2) < 1.0)
          reflectivity = 0.05;
        if (std::pow((u - 0.4) / 0.25, 2) + std::pow((v - 0.7) / 0.15, 2) < 1.0)
          reflectivity = 0.06;
        const double speckle = std::sqrt(-2.0 * std::log(uniform(random)));
        const double gain = 0.8 + 0.4 * depth;
        image.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(
            std::clamp(110.0 * reflectivity * speckle * gain + 6.0, 0.0, 255.0));
      }
    if (extras.text) {
      cv::putText(image, "HR 72 bpm", cv::Point(4, 14), cv::FONT_HERSHEY_PLAIN, 0.8,
                  cv::Scalar(230), 1);
      cv::putText(image, "16cm", cv::Point(width - 40, height / 3), cv::FONT_HERSHEY_PLAIN, 0.8,
                  cv::Scalar(200), 1);
    }
    if (extras.ecg) {
      // A sweeping trace along the bottom, drawn up to the sweep position.
      const int sweep = (t + 1) * width / frames;
      std::vector<cv::Point> trace;
      for (int x = 2; x < sweep - 2; ++x) {
        const double phase = std::fmod(x / 60.0, 1.0);
        const double spike = std::exp(-std::pow((phase - 0.3) / 0.02, 2)) * 8.0;
        trace.emplace_back(x, height - 8 - static_cast<int>(spike + 1.5 * std::sin(phase * 6.28)));
      }
      if (trace.size() > 1) cv::polylines(image, trace, false, cv::Scalar(180), 1);
    }
    if (extras.bar) {
      for (int y = 20; y < 20 + height / 4; ++y)
        for (int x = width - 12; x < width - 6; ++x)
          image.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(255 * (y - 20) / (height / 4));
    }
  }
  return clip;
}

SectorGeometry fan(double apexX, double apexY, double inner, double outer, double halfDegrees,
                   double axisDegrees) {
  SectorGeometry g;
  g.apexX = apexX;
  g.apexY = apexY;
  g.innerRadius = inner;
  g.outerRadius = outer;
  g.halfAngle = halfDegrees * kDegree;
  g.axisAngle = axisDegrees * kDegree;
  return g;
}

void expectClose(const SectorGeometry& found, const SectorGeometry& truth, double innerTolerance) {
  EXPECT_NEAR(found.apexX, truth.apexX, 3.0);
  EXPECT_NEAR(found.apexY, truth.apexY, 3.0);
  EXPECT_NEAR(found.halfAngle / kDegree, truth.halfAngle / kDegree, 1.5);
  EXPECT_NEAR(found.axisAngle / kDegree, truth.axisAngle / kDegree, 1.5);
  EXPECT_NEAR(found.outerRadius, truth.outerRadius, 3.0);
  EXPECT_NEAR(found.innerRadius, truth.innerRadius, innerTolerance);
}

std::string errorOf(const Clip& clip) {
  try {
    findSector(clip);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(SectorFinder, FindsAnApicalFanAmongTextEcgAndABar) {
  const SectorGeometry truth = fan(200.0, 22.0, 10.0, 250.0, 38.0, 0.0);
  const Clip clip = drawEcho(truth, 300, 400, 16, 1);
  const SectorGeometry found = findSector(clip);
  expectClose(found, truth, 4.0);
}

TEST(SectorFinder, FindsATiltedWideFanOnASingleFrame) {
  const SectorGeometry truth = fan(180.0, 30.0, 0.0, 200.0, 45.0, 8.0);
  const Clip clip = drawEcho(truth, 260, 360, 1, 2);
  expectClose(findSector(clip), truth, 5.0);
}

TEST(SectorFinder, FindsAFanCutByTheImageBorders) {
  // EchoNet-like: a small square frame, the apex above the image and the fan's sides and bottom
  // cut by the borders.
  const SectorGeometry truth = fan(56.0, -6.0, 0.0, 125.0, 42.0, 0.0);
  Extras extras;
  extras.bar = false;
  extras.ecg = false;
  const Clip clip = drawEcho(truth, 112, 112, 24, 3, extras);
  const SectorGeometry found = findSector(clip);
  EXPECT_NEAR(found.apexX, truth.apexX, 3.0);
  EXPECT_NEAR(found.apexY, truth.apexY, 3.0);
  EXPECT_NEAR(found.halfAngle / kDegree, 42.0, 2.0);
  EXPECT_NEAR(found.axisAngle / kDegree, 0.0, 2.0);
  // Only the part of the fan inside the image is visible: the sector must cover all of it.
  int missed = 0;
  for (int y = 0; y < 112; ++y)
    for (int x = 0; x < 112; ++x)
      if (truth.contains(x + 0.5, y + 0.5) && !found.contains(x + 0.5, y + 0.5)) ++missed;
  EXPECT_LT(missed, 112 * 112 / 100);
}

TEST(SectorFinder, FindsAnUpsideDownFan) {
  // Some views put the apex at the bottom (axis pointing up).
  const SectorGeometry truth = fan(150.0, 270.0, 5.0, 230.0, 35.0, 180.0);
  Extras extras;
  extras.ecg = false;
  const Clip clip = drawEcho(truth, 290, 300, 4, 4, extras);
  const SectorGeometry found = findSector(clip);
  EXPECT_NEAR(found.apexX, truth.apexX, 3.0);
  EXPECT_NEAR(found.apexY, truth.apexY, 3.0);
  EXPECT_NEAR(found.halfAngle / kDegree, 35.0, 1.5);
  EXPECT_NEAR(std::abs(found.axisAngle / kDegree), 180.0, 1.5);
  EXPECT_NEAR(found.outerRadius, truth.outerRadius, 3.0);
}

TEST(SectorFinder, UniformImagesHaveNoSector) {
  for (int value : {0, 128, 255}) {
    Clip clip(3, 120, 160);
    std::fill(clip.pixels.begin(), clip.pixels.end(), static_cast<std::uint8_t>(value));
    clip.source = "uniform.png";
    const std::string message = errorOf(clip);
    EXPECT_NE(message.find("no ultrasound sector found in uniform.png"), std::string::npos)
        << message;
  }
}

TEST(SectorFinder, NoiseEverywhereHasNoSector) {
  for (int frames : {1, 10}) {
    Clip clip(frames, 150, 200);
    std::mt19937 random(5);
    for (auto& p : clip.pixels) p = static_cast<std::uint8_t>(random() & 0xFF);
    EXPECT_NE(errorOf(clip).find("no ultrasound sector found"), std::string::npos) << frames;
  }
}

TEST(SectorFinder, CheckerboardsHaveNoSector) {
  for (int square : {4, 16, 40}) {
    Clip clip(1, 200, 240);
    for (int y = 0; y < 200; ++y)
      for (int x = 0; x < 240; ++x) clip.at(0, y, x) = ((x / square + y / square) % 2) ? 220 : 10;
    EXPECT_NE(errorOf(clip).find("no ultrasound sector found"), std::string::npos) << square;
  }
}

TEST(SectorFinder, NaturalLookingImagesAndOtherShapesHaveNoSector) {
  // Smooth random blobs (a "photograph"), a disc and a rectangle on black.
  cv::Mat blobs(180, 240, CV_32FC1);
  cv::RNG rng(11);
  rng.fill(blobs, cv::RNG::UNIFORM, 0.0, 1.0);
  cv::GaussianBlur(blobs, blobs, cv::Size(0, 0), 12.0);
  cv::normalize(blobs, blobs, 0, 255, cv::NORM_MINMAX);
  Clip photo(1, 180, 240);
  cv::Mat photoFrame(180, 240, CV_8UC1, photo.frame(0));
  blobs.convertTo(photoFrame, CV_8U);
  EXPECT_NE(errorOf(photo).find("no ultrasound sector found"), std::string::npos);

  Clip disc(1, 180, 240);
  cv::Mat discFrame(180, 240, CV_8UC1, disc.frame(0));
  cv::circle(discFrame, cv::Point(120, 90), 70, cv::Scalar(150), cv::FILLED);
  EXPECT_NE(errorOf(disc).find("no ultrasound sector found"), std::string::npos);

  Clip box(1, 180, 240);
  cv::Mat boxFrame(180, 240, CV_8UC1, box.frame(0));
  cv::rectangle(boxFrame, cv::Rect(40, 30, 150, 110), cv::Scalar(150), cv::FILLED);
  EXPECT_NE(errorOf(box).find("no ultrasound sector found"), std::string::npos);

  EXPECT_NE(errorOf(Clip()).find("no ultrasound sector found"), std::string::npos);
}

TEST(SectorFinder, IsDeterministic) {
  const SectorGeometry truth = fan(128.0, 10.0, 0.0, 220.0, 40.0, -5.0);
  const Clip clip = drawEcho(truth, 240, 256, 6, 9);
  const SectorGeometry a = findSector(clip), b = findSector(clip);
  EXPECT_EQ(a.apexX, b.apexX);
  EXPECT_EQ(a.apexY, b.apexY);
  EXPECT_EQ(a.halfAngle, b.halfAngle);
  EXPECT_EQ(a.outerRadius, b.outerRadius);
  expectClose(a, truth, 5.0);
}

}  // namespace
}  // namespace latentecho
