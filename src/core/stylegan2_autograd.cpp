#include "stylegan2_autograd.h"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>
#include <torch/autograd.h>

#include <cmath>
#include <vector>

#include "latentecho/core/error.h"

// Row workers are compiled for AVX2+FMA and for the baseline (GCC function multiversioning), as
// in stylegan2_kernels.cpp; inner loops run over channels (NHWC) or columns (planes).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LATENTECHO_VECTOR_CLONES __attribute__((target_clones("arch=haswell", "default")))
#else
#define LATENTECHO_VECTOR_CLONES
#endif

namespace latentecho::stylegan2 {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;
constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;

at::Tensor channelsLast(const at::Tensor& t) { return t.contiguous(kChannelsLast); }

int64_t grainRows(int64_t rowWork) {
  return std::max<int64_t>(1, 32768 / std::max<int64_t>(rowWork, 1));
}

void requireCpuFloating(const at::Tensor& t, const char* what) {
  if (!t.device().is_cpu() || (t.scalar_type() != at::kFloat && t.scalar_type() != at::kDouble))
    throw Error(std::string("StyleGAN2 training kernels: ") + what +
                " must be a float or double CPU tensor");
}

// ---------------------------------------------------------------------------------------------
// Demodulation, noise, bias, leaky ReLU, gain, clamp.

struct EpilogueShape {
  int64_t n, c, h, w;
  int64_t noiseBatchStride;  // 0 = one [H, W] noise image for the batch
  bool hasNoise;
};

template <typename T>
LATENTECHO_VECTOR_CLONES void epilogueForwardRows(const T* y, const T* demod, const T* noise,
                                                  const T* bias, T* out, int64_t rowBegin,
                                                  int64_t rowEnd, const EpilogueShape* shape,
                                                  T slope, T gain, T clamp) {
  const int64_t h = shape->h, w = shape->w, c = shape->c;
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / h, yy = row % h;
    const T* d = demod + b * c;
    const T* noiseRow = shape->hasNoise ? noise + b * shape->noiseBatchStride + yy * w : nullptr;
    for (int64_t x = 0; x < w; ++x) {
      const T* src = y + (row * w + x) * c;
      T* dst = out + (row * w + x) * c;
      const T nz = noiseRow ? noiseRow[x] : T(0);
      for (int64_t k = 0; k < c; ++k) {
        T v = src[k] * d[k] + nz + bias[k];
        v = (v < T(0) ? v * slope : v) * gain;
        dst[k] = v;
      }
      if (clamp >= T(0))
        for (int64_t k = 0; k < c; ++k) dst[k] = std::min(std::max(dst[k], -clamp), clamp);
    }
  }
}

// gy = g f d; rowDemod[row, k] = sum_x g f y; rowBias[row, k] = sum_x g f; noisePixel = sum_k g f
// where f is the derivative of activation and clamp, read off the output.
template <typename T>
LATENTECHO_VECTOR_CLONES void epilogueBackwardRows(const T* g, const T* out, const T* y,
                                                   const T* demod, T* gy, T* rowDemod, T* rowBias,
                                                   T* noisePixel, int64_t rowBegin, int64_t rowEnd,
                                                   const EpilogueShape* shape, T slope, T gain,
                                                   T clamp) {
  const int64_t h = shape->h, w = shape->w, c = shape->c;
  const T negative = slope * gain;
  std::vector<T> scaled(static_cast<size_t>(c));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / h;
    const T* d = demod + b * c;
    T* pd = rowDemod + row * c;
    T* pb = rowBias + row * c;
    for (int64_t k = 0; k < c; ++k) pd[k] = pb[k] = T(0);
    for (int64_t x = 0; x < w; ++x) {
      const int64_t offset = (row * w + x) * c;
      const T* gp = g + offset;
      const T* o = out + offset;
      const T* yp = y + offset;
      T* dst = gy + offset;
      T* s = scaled.data();
      for (int64_t k = 0; k < c; ++k) s[k] = gp[k] * (o[k] > T(0) ? gain : negative);
      if (clamp >= T(0))
        for (int64_t k = 0; k < c; ++k) s[k] = (o[k] >= clamp || o[k] <= -clamp) ? T(0) : s[k];
      T sum = T(0);
      for (int64_t k = 0; k < c; ++k) {
        dst[k] = s[k] * d[k];
        pd[k] += s[k] * yp[k];
        pb[k] += s[k];
        sum += s[k];
      }
      if (noisePixel) noisePixel[row * w + x] = sum;
    }
  }
}

class EpilogueFunction : public torch::autograd::Function<EpilogueFunction> {
 public:
  // noise: numel 0 = none.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& yIn, const at::Tensor& demodIn,
                            const at::Tensor& noiseIn, const at::Tensor& biasIn, double slope,
                            double gain, double clamp) {
    const at::Tensor y = channelsLast(yIn);
    const at::Tensor demod = demodIn.to(y.scalar_type()).contiguous();
    const at::Tensor noise = noiseIn.to(y.scalar_type()).contiguous();
    const at::Tensor bias = biasIn.to(y.scalar_type()).contiguous();
    EpilogueShape shape{y.size(0), y.size(1), y.size(2), y.size(3), 0, noise.numel() > 0};
    if (shape.hasNoise && noise.numel() != shape.h * shape.w)
      shape.noiseBatchStride = shape.h * shape.w;
    at::Tensor out = at::empty_like(y, kChannelsLast);
    AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "epilogueForward", [&] {
      const auto s = static_cast<scalar_t>(slope), gn = static_cast<scalar_t>(gain),
                 cl = static_cast<scalar_t>(clamp);
      const scalar_t* noisePtr = shape.hasNoise ? noise.data_ptr<scalar_t>() : nullptr;
      at::parallel_for(
          0, shape.n * shape.h, grainRows(shape.w * shape.c), [&](int64_t begin, int64_t end) {
            epilogueForwardRows<scalar_t>(y.data_ptr<scalar_t>(), demod.data_ptr<scalar_t>(),
                                          noisePtr, bias.data_ptr<scalar_t>(),
                                          out.data_ptr<scalar_t>(), begin, end, &shape, s, gn, cl);
          });
    });
    // The inputs as given (not the converted copies): a recorded backward differentiates them.
    ctx->save_for_backward({yIn, demodIn, noiseIn, out});
    ctx->saved_data["slope"] = slope;
    ctx->saved_data["gain"] = gain;
    ctx->saved_data["clamp"] = clamp;
    ctx->saved_data["noiseShared"] = shape.hasNoise && shape.noiseBatchStride == 0;
    return out;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const at::Tensor& out = saved[3];
    const at::Tensor y = saved[0].to(out.scalar_type());
    const at::Tensor demod = saved[1].to(out.scalar_type());
    const at::Tensor& noise = saved[2];
    const double slope = ctx->saved_data["slope"].toDouble();
    const double gain = ctx->saved_data["gain"].toDouble();
    const double clamp = ctx->saved_data["clamp"].toDouble();
    const bool noiseShared = ctx->saved_data["noiseShared"].toBool();
    const bool hasNoise = noise.numel() > 0;
    const int64_t n = y.size(0), c = y.size(1), h = y.size(2), w = y.size(3);
    at::Tensor g = grads[0];
    const at::Tensor none;
    if (!g.defined()) return {none, none, none, none, none, none, none};

    at::Tensor gy, gDemod, gNoise, gBias;
    if (at::GradMode::is_enabled()) {
      // Recorded backward (double backward): differentiable composite of the same formulas. The
      // activation's derivative is piecewise constant, so nothing is lost.
      at::Tensor factor = (out > 0).to(y.scalar_type()) * (gain - gain * slope) + gain * slope;
      if (clamp >= 0) factor = factor * (out.abs() < clamp).to(y.scalar_type());
      at::Tensor scaled = g * factor;
      gy = scaled * demod.view({n, c, 1, 1});
      gDemod = (scaled * y).sum({2, 3});
      gBias = scaled.sum({0, 2, 3});
      if (hasNoise)
        gNoise = (noiseShared ? scaled.sum(at::IntArrayRef{0, 1}) : scaled.sum(1, true))
                     .reshape(noise.sizes());
      return {gy, gDemod, gNoise, gBias, none, none, none};
    }

    g = channelsLast(g.to(out.scalar_type()));
    const at::Tensor yc = channelsLast(y);
    const at::Tensor dc = demod.contiguous();
    gy = at::empty_like(y, kChannelsLast);
    at::Tensor rowDemod = at::empty({n * h, c}, y.options());
    at::Tensor rowBias = at::empty({n * h, c}, y.options());
    at::Tensor noisePixels = hasNoise ? at::empty({n, h, w}, y.options()) : at::Tensor();
    EpilogueShape shape{n, c, h, w, 0, hasNoise};
    AT_DISPATCH_FLOATING_TYPES(y.scalar_type(), "epilogueBackward", [&] {
      const auto s = static_cast<scalar_t>(slope), gn = static_cast<scalar_t>(gain),
                 cl = static_cast<scalar_t>(clamp);
      scalar_t* noisePtr = hasNoise ? noisePixels.data_ptr<scalar_t>() : nullptr;
      at::parallel_for(0, n * h, grainRows(w * c), [&](int64_t begin, int64_t end) {
        epilogueBackwardRows<scalar_t>(
            g.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), yc.data_ptr<scalar_t>(),
            dc.data_ptr<scalar_t>(), gy.data_ptr<scalar_t>(), rowDemod.data_ptr<scalar_t>(),
            rowBias.data_ptr<scalar_t>(), noisePtr, begin, end, &shape, s, gn, cl);
      });
    });
    gDemod = rowDemod.view({n, h, c}).sum(1);
    gBias = rowBias.sum(0);
    if (hasNoise) gNoise = (noiseShared ? noisePixels.sum(0) : noisePixels).reshape(noise.sizes());
    return {gy, gDemod, gNoise, gBias, none, none, none};
  }
};

// ---------------------------------------------------------------------------------------------
// Interleave the four phases of a stride-2 transposed 3x3 convolution and filter (and adjoint).

struct PhaseShape {
  int64_t n, c, h, w;  // h, w: the convolution's input size; the output is 2h x 2w
};

// Pointers to fine-grid row j (0..2h) of the phases with even columns (ee/oe) and odd columns
// (eo/oo) of batch item b; null outside the grid.
template <typename T>
struct PhaseRows {
  T *ee, *eo, *oe, *oo;
  const PhaseShape* s;
  T* even(int64_t b, int64_t j) const {
    if (j < 0 || j > 2 * s->h) return nullptr;
    return j % 2 == 0 ? ee + ((b * (s->h + 1) + j / 2) * (s->w + 1)) * s->c
                      : oe + ((b * s->h + j / 2) * (s->w + 1)) * s->c;
  }
  T* odd(int64_t b, int64_t j) const {
    if (j < 0 || j > 2 * s->h) return nullptr;
    return j % 2 == 0 ? eo + ((b * (s->h + 1) + j / 2) * s->w) * s->c
                      : oo + ((b * s->h + j / 2) * s->w) * s->c;
  }
};

template <typename T>
LATENTECHO_VECTOR_CLONES void interleaveForwardRows(PhaseRows<T> phases, T* out, int64_t rowBegin,
                                                    int64_t rowEnd, const T* taps) {
  const PhaseShape& s = *phases.s;
  const int64_t c = s.c, outH = 2 * s.h, outW = 2 * s.w;
  std::vector<T> evenCols(static_cast<size_t>((s.w + 1) * c));
  std::vector<T> oddCols(static_cast<size_t>(s.w * c));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / outH, r = row % outH;
    std::fill(evenCols.begin(), evenCols.end(), T(0));
    std::fill(oddCols.begin(), oddCols.end(), T(0));
    for (int64_t a = 0; a < 4; ++a) {
      const T t = taps[a];
      if (const T* src = phases.even(b, r - 1 + a)) {
        T* acc = evenCols.data();
        for (int64_t k = 0; k < (s.w + 1) * c; ++k) acc[k] += t * src[k];
      }
      if (const T* src = phases.odd(b, r - 1 + a)) {
        T* acc = oddCols.data();
        for (int64_t k = 0; k < s.w * c; ++k) acc[k] += t * src[k];
      }
    }
    T* dstRow = out + row * outW * c;
    for (int64_t col = 0; col < outW; ++col) {
      T* dst = dstRow + col * c;
      for (int64_t k = 0; k < c; ++k) dst[k] = T(0);
      for (int64_t a = 0; a < 4; ++a) {
        const int64_t q = col - 1 + a;  // fine column
        if (q < 0 || q > 2 * s.w) continue;
        const T* src = q % 2 == 0 ? evenCols.data() + (q / 2) * c : oddCols.data() + (q / 2) * c;
        const T t = taps[a];
        for (int64_t k = 0; k < c; ++k) dst[k] += t * src[k];
      }
    }
  }
}

// The adjoint: phase gradients from the output gradient g [N, 2h, 2w, C]; one task per fine row.
template <typename T>
LATENTECHO_VECTOR_CLONES void interleaveAdjointRows(const T* g, PhaseRows<T> phases,
                                                    int64_t rowBegin, int64_t rowEnd,
                                                    const T* taps) {
  const PhaseShape& s = *phases.s;
  const int64_t c = s.c, outH = 2 * s.h, outW = 2 * s.w, fine = 2 * s.h + 1;
  std::vector<T> vertical(static_cast<size_t>(outW * c));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / fine, j = row % fine;
    std::fill(vertical.begin(), vertical.end(), T(0));
    for (int64_t a = 0; a < 4; ++a) {
      const int64_t r = j + 1 - a;  // output rows that read fine row j with tap a
      if (r < 0 || r >= outH) continue;
      const T* src = g + (b * outH + r) * outW * c;
      const T t = taps[a];
      T* acc = vertical.data();
      for (int64_t k = 0; k < outW * c; ++k) acc[k] += t * src[k];
    }
    T* evenRow = phases.even(b, j);
    T* oddRow = phases.odd(b, j);
    for (int64_t q = 0; q <= 2 * s.w; ++q) {
      T* dst = q % 2 == 0 ? evenRow + (q / 2) * c : oddRow + (q / 2) * c;
      for (int64_t k = 0; k < c; ++k) dst[k] = T(0);
      for (int64_t a = 0; a < 4; ++a) {
        const int64_t col = q + 1 - a;
        if (col < 0 || col >= outW) continue;
        const T* src = vertical.data() + col * c;
        const T t = taps[a];
        for (int64_t k = 0; k < c; ++k) dst[k] += t * src[k];
      }
    }
  }
}

std::vector<double> tapsOf(AutogradContext* ctx) {
  return ctx->saved_data["taps"].toDoubleVector();
}

at::Tensor interleaveKernel(const at::Tensor& eeIn, const at::Tensor& eoIn, const at::Tensor& oeIn,
                            const at::Tensor& ooIn, const std::vector<double>& taps) {
  const at::Tensor ee = channelsLast(eeIn), eo = channelsLast(eoIn.to(ee.scalar_type()));
  const at::Tensor oe = channelsLast(oeIn.to(ee.scalar_type()));
  const at::Tensor oo = channelsLast(ooIn.to(ee.scalar_type()));
  PhaseShape shape{oo.size(0), oo.size(1), oo.size(2), oo.size(3)};
  if (ee.sizes() != at::IntArrayRef({shape.n, shape.c, shape.h + 1, shape.w + 1}) ||
      eo.sizes() != at::IntArrayRef({shape.n, shape.c, shape.h + 1, shape.w}) ||
      oe.sizes() != at::IntArrayRef({shape.n, shape.c, shape.h, shape.w + 1}))
    throw Error("interleavePhasesAndFilter: inconsistent phase shapes");
  at::Tensor out =
      at::empty({shape.n, shape.c, 2 * shape.h, 2 * shape.w}, ee.options(), kChannelsLast);
  AT_DISPATCH_FLOATING_TYPES(ee.scalar_type(), "interleaveForward", [&] {
    const scalar_t t[4] = {static_cast<scalar_t>(taps[0]), static_cast<scalar_t>(taps[1]),
                           static_cast<scalar_t>(taps[2]), static_cast<scalar_t>(taps[3])};
    PhaseRows<scalar_t> rows{ee.data_ptr<scalar_t>(), eo.data_ptr<scalar_t>(),
                             oe.data_ptr<scalar_t>(), oo.data_ptr<scalar_t>(), &shape};
    at::parallel_for(0, shape.n * 2 * shape.h, grainRows(2 * shape.w * shape.c * 4),
                     [&](int64_t begin, int64_t end) {
                       interleaveForwardRows<scalar_t>(rows, out.data_ptr<scalar_t>(), begin, end,
                                                       t);
                     });
  });
  return out;
}

std::vector<at::Tensor> interleaveAdjointKernel(const at::Tensor& gIn,
                                                const std::vector<double>& taps) {
  const at::Tensor g = channelsLast(gIn);
  PhaseShape shape{g.size(0), g.size(1), g.size(2) / 2, g.size(3) / 2};
  const auto o = g.options();
  at::Tensor ee = at::empty({shape.n, shape.c, shape.h + 1, shape.w + 1}, o, kChannelsLast);
  at::Tensor eo = at::empty({shape.n, shape.c, shape.h + 1, shape.w}, o, kChannelsLast);
  at::Tensor oe = at::empty({shape.n, shape.c, shape.h, shape.w + 1}, o, kChannelsLast);
  at::Tensor oo = at::empty({shape.n, shape.c, shape.h, shape.w}, o, kChannelsLast);
  AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "interleaveAdjoint", [&] {
    const scalar_t t[4] = {static_cast<scalar_t>(taps[0]), static_cast<scalar_t>(taps[1]),
                           static_cast<scalar_t>(taps[2]), static_cast<scalar_t>(taps[3])};
    PhaseRows<scalar_t> rows{ee.data_ptr<scalar_t>(), eo.data_ptr<scalar_t>(),
                             oe.data_ptr<scalar_t>(), oo.data_ptr<scalar_t>(), &shape};
    at::parallel_for(0, shape.n * (2 * shape.h + 1), grainRows(2 * shape.w * shape.c * 4),
                     [&](int64_t begin, int64_t end) {
                       interleaveAdjointRows<scalar_t>(g.data_ptr<scalar_t>(), rows, begin, end, t);
                     });
  });
  return {ee, eo, oe, oo};
}

class InterleaveAdjointFunction;

class InterleaveFunction : public torch::autograd::Function<InterleaveFunction> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& ee, const at::Tensor& eo,
                            const at::Tensor& oe, const at::Tensor& oo,
                            const std::vector<double>& taps) {
    ctx->saved_data["taps"] = taps;
    return interleaveKernel(ee, eo, oe, oo, taps);
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads);
};

class InterleaveAdjointFunction : public torch::autograd::Function<InterleaveAdjointFunction> {
 public:
  static variable_list forward(AutogradContext* ctx, const at::Tensor& g,
                               const std::vector<double>& taps) {
    ctx->saved_data["taps"] = taps;
    variable_list phases = interleaveAdjointKernel(g, taps);
    std::vector<int64_t> shapes;
    for (const auto& p : phases) shapes.insert(shapes.end(), p.sizes().begin(), p.sizes().end());
    ctx->saved_data["shapes"] = shapes;
    return phases;
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    // Adjoint of the adjoint: the forward operation (undefined phase gradients count as zero).
    bool any = false;
    for (const auto& g : grads) any = any || g.defined();
    if (!any) return {at::Tensor(), at::Tensor()};
    const std::vector<int64_t> shapes = ctx->saved_data["shapes"].toIntVector();
    at::TensorOptions options;
    for (const auto& g : grads)
      if (g.defined()) options = g.options();
    for (size_t i = 0; i < 4; ++i)
      if (!grads[i].defined())
        grads[i] = at::zeros(at::IntArrayRef(shapes.data() + 4 * i, 4), options);
    return {InterleaveFunction::apply(grads[0], grads[1], grads[2], grads[3], tapsOf(ctx)),
            at::Tensor()};
  }
};

variable_list InterleaveFunction::backward(AutogradContext* ctx, variable_list grads) {
  if (!grads[0].defined()) return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor(), {}};
  variable_list phases = InterleaveAdjointFunction::apply(grads[0], tapsOf(ctx));
  return {phases[0], phases[1], phases[2], phases[3], at::Tensor()};
}

}  // namespace

at::Tensor demodulateNoiseBiasActivation(const at::Tensor& y, const at::Tensor& demod,
                                         const at::Tensor& noise, const at::Tensor& bias,
                                         double slope, double gain, double clamp) {
  requireCpuFloating(y, "the convolution output");
  if (y.dim() != 4 || demod.dim() != 2 || demod.size(0) != y.size(0) ||
      demod.size(1) != y.size(1) || bias.numel() != y.size(1))
    throw Error("demodulateNoiseBiasActivation: expected y [N,C,H,W], demod [N,C], bias [C]");
  at::Tensor n = noise.defined() ? noise : at::empty({0}, y.options());
  if (n.numel() > 0 && n.numel() != y.size(2) * y.size(3) &&
      n.numel() != y.size(0) * y.size(2) * y.size(3))
    throw Error("demodulateNoiseBiasActivation: noise must be [H,W] or [N,1,H,W]");
  return EpilogueFunction::apply(y, demod, n, bias, slope, gain, clamp);
}

at::Tensor interleavePhasesAndFilter(const at::Tensor& ee, const at::Tensor& eo,
                                     const at::Tensor& oe, const at::Tensor& oo,
                                     const std::array<double, 4>& taps) {
  requireCpuFloating(ee, "the phases");
  return InterleaveFunction::apply(ee, eo, oe, oo, std::vector<double>(taps.begin(), taps.end()));
}

std::optional<std::array<double, 4>> separableUpsamplingTaps(const at::Tensor& filter,
                                                             double gain) {
  if (filter.dim() != 2 || filter.size(0) != 4 || filter.size(1) != 4) return std::nullopt;
  // upfirdn2d convolves (flips the filter); the kernels correlate.
  at::Tensor f = filter.detach().to(at::kCPU, at::kDouble).flip({0, 1}).contiguous();
  auto a = f.accessor<double, 2>();
  if (!(a[0][0] > 0)) return std::nullopt;
  std::array<double, 4> taps{};
  for (int i = 0; i < 4; ++i) taps[i] = a[i][0] / std::sqrt(a[0][0]);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      if (std::abs(a[i][j] - taps[i] * taps[j]) > 1e-7 * std::abs(a[i][j]) + 1e-12)
        return std::nullopt;
  for (double& t : taps) t *= std::sqrt(gain);
  return taps;
}

}  // namespace latentecho::stylegan2

// -----------------------------------------------------------------------------------------------
namespace latentecho {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct PlaneShape {
  int64_t planes, h, w;  // input planes
  int64_t rows, cols;    // tap counts
};

// out[i, j] = sum_a sum_b r[a] c[b] x[i + a, j + b] (valid); one task per output row.
template <typename T>
LATENTECHO_VECTOR_CLONES void correlateRows(const T* x, T* out, int64_t rowBegin, int64_t rowEnd,
                                            const PlaneShape* s, const T* r, const T* c) {
  const int64_t outH = s->h - s->rows + 1, outW = s->w - s->cols + 1;
  std::vector<T> vertical(static_cast<size_t>(s->w));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t p = row / outH, i = row % outH;
    T* acc = vertical.data();
    std::fill(vertical.begin(), vertical.end(), T(0));
    for (int64_t a = 0; a < s->rows; ++a) {
      const T* src = x + (p * s->h + i + a) * s->w;
      const T t = r[a];
      for (int64_t j = 0; j < s->w; ++j) acc[j] += t * src[j];
    }
    T* dst = out + (p * outH + i) * outW;
    for (int64_t j = 0; j < outW; ++j) dst[j] = T(0);
    for (int64_t b = 0; b < s->cols; ++b) {
      const T t = c[b];
      const T* src = acc + b;
      for (int64_t j = 0; j < outW; ++j) dst[j] += t * src[j];
    }
  }
}

// The adjoint: gx[i, j] = sum_a sum_b r[a] c[b] g[i - a, j - b]; one task per input row.
template <typename T>
LATENTECHO_VECTOR_CLONES void correlateAdjointRows(const T* g, T* gx, int64_t rowBegin,
                                                   int64_t rowEnd, const PlaneShape* s, const T* r,
                                                   const T* c) {
  const int64_t outH = s->h - s->rows + 1, outW = s->w - s->cols + 1;
  std::vector<T> vertical(static_cast<size_t>(outW));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t p = row / s->h, i = row % s->h;
    T* acc = vertical.data();
    std::fill(vertical.begin(), vertical.end(), T(0));
    for (int64_t a = 0; a < s->rows; ++a) {
      const int64_t gi = i - a;
      if (gi < 0 || gi >= outH) continue;
      const T* src = g + (p * outH + gi) * outW;
      const T t = r[a];
      for (int64_t j = 0; j < outW; ++j) acc[j] += t * src[j];
    }
    T* dst = gx + (p * s->h + i) * s->w;
    for (int64_t j = 0; j < s->w; ++j) dst[j] = T(0);
    for (int64_t b = 0; b < s->cols; ++b) {
      const T t = c[b];
      T* d = dst + b;
      for (int64_t j = 0; j < outW; ++j) d[j] += t * acc[j];
    }
  }
}

template <bool Adjoint>
at::Tensor correlationKernel(const at::Tensor& input, const std::vector<double>& rows,
                             const std::vector<double>& cols, at::IntArrayRef inputSize) {
  const at::Tensor x = input.contiguous();
  const auto r = static_cast<int64_t>(rows.size()), c = static_cast<int64_t>(cols.size());
  PlaneShape s{inputSize[0] * inputSize[1], inputSize[2], inputSize[3], r, c};
  const int64_t outH = s.h - r + 1, outW = s.w - c + 1;
  at::Tensor out = Adjoint ? at::empty(inputSize, x.options())
                           : at::empty({inputSize[0], inputSize[1], outH, outW}, x.options());
  AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "separableCorrelation", [&] {
    std::vector<scalar_t> rt(rows.begin(), rows.end()), ct(cols.begin(), cols.end());
    const int64_t tasks = Adjoint ? s.planes * s.h : s.planes * outH;
    at::parallel_for(0, tasks, stylegan2::grainRows(s.w * r), [&](int64_t begin, int64_t end) {
      if (Adjoint)
        correlateAdjointRows<scalar_t>(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), begin, end,
                                       &s, rt.data(), ct.data());
      else
        correlateRows<scalar_t>(x.data_ptr<scalar_t>(), out.data_ptr<scalar_t>(), begin, end, &s,
                                rt.data(), ct.data());
    });
  });
  return out;
}

std::vector<double> doubles(const c10::IValue& value) { return value.toDoubleVector(); }

class CorrelationAdjointFunction;

class CorrelationFunction : public torch::autograd::Function<CorrelationFunction> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x,
                            const std::vector<double>& rows, const std::vector<double>& cols) {
    ctx->saved_data["rows"] = rows;
    ctx->saved_data["cols"] = cols;
    ctx->saved_data["size"] = x.sizes().vec();
    return correlationKernel<false>(x, rows, cols, x.sizes());
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads);
};

class CorrelationAdjointFunction : public torch::autograd::Function<CorrelationAdjointFunction> {
 public:
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& g,
                            const std::vector<double>& rows, const std::vector<double>& cols,
                            const std::vector<int64_t>& inputSize) {
    ctx->saved_data["rows"] = rows;
    ctx->saved_data["cols"] = cols;
    return correlationKernel<true>(g, rows, cols, inputSize);
  }
  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    if (!grads[0].defined()) return {at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
    return {CorrelationFunction::apply(grads[0], doubles(ctx->saved_data["rows"]),
                                       doubles(ctx->saved_data["cols"])),
            at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

variable_list CorrelationFunction::backward(AutogradContext* ctx, variable_list grads) {
  if (!grads[0].defined()) return {at::Tensor(), at::Tensor(), at::Tensor()};
  return {CorrelationAdjointFunction::apply(grads[0], doubles(ctx->saved_data["rows"]),
                                            doubles(ctx->saved_data["cols"]),
                                            ctx->saved_data["size"].toIntVector()),
          at::Tensor(), at::Tensor()};
}

std::vector<double> tapVector(const at::Tensor& taps) {
  at::Tensor t = taps.detach().to(at::kCPU, at::kDouble).contiguous().flatten();
  return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

}  // namespace

at::Tensor separableCorrelation(const at::Tensor& x, const at::Tensor& rows,
                                const at::Tensor& cols) {
  if (x.dim() != 4 || !x.device().is_cpu() ||
      (x.scalar_type() != at::kFloat && x.scalar_type() != at::kDouble))
    throw Error("separableCorrelation: expected a float or double CPU tensor [N, C, H, W]");
  if (x.size(2) < rows.numel() || x.size(3) < cols.numel())
    throw Error("separableCorrelation: the image is smaller than the filter");
  return CorrelationFunction::apply(x, tapVector(rows), tapVector(cols));
}

}  // namespace latentecho
