// Video models: EchoNet-Dynamic's clip convention (windows of every period-th frame at every start,
// zero padding of short clips after normalisation, evenly spaced windows when capped), frame-rate
// resampling, output mappings, model folders and the errors they give; the EF regressor and
// quality classifier wrappers, and the EchoNet EF import's refusals (naming the tensor).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "latentecho/core/ef_regressor.h"
#include "latentecho/core/error.h"
#include "latentecho/core/quality_classifier.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/core/video_model.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

R2Plus1dConfig tinyNetwork(int inChannels = 1) {
  R2Plus1dConfig config;
  config.widths = {2, 3, 4, 5};
  config.blocks = {1, 1, 1, 1};
  config.stemMidChannels = 2;
  config.inChannels = inChannels;
  return config;
}

VideoInputConfig tinyInput(int frames, int period, int size = 8) {
  VideoInputConfig input;
  input.frames = frames;
  input.period = period;
  input.size = size;
  input.mean = {100.0};
  input.std = {50.0};
  return input;
}

// Every weight zero, fc bias `bias`: the fc output is `bias` for any input.
void setConstantOutput(VideoModel& model, double bias) {
  at::NoGradGuard noGrad;
  for (auto& item : model.network().named_parameters()) {
    item.value().zero_();
    if (item.key() == "fc.bias") item.value().fill_(bias);
  }
}

TEST(VideoModel, WindowStartsFollowEchoNet) {
  const VideoModel model(kEfRegressorKind, tinyNetwork(), tinyInput(4, 2));
  // 20 frames: starts 0 .. 20 - 3*2 - 1.
  EXPECT_EQ(model.windowStarts(20, 0).size(), 14u);
  EXPECT_EQ(model.windowStarts(20, 0).back(), 13);
  // Shorter than frames * period: padded to 8, starts 0 and 1.
  EXPECT_EQ(model.windowStarts(3, 0), (std::vector<int64_t>{0, 1}));
  // Capped: evenly spaced, first and last kept.
  EXPECT_EQ(model.windowStarts(20, 3), (std::vector<int64_t>{0, 7, 13}));
  EXPECT_EQ(model.windowStarts(20, 1), (std::vector<int64_t>{6}));
}

TEST(VideoModel, NetworkInputNormalisesTakesEveryPeriodthFrameAndPadsWithZeros) {
  const VideoModel model(kEfRegressorKind, tinyNetwork(3), tinyInput(4, 2, 4));
  // Frame t has grey level 100 + 50 t, i.e. t after normalisation.
  const at::Tensor grey =
      (at::arange(5, at::kFloat) * 50.0 + 100.0).view({5, 1, 1}).expand({5, 4, 4});
  const at::Tensor x = model.networkInput(grey.contiguous(), {0, 1});
  ASSERT_EQ(x.sizes(), (at::IntArrayRef{2, 3, 4, 4, 4}));
  // Window 0: frames 0, 2, 4, then padding (0); window 1: frames 1, 3, padding, padding.
  const std::vector<float> first{0, 2, 4, 0}, second{1, 3, 0, 0};
  for (int k = 0; k < 4; ++k)
    for (int c = 0; c < 3; ++c) {
      EXPECT_FLOAT_EQ(x[0][c][k][1][0].item<float>(), first[k]) << k;
      EXPECT_FLOAT_EQ(x[1][c][k][0][1].item<float>(), second[k]) << k;
    }
  EXPECT_THROW(model.networkInput(grey.contiguous(), {2}), Error);  // past the padded end
  EXPECT_THROW(model.networkInput(at::zeros({5, 3, 3}), {0}), Error);
}

TEST(VideoModel, ResizesAndResamplesToTheModelsFrameRate) {
  VideoInputConfig input = tinyInput(2, 1, 4);
  input.fps = 50.0;
  const VideoModel model(kEfRegressorKind, tinyNetwork(), input);
  const at::Tensor frames =
      (at::arange(10, at::kFloat) * 10).to(at::kByte).view({10, 1, 1}).expand({10, 8, 8});
  const at::Tensor same = model.resizeFrames(frames.contiguous(), 50.0);
  EXPECT_EQ(same.sizes(), (at::IntArrayRef{10, 4, 4}));
  EXPECT_FLOAT_EQ(same[3][2][2].item<float>(), 30.0f);
  // 25 fps -> 50 fps: twice the frames, each shown twice.
  const at::Tensor doubled = model.resizeFrames(frames.contiguous(), 25.0);
  ASSERT_EQ(doubled.size(0), 20);
  EXPECT_FLOAT_EQ(doubled[7][0][0].item<float>(), 40.0f);  // round(7 * 25 / 50) = 4 (half up)
  EXPECT_EQ(model.resizeFrames(frames.contiguous(), 0.0).size(0), 10);  // unknown: as it is
}

TEST(VideoModel, OutputMappingsAndPredict) {
  VideoModel ef(kEfRegressorKind, tinyNetwork(), tinyInput(4, 2), 55.0, 10.0);
  setConstantOutput(ef, 0.5);
  Clip clip(12, 16, 16, 50.0);
  EXPECT_NEAR(ef.predict(clip), 60.0, 1e-5);
  VideoModel quality(kQualityClassifierKind, tinyNetwork(), tinyInput(4, 2));
  setConstantOutput(quality, std::log(3.0));  // sigmoid = 0.75
  EXPECT_NEAR(quality.predict(clip), 0.75, 1e-5);
  EXPECT_THROW(quality.predict(Clip()), Error);
  EXPECT_THROW(VideoModel("segmenter", tinyNetwork(), tinyInput(4, 2)), Error);
  R2Plus1dConfig twoOutputs = tinyNetwork();
  twoOutputs.outputs = 2;
  EXPECT_THROW(VideoModel(kEfRegressorKind, twoOutputs, tinyInput(4, 2)), Error);
}

TEST(VideoModel, WrappersSaveAndLoadTheirKinds) {
  testing::TempDir dir;
  VideoModel ef(kEfRegressorKind, tinyNetwork(), tinyInput(4, 2), 50.0, 12.0);
  setConstantOutput(ef, -1.0);
  ef.save(dir.file("ef"), {{"source", "test"}}, at::kHalf);
  EfRegressor regressor = EfRegressor::load(dir.file("ef"));
  EXPECT_EQ(regressor.model().input().frames, 4);
  EXPECT_DOUBLE_EQ(regressor.model().outputOffset(), 50.0);
  EXPECT_NEAR(regressor.ejectionFractionPercent(Clip(9, 10, 10, 50.0)), 38.0, 1e-4);

  VideoModel q(kQualityClassifierKind, tinyNetwork(), tinyInput(4, 2));
  setConstantOutput(q, 0.0);
  q.save(dir.file("quality"), {{"source", "test"}});
  QualityClassifier classifier = QualityClassifier::load(dir.file("quality"));
  EXPECT_NEAR(classifier.probabilityHighQuality(Clip(9, 10, 10, 50.0)), 0.5, 1e-6);

  // Each loader refuses the other kind, naming the folder.
  try {
    QualityClassifier::load(dir.file("ef"));
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(dir.file("ef")), std::string::npos) << e.what();
  }
  EXPECT_THROW(EfRegressor::load(dir.file("missing")), Error);
}

TEST(EfImport, RefusesWeightsThatDoNotFitNamingTheTensor) {
  testing::TempDir dir;
  R2Plus1dConfig config = tinyNetwork(3);
  VideoModel model(kEfRegressorKind, config, tinyInput(4, 2));
  TensorMap tensors;
  for (const auto& [name, tensor] : model.tensors()) tensors["module." + name] = tensor;
  VideoInputConfig perClip;
  perClip.perClip = true;

  // The prefixed state dict imports; EchoNet's input convention is applied.
  writeTorchStateDict(dir.file("good.pt"), tensors);
  const EfRegressor good = importEchoNetEfRegressor(dir.file("good.pt"), perClip);
  EXPECT_EQ(good.model().input().frames, 32);
  EXPECT_TRUE(good.model().input().perClip);

  auto expectError = [&](const TensorMap& bad, const std::string& name, const std::string& needle) {
    const std::string path = dir.file(name + ".pt");
    writeTorchStateDict(path, bad);
    try {
      importEchoNetEfRegressor(path, perClip);
      ADD_FAILURE() << "expected an Error for " << name;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    }
  };
  TensorMap wrongShape = tensors;
  wrongShape["module.layer2.0.conv2.0.3.weight"] = at::zeros({3, 1, 3, 1, 1});
  expectError(wrongShape, "shape", "layer2.0.conv2.0.3.weight");
  TensorMap missing = tensors;
  missing.erase("module.layer3.0.downsample.1.running_var");
  expectError(missing, "missing", "layer3.0.downsample.1.running_var");
  TensorMap notFinite = tensors;
  notFinite["module.fc.weight"] = at::full({1, 5}, NAN);
  expectError(notFinite, "nan", "fc.weight");
  TensorMap classifier = tensors;
  classifier["module.fc.weight"] = at::zeros({400, 5});
  classifier["module.fc.bias"] = at::zeros({400});
  expectError(classifier, "classes", "fc.weight");
  expectError({{"conv.weight", at::zeros({2, 2})}}, "other", "stem.0.weight");
}

}  // namespace
}  // namespace latentecho
