#pragma once
// Differentiable fused CPU operations for the training path of StyleGAN2 synthesis (private to the
// core): PTI and GAN training differentiate through these instead of the six or seven plain ATen
// operations (each with its own pass over memory and saved tensors) they replace.
//
// Layout: activations are NCHW tensors in the channels-last memory format (NHWC in memory, what
// oneDNN's convolutions read and write about twice as fast here, forwards and backwards); any
// other layout is converted. Scalar types float and double (double for gradient checks).
//
// Backward passes run hand-written kernels; when autograd records the backward itself
// (create_graph, e.g. the path-length regulariser's double backward) they are composed of
// differentiable operations instead, so higher derivatives stay exact.
//
// Thread-safety: pure functions.
#include <ATen/ATen.h>

#include <array>
#include <optional>

namespace latentecho::stylegan2 {

// What follows a modulated convolution, in one pass:
//   out = clamp(lrelu(y * demod[n, c] + noise + bias[c], slope) * gain, -clamp, clamp)
// y [N, C, H, W]; demod [N, C]; noise undefined, [H, W] or [N, 1, H, W]; bias [C];
// clamp < 0 = no clamping. Differentiable in y, demod, noise and bias. Output channels-last.
// Where the clamped value is exactly +-clamp the gradient is taken as 0 (the plain ops pass it
// when the unclamped value equals the bound exactly: a set of measure zero).
at::Tensor demodulateNoiseBiasActivation(const at::Tensor& y, const at::Tensor& demod,
                                         const at::Tensor& noise, const at::Tensor& bias,
                                         double slope, double gain, double clamp);

// The four parity phases of a stride-2 transposed 3x3 convolution of an [N, C, H, W] input
//   ee [N, C, H+1, W+1] (even output rows, even columns), eo [N, C, H+1, W],
//   oe [N, C, H, W+1], oo [N, C, H, W]
// interleaved into the (2H+1) x (2W+1) image, padded by one zero pixel and correlated with the
// separable 4-tap filter `taps` (x) `taps`, which gives [N, C, 2H, 2W] (channels-last): the
// upsampling convolution's transposed convolution + FIR filter of the official conv2d_resample.
// Linear and differentiable in the phases (its backward is the adjoint, itself differentiable).
at::Tensor interleavePhasesAndFilter(const at::Tensor& ee, const at::Tensor& eo,
                                     const at::Tensor& oe, const at::Tensor& oo,
                                     const std::array<double, 4>& taps);

// The 4 correlation taps (gain included) of a 4x4 upsampling FIR filter `filter` (as stored in
// resample_filter; upfirdn2d convolves with it) times `gain`, when it is separable and
// symmetric; nothing otherwise (callers then take the plain-ATen path).
std::optional<std::array<double, 4>> separableUpsamplingTaps(const at::Tensor& filter, double gain);

}  // namespace latentecho::stylegan2

namespace latentecho {

// Valid 2-D correlation of every image plane of x [N, C, H, W] (NCHW) with the separable filter
// rows (x) cols: out [N, C, H - rows + 1, W - cols + 1], where
//   out[i, j] = sum_a sum_b rows[a] cols[b] x[i + a, j + b].
// Linear and differentiable in x. Replaces a depthwise at::conv2d, which oneDNN runs very
// slowly for one-channel planes (the SSIM windows).
at::Tensor separableCorrelation(const at::Tensor& x, const at::Tensor& rows,
                                const at::Tensor& cols);

}  // namespace latentecho
