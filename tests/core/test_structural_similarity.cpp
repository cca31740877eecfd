#include "latentecho/core/structural_similarity.h"

#include <ATen/Context.h>
#include <gtest/gtest.h>

#include <cmath>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

at::Tensor smoothImages(int64_t n, int64_t size, std::uint64_t seed) {
  at::manual_seed(seed);
  at::Tensor coarse = at::rand({n, 1, size / 8, size / 8}) * 2 - 1;
  return at::upsample_bilinear2d(coarse, {size, size}, false);
}

TEST(StructuralSimilarity, IdenticalImagesScoreOneAndZeroDissimilarity) {
  const at::Tensor a = smoothImages(3, 64, 1);
  const at::Tensor ssim = structuralSimilarity(a, a);
  ASSERT_EQ(ssim.sizes(), (std::vector<int64_t>{3}));
  EXPECT_NEAR(ssim.min().item<double>(), 1.0, 1e-5);
  EXPECT_NEAR(multiScaleStructuralDissimilarity(a, a).abs().max().item<double>(), 0.0, 1e-5);
  EXPECT_TRUE(std::isinf(peakSignalToNoiseRatio(a, a)[0].item<double>()));
}

TEST(StructuralSimilarity, NoiseLowersSimilarityMonotonically) {
  const at::Tensor a = smoothImages(2, 64, 2);
  at::manual_seed(3);
  const at::Tensor noise = at::randn_like(a);
  const double weak = structuralSimilarity(a, a + 0.05 * noise).mean().item<double>();
  const double strong = structuralSimilarity(a, a + 0.3 * noise).mean().item<double>();
  EXPECT_LT(weak, 1.0);
  EXPECT_LT(strong, weak);
  const double weakD = multiScaleStructuralDissimilarity(a, a + 0.05 * noise).mean().item<double>();
  const double strongD =
      multiScaleStructuralDissimilarity(a, a + 0.3 * noise).mean().item<double>();
  EXPECT_GT(weakD, 0.0);
  EXPECT_GT(strongD, weakD);
}

TEST(StructuralSimilarity, PsnrOfAConstantOffset) {
  const at::Tensor a = smoothImages(2, 32, 4);
  // MSE 0.01 with peak-to-peak 2: 10 log10(4 / 0.01) = 26.0206 dB.
  const at::Tensor psnr = peakSignalToNoiseRatio(a + 0.1, a);
  EXPECT_NEAR(psnr[0].item<double>(), 10.0 * std::log10(400.0), 1e-3);
  EXPECT_NEAR(psnr[1].item<double>(), 10.0 * std::log10(400.0), 1e-3);
}

TEST(StructuralSimilarity, DissimilarityIsDifferentiable) {
  const at::Tensor target = smoothImages(2, 64, 5);
  at::Tensor x = (target + 0.2).detach().requires_grad_(true);
  multiScaleStructuralDissimilarity(x, target).sum().backward();
  ASSERT_TRUE(x.grad().defined());
  EXPECT_TRUE(at::isfinite(x.grad()).all().item<bool>());
  EXPECT_GT(x.grad().abs().sum().item<double>(), 0.0);
}

TEST(StructuralSimilarity, RejectsMismatchedOrTinyImages) {
  EXPECT_THROW(structuralSimilarity(at::zeros({1, 1, 16, 16}), at::zeros({1, 1, 16, 17})), Error);
  EXPECT_THROW(structuralSimilarity(at::zeros({1, 1, 8, 8}), at::zeros({1, 1, 8, 8})), Error);
}

}  // namespace
}  // namespace latentecho
