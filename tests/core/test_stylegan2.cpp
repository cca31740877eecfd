// The StyleGAN2 generator against outputs of the official stylegan2-ada-pytorch code: the shared
// fixture (64x64, 1 channel, 2 mapping layers, conv_clamp 256) and tests/data/stylegan2_small
// (32x32, 3 channels, 8 mapping layers, conv_clamp none, truncation cutoff, random noise).
// Both execution paths (fused inference, differentiable with polyphase or transposed upsampling)
// must match to 1e-4.
#include "latentecho/core/stylegan2.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>
#include <torch/autograd.h>

#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho {
namespace {

const std::string kFixture = std::string(LATENTECHO_FIXTURES_DIR) + "/stylegan2-ada-pytorch/";
const std::string kSmall = std::string(LATENTECHO_SOURCE_DIR) + "/tests/data/stylegan2_small/";
constexpr double kTolerance = 1e-4;

double maxAbsDifference(const at::Tensor& a, const at::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  if (a.sizes() != b.sizes()) return 1e30;
  return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

StyleGan2Generator loadOfficial(const std::string& file, std::optional<double> convClamp) {
  const TensorMap stateDict = readStyleGan2StateDict(file);
  const StyleGan2GeneratorConfig config = inferStyleGan2GeneratorConfig(stateDict, file, convClamp);
  return styleGan2GeneratorFromTensors(config, stateDict, file);
}

class FixtureGenerator : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    generator = new StyleGan2Generator(loadOfficial(kFixture + "G_ema.state_dict.pt", 256.0));
  }
  static void TearDownTestSuite() {
    delete generator;
    generator = nullptr;
  }
  static StyleGan2Generator* generator;
};
StyleGan2Generator* FixtureGenerator::generator = nullptr;

TEST_F(FixtureGenerator, InfersTheFixtureArchitecture) {
  const StyleGan2GeneratorConfig& c = (*generator)->config();
  EXPECT_EQ(c.resolution, 64);
  EXPECT_EQ(c.imageChannels, 1);
  EXPECT_EQ(c.zDim, 512);
  EXPECT_EQ(c.wDim, 512);
  EXPECT_EQ(c.cDim, 0);
  EXPECT_EQ(c.mappingLayers, 2);
  EXPECT_EQ(c.numWs(), 10);
  EXPECT_EQ((*generator)->numWs(), 10);
  EXPECT_EQ(c.channels, (std::vector<int64_t>{128, 128, 128, 64, 32}));
  ASSERT_TRUE(c.channelBase && c.channelMax);
  EXPECT_EQ(*c.channelBase, 2048);
  EXPECT_EQ(*c.channelMax, 128);
}

TEST_F(FixtureGenerator, MappingMatchesTheOfficialOutputs) {
  at::NoGradGuard noGrad;
  const at::Tensor z = readTorchTensor(kFixture + "z.pt");
  const double error = maxAbsDifference((*generator)->map(z), readTorchTensor(kFixture + "w.pt"));
  const double truncatedError =
      maxAbsDifference((*generator)->map(z, {}, 0.7), readTorchTensor(kFixture + "w_trunc07.pt"));
  RecordProperty("mapping_max_abs_error", std::to_string(error));
  RecordProperty("mapping_psi07_max_abs_error", std::to_string(truncatedError));
  EXPECT_LE(error, kTolerance);
  EXPECT_LE(truncatedError, kTolerance);
}

TEST_F(FixtureGenerator, SynthesisMatchesTheOfficialOutputOnEveryPath) {
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt");
  const at::Tensor expected = readTorchTensor(kFixture + "img_const.pt");
  at::NoGradGuard noGrad;
  stylegan2::SynthesisOptions fused;
  stylegan2::SynthesisOptions polyphase;
  polyphase.allowFusedInference = false;
  stylegan2::SynthesisOptions transposed = polyphase;
  transposed.upsample = stylegan2::UpsampleMethod::TransposedConvolution;
  for (const auto& [name, options] : {std::pair{"fused", fused}, std::pair{"polyphase", polyphase},
                                      std::pair{"transposed", transposed}}) {
    const double error = maxAbsDifference((*generator)->synthesize(ws, options), expected);
    RecordProperty(std::string("synthesis_") + name + "_max_abs_error", std::to_string(error));
    EXPECT_LE(error, kTolerance) << name;
  }
}

TEST_F(FixtureGenerator, BatchesOfOneAndManyAgree) {
  at::NoGradGuard noGrad;
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt");
  const at::Tensor all = (*generator)->synthesize(ws);
  for (int64_t i = 0; i < ws.size(0); ++i)
    EXPECT_LE(maxAbsDifference((*generator)->synthesize(ws.narrow(0, i, 1)), all.narrow(0, i, 1)),
              kTolerance);
}

TEST_F(FixtureGenerator, RejectsLatentsOfTheWrongShape) {
  at::NoGradGuard noGrad;
  try {
    (*generator)->synthesize(at::zeros({2, 14, 512}));
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("[N, 10, 512]"), std::string::npos) << e.what();
  }
  EXPECT_THROW((*generator)->map(at::zeros({2, 511})), Error);
}

TEST_F(FixtureGenerator, GradientsReachEveryParameterThroughThePolyphasePath) {
  // PTI and training differentiate through the synthesis network: with parameters requiring
  // grad the differentiable path runs, and its gradient equals the official transposed path's.
  auto g = (*generator)->copy();
  for (auto& p : g->parameters()) p.set_requires_grad(true);
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt").narrow(0, 0, 2);
  stylegan2::SynthesisOptions transposed;
  transposed.upsample = stylegan2::UpsampleMethod::TransposedConvolution;
  std::vector<at::Tensor> gradients[2];
  for (int pass = 0; pass < 2; ++pass) {
    for (auto& p : g->parameters()) p.mutable_grad() = at::Tensor();
    at::Tensor img = pass == 0 ? g->synthesize(ws) : g->synthesize(ws, transposed);
    img.square().mean().backward();
    for (const auto& item : g->synthesis->named_parameters()) {
      ASSERT_TRUE(item.value().grad().defined()) << item.key();
      gradients[pass].push_back(item.value().grad().clone());
    }
  }
  for (size_t i = 0; i < gradients[0].size(); ++i) {
    const double scale = gradients[1][i].abs().max().item<double>() + 1e-12;
    EXPECT_LE(maxAbsDifference(gradients[0][i], gradients[1][i]) / scale, 1e-4) << i;
  }
}

// Gradients of the synthesis parameters and of ws for `loss(img)`, with the training kernels on
// or off (the plain-ATen reference).
std::vector<at::Tensor> synthesisGradients(StyleGan2GeneratorImpl& g, const at::Tensor& wsIn,
                                           const stylegan2::SynthesisOptions& options,
                                           bool doubleBackward) {
  for (auto& p : g.parameters()) p.mutable_grad() = at::Tensor();
  at::Tensor ws = wsIn.clone().requires_grad_(true);
  at::Tensor img = g.synthesize(ws, options);
  at::Tensor loss = img.square().mean() + img.mean();
  if (doubleBackward) {
    // As the path-length regulariser: the gradient w.r.t. ws, differentiated once more.
    at::Tensor gradWs = torch::autograd::grad({(img * img.detach().sin()).sum()}, {ws}, {},
                                              /*retain_graph=*/true, /*create_graph=*/true)[0];
    loss = loss + gradWs.square().sum();
  }
  loss.backward();
  std::vector<at::Tensor> out{img.detach().clone(), ws.grad().clone()};
  for (const auto& item : g.synthesis->named_parameters())
    out.push_back(item.value().grad().defined() ? item.value().grad().clone()
                                                : at::zeros_like(item.value()));
  return out;
}

TEST_F(FixtureGenerator, TrainingKernelsGiveTheReferenceGradients) {
  // The fused channels-last training operations against the plain-ATen reference path (itself
  // checked against the official transposed path above) through the whole float32 network:
  // outputs, parameter and ws gradients, for const noise (one [H, W] image), per-sample random
  // noise and no noise, and through a double backward. Summation orders differ, and gradients
  // summed over a batch of 64 x 64 images cancel a lot, so agreement is to 1e-3 of each tensor's
  // largest value here; the exact check is the double-precision block test below.
  auto g = (*generator)->copy();
  for (auto& p : g->parameters()) p.set_requires_grad(true);
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt").narrow(0, 0, 3);
  for (NoiseMode noise : {NoiseMode::Const, NoiseMode::Random, NoiseMode::None}) {
    for (bool doubleBackward : {false, true}) {
      if (doubleBackward && noise != NoiseMode::Const) continue;
      std::vector<at::Tensor> results[2];
      for (int pass = 0; pass < 2; ++pass) {
        stylegan2::SynthesisOptions options;
        options.noise = noise;
        options.trainingKernels = pass == 0;
        options.generator = at::detail::createCPUGenerator(5);
        results[pass] = synthesisGradients(*g, ws, options, doubleBackward);
      }
      ASSERT_EQ(results[0].size(), results[1].size());
      for (size_t i = 0; i < results[0].size(); ++i) {
        const double scale = results[1][i].abs().max().item<double>() + 1e-12;
        EXPECT_LE(maxAbsDifference(results[0][i], results[1][i]) / scale, 1e-3)
            << "tensor " << i << ", noise " << noiseModeName(noise) << ", double backward "
            << doubleBackward;
      }
    }
  }
}

TEST(StyleGan2TrainingKernels, BlockGradientsEqualTheReferenceInDoublePrecision) {
  // One upsampling block (modulated up-conv, conv, toRGB, skip-image upsampling) in float64:
  // the fused operations and the plain-ATen reference must agree to double rounding, for every
  // noise mode, with and without the clamp biting (clamp 0.5 clamps most values).
  for (double clamp : {256.0, 0.5}) {
    at::manual_seed(3);
    stylegan2::SynthesisBlock block(8, 6, 16, 16, 1, clamp);
    block->to(at::kDouble);
    {
      at::NoGradGuard noGrad;
      block->conv0->noiseStrength.fill_(0.3);
      block->conv1->noiseStrength.fill_(-0.2);
      block->conv1->bias.normal_();
    }
    const at::Tensor x0 = at::randn({3, 8, 8, 8}, at::kDouble);
    const at::Tensor img0 = at::randn({3, 1, 8, 8}, at::kDouble);
    const at::Tensor ws0 = at::randn({3, 3, 16}, at::kDouble);
    for (NoiseMode noise : {NoiseMode::Const, NoiseMode::Random, NoiseMode::None}) {
      std::vector<at::Tensor> results[2];
      for (int pass = 0; pass < 2; ++pass) {
        stylegan2::SynthesisOptions options;
        options.noise = noise;
        options.trainingKernels = pass == 0;
        options.generator = at::detail::createCPUGenerator(9);
        for (auto& p : block->parameters()) p.mutable_grad() = at::Tensor();
        at::Tensor x = x0.clone().requires_grad_(true);
        at::Tensor img = img0.clone().requires_grad_(true);
        at::Tensor ws = ws0.clone().requires_grad_(true);
        auto [y, image] = block->forward(x, img, ws, options);
        ((y * y.detach().cos()).sum() + (image * image.detach().sin()).sum()).backward();
        results[pass] = {y.detach().contiguous(), image.detach(), x.grad(), img.grad(), ws.grad()};
        for (const auto& p : block->parameters())
          results[pass].push_back(p.grad().defined() ? p.grad() : at::zeros_like(p));
      }
      for (size_t i = 0; i < results[0].size(); ++i) {
        const double scale = results[1][i].abs().max().item<double>() + 1e-12;
        EXPECT_LE(maxAbsDifference(results[0][i], results[1][i]) / scale, 1e-10)
            << "tensor " << i << ", noise " << noiseModeName(noise) << ", clamp " << clamp;
      }
    }
  }
}

TEST_F(FixtureGenerator, ForwardBlocksComposeToTheWholeNetwork) {
  at::NoGradGuard noGrad;
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt").narrow(0, 0, 2);
  stylegan2::SynthesisOptions options;
  options.allowFusedInference = false;
  const at::Tensor whole = (*generator)->synthesize(ws, options);
  auto& synthesis = *(*generator)->synthesis;
  const size_t blocks = synthesis.blocks().size();
  for (size_t split = 1; split < blocks; ++split) {
    auto [x, img] = synthesis.forwardBlocks(ws, 0, split, {}, {}, options);
    const at::Tensor rest = synthesis.forwardBlocks(ws, split, blocks, x, img, options).second;
    EXPECT_LE(maxAbsDifference(rest, whole), 1e-6) << split;
  }
  EXPECT_THROW(synthesis.forwardBlocks(ws, 2, 1, {}, {}, options), Error);
  EXPECT_THROW(synthesis.forwardBlocks(ws, 1, blocks, {}, {}, options), Error);
}

TEST_F(FixtureGenerator, CopyIsIndependent) {
  at::NoGradGuard noGrad;
  auto copy = (*generator)->copy();
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt").narrow(0, 0, 1);
  EXPECT_LE(maxAbsDifference(copy->synthesize(ws), (*generator)->synthesize(ws)), 0.0);
  copy->synthesis->blocks()[0]->conv1->bias.add_(1.0);
  EXPECT_GT(maxAbsDifference(copy->synthesize(ws), (*generator)->synthesize(ws)), 1e-3);
}

// The fused path keeps prepared weights between calls; tuning changes the weights in place
// (optimiser steps, cache deltas) and rendering must follow at once.
TEST_F(FixtureGenerator, FusedPathFollowsWeightChangesInPlace) {
  at::NoGradGuard noGrad;
  const at::Tensor ws = readTorchTensor(kFixture + "ws.pt").narrow(0, 0, 2);
  stylegan2::SynthesisOptions fused, reference;
  fused.allowFusedInference = true;
  reference.allowFusedInference = false;
  auto copy = (*generator)->copy();  // the suite's generator stays untouched
  auto& blocks = copy->synthesis->blocks();
  const at::Tensor before = copy->synthesize(ws, fused);
  blocks.back()->conv1->weight.mul_(1.5);
  blocks.back()->conv0->weight.add_(0.05);
  const at::Tensor after = copy->synthesize(ws, fused);
  EXPECT_GT(maxAbsDifference(after, before), 1e-3);
  EXPECT_LE(maxAbsDifference(after, copy->synthesize(ws, reference)), kTolerance);
  // A weight replaced by another tensor (as loading does) is picked up too.
  blocks[1]->conv1->weight.set_data(blocks[1]->conv1->weight.clone() * 0.5);
  EXPECT_LE(maxAbsDifference(copy->synthesize(ws, fused), copy->synthesize(ws, reference)),
            kTolerance);
}

// ---------------------------------------------------------------------------------------------
class SmallGenerator : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    generator = new StyleGan2Generator(loadOfficial(kSmall + "G.state_dict.pt", std::nullopt));
  }
  static void TearDownTestSuite() {
    delete generator;
    generator = nullptr;
  }
  static StyleGan2Generator* generator;
};
StyleGan2Generator* SmallGenerator::generator = nullptr;

TEST_F(SmallGenerator, InfersEightMappingLayersThreeChannelsAndTheChannelRule) {
  const StyleGan2GeneratorConfig& c = (*generator)->config();
  EXPECT_EQ(c.resolution, 32);
  EXPECT_EQ(c.imageChannels, 3);
  EXPECT_EQ(c.zDim, 32);
  EXPECT_EQ(c.wDim, 48);
  EXPECT_EQ(c.mappingLayers, 8);
  EXPECT_EQ(c.numWs(), 8);
  EXPECT_EQ(c.channels, (std::vector<int64_t>{32, 32, 16, 8}));
  EXPECT_EQ(c.channelBase.value_or(0), 256);
  EXPECT_EQ(c.channelMax.value_or(0), 32);
}

TEST_F(SmallGenerator, MappingWithTruncationCutoffMatches) {
  at::NoGradGuard noGrad;
  const at::Tensor z = readTorchTensor(kSmall + "z.pt");
  EXPECT_LE(maxAbsDifference((*generator)->map(z), readTorchTensor(kSmall + "w.pt")), kTolerance);
  EXPECT_LE(maxAbsDifference((*generator)->map(z, {}, 0.5, 4),
                             readTorchTensor(kSmall + "w_trunc05_cutoff4.pt")),
            kTolerance);
}

TEST_F(SmallGenerator, SynthesisMatchesForEveryNoiseModeAndPath) {
  const at::Tensor ws = readTorchTensor(kSmall + "ws.pt");
  at::NoGradGuard noGrad;
  for (bool fused : {true, false}) {
    stylegan2::SynthesisOptions options;
    options.allowFusedInference = fused;
    options.noise = NoiseMode::Const;
    EXPECT_LE(maxAbsDifference((*generator)->synthesize(ws, options),
                               readTorchTensor(kSmall + "img_const.pt")),
              kTolerance)
        << fused;
    options.noise = NoiseMode::None;
    EXPECT_LE(maxAbsDifference((*generator)->synthesize(ws, options),
                               readTorchTensor(kSmall + "img_none.pt")),
              kTolerance)
        << fused;
    // The official code draws one [N,1,R,R] Gaussian per layer in forward order from the global
    // generator; a generator seeded alike draws the same numbers here.
    options.noise = NoiseMode::Random;
    options.generator = at::detail::createCPUGenerator(123);
    EXPECT_LE(maxAbsDifference((*generator)->synthesize(ws, options),
                               readTorchTensor(kSmall + "img_random_seed123.pt")),
              kTolerance)
        << fused;
  }
}

// ---------------------------------------------------------------------------------------------
TEST(StyleGan2Config, ChannelRuleAndLatentCountFollowTheOfficialCode) {
  StyleGan2GeneratorConfig paper = StyleGan2GeneratorConfig::paper256();
  EXPECT_EQ(paper.numWs(), 14);
  EXPECT_EQ(paper.channels, (std::vector<int64_t>{512, 512, 512, 512, 256, 128, 64}));
  StyleGan2GeneratorConfig compact;
  compact.resolution = 256;
  compact.setChannels(4096, 256);
  EXPECT_EQ(compact.channels, (std::vector<int64_t>{256, 256, 256, 128, 64, 32, 16}));
  compact.resolution = 100;
  EXPECT_THROW(compact.validate(), Error);
  EXPECT_EQ(parseNoiseMode("random"), NoiseMode::Random);
  EXPECT_THROW(parseNoiseMode("loud"), Error);
}

TEST(StyleGan2Generator, TrainingModeTracksTheAverageW) {
  StyleGan2GeneratorConfig config;
  config.zDim = 8;
  config.wDim = 8;
  config.mappingLayerFeatures = 8;
  config.mappingLayers = 2;
  config.resolution = 8;
  config.setChannels(64, 8);
  StyleGan2Generator g(config);
  g->train();
  at::NoGradGuard noGrad;
  const at::Tensor before = g->mapping->wAvg.clone();
  at::Tensor ws = g->map(at::randn({4, 8}));
  EXPECT_EQ(ws.sizes(), (std::vector<int64_t>{4, 4, 8}));
  EXPECT_GT((g->mapping->wAvg - before).abs().max().item<double>(), 0.0);
  g->eval();
  const at::Tensor frozen = g->mapping->wAvg.clone();
  g->map(at::randn({4, 8}));
  EXPECT_TRUE(at::equal(frozen, g->mapping->wAvg));
}

}  // namespace
}  // namespace latentecho
