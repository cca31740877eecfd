#pragma once
// The building blocks of StyleGAN2 (Karras et al. 2020) with exactly the semantics of NVlabs'
// stylegan2-ada-pytorch (torch_utils/ops: upfirdn2d, conv2d_resample, bias_act; networks.py:
// modulated_conv2d, normalize_2nd_moment, FullyConnectedLayer), written with differentiable ATen
// operations so that training, PTI and R1 regularisation (double backward) work through them.
//
// Conventions: activations are NCHW float tensors (any memory format); filters come from
// setupFilter(). Nothing here keeps state; every function is safe to call from several threads on
// distinct tensors.
//
// One deliberate difference from the official code, in how (not what) it computes: the official
// conv2d_resample upsamples with conv_transpose2d(stride 2), which LibTorch's CPU backend runs
// about 8x slower than the same arithmetic done as four small convolutions on the input, one per
// output pixel parity, interleaved ("polyphase"). Both are available (UpsampleMethod); they agree
// to float rounding.
#include <ATen/ATen.h>

#include <array>
#include <optional>
#include <vector>

namespace latentecho::stylegan2 {

enum class Activation { Linear, LeakyRelu };

enum class UpsampleMethod {
  Polyphase,              // four stride-1 convolutions interleaved; the default
  TransposedConvolution,  // conv_transpose2d with stride 2, as the official implementation
};

// Padding [x_before, x_after, y_before, y_after]; negative values crop.
using Padding = std::array<int64_t, 4>;

// The FIR filter: the outer product of `taps` with itself, normalised to sum 1 when `normalize`,
// times gain (gain^(ndim/2) per the official setup_filter). [1,3,3,1] gives the 4x4 filter every
// StyleGAN2 resampling layer stores as its `resample_filter` buffer. Float32, CPU.
at::Tensor setupFilter(const std::vector<float>& taps = {1.f, 3.f, 3.f, 1.f}, bool normalize = true,
                       double gain = 1.0);

// Pad, upsample (insert up-1 zeros after each pixel), filter with the 2-D FIR `filter`
// (true convolution unless flipFilter), downsample (keep every down-th pixel); as the official
// upfirdn2d. x: [N,C,H,W]; filter: [fh,fw] float32. Output [N,C,H',W'].
at::Tensor upfirdn2d(const at::Tensor& x, const at::Tensor& filter, int64_t up = 1,
                     int64_t down = 1, Padding padding = {0, 0, 0, 0}, bool flipFilter = false,
                     double gain = 1.0);

// Upsampling by `up` with the FIR filter, padded so the output is up times the input size.
at::Tensor upsample2d(const at::Tensor& x, const at::Tensor& filter, int64_t up = 2);
// Downsampling by `down` with the FIR filter, padded so the output is 1/down of the input size.
at::Tensor downsample2d(const at::Tensor& x, const at::Tensor& filter, int64_t down = 2);

// 2-D convolution with optional up/downsampling by the FIR filter (official conv2d_resample with
// groups = 1). weight: [O,I,kh,kw]; padding is with respect to the upsampled image.
// flipWeight: true = correlation (what at::conv2d does), false = convolution.
at::Tensor conv2dResample(const at::Tensor& x, const at::Tensor& weight,
                          const at::Tensor& filter = {}, int64_t up = 1, int64_t down = 1,
                          int64_t padding = 0, bool flipWeight = true, bool flipFilter = false,
                          UpsampleMethod method = UpsampleMethod::Polyphase);

// Adds bias b (per channel, dimension 1), applies the activation, multiplies by gain (default:
// sqrt(2) for the leaky ReLU, 1 for linear) and clamps to [-clamp, clamp]. Leaky ReLU slope 0.2.
at::Tensor biasAct(const at::Tensor& x, const at::Tensor& bias, Activation activation,
                   std::optional<double> gain = std::nullopt,
                   std::optional<double> clamp = std::nullopt);
double defaultGain(Activation activation);

// x * rsqrt(mean(x^2 over dim 1) + 1e-8).
at::Tensor normalize2ndMoment(const at::Tensor& x);

// x [N,in] times weight^T [in,out] plus bias [out]. Goes through oneDNN's convolution when the
// batch is large enough: this LibTorch links the reference BLAS, whose matmul is ~30x slower.
at::Tensor dense(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias = {});

// The modulated convolution with the official fused_modconv=False arithmetic: one shared-weight
// convolution for the whole batch, the input scaled by the styles before it and the output by
// the demodulation coefficients after it (then noise added).
//   x [N,I,H,W], weight [O,I,k,k] (raw: modulation makes weight gains irrelevant),
//   styles [N,I], noise broadcastable to [N,O,H',W'] or undefined.
at::Tensor modulatedConv2d(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& styles,
                           const at::Tensor& noise = {}, int64_t up = 1, int64_t padding = 0,
                           const at::Tensor& filter = {}, bool demodulate = true,
                           bool flipWeight = true,
                           UpsampleMethod method = UpsampleMethod::Polyphase);

// The demodulation coefficients rsqrt(sum over I,k of (weight * styles)^2 + 1e-8): [N,O].
at::Tensor demodulationCoefficients(const at::Tensor& weight, const at::Tensor& styles);

}  // namespace latentecho::stylegan2
