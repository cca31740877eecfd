#include "latentecho/core/pivotal_tuning.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include "latentecho/core/error.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

using testing::tinyCodes;
using testing::tinyGenerator;

// A clip the base cannot reproduce from its pivots: frames rendered by another generator.
struct TinyClip {
  at::Tensor frames;
  at::Tensor pivots;
};
TinyClip tinyClip(StyleGan2GeneratorImpl& base, int64_t frames) {
  StyleGan2Generator other = tinyGenerator(99);
  const at::Tensor pivots = tinyCodes(base, frames, 11);
  at::NoGradGuard noGrad;
  at::Tensor x = other->synthesize(pivots);
  x = (x / x.abs().max()).clamp(-1, 1);
  return {x, pivots};
}

PivotalTuningSettings quickSettings() {
  PivotalTuningSettings s;
  s.steps = 40;
  s.batchSize = 4;
  s.learningRate = 2e-3;
  return s;
}

TEST(PivotalTuning, ReducesTheReconstructionErrorOfEveryFrame) {
  StyleGan2Generator base = tinyGenerator(1);
  const TinyClip clip = tinyClip(*base, 6);
  const PivotalTuningResult result =
      PivotalTuner(base, quickSettings()).tune(clip.frames, clip.pivots);
  ASSERT_EQ(result.before.mse.size(0), 6);
  ASSERT_EQ(result.after.mse.size(0), 6);
  EXPECT_EQ(result.steps, 40);
  EXPECT_EQ(result.loss.size(), 40u);
  EXPECT_LT(result.loss.back(), result.loss.front());
  EXPECT_TRUE((result.after.mse < result.before.mse).all().item<bool>())
      << result.before.mse << result.after.mse;
  EXPECT_LT(result.after.mse.mean().item<double>(), 0.5 * result.before.mse.mean().item<double>());
  EXPECT_GT(result.after.psnr.mean().item<double>(), result.before.psnr.mean().item<double>());
  EXPECT_GT(result.after.ssim.mean().item<double>(), result.before.ssim.mean().item<double>());
  EXPECT_GT(result.delta.changedTensors(), 0);
}

TEST(PivotalTuning, ReturnsBasePlusDeltaAndLeavesTheBaseAlone) {
  StyleGan2Generator base = tinyGenerator(2);
  const std::string baseDigest = generatorDigest(*base);
  const TinyClip clip = tinyClip(*base, 4);
  PivotalTuningSettings settings = quickSettings();
  settings.steps = 5;
  PivotalTuningResult result = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  EXPECT_EQ(generatorDigest(*base), baseDigest);
  StyleGan2Generator rebuilt = applyGeneratorDelta(*base, result.delta);
  EXPECT_EQ(generatorDigest(*rebuilt), generatorDigest(*result.generator));
  // The reported errors are those of the returned generator.
  const ReconstructionQuality again =
      measureReconstruction(*result.generator, clip.frames, clip.pivots);
  EXPECT_TRUE(again.mse.equal(result.after.mse));
}

TEST(PivotalTuning, IsDeterministicAndSeedDependent) {
  StyleGan2Generator base = tinyGenerator(3);
  const TinyClip clip = tinyClip(*base, 5);  // 5 frames, batch 4: epochs straddle minibatches
  PivotalTuningSettings settings = quickSettings();
  settings.steps = 6;
  const auto a = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  const auto b = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  EXPECT_EQ(generatorDigest(*a.generator), generatorDigest(*b.generator));
  EXPECT_EQ(a.loss, b.loss);
  settings.seed = 1;
  const auto c = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  EXPECT_NE(generatorDigest(*a.generator), generatorDigest(*c.generator));
}

TEST(PivotalTuning, WithoutLocalityRegularisationItStillTunes) {
  StyleGan2Generator base = tinyGenerator(4);
  const TinyClip clip = tinyClip(*base, 3);
  PivotalTuningSettings settings = quickSettings();
  settings.localityWeight = 0;
  settings.steps = 20;
  const auto result = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  EXPECT_LT(result.after.mse.mean().item<double>(), result.before.mse.mean().item<double>());
}

TEST(PivotalTuning, CancellationStopsWithCancelled) {
  StyleGan2Generator base = tinyGenerator(5);
  const std::string baseDigest = generatorDigest(*base);
  const TinyClip clip = tinyClip(*base, 3);
  int calls = 0;
  Progress progress([&](double, std::string_view) { return ++calls < 4; });
  EXPECT_THROW(PivotalTuner(base, quickSettings()).tune(clip.frames, clip.pivots, progress),
               Cancelled);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(generatorDigest(*base), baseDigest);
}

TEST(PivotalTuning, RejectsShapesAndSettingsNamingTheProblem) {
  StyleGan2Generator base = tinyGenerator(6);
  const TinyClip clip = tinyClip(*base, 3);
  PivotalTuner tuner(base, quickSettings());
  try {
    tuner.tune(clip.frames.narrow(0, 0, 2), clip.pivots);
    FAIL() << "mismatched frame count accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("pivots"), std::string::npos) << e.what();
  }
  EXPECT_THROW(tuner.tune(at::zeros({3, 1, 16, 16}), clip.pivots), Error);
  PivotalTuningSettings bad;
  bad.learningRate = 0;
  EXPECT_THROW(PivotalTuner(base, bad), Error);
  bad = {};
  bad.noise = NoiseMode::Random;
  EXPECT_THROW(PivotalTuner(base, bad), Error);
}

TEST(PivotalTuning, TunesOnlyTheBlocksFromTunedFromResolution) {
  StyleGan2Generator base = tinyGenerator(7);
  const TinyClip clip = tinyClip(*base, 4);
  PivotalTuningSettings settings = quickSettings();
  settings.tunedFromResolution = 16;  // blocks 4 and 8 frozen, 16 and 32 tuned
  const auto result = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  EXPECT_LT(result.after.mse.mean().item<double>(), result.before.mse.mean().item<double>());
  const auto baseTensors = base->namedTensors();
  const auto tunedTensors = result.generator->namedTensors();
  ASSERT_EQ(baseTensors.size(), tunedTensors.size());
  int changedFrozen = 0, changedTuned = 0;
  for (size_t i = 0; i < baseTensors.size(); ++i) {
    const std::string& name = baseTensors[i].first;
    const bool same = baseTensors[i].second.equal(tunedTensors[i].second);
    const bool frozen = name.rfind("mapping.", 0) == 0 || name.rfind("synthesis.b4.", 0) == 0 ||
                        name.rfind("synthesis.b8.", 0) == 0;
    if (frozen && !same) ++changedFrozen;
    if (!frozen && !same) ++changedTuned;
  }
  EXPECT_EQ(changedFrozen, 0);
  EXPECT_GT(changedTuned, 0);
  EXPECT_GE(result.timings.prefix, 0.0);
  EXPECT_GT(result.timings.backward, 0.0);

  settings.tunedFromResolution = 64;  // above the generator's 32 px
  EXPECT_THROW(PivotalTuner(base, settings).tune(clip.frames, clip.pivots), Error);
  settings.tunedFromResolution = 12;
  EXPECT_THROW(PivotalTuner(base, settings), Error);
}

TEST(PivotalTuning, TrainingKernelsAndTheReferencePathTuneAlike) {
  // Same function, different arithmetic order: the losses of a few steps agree closely.
  StyleGan2Generator base = tinyGenerator(8);
  const TinyClip clip = tinyClip(*base, 4);
  PivotalTuningSettings settings = quickSettings();
  settings.steps = 3;
  const auto fast = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  settings.trainingKernels = false;
  const auto reference = PivotalTuner(base, settings).tune(clip.frames, clip.pivots);
  ASSERT_EQ(fast.loss.size(), reference.loss.size());
  for (size_t i = 0; i < fast.loss.size(); ++i)
    EXPECT_NEAR(fast.loss[i], reference.loss[i], 1e-4 * std::abs(reference.loss[i])) << i;
}

TEST(PivotalTuning, SettingsRoundTripThroughJson) {
  PivotalTuningSettings s;
  s.steps = 17;
  s.tunedFromResolution = 32;
  s.batchSize = 3;
  s.localityWeight = 0;
  s.deltaEncoding = DeltaEncoding::Float16;
  s.noise = NoiseMode::None;
  s.seed = 42;
  const nlohmann::json json = pivotalTuningSettingsToJson(s);
  EXPECT_EQ(pivotalTuningSettingsToJson(pivotalTuningSettingsFromJson(json, "test")), json);
  EXPECT_THROW(pivotalTuningSettingsFromJson({{"stepz", 3}}, "test"), Error);
  EXPECT_THROW(pivotalTuningSettingsFromJson({{"steps", "many"}}, "test"), Error);
}

}  // namespace
}  // namespace latentecho
