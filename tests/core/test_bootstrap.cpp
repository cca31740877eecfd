// Bootstrap confidence intervals: numpy-compatible quantiles, degenerate and known samples,
// determinism, paired resampling.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "latentecho/core/bootstrap.h"
#include "latentecho/core/error.h"

namespace latentecho {
namespace {

TEST(Bootstrap, QuantileMatchesNumpyLinear) {
  // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = [1, 1.75, 2.5, 3.7, 4]
  const std::vector<double> v{4, 1, 3, 2};
  EXPECT_DOUBLE_EQ(sampleQuantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(sampleQuantile(v, 0.25), 1.75);
  EXPECT_DOUBLE_EQ(sampleQuantile(v, 0.5), 2.5);
  EXPECT_NEAR(sampleQuantile(v, 0.9), 3.7, 1e-12);
  EXPECT_DOUBLE_EQ(sampleQuantile(v, 1.0), 4.0);
  EXPECT_THROW(sampleQuantile({}, 0.5), Error);
  EXPECT_THROW(sampleQuantile(v, 1.5), Error);
}

TEST(Bootstrap, ConstantSampleHasAZeroWidthInterval) {
  const BootstrapEstimate e = bootstrapMean(std::vector<double>(17, 0.62));
  EXPECT_DOUBLE_EQ(e.estimate, 0.62);
  EXPECT_DOUBLE_EQ(e.lower, 0.62);
  EXPECT_DOUBLE_EQ(e.upper, 0.62);
  EXPECT_EQ(e.samples, 17u);
  EXPECT_EQ(e.resamples, 1000);
}

TEST(Bootstrap, MeanIntervalMatchesTheNormalApproximation) {
  // 0..9 repeated 20 times: mean 4.5, population sd sqrt(8.25), n = 200. The percentile interval
  // of the mean is close to mean ± 1.96 sd / sqrt(n) = 4.5 ± 0.398.
  std::vector<double> values;
  for (int i = 0; i < 200; ++i) values.push_back(i % 10);
  BootstrapParams params;
  params.resamples = 4000;
  params.seed = 3;
  const BootstrapEstimate e = bootstrapMean(values, params);
  const double halfWidth = 1.96 * std::sqrt(8.25) / std::sqrt(200.0);
  EXPECT_DOUBLE_EQ(e.estimate, 4.5);
  EXPECT_NEAR(e.lower, 4.5 - halfWidth, 0.05);
  EXPECT_NEAR(e.upper, 4.5 + halfWidth, 0.05);
  // A wider confidence gives a wider interval.
  params.confidence = 0.99;
  const BootstrapEstimate wide = bootstrapMean(values, params);
  EXPECT_LT(wide.lower, e.lower);
  EXPECT_GT(wide.upper, e.upper);
}

TEST(Bootstrap, SameSeedSameIntervalOtherSeedOther) {
  std::vector<double> values;
  for (int i = 0; i < 40; ++i) values.push_back(std::sin(i * 1.7) + 0.01 * i);
  BootstrapParams params;
  params.seed = 11;
  const BootstrapEstimate a = bootstrapMean(values, params), b = bootstrapMean(values, params);
  EXPECT_EQ(a.lower, b.lower);
  EXPECT_EQ(a.upper, b.upper);
  params.seed = 12;
  const BootstrapEstimate c = bootstrapMean(values, params);
  EXPECT_NE(a.lower, c.lower);
  EXPECT_LE(a.lower, a.estimate);
  EXPECT_GE(a.upper, a.estimate);
}

TEST(Bootstrap, PairedResamplingKeepsPairsTogether) {
  // b = a + 3 exactly: every resample of pairs has MAE 3, so the interval has no width. Resampling
  // a and b independently would not give that.
  std::vector<double> a, b;
  for (int i = 0; i < 30; ++i) {
    a.push_back(40.0 + 7.0 * std::cos(i));
    b.push_back(a.back() + 3.0);
  }
  const BootstrapEstimate e = bootstrapMeanAbsoluteDifference(a, b);
  EXPECT_NEAR(e.estimate, 3.0, 1e-12);
  EXPECT_NEAR(e.lower, 3.0, 1e-12);
  EXPECT_NEAR(e.upper, 3.0, 1e-12);
  EXPECT_THROW(bootstrapMeanAbsoluteDifference(a, std::vector<double>(29, 1.0)), Error);
}

TEST(Bootstrap, StatisticOtherThanTheMean) {
  const std::vector<double> values{1, 2, 3, 4, 100};
  const BootstrapEstimate median = bootstrapStatistic(
      values, [](const std::vector<double>& v) { return sampleQuantile(v, 0.5); });
  EXPECT_DOUBLE_EQ(median.estimate, 3.0);
  EXPECT_GE(median.lower, 1.0);
  EXPECT_LE(median.upper, 100.0);
}

TEST(Bootstrap, BadInputIsAnError) {
  EXPECT_THROW(bootstrapMean({}), Error);
  EXPECT_THROW(bootstrapMean({1.0, std::nan("")}), Error);
  BootstrapParams params;
  params.resamples = 0;
  EXPECT_THROW(bootstrapMean({1.0}, params), Error);
  params = {};
  params.confidence = 1.0;
  EXPECT_THROW(bootstrapMean({1.0}, params), Error);
}

}  // namespace
}  // namespace latentecho
