// The inference path of the synthesis network: channels-last activations, oneDNN convolutions
// with the weights shared by the whole batch, and the fused kernels of stylegan2_kernels.h for
// everything between convolutions. Same arithmetic as the differentiable path in stylegan2.cpp.
#include <atomic>
#include <cmath>
#include <memory>

#include <c10/core/TensorImpl.h>
#include <c10/core/UndefinedTensorImpl.h>
#include <c10/util/intrusive_ptr.h>

#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2.h"
#include "stylegan2_autograd.h"
#include "stylegan2_kernels.h"

namespace latentecho::stylegan2 {

// What the fused path needs from a layer's weight, and which weight it was made from. Preparing it
// reads the whole weight several times (energy, layout change, phase split); for the paper's
// network that is ~75 MB per batch, which is why it is kept between calls.
struct SynthesisLayerImpl::FusedWeights {
  explicit FusedWeights(const at::Tensor& weight) : source(weight.getIntrusivePtr()) {}

  c10::weak_intrusive_ptr<c10::TensorImpl, c10::UndefinedTensorImpl> source;
  const void* data = nullptr;
  uint32_t version = 0;
  at::Tensor energy;  // sum over the kernel taps of weight^2, [O, I]
  at::Tensor kernel;  // up == 1: the weight, channels-last
  // up == 2: the four parity phases of the stride-2 transposed 3x3 convolution (the official code
  // does not flip the kernel there), channels-last. Even outputs use kernel taps {2, 0}, odd {1}.
  at::Tensor ee, eo, oe, oo;
};

namespace {

constexpr auto kChannelsLast = at::MemoryFormat::ChannelsLast;

at::Tensor channelsLast(const at::Tensor& t) { return t.contiguous(kChannelsLast); }

// A stride-1 convolution without bias. at::conv2d leaves oneDNN for ATen's native im2col + BLAS
// convolution when the batch is 1, the kernel at most 3 x 3 and the input at most 20480 values
// (ConvParams::use_mkldnn in LibTorch 1.13): for a single frame, the 256-channel layers at 4 to
// 16 px. With Debian's reference BLAS that path runs at about 1 GFLOP/s, 0.2-0.3 s for one such
// layer, which was most of the time of the α slider's visible frame. A single frame therefore goes
// to oneDNN directly; batches keep at::conv2d's choice (and its numerics, which the distributed
// training's equivalence to one process relies on).
at::Tensor convolve(const at::Tensor& x, const at::Tensor& weight, at::IntArrayRef padding) {
  static const std::vector<int64_t> one{1, 1};
  if (x.size(0) == 1 && at::hasMKLDNN() && at::globalContext().userEnabledMkldnn())
    return at::mkldnn_convolution(x, weight, c10::nullopt, padding, one, one, 1);
  return at::conv2d(x, weight, at::Tensor(), one, padding);
}

// The resampling filter as 4 separable correlation taps with the upsampling gain (4 = 2 x 2) in
// them, or nothing when the stored filter is not a symmetric separable 4x4 one (then the
// differentiable path, which handles any filter, is used).
std::optional<std::array<float, 4>> separableTaps(const at::Tensor& filter) {
  if (filter.dim() != 2 || filter.size(0) != 4 || filter.size(1) != 4) return std::nullopt;
  at::Tensor f = filter.to(at::kDouble).contiguous();
  // upfirdn2d convolves (flips the filter); the kernels correlate.
  f = f.flip({0, 1});
  auto a = f.accessor<double, 2>();
  if (!(a[0][0] > 0)) return std::nullopt;
  std::array<double, 4> taps{};
  for (int i = 0; i < 4; ++i) taps[i] = a[i][0] / std::sqrt(a[0][0]);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j)
      if (std::abs(a[i][j] - taps[i] * taps[j]) > 1e-7 * std::abs(a[i][j]) + 1e-12)
        return std::nullopt;
  std::array<float, 4> out{};
  for (int i = 0; i < 4; ++i) out[i] = static_cast<float>(2.0 * taps[i]);
  return out;
}

// Fills the noise fields of an epilogue from the layer's noise tensor (kept alive by `holder`).
void setNoise(kernels::Epilogue& e, const at::Tensor& noise, int64_t resolution,
              at::Tensor& holder) {
  if (!noise.defined()) return;
  holder = noise.to(at::kFloat).contiguous();
  e.noise = holder.data_ptr<float>();
  e.noiseBatchStride = holder.dim() == 4 ? resolution * resolution : 0;
}

struct LayerStyles {
  at::Tensor styles;  // [N, I]
  at::Tensor demod;   // [N, O]
};

LayerStyles layerStyles(SynthesisLayerImpl& layer, const SynthesisLayerImpl::FusedWeights& fused,
                        const at::Tensor& w) {
  LayerStyles s;
  s.styles = layer.affine->forward(w).contiguous();
  // demodulationCoefficients() with the per-row weight energy prepared once.
  s.demod = (dense(s.styles.square(), fused.energy) + 1e-8).rsqrt().contiguous();
  return s;
}

uint32_t versionOf(const at::Tensor& t) {
  return t.unsafeGetTensorImpl()->version_counter().current_version();
}

}  // namespace

std::shared_ptr<const SynthesisLayerImpl::FusedWeights> SynthesisLayerImpl::fusedWeights() const {
  auto cached = std::atomic_load(&fusedWeights_);
  // Inference tensors have no version counter: never cache what could change unseen.
  const bool trackable = !weight.is_inference();
  if (cached && trackable && cached->source.lock().get() == weight.unsafeGetTensorImpl() &&
      cached->data == weight.data_ptr() && cached->version == versionOf(weight))
    return cached;

  at::NoGradGuard noGrad;
  auto fused = std::make_shared<FusedWeights>(weight);
  fused->data = weight.data_ptr();
  fused->version = trackable ? versionOf(weight) : 0;
  at::Tensor w = weight.to(at::kFloat);
  fused->energy = w.square().sum({2, 3}).contiguous();
  if (up == 1) {
    fused->kernel = channelsLast(w);
  } else {
    at::Tensor even = at::tensor(std::vector<int64_t>{2, 0}, at::kLong);
    at::Tensor odd = at::tensor(std::vector<int64_t>{1}, at::kLong);
    fused->ee = channelsLast(w.index_select(2, even).index_select(3, even));
    fused->eo = channelsLast(w.index_select(2, even).index_select(3, odd));
    fused->oe = channelsLast(w.index_select(2, odd).index_select(3, even));
    fused->oo = channelsLast(w.index_select(2, odd).index_select(3, odd));
  }
  if (trackable) std::atomic_store(&fusedWeights_, std::shared_ptr<const FusedWeights>(fused));
  return fused;
}

at::Tensor SynthesisNetworkImpl::forwardFused(const at::Tensor& ws,
                                              const SynthesisOptions& options) {
  // The kernels assume the official resampling filter shape; anything else takes the general path.
  std::vector<std::array<float, 4>> taps;
  for (auto& block : blocks_) {
    if (!block->conv0) continue;
    auto t = separableTaps(block->conv0->resampleFilter);
    if (!t || block->conv0->weight.size(2) != 3 || block->conv0->weight.size(3) != 3)
      return forwardDifferentiable(ws, options);
    taps.push_back(*t);
  }

  const int64_t n = ws.size(0);
  const float gain = static_cast<float>(defaultGain(Activation::LeakyRelu));
  const float clamp = config_.convClamp ? static_cast<float>(*config_.convClamp) : -1.f;

  // Styles of every layer up front: each layer's epilogue modulates the next layer's input.
  struct BlockPlan {
    std::shared_ptr<const SynthesisLayerImpl::FusedWeights> conv0Weights, conv1Weights;
    LayerStyles conv0, conv1;
    at::Tensor rgbWeight;  // [N, O, C]
  };
  std::vector<BlockPlan> plans(blocks_.size());
  int64_t wIndex = 0;
  for (size_t i = 0; i < blocks_.size(); ++i) {
    auto& block = blocks_[i];
    int64_t local = wIndex;
    if (block->conv0) {
      plans[i].conv0Weights = block->conv0->fusedWeights();
      plans[i].conv0 = layerStyles(*block->conv0, *plans[i].conv0Weights, ws.select(1, local++));
    }
    plans[i].conv1Weights = block->conv1->fusedWeights();
    plans[i].conv1 = layerStyles(*block->conv1, *plans[i].conv1Weights, ws.select(1, local++));
    at::Tensor rgbStyles = block->torgb->styles(ws.select(1, local));  // [N, C]
    at::Tensor rgbKernel = block->torgb->weight.flatten(1);            // [O, C]
    plans[i].rgbWeight = (rgbStyles.unsqueeze(1) * rgbKernel.unsqueeze(0)).contiguous();
    wIndex += block->numConv();
  }

  at::Tensor x;  // modulated input of the next convolution, channels-last
  at::Tensor img;
  for (size_t i = 0; i < blocks_.size(); ++i) {
    auto& block = blocks_[i];
    BlockPlan& plan = plans[i];
    const int64_t res = block->resolution, channels = block->outChannels;
    const bool last = i + 1 == blocks_.size();

    if (!block->conv0) {
      x = channelsLast(block->constInput.unsqueeze(0) *
                       plan.conv1.styles.view({n, channels, 1, 1}));
    } else {
      // Upsampling conv: four parity convolutions, then blur + epilogue in one pass that also
      // modulates the input of conv1.
      SynthesisLayerImpl& conv0 = *block->conv0;
      const SynthesisLayerImpl::FusedWeights& k = *plan.conv0Weights;
      const std::vector<int64_t> one{1, 1}, rowsOnly{1, 0}, colsOnly{0, 1}, none{0, 0};
      at::Tensor ee = channelsLast(convolve(x, k.ee, one));
      at::Tensor eo = channelsLast(convolve(x, k.eo, rowsOnly));
      at::Tensor oe = channelsLast(convolve(x, k.oe, colsOnly));
      at::Tensor oo = channelsLast(convolve(x, k.oo, none));
      const int64_t h = res / 2;
      at::Tensor out = at::empty({n, channels, res, res}, ws.options(), kChannelsLast);
      kernels::Epilogue e;
      e.demod = plan.conv0.demod.data_ptr<float>();
      at::Tensor noiseHolder;
      setNoise(e, conv0.noise(n, options, ws.device()), res, noiseHolder);
      at::Tensor bias = conv0.bias.contiguous();
      e.bias = bias.data_ptr<float>();
      e.gain = gain;
      e.clamp = clamp;
      e.outScale = plan.conv1.styles.data_ptr<float>();
      const std::array<float, 4>& t = taps[i - 1];
      kernels::upsampleEpilogue(ee.data_ptr<float>(), eo.data_ptr<float>(), oe.data_ptr<float>(),
                                oo.data_ptr<float>(), n, h, h, channels, t.data(),
                                out.data_ptr<float>(), e);
      x = out;
    }

    // conv1, then one pass for its epilogue, the toRGB and the next block's input modulation.
    SynthesisLayerImpl& conv1 = *block->conv1;
    at::Tensor y = channelsLast(convolve(x, plan.conv1Weights->kernel, {1, 1}));
    const int64_t imageChannels = block->imageChannels;
    at::Tensor rgb = at::empty({n, imageChannels, res, res}, ws.options());
    at::Tensor rgbBias = block->torgb->bias.contiguous();
    at::Tensor bias = conv1.bias.contiguous();
    kernels::Epilogue e;
    e.demod = plan.conv1.demod.data_ptr<float>();
    at::Tensor noiseHolder;
    setNoise(e, conv1.noise(n, options, ws.device()), res, noiseHolder);
    e.bias = bias.data_ptr<float>();
    e.gain = gain;
    e.clamp = clamp;
    e.writeFeatures = !last;
    e.outScale = last ? nullptr : plans[i + 1].conv0.styles.data_ptr<float>();
    e.rgbWeight = plan.rgbWeight.data_ptr<float>();
    e.rgbBias = rgbBias.data_ptr<float>();
    e.rgbClamp = clamp;
    e.rgbChannels = imageChannels;
    e.rgbOut = rgb.data_ptr<float>();
    kernels::applyEpilogue(y.data_ptr<float>(), n, res, res, channels, e);
    x = y;

    if (img.defined()) {
      auto upsampled = upsampleSkipImage(img, block->resampleFilter);
      img = (upsampled ? *upsampled : upsample2d(img, block->resampleFilter)) + rgb;
    } else {
      img = rgb;
    }
  }
  return img;
}

}  // namespace latentecho::stylegan2
