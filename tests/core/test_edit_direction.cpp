#include "latentecho/core/edit_direction.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <fstream>

#include "latentecho/core/error.h"
#include "latentecho/core/torch_checkpoint.h"
#include "temp_dir.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

using testing::TempDir;
using testing::tinyCodes;
using testing::tinyGenerator;

constexpr int64_t kNumWs = 3;
constexpr int64_t kWDim = 4;

// A known, non-linear encoder: code[k][j] = tanh(sum of the frame's pixels * (k + 1) + j).
at::Tensor knownEncode(const at::Tensor& frames) {
  at::Tensor s = frames.flatten(1).sum(1).view({-1, 1, 1});
  at::Tensor k = at::arange(1, kNumWs + 1, at::kFloat).view({1, kNumWs, 1});
  at::Tensor j = at::arange(0, kWDim, at::kFloat).view({1, 1, kWDim});
  return at::tanh(s * k * 0.01 + j);
}

at::Tensor randomFrames(int64_t n, std::uint64_t seed) {
  at::manual_seed(seed);
  return at::rand({n, 1, 8, 8}) * 2 - 1;
}

TEST(EditDirection, SyntheticDirectionIsTheMeanOfPairDifferences) {
  const at::Tensor hq = randomFrames(40, 1);
  const at::Tensor lq = randomFrames(40, 2);
  int calls = 0;
  LatentEncoder encode = [&](const at::Tensor& f) {
    ++calls;
    return knownEncode(f);
  };
  const EditDirection d = EditDirection::fromPairs(encode, hq, lq, 7);
  EXPECT_EQ(calls, 2 * 6);  // 40 frames in batches of 7, for each side
  at::Tensor expected = at::zeros({kNumWs, kWDim}, at::kDouble);
  for (int64_t i = 0; i < 40; ++i)
    expected +=
        (knownEncode(hq.narrow(0, i, 1)) - knownEncode(lq.narrow(0, i, 1)))[0].to(at::kDouble);
  expected /= 40.0;
  ASSERT_EQ(d.tensor().sizes(), (std::vector<int64_t>{kNumWs, kWDim}));
  EXPECT_LT((d.tensor().to(at::kDouble) - expected).abs().max().item<double>(), 1e-6);
  EXPECT_EQ(d.provenance()["pairs"], 40);
}

TEST(EditDirection, RealDirectionIsTheDifferenceOfSetMeans) {
  const at::Tensor hq = randomFrames(5, 3);
  const at::Tensor lq = randomFrames(9, 4);
  const EditDirection d = EditDirection::fromUnpaired(knownEncode, hq, lq, 4);
  const at::Tensor expected = knownEncode(hq).mean(0) - knownEncode(lq).mean(0);
  EXPECT_LT((d.tensor() - expected).abs().max().item<double>(), 1e-6);
}

TEST(EditDirection, RejectsMismatchedPairsAndBadEncoders) {
  EXPECT_THROW(EditDirection::fromPairs(knownEncode, randomFrames(4, 1), randomFrames(3, 2)),
               Error);
  LatentEncoder wrong = [](const at::Tensor& f) { return at::zeros({f.size(0) + 1, 2, 2}); };
  EXPECT_THROW(EditDirection::fromPairs(wrong, randomFrames(4, 1), randomFrames(4, 2)), Error);
  EXPECT_THROW(EditDirection(at::zeros({5})), Error);
}

TEST(EditDirection, SavesAndLoadsWithProvenance) {
  TempDir dir;
  const std::string path = dir.file("d.pt");
  EditDirection d(at::randn({kNumWs, kWDim}), {{"method", "test"}, {"pairs", 40}});
  d.save(path);
  const EditDirection loaded = EditDirection::load(path);
  EXPECT_TRUE(loaded.tensor().equal(d.tensor()));
  EXPECT_EQ(loaded.provenance()["method"], "test");
  // A plain tensor without provenance (as Python would write it) loads too; [1, n, w] is accepted.
  const std::string plain = dir.file("plain.pt");
  writeTorchTensor(plain, d.tensor().unsqueeze(0));
  EXPECT_TRUE(EditDirection::load(plain).tensor().equal(d.tensor()));
  writeTorchTensor(dir.file("bad.pt"), at::zeros({2, 3, 4}));
  EXPECT_THROW(EditDirection::load(dir.file("bad.pt")), Error);
  EXPECT_THROW(EditDirection::load(dir.file("missing.pt")), Error);
}

TEST(EditDirection, RenderIsTheGeneratorAtPivotsPlusAlphaD) {
  StyleGan2Generator g = tinyGenerator(1);
  const at::Tensor pivots = tinyCodes(*g, 5, 2);
  at::manual_seed(3);
  const EditDirection d(at::randn({g->numWs(), g->config().wDim}));
  at::NoGradGuard noGrad;
  // alpha = 0 reproduces the reconstruction exactly (same batching), and closely in any batching.
  EXPECT_TRUE(renderEdit(*g, pivots, d, 0.0, 5).equal(g->synthesize(pivots)));
  EXPECT_LT((renderEdit(*g, pivots, d, 0.0, 2) - g->synthesize(pivots)).abs().max().item<double>(),
            1e-5);
  const at::Tensor edited = renderEdit(*g, pivots, d, 0.5, 2);
  const at::Tensor expected = g->synthesize(pivots + 0.5 * d.tensor().unsqueeze(0));
  EXPECT_LT((edited - expected).abs().max().item<double>(), 1e-5);
  EXPECT_GT((edited - g->synthesize(pivots)).abs().max().item<double>(), 1e-3);
  // One frame at a time gives the same frames as a batch (the slider renders single frames).
  const at::Tensor single = renderEdit(*g, pivots.narrow(0, 3, 1), d, 0.5, 1);
  EXPECT_LT((single[0] - edited[3]).abs().max().item<double>(), 1e-5);
  const EditDirection wrongSize(at::zeros({2, 2}));
  EXPECT_THROW(renderEdit(*g, pivots, wrongSize, 0.5), Error);
}

}  // namespace
}  // namespace latentecho
