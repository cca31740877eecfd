#pragma once
// Image similarity for reconstruction losses and quality reports: SSIM (Wang et al. 2004), a
// multi-scale structural dissimilarity used as PTI's perceptual term, and PSNR.
//
// Why a structural term instead of LPIPS: LPIPS needs ImageNet-trained AlexNet/VGG weights, which
// cannot be fetched here, and features of a random network measure little. SSIM compares local
// means, contrasts and correlations in Gaussian windows, which is what speckle texture and
// chamber/tissue edges in echo are made of; averaging it over a pyramid of scales (each a 2x2 mean
// of the previous) makes it see structures from a few pixels to a quarter of the image, as MS-SSIM
// does (Wang et al. 2003). We average (1 - SSIM) over scales rather than take MS-SSIM's weighted
// product of powers: the product's gradient is unbounded where a term nears 0, the mean's is not.
//
// Conventions: images [N, C, H, W], floating point, any device; `dataRange` is max - min of the
// nominal pixel range (2 for [-1, 1]). Windows are 11 x 11 Gaussians with sigma 1.5, evaluated
// where they fit entirely inside the image ("valid"), C1 = (0.01 L)^2, C2 = (0.03 L)^2. Results are
// per image ([N], means over channels and positions) and differentiable.
//
// Thread-safety: pure functions.
#include <ATen/ATen.h>

namespace latentecho {

// SSIM per image, [N]. Images must be at least 11 x 11; throws Error naming the shapes otherwise.
at::Tensor structuralSimilarity(const at::Tensor& a, const at::Tensor& b, double dataRange = 2.0);

// Mean over scales s = 0.. of (1 - SSIM) at scale s, [N], in [0, 2] (0 = identical). Scales halve
// the image by 2x2 averaging while it stays at least 11 pixels on its shorter side, up to
// `maxScales`.
at::Tensor multiScaleStructuralDissimilarity(const at::Tensor& a, const at::Tensor& b,
                                             double dataRange = 2.0, int maxScales = 5);

// 10 log10(L^2 / MSE) per image, [N], in dB; +inf where the images are identical.
at::Tensor peakSignalToNoiseRatio(const at::Tensor& a, const at::Tensor& b, double dataRange = 2.0);

}  // namespace latentecho
