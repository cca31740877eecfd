#pragma once
// Fused CPU kernels for StyleGAN2 synthesis inference (private to the core).
//
// They work on channels-last (NHWC) float32 data, the layout oneDNN's convolutions read and
// write fastest, and do in one pass over memory what the official code does in six or seven
// (demodulate, add noise, add bias, leaky ReLU, gain, clamp; the 4x4 blur of the upsampling conv;
// the modulated 1x1 toRGB; the next layer's input modulation). No autograd: callers use them only
// when nothing requires grad (see SynthesisNetworkImpl::forward).
#include <cstdint>

namespace latentecho::stylegan2::kernels {

// What happens to every value y[n, h, w, c] of a convolution output:
//   v = lrelu(y * demod[n, c] + noise[n, h, w] + bias[c]) * gain, clamped to [-clamp, clamp];
//   features[n, h, w, c] = v * outScale[n, c]                    (when writeFeatures)
//   rgb[n, o, h, w] = clamp(sum_c v * rgbWeight[n, o, c] + rgbBias[o], rgbClamp)  (when rgbOut)
struct Epilogue {
  const float* demod = nullptr;  // [N, C]; null = 1
  const float* noise = nullptr;  // scaled noise, [H, W] (noiseBatchStride 0) or [N, H, W]; or null
  int64_t noiseBatchStride = 0;
  const float* bias = nullptr;  // [C]
  float slope = 0.2f;
  float gain = 1.41421356237f;
  float clamp = -1.f;               // < 0: no clamping
  const float* outScale = nullptr;  // [N, C]; null = 1
  bool writeFeatures = true;
  // Fused toRGB (modulated 1x1 convolution without demodulation).
  const float* rgbWeight = nullptr;  // [N, O, C]: styles * weight_gain * weight
  const float* rgbBias = nullptr;    // [O]
  float rgbClamp = -1.f;
  int64_t rgbChannels = 0;
  float* rgbOut = nullptr;  // [N, O, H, W] NCHW
};

// In place on y, NHWC [N, H, W, C].
void applyEpilogue(float* y, int64_t n, int64_t h, int64_t w, int64_t c, const Epilogue& epilogue);

// The four parity phases of a stride-2 transposed 3x3 convolution of an [N, H, W] input, NHWC:
//   ee [N, H+1, W+1, C] (even rows, even columns), eo [N, H+1, W, C], oe [N, H, W+1, C],
//   oo [N, H, W, C];
// interleaved into the (2H+1) x (2W+1) image, filtered with the separable 4-tap filter `taps`
// (correlation taps, gain included) with one pixel of zero padding, which gives 2H x 2W, and the
// epilogue applied. out: NHWC [N, 2H, 2W, C] (features; may be unused when !writeFeatures).
void upsampleEpilogue(const float* ee, const float* eo, const float* oe, const float* oo,
                      int64_t n, int64_t h, int64_t w, int64_t c, const float taps[4], float* out,
                      const Epilogue& epilogue);

}  // namespace latentecho::stylegan2::kernels
