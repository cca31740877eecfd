// Video model training on tiny synthetic clips: a classifier learns bright (HQ) from dark (LQ)
// clips, a regressor moves towards its targets, an interrupted run resumes to the same weights as
// an uninterrupted one, and a checkpoint of another configuration is refused.
#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/video_model_training.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

VideoModel tinyModel(const std::string& kind, double offset = 0.0, double scale = 1.0) {
  R2Plus1dConfig network;
  network.widths = {4, 4, 4, 4};
  network.blocks = {1, 1, 1, 1};
  network.stemMidChannels = 3;
  network.inChannels = 1;
  VideoInputConfig input;
  input.frames = 4;
  input.period = 2;
  input.size = 8;
  input.mean = {100.0};
  input.std = {60.0};
  torch::manual_seed(3);
  return VideoModel(kind, network, input, offset, scale);
}

// Clips of noisy frames around `level`, paired HQ (bright, 1) / LQ (dark, 0) when `pairs`.
std::vector<VideoTrainingClip> brightAndDark(int hearts, std::uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  std::vector<VideoTrainingClip> clips;
  for (int i = 0; i < hearts; ++i) {
    const at::Tensor noise = at::randn({10, 8, 8}, generator) * 20.0;
    const int base = static_cast<int>(clips.size());
    clips.push_back({(noise + 170.0).clamp(0, 255).to(at::kByte), 1.0, base + 1});
    clips.push_back({(noise + 40.0).clamp(0, 255).to(at::kByte), 0.0, base});
  }
  return clips;
}

VideoTrainingOptions smallRun(const testing::TempDir& dir, const std::string& name, int steps) {
  VideoTrainingOptions options;
  options.steps = steps;
  options.batch = 4;
  options.learningRate = 2e-2;
  options.maxShiftPixels = 1;
  options.mixProbability = 0.5;
  options.checkpointEvery = 1;
  options.validateEvery = 2;
  options.checkpointFolder = dir.file(name + "/checkpoint");
  options.outFolder = dir.file(name + "/model");
  return options;
}

TEST(VideoModelTraining, ClassifierLearnsBrightFromDark) {
  testing::TempDir dir;
  VideoModel model = tinyModel(kQualityClassifierKind);
  const auto train = brightAndDark(4, 1);
  const auto validation = brightAndDark(2, 2);
  VideoTrainingOptions options = smallRun(dir, "run", 60);
  options.validateEvery = 20;
  const VideoTrainingResult result =
      trainVideoModel(model, train, {{"val", validation}}, options, {{"source", "test"}});
  EXPECT_EQ(result.step, 60);
  EXPECT_DOUBLE_EQ(result.best.sets.at("val").at("accuracy"), 1.0);
  // The saved model is the best one, with the training summary in its provenance.
  const nlohmann::json manifest = readModelManifest(options.outFolder);
  EXPECT_EQ(manifest["kind"], kQualityClassifierKind);
  EXPECT_EQ(manifest["provenance"]["source"], "test");
  EXPECT_TRUE(manifest["provenance"].contains("training"));
  VideoModel loaded = VideoModel::load(options.outFolder, kQualityClassifierKind);
  const std::vector<double> p = predictTrainingClips(loaded, validation);
  EXPECT_GT(p[0], 0.5);
  EXPECT_LT(p[1], 0.5);
}

TEST(VideoModelTraining, RegressorMovesTowardsItsTargets) {
  testing::TempDir dir;
  // Targets 30 (dark) and 70 (bright) around offset 50, scale 20.
  auto clips = brightAndDark(3, 5);
  for (auto& clip : clips) clip.target = clip.target > 0.5 ? 70.0 : 30.0;
  VideoModel model = tinyModel(kEfRegressorKind, 50.0, 20.0);
  const double before = videoValidationMetrics(model, clips).at("mae");
  VideoTrainingOptions options = smallRun(dir, "run", 60);
  options.mixProbability = 0.0;
  options.validateEvery = 20;
  trainVideoModel(model, clips, {{"train", clips}}, options, {{"source", "test"}});
  VideoModel best = VideoModel::load(options.outFolder, kEfRegressorKind);
  const double after = videoValidationMetrics(best, clips).at("mae");
  EXPECT_LT(after, before * 0.7) << "before " << before << ", after " << after;
}

TEST(VideoModelTraining, InterruptedRunResumesToTheSameWeights) {
  testing::TempDir dir;
  const auto train = brightAndDark(3, 7);
  const auto validation = brightAndDark(1, 8);
  VideoModel straight = tinyModel(kQualityClassifierKind);
  trainVideoModel(straight, train, {{"val", validation}}, smallRun(dir, "straight", 5),
                  {{"source", "test"}});

  const VideoTrainingOptions options = smallRun(dir, "interrupted", 5);
  VideoModel first = tinyModel(kQualityClassifierKind);
  int reports = 0;
  const Progress stopAfterThree([&](double, std::string_view) { return ++reports <= 3; });
  EXPECT_THROW(trainVideoModel(first, train, {{"val", validation}}, options, {{"source", "test"}},
                               stopAfterThree),
               Cancelled);
  VideoModel resumed = tinyModel(kQualityClassifierKind);
  const VideoTrainingResult result =
      trainVideoModel(resumed, train, {{"val", validation}}, options, {{"source", "test"}});
  EXPECT_EQ(result.resumedFrom, 3);
  EXPECT_EQ(result.step, 5);
  const TensorMap a = straight.tensors(), b = resumed.tensors();
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [name, tensor] : a) EXPECT_TRUE(at::equal(tensor, b.at(name))) << name;

  // The same checkpoint with another configuration is refused.
  VideoTrainingOptions other = options;
  other.batch = 2;
  VideoModel third = tinyModel(kQualityClassifierKind);
  EXPECT_THROW(trainVideoModel(third, train, {{"val", validation}}, other, {{"source", "test"}}),
               Error);
}

TEST(VideoModelTraining, RefusesBadData) {
  testing::TempDir dir;
  VideoModel model = tinyModel(kQualityClassifierKind);
  const VideoTrainingOptions options = smallRun(dir, "bad", 2);
  EXPECT_THROW(trainVideoModel(model, {}, {}, options, {}), Error);
  std::vector<VideoTrainingClip> wrongSize{{at::zeros({10, 9, 9}, at::kByte), 1.0, -1}};
  EXPECT_THROW(trainVideoModel(model, wrongSize, {}, options, {}), Error);
  std::vector<VideoTrainingClip> badPartner{{at::zeros({10, 8, 8}, at::kByte), 1.0, 5}};
  EXPECT_THROW(trainVideoModel(model, badPartner, {}, options, {}), Error);
}

}  // namespace
}  // namespace latentecho
