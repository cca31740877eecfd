// The α sweep: each α's whole rendered clip is measured by each metric (gCNR through the analysis,
// P_hq on the clip itself, on the right axis), and the quality score comes from a real classifier.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <cmath>
#include <string>

#include "alpha_sweep.h"
#include "clip_analysis.h"
#include "frame_renderer.h"
#include "latentecho/core/error.h"
#include "test_application.h"

namespace latentecho::studio {
namespace {

class AlphaSweepTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    latentecho::testing::startTestApplication<QCoreApplication>("test_alpha_sweep");
  }
};

// Every frame a flat grey of 100·α + 10·index, so what a metric saw tells which α and frames.
class GreyRenderer : public FrameRenderer {
 public:
  explicit GreyRenderer(int frames) : frames_(frames) {}
  int frameCount() const override { return frames_; }
  int preferredBatch() const override { return 2; }
  QString name() const override { return QStringLiteral("grey"); }
  std::vector<QImage> render(double alpha, const std::vector<int>& frames) const override {
    std::vector<QImage> images;
    for (int index : frames) {
      QImage image(8, 6, QImage::Format_Grayscale8);
      image.fill(static_cast<uint>(100.0 * alpha + 10.0 * index));
      images.push_back(image);
    }
    return images;
  }

 private:
  int frames_;
};

double meanGrey(const Clip& clip) {
  double sum = 0.0;
  for (std::uint8_t v : clip.pixels) sum += v;
  return sum / static_cast<double>(clip.pixels.size());
}

TEST_F(AlphaSweepTest, ScoresTheWholeRenderedClipAtEachAlphaOnTheRightAxis) {
  const Clip prepared(3, 6, 8, 25.0);
  std::vector<int> scoredFrameCounts;
  std::vector<double> scoredFps;
  const QualityScore quality = [&](const Clip& clip) {
    scoredFrameCounts.push_back(clip.frameCount);
    scoredFps.push_back(clip.fps);
    return meanGrey(clip) / 255.0;
  };
  const std::vector<AlphaSweepMetric> metrics = standardSweepMetrics(quality);
  ASSERT_EQ(metrics.size(), 2u);
  const AlphaSweepResult result =
      sweepAlpha(GreyRenderer(3), prepared, {0.0, 0.5, 1.0}, {}, metrics);
  ASSERT_EQ(result.names.size(), 2u);
  EXPECT_EQ(result.names[0], "gCNR");
  EXPECT_EQ(result.names[1], "P_hq");
  ASSERT_EQ(result.axes.size(), 2u);
  EXPECT_EQ(result.axes[0], SweepAxis::Left);
  EXPECT_EQ(result.axes[1], SweepAxis::Right);
  // No segmenter: gCNR cannot be measured; P_hq needs none.
  for (double value : result.values[0]) EXPECT_TRUE(std::isnan(value));
  ASSERT_EQ(scoredFrameCounts, (std::vector<int>{3, 3, 3}));
  for (double fps : scoredFps) EXPECT_DOUBLE_EQ(fps, 25.0);
  const double frameMean = 10.0;  // (0 + 10 + 20) / 3
  for (std::size_t a = 0; a < 3; ++a)
    EXPECT_NEAR(result.values[1][a], (100.0 * result.alphas[a] + frameMean) / 255.0, 1e-9) << a;
}

TEST_F(AlphaSweepTest, WithoutAQualityScoreOnlyGcnrIsSwept) {
  const std::vector<AlphaSweepMetric> metrics = standardSweepMetrics();
  ASSERT_EQ(metrics.size(), 1u);
  EXPECT_EQ(metrics[0].name, "gCNR");
  EXPECT_EQ(metrics[0].axis, SweepAxis::Left);
}

TEST_F(AlphaSweepTest, TheBundledQualityModelScoresAClipAsAProbability) {
  const QualityScore quality = qualityScoreFromModel(defaultQualityModelFolder());
  Clip clip(12, 40, 40, 50.0);
  std::uint32_t state = 7;
  for (auto& v : clip.pixels) {
    state = state * 1664525u + 1013904223u;
    v = static_cast<std::uint8_t>(state >> 24);
  }
  const double probability = quality(clip);
  EXPECT_GE(probability, 0.0);
  EXPECT_LE(probability, 1.0);
  EXPECT_DOUBLE_EQ(quality(clip), probability);  // eval mode: the same clip, the same score
}

TEST_F(AlphaSweepTest, AMissingQualityModelIsAnErrorNamingTheFolder) {
  const std::string folder = "/nonexistent/quality-model";
  try {
    qualityScoreFromModel(folder);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(folder), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace latentecho::studio
