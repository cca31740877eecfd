#include "latentecho/core/stylegan2_ops.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace latentecho::stylegan2 {
namespace {

using Ints = std::vector<int64_t>;

// Python's floor division, which the official padding arithmetic uses.
int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(std::string("stylegan2 ops: ") + what);
}

// The official _conv2d_wrapper for groups = 1: at::conv2d does correlation, so a convolution
// (flipWeight = false) flips the kernel first.
at::Tensor conv2dWrapper(const at::Tensor& x, const at::Tensor& weight, int64_t stride,
                         std::array<int64_t, 2> padding, bool flipWeight) {
  at::Tensor w = weight;
  if (!flipWeight && (w.size(2) > 1 || w.size(3) > 1)) w = w.flip({2, 3});
  return at::conv2d(x, w, at::Tensor(), Ints{stride, stride}, Ints{padding[0], padding[1]});
}

// Taps of one output parity of a stride-2 transposed convolution with a k-tap kernel, as the
// kernel of an ordinary correlation over the input padded by (taps - 1) on both sides:
// y[2m + r] = sum_j x[m - j] w[2j + r]  ==>  K_r[q] = w[2 (J_r - 1 - q) + r].
std::vector<int64_t> phaseTaps(int64_t kernel, int64_t parity) {
  const int64_t count = (kernel - parity + 1) / 2;
  std::vector<int64_t> taps;
  for (int64_t q = 0; q < count; ++q) taps.push_back(2 * (count - 1 - q) + parity);
  return taps;
}

// conv_transpose2d(x, w.transpose(0, 1), stride 2, padding 0) computed as four correlations on the
// input, one per output pixel parity, interleaved. Differentiable.
at::Tensor transposedConvolutionPolyphase(const at::Tensor& x, const at::Tensor& w) {
  const int64_t kh = w.size(2), kw = w.size(3);
  const int64_t outH = 2 * (x.size(2) - 1) + kh, outW = 2 * (x.size(3) - 1) + kw;
  const auto options = at::TensorOptions().dtype(at::kLong).device(w.device());
  at::Tensor phase[2][2];
  for (int64_t ry = 0; ry < 2; ++ry) {
    const auto tapsY = phaseTaps(kh, ry);
    for (int64_t rx = 0; rx < 2; ++rx) {
      const auto tapsX = phaseTaps(kw, rx);
      if (tapsY.empty() || tapsX.empty()) continue;
      at::Tensor k = w.index_select(2, at::tensor(tapsY, options))
                         .index_select(3, at::tensor(tapsX, options));
      if (x.suggest_memory_format() == at::MemoryFormat::ChannelsLast)
        k = k.contiguous(at::MemoryFormat::ChannelsLast);
      phase[ry][rx] = at::conv2d(x, k, at::Tensor(), Ints{1, 1},
                                 Ints{static_cast<int64_t>(tapsY.size()) - 1,
                                      static_cast<int64_t>(tapsX.size()) - 1});
    }
  }
  // Interleave: pad every phase to the even-parity size, stack, reshape, crop.
  const int64_t rows = (outH + 1) / 2, cols = (outW + 1) / 2;
  auto padTo = [&](const at::Tensor& p, int64_t r, int64_t c) {
    if (!p.defined()) {
      return at::zeros({x.size(0), w.size(0), r, c}, x.options());
    }
    return at::constant_pad_nd(p, {0, c - p.size(3), 0, r - p.size(2)});
  };
  at::Tensor rowPhase[2];
  for (int64_t ry = 0; ry < 2; ++ry) {
    at::Tensor even = padTo(phase[ry][0], rows, cols);
    at::Tensor odd = padTo(phase[ry][1], rows, cols);
    rowPhase[ry] = at::stack({even, odd}, -1).reshape({x.size(0), w.size(0), rows, 2 * cols});
  }
  at::Tensor full = at::stack({rowPhase[0], rowPhase[1]}, 3)
                        .reshape({x.size(0), w.size(0), 2 * rows, 2 * cols});
  return full.narrow(2, 0, outH).narrow(3, 0, outW);
}

}  // namespace

at::Tensor setupFilter(const std::vector<float>& taps, bool normalize, double gain) {
  require(!taps.empty(), "a filter needs at least one tap");
  at::Tensor f = at::tensor(taps, at::kFloat);
  f = at::outer(f, f);
  if (normalize) f = f / f.sum();
  return f * gain;  // gain ** (ndim / 2) with ndim = 2
}

at::Tensor upfirdn2d(const at::Tensor& input, const at::Tensor& filter, int64_t up, int64_t down,
                     Padding padding, bool flipFilter, double gain) {
  require(input.dim() == 4, "upfirdn2d expects an [N,C,H,W] tensor");
  require(up >= 1 && down >= 1, "upfirdn2d factors must be >= 1");
  at::Tensor x = input;
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const auto [px0, px1, py0, py1] = padding;

  // Upsample by inserting zeros.
  if (up > 1) {
    x = x.reshape({n, c, h, 1, w, 1});
    x = at::constant_pad_nd(x, {0, up - 1, 0, 0, 0, up - 1});
    x = x.reshape({n, c, h * up, w * up});
  }
  // Pad or crop.
  x = at::constant_pad_nd(x, {std::max<int64_t>(px0, 0), std::max<int64_t>(px1, 0),
                              std::max<int64_t>(py0, 0), std::max<int64_t>(py1, 0)});
  if (py0 < 0 || py1 < 0)
    x = x.narrow(2, std::max<int64_t>(-py0, 0),
                 x.size(2) - std::max<int64_t>(-py0, 0) - std::max<int64_t>(-py1, 0));
  if (px0 < 0 || px1 < 0)
    x = x.narrow(3, std::max<int64_t>(-px0, 0),
                 x.size(3) - std::max<int64_t>(-px0, 0) - std::max<int64_t>(-px1, 0));

  // Filter (a depthwise correlation with the flipped filter is a convolution).
  at::Tensor f = filter.defined() ? filter : at::ones({1, 1}, at::kFloat);
  require(f.dim() == 2, "upfirdn2d expects a 2-D filter");
  f = (f * gain).to(x.options());
  if (!flipFilter) f = f.flip({0, 1});
  f = f.view({1, 1, f.size(0), f.size(1)}).repeat({c, 1, 1, 1});
  if (x.suggest_memory_format() == at::MemoryFormat::ChannelsLast)
    f = f.contiguous(at::MemoryFormat::ChannelsLast);
  x = at::conv2d(x, f, at::Tensor(), Ints{1, 1}, Ints{0, 0}, Ints{1, 1}, c);

  // Downsample by dropping pixels.
  if (down > 1) x = x.slice(2, 0, x.size(2), down).slice(3, 0, x.size(3), down);
  return x;
}

at::Tensor upsample2d(const at::Tensor& x, const at::Tensor& filter, int64_t up) {
  const int64_t fh = filter.size(0), fw = filter.size(1);
  Padding p{floorDiv(fw + up - 1, 2), floorDiv(fw - up, 2), floorDiv(fh + up - 1, 2),
            floorDiv(fh - up, 2)};
  return upfirdn2d(x, filter, up, 1, p, false, static_cast<double>(up * up));
}

at::Tensor downsample2d(const at::Tensor& x, const at::Tensor& filter, int64_t down) {
  const int64_t fh = filter.size(0), fw = filter.size(1);
  Padding p{floorDiv(fw - down + 1, 2), floorDiv(fw - down, 2), floorDiv(fh - down + 1, 2),
            floorDiv(fh - down, 2)};
  return upfirdn2d(x, filter, 1, down, p, false, 1.0);
}

at::Tensor conv2dResample(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& filter,
                          int64_t up, int64_t down, int64_t padding, bool flipWeight,
                          bool flipFilter, UpsampleMethod method) {
  require(x.dim() == 4 && weight.dim() == 4, "conv2dResample expects 4-D input and weight");
  require(up >= 1 && down >= 1, "conv2dResample factors must be >= 1");
  const int64_t kh = weight.size(2), kw = weight.size(3);
  const int64_t fh = filter.defined() ? filter.size(0) : 1;
  const int64_t fw = filter.defined() ? filter.size(1) : 1;
  int64_t px0 = padding, px1 = padding, py0 = padding, py1 = padding;
  if (up > 1) {
    px0 += floorDiv(fw + up - 1, 2);
    px1 += floorDiv(fw - up, 2);
    py0 += floorDiv(fh + up - 1, 2);
    py1 += floorDiv(fh - up, 2);
  }
  if (down > 1) {
    px0 += floorDiv(fw - down + 1, 2);
    px1 += floorDiv(fw - down, 2);
    py0 += floorDiv(fh - down + 1, 2);
    py1 += floorDiv(fh - down, 2);
  }

  // 1x1 convolution with downsampling only: downsample first, then convolve.
  if (kw == 1 && kh == 1 && down > 1 && up == 1) {
    at::Tensor y = upfirdn2d(x, filter, 1, down, {px0, px1, py0, py1}, flipFilter);
    return conv2dWrapper(y, weight, 1, {0, 0}, flipWeight);
  }
  // 1x1 convolution with upsampling only: convolve first, then upsample.
  if (kw == 1 && kh == 1 && up > 1 && down == 1) {
    at::Tensor y = conv2dWrapper(x, weight, 1, {0, 0}, flipWeight);
    return upfirdn2d(y, filter, up, 1, {px0, px1, py0, py1}, flipFilter,
                     static_cast<double>(up * up));
  }
  // Downsampling only: filter, then strided convolution.
  if (down > 1 && up == 1) {
    at::Tensor y = upfirdn2d(x, filter, 1, 1, {px0, px1, py0, py1}, flipFilter);
    return conv2dWrapper(y, weight, down, {0, 0}, flipWeight);
  }
  // Upsampling (with optional downsampling): transposed convolution, then filter.
  if (up > 1) {
    px0 -= kw - 1;
    px1 -= kw - up;
    py0 -= kh - 1;
    py1 -= kh - up;
    const int64_t pxt = std::max<int64_t>(std::min(-px0, -px1), 0);
    const int64_t pyt = std::max<int64_t>(std::min(-py0, -py1), 0);
    // The official call passes flip_weight = !flipWeight to the wrapper, which flips when that is
    // false: the transposed convolution sees the kernel flipped exactly when flipWeight is true.
    at::Tensor w = flipWeight && (kw > 1 || kh > 1) ? weight.flip({2, 3}) : weight;
    at::Tensor y;
    if (method == UpsampleMethod::Polyphase && up == 2) {
      // Full transposed-convolution output; the transposed padding (pxt, pyt) is a crop that the
      // filter padding below undoes, so it is folded into that padding.
      y = transposedConvolutionPolyphase(x, w);
      y = upfirdn2d(y, filter, 1, 1, {px0, px1, py0, py1}, flipFilter,
                    static_cast<double>(up * up));
    } else {
      y = at::conv_transpose2d(x, w.transpose(0, 1), at::Tensor(), Ints{up, up}, Ints{pyt, pxt});
      y = upfirdn2d(y, filter, 1, 1, {px0 + pxt, px1 + pxt, py0 + pyt, py1 + pyt}, flipFilter,
                    static_cast<double>(up * up));
    }
    if (down > 1) y = upfirdn2d(y, filter, 1, down, {0, 0, 0, 0}, flipFilter);
    return y;
  }
  // No resampling, padding the convolution supports.
  if (up == 1 && down == 1 && px0 == px1 && py0 == py1 && px0 >= 0 && py0 >= 0) {
    return conv2dWrapper(x, weight, 1, {py0, px0}, flipWeight);
  }
  // Generic reference.
  at::Tensor y = upfirdn2d(x, up > 1 ? filter : at::Tensor(), up, 1, {px0, px1, py0, py1},
                           flipFilter, static_cast<double>(up * up));
  y = conv2dWrapper(y, weight, 1, {0, 0}, flipWeight);
  if (down > 1) y = upfirdn2d(y, filter, 1, down, {0, 0, 0, 0}, flipFilter);
  return y;
}

double defaultGain(Activation activation) {
  return activation == Activation::LeakyRelu ? std::sqrt(2.0) : 1.0;
}

at::Tensor biasAct(const at::Tensor& input, const at::Tensor& bias, Activation activation,
                   std::optional<double> gain, std::optional<double> clamp) {
  at::Tensor x = input;
  if (bias.defined()) {
    std::vector<int64_t> shape(static_cast<size_t>(x.dim()), 1);
    shape[1] = -1;
    x = x + bias.to(x.scalar_type()).view(shape);
  }
  if (activation == Activation::LeakyRelu) x = at::leaky_relu(x, 0.2);
  const double g = gain.value_or(defaultGain(activation));
  if (g != 1.0) x = x * g;
  if (clamp && *clamp >= 0) x = x.clamp(-*clamp, *clamp);
  return x;
}

at::Tensor normalize2ndMoment(const at::Tensor& x) {
  return x * (x.square().mean(1, true) + 1e-8).rsqrt();
}

at::Tensor dense(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias) {
  require(x.dim() == 2 && weight.dim() == 2, "dense expects [N,in] and [out,in]");
  const int64_t n = x.size(0), in = x.size(1), out = weight.size(0);
  if (n >= 4 && x.scalar_type() == at::kFloat && x.device().is_cpu()) {
    return at::conv2d(x.reshape({n, in, 1, 1}), weight.reshape({out, in, 1, 1}), bias)
        .reshape({n, out});
  }
  if (bias.defined()) return at::addmm(bias.unsqueeze(0), x, weight.t());
  return at::matmul(x, weight.t());
}

at::Tensor demodulationCoefficients(const at::Tensor& weight, const at::Tensor& styles) {
  // sum_{i,k} (W[o,i,k] s[n,i])^2 = sum_i s[n,i]^2 sum_k W[o,i,k]^2: one small product instead of
  // materialising the per-sample weights.
  at::Tensor energy = weight.square().sum({2, 3});  // [O,I]
  return (dense(styles.square(), energy) + 1e-8).rsqrt();
}

at::Tensor modulatedConv2d(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& styles,
                           const at::Tensor& noise, int64_t up, int64_t padding,
                           const at::Tensor& filter, bool demodulate, bool flipWeight,
                           UpsampleMethod method) {
  const int64_t n = x.size(0);
  require(styles.dim() == 2 && styles.size(0) == n && styles.size(1) == weight.size(1),
          "modulatedConv2d: styles must be [N, in_channels]");
  at::Tensor y = x * styles.to(x.scalar_type()).reshape({n, -1, 1, 1});
  y = conv2dResample(y, weight.to(x.scalar_type()), filter, up, 1, padding, flipWeight, false,
                     method);
  if (demodulate) {
    at::Tensor d = demodulationCoefficients(weight, styles).to(y.scalar_type());
    y = y * d.reshape({n, -1, 1, 1});
  }
  if (noise.defined()) y = y + noise.to(y.scalar_type());
  return y;
}

}  // namespace latentecho::stylegan2
