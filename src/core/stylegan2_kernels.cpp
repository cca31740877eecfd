#include "stylegan2_kernels.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <vector>

// The row workers are compiled twice, for AVX2+FMA and for the baseline, and the loader picks
// one for the running CPU (GCC function multiversioning); the loops are written so that the
// compiler vectorises them over channels.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define LATENTECHO_VECTOR_CLONES __attribute__((target_clones("arch=haswell", "default")))
#else
#define LATENTECHO_VECTOR_CLONES
#endif
#define LATENTECHO_ALWAYS_INLINE inline __attribute__((always_inline))

namespace latentecho::stylegan2::kernels {
namespace {

// The epilogue of one pixel: raw [C] -> v [C] (in `value`), then rgb and scaled features.
LATENTECHO_ALWAYS_INLINE void finishPixel(const float* __restrict raw, float* __restrict value,
                                          float* dst, int64_t c, const float* __restrict demod,
                                          float noise, const Epilogue& e,
                                          const float* __restrict outScale,
                                          const float* __restrict rgbWeight, float* rgbPixel,
                                          int64_t rgbPlane) {
  const float* __restrict bias = e.bias;
  const float slope = e.slope, gain = e.gain;
  if (demod) {
    for (int64_t k = 0; k < c; ++k) value[k] = raw[k] * demod[k] + noise + bias[k];
  } else {
    for (int64_t k = 0; k < c; ++k) value[k] = raw[k] + noise + bias[k];
  }
  for (int64_t k = 0; k < c; ++k) {
    float v = value[k];
    v = (v < 0.f ? v * slope : v) * gain;
    value[k] = v;
  }
  if (e.clamp >= 0.f) {
    const float lo = -e.clamp, hi = e.clamp;
    for (int64_t k = 0; k < c; ++k) value[k] = std::min(std::max(value[k], lo), hi);
  }
  if (rgbWeight) {
    for (int64_t o = 0; o < e.rgbChannels; ++o) {
      const float* __restrict rw = rgbWeight + o * c;
      // Eight independent partial sums: vectorisable without reassociating float additions.
      float partial[8] = {0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
      int64_t k = 0;
      for (; k + 8 <= c; k += 8)
        for (int lane = 0; lane < 8; ++lane) partial[lane] += value[k + lane] * rw[k + lane];
      float sum = 0.f;
      for (; k < c; ++k) sum += value[k] * rw[k];
      for (float p : partial) sum += p;
      sum += e.rgbBias[o];
      if (e.rgbClamp >= 0.f) sum = std::min(std::max(sum, -e.rgbClamp), e.rgbClamp);
      rgbPixel[o * rgbPlane] = sum;
    }
  }
  if (dst) {
    if (outScale) {
      for (int64_t k = 0; k < c; ++k) dst[k] = value[k] * outScale[k];
    } else {
      for (int64_t k = 0; k < c; ++k) dst[k] = value[k];
    }
  }
}

LATENTECHO_VECTOR_CLONES
void epilogueRows(float* y, int64_t rowBegin, int64_t rowEnd, int64_t h, int64_t w, int64_t c,
                  const Epilogue* ep) {
  const Epilogue& e = *ep;
  std::vector<float> value(static_cast<size_t>(c));
  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / h, yy = row % h;
    const float* demod = e.demod ? e.demod + b * c : nullptr;
    const float* outScale = e.outScale ? e.outScale + b * c : nullptr;
    const float* rgbWeight = e.rgbWeight ? e.rgbWeight + b * e.rgbChannels * c : nullptr;
    const float* noiseRow = e.noise ? e.noise + b * e.noiseBatchStride + yy * w : nullptr;
    float* rgbRow = e.rgbOut ? e.rgbOut + (b * e.rgbChannels * h + yy) * w : nullptr;
    for (int64_t x = 0; x < w; ++x) {
      float* pixel = y + (row * w + x) * c;
      finishPixel(pixel, value.data(), e.writeFeatures ? pixel : nullptr, c, demod,
                  noiseRow ? noiseRow[x] : 0.f, e, outScale, rgbWeight,
                  rgbRow ? rgbRow + x : nullptr, h * w);
    }
  }
}

// acc[k] (+)= t0 a[k] + t1 b[k] + t2 c[k] + t3 d[k]; null rows count as zero.
LATENTECHO_ALWAYS_INLINE void combineRows(float* __restrict acc, const float* __restrict a,
                                          const float* __restrict b, const float* __restrict cc,
                                          const float* __restrict d, const float* t,
                                          int64_t count) {
  const float t0 = t[0], t1 = t[1], t2 = t[2], t3 = t[3];
  if (a && d) {
    for (int64_t k = 0; k < count; ++k) acc[k] = t0 * a[k] + t1 * b[k] + t2 * cc[k] + t3 * d[k];
  } else if (a) {
    for (int64_t k = 0; k < count; ++k) acc[k] = t0 * a[k] + t1 * b[k] + t2 * cc[k];
  } else if (d) {
    for (int64_t k = 0; k < count; ++k) acc[k] = t1 * b[k] + t2 * cc[k] + t3 * d[k];
  } else {
    for (int64_t k = 0; k < count; ++k) acc[k] = t1 * b[k] + t2 * cc[k];
  }
}

LATENTECHO_VECTOR_CLONES
void upsampleRows(const float* ee, const float* eo, const float* oe, const float* oo,
                  int64_t rowBegin, int64_t rowEnd, int64_t h, int64_t w, int64_t c,
                  const float* taps, float* out, const Epilogue* ep) {
  const Epilogue& e = *ep;
  const int64_t outH = 2 * h, outW = 2 * w;
  // Vertically filtered rows: even columns (W+1 pixels) and odd columns (W pixels).
  std::vector<float> evenCols(static_cast<size_t>((w + 1) * c));
  std::vector<float> oddCols(static_cast<size_t>(w * c));
  std::vector<float> raw(static_cast<size_t>(c));
  std::vector<float> value(static_cast<size_t>(c));
  const int64_t eeRow = (w + 1) * c, eoRow = w * c, oeRow = (w + 1) * c, ooRow = w * c;

  for (int64_t row = rowBegin; row < rowEnd; ++row) {
    const int64_t b = row / outH, yy = row % outH, k = yy / 2;
    const float* eeB = ee + b * (h + 1) * eeRow;
    const float* eoB = eo + b * (h + 1) * eoRow;
    const float* oeB = oe + b * h * oeRow;
    const float* ooB = oo + b * h * ooRow;
    // Fine-grid rows yy-1 .. yy+2: even fine rows come from the ee/eo phases (row index m for
    // fine row 2m), odd ones from oe/oo (row m for fine row 2m+1); outside the grid is zero.
    const float *evenA, *evenB, *evenC, *evenD, *oddA, *oddB, *oddC, *oddD;
    if (yy % 2 == 0) {
      // taps over fine rows 2k-1 (odd k-1), 2k (even k), 2k+1 (odd k), 2k+2 (even k+1)
      evenA = k > 0 ? oeB + (k - 1) * oeRow : nullptr;
      evenB = eeB + k * eeRow;
      evenC = oeB + k * oeRow;
      evenD = eeB + (k + 1) * eeRow;
      oddA = k > 0 ? ooB + (k - 1) * ooRow : nullptr;
      oddB = eoB + k * eoRow;
      oddC = ooB + k * ooRow;
      oddD = eoB + (k + 1) * eoRow;
    } else {
      // taps over fine rows 2k (even k), 2k+1 (odd k), 2k+2 (even k+1), 2k+3 (odd k+1)
      evenA = eeB + k * eeRow;
      evenB = oeB + k * oeRow;
      evenC = eeB + (k + 1) * eeRow;
      evenD = k + 1 < h ? oeB + (k + 1) * oeRow : nullptr;
      oddA = eoB + k * eoRow;
      oddB = ooB + k * ooRow;
      oddC = eoB + (k + 1) * eoRow;
      oddD = k + 1 < h ? ooB + (k + 1) * ooRow : nullptr;
    }
    combineRows(evenCols.data(), evenA, evenB, evenC, evenD, taps, (w + 1) * c);
    combineRows(oddCols.data(), oddA, oddB, oddC, oddD, taps, w * c);

    const float* demod = e.demod ? e.demod + b * c : nullptr;
    const float* outScale = e.outScale ? e.outScale + b * c : nullptr;
    const float* rgbWeight = e.rgbWeight ? e.rgbWeight + b * e.rgbChannels * c : nullptr;
    const float* noiseRow = e.noise ? e.noise + b * e.noiseBatchStride + yy * outW : nullptr;
    float* rgbRow = e.rgbOut ? e.rgbOut + (b * e.rgbChannels * outH + yy) * outW : nullptr;
    float* outRow = out + row * outW * c;
    const float* evenPix = evenCols.data();
    const float* oddPix = oddCols.data();
    for (int64_t q = 0; q < w; ++q) {
      // X = 2q: taps over fine columns 2q-1 (odd q-1), 2q (even q), 2q+1 (odd q), 2q+2 (even q+1)
      combineRows(raw.data(), q > 0 ? oddPix + (q - 1) * c : nullptr, evenPix + q * c,
                  oddPix + q * c, evenPix + (q + 1) * c, taps, c);
      int64_t x = 2 * q;
      finishPixel(raw.data(), value.data(), e.writeFeatures ? outRow + x * c : nullptr, c, demod,
                  noiseRow ? noiseRow[x] : 0.f, e, outScale, rgbWeight,
                  rgbRow ? rgbRow + x : nullptr, outH * outW);
      // X = 2q+1: fine columns 2q (even q), 2q+1 (odd q), 2q+2 (even q+1), 2q+3 (odd q+1)
      combineRows(raw.data(), evenPix + q * c, oddPix + q * c, evenPix + (q + 1) * c,
                  q + 1 < w ? oddPix + (q + 1) * c : nullptr, taps, c);
      x = 2 * q + 1;
      finishPixel(raw.data(), value.data(), e.writeFeatures ? outRow + x * c : nullptr, c, demod,
                  noiseRow ? noiseRow[x] : 0.f, e, outScale, rgbWeight,
                  rgbRow ? rgbRow + x : nullptr, outH * outW);
    }
  }
}

int64_t grainRows(int64_t rowWork) {
  // Roughly 32k values per task keeps scheduling overhead negligible.
  return std::max<int64_t>(1, 32768 / std::max<int64_t>(rowWork, 1));
}

}  // namespace

void applyEpilogue(float* y, int64_t n, int64_t h, int64_t w, int64_t c, const Epilogue& e) {
  at::parallel_for(0, n * h, grainRows(w * c), [&](int64_t begin, int64_t end) {
    epilogueRows(y, begin, end, h, w, c, &e);
  });
}

void upsampleEpilogue(const float* ee, const float* eo, const float* oe, const float* oo,
                      int64_t n, int64_t h, int64_t w, int64_t c, const float taps[4], float* out,
                      const Epilogue& e) {
  at::parallel_for(0, n * 2 * h, grainRows(2 * w * c), [&](int64_t begin, int64_t end) {
    upsampleRows(ee, eo, oe, oo, begin, end, h, w, c, taps, out, &e);
  });
}

}  // namespace latentecho::stylegan2::kernels
