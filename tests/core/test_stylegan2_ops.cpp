// StyleGAN2 building blocks against direct definitions: upfirdn2d against a loop over its
// definition, the polyphase upsampling convolution against the official transposed convolution,
// the shared-weight modulated convolution against per-sample modulated weights (the official
// fused form), and the fused inference kernels against the differentiable path on channel
// counts that exercise every remainder loop.
#include "latentecho/core/stylegan2_ops.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include "latentecho/core/stylegan2.h"

namespace latentecho::stylegan2 {
namespace {

double maxAbsDifference(const at::Tensor& a, const at::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  if (a.sizes() != b.sizes()) return 1e30;
  return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

// upfirdn2d by its definition: upsample by zero insertion, pad, convolve (true convolution with
// the filter), keep every down-th pixel. Double precision loops.
at::Tensor upfirdn2dByDefinition(const at::Tensor& x, const at::Tensor& f, int64_t up,
                                 int64_t down, Padding p, double gain) {
  const int64_t n = x.size(0), c = x.size(1), h = x.size(2), w = x.size(3);
  const int64_t fh = f.size(0), fw = f.size(1);
  const int64_t uh = h * up + p[2] + p[3], uw = w * up + p[0] + p[1];
  const int64_t oh = (uh - fh) / down + 1, ow = (uw - fw) / down + 1;
  auto xa = x.to(at::kDouble).contiguous();
  auto fa = f.to(at::kDouble).contiguous();
  at::Tensor out = at::zeros({n, c, oh, ow}, at::kDouble);
  auto X = xa.accessor<double, 4>();
  auto F = fa.accessor<double, 2>();
  auto O = out.accessor<double, 4>();
  auto upsampled = [&](int64_t b, int64_t ch, int64_t yy, int64_t xx) {
    // Coordinates in the padded upsampled image -> input pixel, or zero.
    yy -= p[2];
    xx -= p[0];
    if (yy < 0 || xx < 0 || yy >= h * up || xx >= w * up || yy % up || xx % up) return 0.0;
    return X[b][ch][yy / up][xx / up];
  };
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t oy = 0; oy < oh; ++oy)
        for (int64_t ox = 0; ox < ow; ++ox) {
          double sum = 0;
          for (int64_t i = 0; i < fh; ++i)
            for (int64_t j = 0; j < fw; ++j)  // convolution: the filter flipped
              sum += F[fh - 1 - i][fw - 1 - j] * upsampled(b, ch, oy * down + i, ox * down + j);
          O[b][ch][oy][ox] = sum * gain;
        }
  return out;
}

TEST(StyleGan2Ops, SetupFilterIsTheNormalisedOuterProduct) {
  const at::Tensor f = setupFilter();
  EXPECT_EQ(f.sizes(), (std::vector<int64_t>{4, 4}));
  EXPECT_NEAR(f.sum().item<double>(), 1.0, 1e-7);
  EXPECT_NEAR(f[1][2].item<double>(), 9.0 / 64.0, 1e-8);
  EXPECT_NEAR(setupFilter({1, 3, 3, 1}, true, 4.0).sum().item<double>(), 4.0, 1e-6);
}

TEST(StyleGan2Ops, Upfirdn2dFollowsItsDefinition) {
  const at::Tensor x = at::randn({2, 3, 5, 6});
  const at::Tensor asymmetric = at::rand({4, 3});
  for (const auto& f : {setupFilter(), asymmetric}) {
    for (auto [up, down] : {std::pair<int64_t, int64_t>{1, 1}, {2, 1}, {1, 2}, {2, 2}}) {
      for (Padding p : {Padding{0, 0, 0, 0}, Padding{1, 2, 2, 1}, Padding{2, -1, 1, 0}}) {
        const at::Tensor expected = upfirdn2dByDefinition(x, f, up, down, p, 1.5);
        EXPECT_LE(maxAbsDifference(upfirdn2d(x, f, up, down, p, false, 1.5), expected), 1e-5)
            << up << " " << down << " " << p[0] << p[1] << p[2] << p[3];
      }
    }
  }
  // upsample2d / downsample2d keep the size ratio and preserve a constant image away from borders.
  const at::Tensor ones = at::ones({1, 1, 8, 8});
  const at::Tensor up = upsample2d(ones, setupFilter());
  EXPECT_EQ(up.sizes(), (std::vector<int64_t>{1, 1, 16, 16}));
  EXPECT_NEAR(up[0][0][8][8].item<double>(), 1.0, 1e-6);
  const at::Tensor down = downsample2d(ones, setupFilter());
  EXPECT_EQ(down.sizes(), (std::vector<int64_t>{1, 1, 4, 4}));
  EXPECT_NEAR(down[0][0][2][2].item<double>(), 1.0, 1e-6);
}

TEST(StyleGan2Ops, PolyphaseUpsamplingEqualsTheTransposedConvolution) {
  const at::Tensor filter = setupFilter();
  for (int64_t k : {3, 4, 5}) {
    const at::Tensor x = at::randn({2, 6, 7, 7});
    const at::Tensor w = at::randn({5, 6, k, k});
    for (int64_t padding : {0, 1, 2}) {
      for (bool flip : {false, true}) {
        const at::Tensor poly = conv2dResample(x, w, filter, 2, 1, padding, flip, false,
                                               UpsampleMethod::Polyphase);
        const at::Tensor official = conv2dResample(x, w, filter, 2, 1, padding, flip, false,
                                                   UpsampleMethod::TransposedConvolution);
        EXPECT_LE(maxAbsDifference(poly, official), 1e-4)
            << "k " << k << " padding " << padding << " flip " << flip;
      }
    }
  }
  // Channels-last input takes the same route.
  const at::Tensor x = at::randn({2, 8, 6, 6}).contiguous(at::MemoryFormat::ChannelsLast);
  const at::Tensor w = at::randn({4, 8, 3, 3});
  EXPECT_LE(maxAbsDifference(conv2dResample(x, w, filter, 2, 1, 1, false),
                             conv2dResample(x.contiguous(), w, filter, 2, 1, 1, false,
                                            false, UpsampleMethod::TransposedConvolution)),
            1e-4);
}

TEST(StyleGan2Ops, SharedWeightModulationEqualsPerSampleWeights) {
  const at::Tensor filter = setupFilter();
  const at::Tensor x = at::randn({3, 8, 6, 6});
  const at::Tensor weight = at::randn({5, 8, 3, 3});
  const at::Tensor styles = at::randn({3, 8});
  const at::Tensor noise = at::randn({3, 1, 12, 12});
  for (int64_t up : {1, 2}) {
    const at::Tensor n = up == 2 ? noise : noise.narrow(2, 0, 6).narrow(3, 0, 6);
    const at::Tensor shared = modulatedConv2d(x, weight, styles, n, up, 1, filter, true, up == 1);
    for (int64_t b = 0; b < 3; ++b) {
      // The official fused form: w' = w * s, demodulated per output channel.
      at::Tensor wb = weight * styles[b].view({1, -1, 1, 1});
      wb = wb * (wb.square().sum({1, 2, 3}, true) + 1e-8).rsqrt();
      const at::Tensor expected =
          conv2dResample(x.narrow(0, b, 1), wb, filter, up, 1, 1, up == 1, false,
                         UpsampleMethod::TransposedConvolution) +
          n.narrow(0, b, 1);
      EXPECT_LE(maxAbsDifference(shared.narrow(0, b, 1), expected), 1e-4) << up << " " << b;
    }
  }
  const at::Tensor d = demodulationCoefficients(weight, styles);
  EXPECT_EQ(d.sizes(), (std::vector<int64_t>{3, 5}));
}

TEST(StyleGan2Ops, BiasActAddsActivatesScalesAndClamps) {
  const at::Tensor x = at::tensor(std::vector<float>{-10.f, -1.f, 0.5f, 300.f}).view({1, 4});
  const at::Tensor b = at::tensor(std::vector<float>{0.f, 0.f, 0.5f, 0.f});
  const at::Tensor y = biasAct(x, b, Activation::LeakyRelu, std::nullopt, 256.0);
  const double s = std::sqrt(2.0);
  EXPECT_NEAR(y[0][0].item<double>(), -2.0 * s, 1e-5);
  EXPECT_NEAR(y[0][1].item<double>(), -0.2 * s, 1e-5);
  EXPECT_NEAR(y[0][2].item<double>(), 1.0 * s, 1e-5);
  EXPECT_NEAR(y[0][3].item<double>(), 256.0, 1e-5);
  EXPECT_NEAR(biasAct(x, {}, Activation::Linear)[0][3].item<double>(), 300.0, 1e-5);
  EXPECT_NEAR(dense(at::ones({5, 3}), at::ones({2, 3}), at::ones({2}))[4][1].item<double>(), 4.0,
              1e-6);
  EXPECT_NEAR(dense(at::ones({1, 3}), at::ones({2, 3}))[0][0].item<double>(), 3.0, 1e-6);
}

TEST(StyleGan2Ops, FusedInferenceKernelsMatchTheDifferentiablePath) {
  // Odd channel counts (not multiples of the vector width), random noise strengths and biases,
  // and a clamp that actually clamps.
  StyleGan2GeneratorConfig config;
  config.zDim = 16;
  config.wDim = 24;
  config.mappingLayerFeatures = 24;
  config.mappingLayers = 2;
  config.resolution = 64;
  config.imageChannels = 3;
  config.channels = {20, 19, 12, 7, 5};
  config.convClamp = 1.5;
  StyleGan2Generator g(config);
  at::NoGradGuard noGrad;
  for (auto& item : g->named_parameters()) {
    if (item.key().find("noise_strength") != std::string::npos) item.value().fill_(0.3);
    if (item.key().find(".bias") != std::string::npos && item.key().find("affine") == std::string::npos)
      item.value().normal_(0.0, 0.5);
  }
  const at::Tensor ws = at::randn({5, g->numWs(), config.wDim});
  for (NoiseMode noise : {NoiseMode::Const, NoiseMode::None, NoiseMode::Random}) {
    SynthesisOptions fused;
    fused.noise = noise;
    fused.generator = at::detail::createCPUGenerator(7);
    SynthesisOptions plain = fused;
    plain.allowFusedInference = false;
    plain.generator = at::detail::createCPUGenerator(7);
    EXPECT_LE(maxAbsDifference(g->synthesize(ws, fused), g->synthesize(ws, plain)), 1e-4)
        << noiseModeName(noise);
  }
}

}  // namespace
}  // namespace latentecho::stylegan2
