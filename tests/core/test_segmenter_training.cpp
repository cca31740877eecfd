// Segmenter training on a toy task (bright disks on a noisy background), exact resume from a
// checkpoint, and refusal of a checkpoint of another configuration.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/utils.h>

#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/segmenter_training.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

// N frames size x size: a disk of grey ~180 on a background of grey ~60, both noisy.
LabelledFrames disks(int count, int size, std::uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  const at::Tensor centre = at::empty({count, 2}).uniform_(size * 0.3, size * 0.7, generator);
  const at::Tensor radius = at::empty({count}).uniform_(size * 0.12, size * 0.25, generator);
  const at::Tensor ys = at::arange(size, at::kFloat).view({1, size, 1}) + 0.5;
  const at::Tensor xs = at::arange(size, at::kFloat).view({1, 1, size}) + 0.5;
  const at::Tensor dy = ys - centre.select(1, 0).view({count, 1, 1});
  const at::Tensor dx = xs - centre.select(1, 1).view({count, 1, 1});
  const at::Tensor inside = (dx * dx + dy * dy) <= radius.view({count, 1, 1}).pow(2);
  const at::Tensor noise = at::empty({count, size, size}).normal_(0.0, 25.0, generator);
  LabelledFrames data;
  data.frames = (inside.to(at::kFloat) * 120.0 + 60.0 + noise).clamp(0, 255).to(at::kByte);
  data.masks = inside.to(at::kByte);
  return data;
}

LvSegmenter toySegmenter(const LabelledFrames& train) {
  LvSegmenterConfig config;
  config.inputSize = 32;
  config.unet.baseChannels = 4;
  config.unet.levels = 2;
  config.normalisation = normalisationFromFrames(train.frames);
  torch::manual_seed(5);
  return LvSegmenter(config);
}

SegmenterTrainingOptions toyOptions(const latentecho::testing::TempDir& dir, int steps) {
  SegmenterTrainingOptions options;
  options.steps = steps;
  options.batch = 8;
  options.learningRate = 1e-2;
  options.maxShiftPixels = 2;
  options.checkpointEvery = 20;
  options.validateEvery = 40;
  options.checkpointFolder = dir.file("checkpoint");
  options.outFolder = dir.file("model");
  return options;
}

TEST(SegmenterTraining, LearnsToyDisksAndSavesTheBestModel) {
  const LabelledFrames train = disks(96, 32, 1), validation = disks(24, 32, 2);
  LvSegmenter segmenter = toySegmenter(train);
  const double before = validateSegmenter(segmenter, validation);
  latentecho::testing::TempDir dir;
  const SegmenterTrainingResult result = trainLvSegmenter(
      segmenter, train, {{"toy", validation}}, toyOptions(dir, 120), {{"source", "test"}});
  EXPECT_EQ(result.step, 120);
  EXPECT_EQ(result.resumedFrom, 0);
  EXPECT_GT(result.best.meanDice, 0.85) << "before training: " << before;
  EXPECT_GT(result.best.meanDice, before + 0.2);
  LvSegmenter saved = LvSegmenter::load(dir.file("model"));
  EXPECT_NEAR(validateSegmenter(saved, validation), result.best.meanDice, 1e-6);
}

TEST(SegmenterTraining, ResumesExactlyFromACheckpoint) {
  const LabelledFrames train = disks(48, 32, 3), validation = disks(8, 32, 4);
  latentecho::testing::TempDir continuous, interrupted;
  LvSegmenter a = toySegmenter(train);
  trainLvSegmenter(a, train, {{"toy", validation}}, toyOptions(continuous, 60), {});

  LvSegmenter b = toySegmenter(train);
  trainLvSegmenter(b, train, {{"toy", validation}}, toyOptions(interrupted, 40), {});
  LvSegmenter resumed = toySegmenter(train);  // fresh weights: the checkpoint must replace them
  const SegmenterTrainingResult result =
      trainLvSegmenter(resumed, train, {{"toy", validation}}, toyOptions(interrupted, 60), {});
  EXPECT_EQ(result.resumedFrom, 40);
  EXPECT_EQ(result.step, 60);
  const TensorMap expected = a.tensors(), actual = resumed.tensors();
  for (const auto& [name, tensor] : expected)
    EXPECT_TRUE(at::allclose(actual.at(name), tensor, 1e-5, 1e-6)) << name;

  // Another configuration (other batch) refuses the checkpoint instead of mixing runs.
  SegmenterTrainingOptions other = toyOptions(interrupted, 80);
  other.batch = 4;
  LvSegmenter c = toySegmenter(train);
  EXPECT_THROW(trainLvSegmenter(c, train, {{"toy", validation}}, other, {}), Error);
}

TEST(SegmenterTraining, MismatchedDataIsAnError) {
  const LabelledFrames train = disks(8, 32, 5);
  LvSegmenter segmenter = toySegmenter(train);
  latentecho::testing::TempDir dir;
  LabelledFrames wrongSize = disks(8, 16, 6);
  EXPECT_THROW(trainLvSegmenter(segmenter, wrongSize, {}, toyOptions(dir, 5), {}), Error);
  LabelledFrames noMasks = train;
  noMasks.masks = at::Tensor();
  EXPECT_THROW(trainLvSegmenter(segmenter, noMasks, {}, toyOptions(dir, 5), {}), Error);
}

}  // namespace
}  // namespace latentecho
