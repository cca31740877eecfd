// e4e encoder training against a tiny frozen generator: the reconstruction improves, the
// progressive schedule releases offsets layer by layer, a checkpoint resumes bit for bit, and the
// generator is left untouched.
#include "latentecho/core/encoder_training.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <functional>
#include <string>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

StyleGan2Generator tinyGenerator() {
  StyleGan2GeneratorConfig config;
  config.zDim = 16;
  config.wDim = 16;
  config.resolution = 32;
  config.imageChannels = 1;
  config.mappingLayers = 2;
  config.mappingLayerFeatures = 16;
  config.setChannels(128, 16);
  at::manual_seed(21);
  StyleGan2Generator g(config);
  g->eval();
  for (auto& p : g->parameters()) p.set_requires_grad(false);
  return g;
}

E4eEncoderConfig tinyEncoder(const StyleGan2GeneratorConfig& g) {
  E4eEncoderConfig c = E4eEncoderConfig::compact(g.numWs(), g.wDim, 1, g.resolution);
  c.stemChannels = 8;
  c.stemStride = 1;
  c.stages = {{8, 1}, {12, 1}, {16, 1}, {24, 1}};
  c.squeezeReduction = 4;
  c.headChannels = 16;
  return c;
}

// Frames the generator can make: images of random codes, so a good encoder reconstructs them.
at::Tensor generatedFrames(StyleGan2GeneratorImpl& g, int64_t n) {
  at::NoGradGuard noGrad;
  at::manual_seed(8);
  const at::Tensor ws = g.map(at::randn({n, g.config().zDim}));
  return g.synthesize(ws).clamp(-1, 1);
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

double reconstructionError(const EncoderTrainer& trainer, const at::Tensor& frames) {
  return (trainer.reconstruct(frames) - frames).pow(2).mean().item<double>();
}

TEST(EncoderTraining, ProgressiveScheduleReleasesOneOffsetPerInterval) {
  EncoderTrainingOptions o;
  o.progressiveStart = 10;
  o.progressiveStepEvery = 4;
  EXPECT_EQ(o.activeOffsetsAt(0, 8), 0);
  EXPECT_EQ(o.activeOffsetsAt(9, 8), 0);
  EXPECT_EQ(o.activeOffsetsAt(10, 8), 1);
  EXPECT_EQ(o.activeOffsetsAt(13, 8), 1);
  EXPECT_EQ(o.activeOffsetsAt(14, 8), 2);
  EXPECT_EQ(o.activeOffsetsAt(10 + 4 * 6, 8), 7);
  EXPECT_EQ(o.activeOffsetsAt(1000, 8), 7);
  o.progressiveStepEvery = 0;
  EXPECT_EQ(o.activeOffsetsAt(0, 8), 7);
  // The official defaults: W alone for 20000 steps, then one offset every 2000.
  const EncoderTrainingOptions official;
  EXPECT_EQ(official.activeOffsetsAt(19999, 14), 0);
  EXPECT_EQ(official.activeOffsetsAt(20000, 14), 1);
  EXPECT_EQ(official.activeOffsetsAt(22000, 14), 2);
}

TEST(EncoderTraining, ReconstructionImprovesAndGeneratorStaysFrozen) {
  StyleGan2Generator g = tinyGenerator();
  const at::Tensor frames = generatedFrames(*g, 16);
  TensorImageSource source(frames);
  {
    at::NoGradGuard noGrad;
    g->mapping->wAvg.normal_();  // an untrained generator's w_avg is 0
  }
  std::vector<at::Tensor> before;
  for (const auto& p : g->parameters()) before.push_back(p.clone());

  EncoderTrainingOptions o;
  o.batchSize = 8;
  o.learningRate = 2e-3;
  o.progressiveStart = 0;
  o.progressiveStepEvery = 10;
  o.latentDiscriminatorWeight = 0.1;
  EncoderTrainer trainer(tinyEncoder(g->config()), g, o);
  // latent_avg starts as the generator's w_avg.
  EXPECT_TRUE(at::allclose(trainer.encoder().latentAvg().select(0, 3), g->mapping->wAvg));
  const double start = reconstructionError(trainer, frames);
  EncoderTrainingRun run;
  run.totalSteps = 40;
  const EncoderTrainingSummary summary = trainer.train(source, run);
  const double end = reconstructionError(trainer, frames);
  EXPECT_EQ(summary.steps, 40);
  EXPECT_LT(end, 0.7 * start) << "start " << start << " end " << end;
  EXPECT_FALSE(std::isnan(summary.lastLosses.adversarial));
  EXPECT_FALSE(std::isnan(summary.lastLosses.perceptual));
  EXPECT_EQ(trainer.activeOffsets(), 5);  // 1 + 40 / 10
  size_t i = 0;
  for (const auto& p : g->parameters()) EXPECT_TRUE(at::equal(p, before[i++]));
}

TEST(EncoderTraining, CheckpointResumesBitForBit) {
  StyleGan2Generator g = tinyGenerator();
  const at::Tensor frames = generatedFrames(*g, 12);
  TensorImageSource source(frames);
  EncoderTrainingOptions o;
  o.batchSize = 4;
  o.seed = 9;
  o.progressiveStart = 2;
  o.progressiveStepEvery = 2;
  o.latentDiscriminatorWeight = 0.1;
  o.latentDiscriminatorR1Interval = 2;
  testing::TempDir dir;

  EncoderTrainer straight(tinyEncoder(g->config()), g, o, "gen-a");
  EncoderTrainingRun run;
  run.totalSteps = 7;
  straight.train(source, run);

  EncoderTrainer first(tinyEncoder(g->config()), g, o, "gen-a");
  EncoderTrainingRun part = run;
  part.totalSteps = 4;
  part.checkpointPath = dir.file("ckpt.safetensors");
  part.lossLogPath = dir.file("loss.csv");
  part.logIntervalSteps = 1;
  first.train(source, part);
  EncoderTrainer resumed = EncoderTrainer::fromCheckpoint(dir.file("ckpt.safetensors"), g, "gen-a");
  EXPECT_EQ(resumed.steps(), 4);
  EXPECT_EQ(resumed.activeOffsets(), 2);
  part.totalSteps = 7;
  resumed.train(source, part);

  const auto a = straight.stateTensors();
  const auto b = resumed.stateTensors();
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].first, b[i].first);
    EXPECT_TRUE(at::equal(a[i].second, b[i].second)) << a[i].first;
  }
  const at::Tensor check = frames.slice(0, 0, 3);
  EXPECT_TRUE(at::equal(straight.encoder().encode(check), resumed.encoder().encode(check)));

  // One log row per step, continuing across the resumption.
  std::ifstream log(dir.file("loss.csv"));
  std::string line;
  int rows = -1;
  while (std::getline(log, line)) ++rows;
  EXPECT_EQ(rows, 7);

  // Another generator, or not a checkpoint.
  EXPECT_NE(errorOf([&] {
              EncoderTrainer::fromCheckpoint(dir.file("ckpt.safetensors"), g, "gen-b");
            }).find("gen-a"),
            std::string::npos);
  {
    std::ofstream bad(dir.file("bad.safetensors"));
    bad << "not a checkpoint";
  }
  EXPECT_THROW(EncoderTrainer::fromCheckpoint(dir.file("bad.safetensors"), g), Error);
}

TEST(EncoderTraining, CancellationLeavesACheckpointOfTheLastStep) {
  StyleGan2Generator g = tinyGenerator();
  TensorImageSource source(generatedFrames(*g, 8));
  EncoderTrainingOptions o;
  o.batchSize = 4;
  o.latentDiscriminatorWeight = 0;
  testing::TempDir dir;
  EncoderTrainer trainer(tinyEncoder(g->config()), g, o);
  EncoderTrainingRun run;
  run.totalSteps = 100;
  run.checkpointPath = dir.file("ckpt.safetensors");
  int calls = 0;
  Progress progress([&](double, std::string_view) { return ++calls < 4; });
  EXPECT_THROW(trainer.train(source, run, progress), Cancelled);
  const EncoderTrainer resumed = EncoderTrainer::fromCheckpoint(run.checkpointPath, g);
  EXPECT_EQ(resumed.steps(), trainer.steps());
  EXPECT_GE(resumed.steps(), 2);
  // With the latent discriminator off, no adversarial term is reported.
  EXPECT_TRUE(std::isnan(trainer.lastLosses().adversarial));
}

TEST(EncoderTraining, MismatchesAreErrors) {
  StyleGan2Generator g = tinyGenerator();
  E4eEncoderConfig wrong = tinyEncoder(g->config());
  wrong.wDim = 8;
  EXPECT_NE(errorOf([&] { EncoderTrainer(wrong, g, {}); }).find("W+"), std::string::npos);
  EncoderTrainer trainer(tinyEncoder(g->config()), g, {});
  TensorImageSource small(at::zeros({4, 1, 16, 16}));
  EXPECT_NE(errorOf([&] { trainer.step(small); }).find("32"), std::string::npos);
  EncoderTrainingOptions bad;
  bad.batchSize = 0;
  EXPECT_THROW(bad.validate(), Error);
}

}  // namespace
}  // namespace latentecho
