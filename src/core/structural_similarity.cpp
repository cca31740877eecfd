#include "latentecho/core/structural_similarity.h"

#include <cmath>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString
#include "stylegan2_autograd.h"            // separableCorrelation

namespace latentecho {
namespace {

constexpr int64_t kWindow = 11;
constexpr double kSigma = 1.5;

void checkPair(const at::Tensor& a, const at::Tensor& b, const char* what) {
  if (a.dim() != 4 || a.sizes() != b.sizes())
    throw Error(std::string(what) + ": images must be two tensors [N, C, H, W] of one shape, got " +
                shapeToString(a.sizes()) + " and " + shapeToString(b.sizes()));
  if (!at::isFloatingType(a.scalar_type()) || !at::isFloatingType(b.scalar_type()))
    throw Error(std::string(what) + ": images must be floating point");
}

// Depthwise Gaussian window [C, 1, 11, 11] (separable, applied as two 1-D passes).
std::pair<at::Tensor, at::Tensor> gaussianWindows(int64_t channels, const at::TensorOptions& o) {
  at::Tensor x = at::arange(kWindow, o.dtype(at::kDouble)) - (kWindow - 1) / 2.0;
  at::Tensor g = at::exp(-(x * x) / (2 * kSigma * kSigma));
  g = (g / g.sum()).to(o.dtype());
  at::Tensor rows = g.view({1, 1, kWindow, 1}).expand({channels, 1, kWindow, 1}).contiguous();
  at::Tensor cols = g.view({1, 1, 1, kWindow}).expand({channels, 1, 1, kWindow}).contiguous();
  return {rows, cols};
}

at::Tensor blur(const at::Tensor& x, const std::pair<at::Tensor, at::Tensor>& windows) {
  // oneDNN's depthwise convolution is very slow on one-channel planes (about 2.8 CPU-s for the
  // forward and backward of PTI's 8-frame loss): a plain separable kernel on CPU.
  if (x.device().is_cpu() && (x.scalar_type() == at::kFloat || x.scalar_type() == at::kDouble))
    return separableCorrelation(x, windows.first.select(0, 0).flatten(),
                                windows.second.select(0, 0).flatten());
  const int64_t channels = x.size(1);
  const std::vector<int64_t> ones{1, 1};
  const std::vector<int64_t> zeros{0, 0};
  at::Tensor y =
      at::conv2d(x, windows.first, at::Tensor(), ones, at::IntArrayRef(zeros), ones, channels);
  return at::conv2d(y, windows.second, at::Tensor(), ones, at::IntArrayRef(zeros), ones, channels);
}

at::Tensor ssimPerImage(const at::Tensor& a, const at::Tensor& b, double dataRange) {
  const auto windows = gaussianWindows(a.size(1), a.options());
  const double c1 = std::pow(0.01 * dataRange, 2);
  const double c2 = std::pow(0.03 * dataRange, 2);
  // One blur of the five moments stacked along the batch.
  const int64_t n = a.size(0);
  at::Tensor moments = blur(at::cat({a, b, a * a, b * b, a * b}, 0), windows);
  at::Tensor muA = moments.narrow(0, 0, n);
  at::Tensor muB = moments.narrow(0, n, n);
  at::Tensor varA = moments.narrow(0, 2 * n, n) - muA * muA;
  at::Tensor varB = moments.narrow(0, 3 * n, n) - muB * muB;
  at::Tensor cov = moments.narrow(0, 4 * n, n) - muA * muB;
  at::Tensor map =
      ((2 * muA * muB + c1) * (2 * cov + c2)) / ((muA * muA + muB * muB + c1) * (varA + varB + c2));
  return map.flatten(1).mean(1);
}

}  // namespace

at::Tensor structuralSimilarity(const at::Tensor& a, const at::Tensor& b, double dataRange) {
  checkPair(a, b, "SSIM");
  if (a.size(2) < kWindow || a.size(3) < kWindow)
    throw Error("SSIM: images must be at least 11 x 11 pixels, got " + shapeToString(a.sizes()));
  return ssimPerImage(a, b, dataRange);
}

at::Tensor multiScaleStructuralDissimilarity(const at::Tensor& a, const at::Tensor& b,
                                             double dataRange, int maxScales) {
  checkPair(a, b, "multi-scale SSIM");
  if (a.size(2) < kWindow || a.size(3) < kWindow)
    throw Error("multi-scale SSIM: images must be at least 11 x 11 pixels, got " +
                shapeToString(a.sizes()));
  at::Tensor x = a;
  at::Tensor y = b;
  at::Tensor total;
  int scales = 0;
  for (int s = 0; s < std::max(1, maxScales); ++s) {
    if (s > 0) {
      if (std::min(x.size(2), x.size(3)) / 2 < kWindow) break;
      x = at::avg_pool2d(x, 2);
      y = at::avg_pool2d(y, 2);
    }
    at::Tensor term = 1.0 - ssimPerImage(x, y, dataRange);
    total = total.defined() ? total + term : term;
    ++scales;
  }
  return total / static_cast<double>(scales);
}

at::Tensor peakSignalToNoiseRatio(const at::Tensor& a, const at::Tensor& b, double dataRange) {
  checkPair(a, b, "PSNR");
  at::Tensor mse = (a.to(at::kDouble) - b.to(at::kDouble)).pow(2).flatten(1).mean(1);
  return 10.0 * at::log10(dataRange * dataRange / mse);
}

}  // namespace latentecho
