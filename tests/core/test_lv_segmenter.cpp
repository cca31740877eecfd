// LV segmenter networks: torchvision names and parity of the DeepLabV3-ResNet with torchvision
// (reference made at test time by tests/data/deeplabv3/make_reference.py with Debian's
// python3-torchvision; skipped when that is missing), the compact U-Net, model folders and
// segmenting clips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/torch_checkpoint.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

bool torchvisionAvailable() {
  static const bool available =
      std::system("/usr/bin/python3 -c 'import torchvision' > /dev/null 2>&1") == 0;
  return available;
}

// Runs the reference script; returns false (and the test skips) without torchvision.
bool makeReference(const std::string& directory, const std::string& variant) {
  if (!torchvisionAvailable()) return false;
  const std::string command = std::string("/usr/bin/python3 ") + LATENTECHO_SOURCE_DIR +
                              "/tests/data/deeplabv3/make_reference.py " + directory + " " +
                              variant;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return true;
}

double maxRelativeDifference(const at::Tensor& a, const at::Tensor& b) {
  return ((a - b).abs().max() / b.abs().max().clamp_min(1e-6)).item<double>();
}

TEST(LvSegmenter, DeepLabV3HasTorchvisionNames) {
  LvSegmenterConfig config;
  config.architecture = "deeplabv3-resnet";
  config.deeplab.blocks = {1, 2, 1, 1};
  config.deeplab.baseWidth = 8;
  config.deeplab.asppChannels = 16;
  config.deeplab.auxClassifier = true;
  config.normalisation.perClip = true;
  LvSegmenter segmenter(config);
  const TensorMap tensors = segmenter.tensors();
  for (const char* name :
       {"backbone.conv1.weight", "backbone.bn1.running_var", "backbone.bn1.num_batches_tracked",
        "backbone.layer1.0.downsample.0.weight", "backbone.layer2.1.conv2.weight",
        "backbone.layer3.0.downsample.1.bias", "backbone.layer4.0.bn3.weight",
        "classifier.0.convs.0.0.weight", "classifier.0.convs.3.1.running_mean",
        "classifier.0.convs.4.1.weight", "classifier.0.project.0.weight", "classifier.1.weight",
        "classifier.2.weight", "classifier.4.weight", "classifier.4.bias",
        "aux_classifier.0.weight", "aux_classifier.4.bias"})
    EXPECT_TRUE(tensors.count(name)) << name;
  EXPECT_EQ(shapeToString(tensors.at("classifier.0.project.0.weight").sizes()), "[16,80,1,1]");
  // layer4 output: planes 8 * 8 * expansion 4 = 256 channels into the ASPP.
  EXPECT_EQ(shapeToString(tensors.at("classifier.0.convs.0.0.weight").sizes()), "[16,256,1,1]");
  EXPECT_EQ(tensors.at("backbone.bn1.num_batches_tracked").scalar_type(), at::kLong);
  segmenter.network().eval();
  at::NoGradGuard noGrad;
  EXPECT_EQ(segmenter.logits(at::randn({2, 3, 112, 112})).sizes(),
            (at::IntArrayRef{2, 1, 112, 112}));
}

TEST(LvSegmenter, SmallDeepLabV3MatchesTorchvisionWithAuxHead) {
  testing::TempDir dir;
  if (!makeReference(dir.path().string(), "small"))
    GTEST_SKIP() << "python3-torchvision not available";
  const std::string checkpoint = dir.path().string() + "/checkpoint.pt";
  SegmenterNormalisation normalisation;
  normalisation.perClip = true;
  LvSegmenter segmenter = importEchoNetSegmenter(checkpoint, normalisation);
  EXPECT_EQ(segmenter.config().deeplab.blocks, (std::vector<int>{1, 1, 1, 1}));
  EXPECT_TRUE(segmenter.config().deeplab.auxClassifier);
  const at::Tensor input = readTorchTensor(dir.path().string() + "/input.pt");
  at::NoGradGuard noGrad;
  segmenter.network().eval();
  const at::Tensor out = segmenter.logits(input);
  const at::Tensor expected = readTorchTensor(dir.path().string() + "/out.pt");
  ASSERT_EQ(out.sizes(), expected.sizes());
  EXPECT_LT(maxRelativeDifference(out, expected), 1e-4);
  auto& deeplab = dynamic_cast<DeepLabV3Impl&>(segmenter.network());
  EXPECT_LT(maxRelativeDifference(deeplab.forwardAux(input),
                                  readTorchTensor(dir.path().string() + "/aux.pt")),
            1e-4);
}

TEST(LvSegmenterSlow, EchoNetCheckpointOfDeepLabV3ResNet50MatchesTorchvision) {
  testing::TempDir dir;
  if (!makeReference(dir.path().string(), "resnet50"))
    GTEST_SKIP() << "python3-torchvision not available";
  SegmenterNormalisation normalisation;
  normalisation.perClip = true;
  LvSegmenter segmenter =
      importEchoNetSegmenter(dir.path().string() + "/checkpoint.pt", normalisation);
  EXPECT_EQ(segmenter.config().deeplab.blocks, (std::vector<int>{3, 4, 6, 3}));
  EXPECT_EQ(segmenter.config().deeplab.baseWidth, 64);
  EXPECT_FALSE(segmenter.config().deeplab.auxClassifier);
  const at::Tensor input = readTorchTensor(dir.path().string() + "/input.pt");
  at::NoGradGuard noGrad;
  const at::Tensor out = segmenter.logits(input);
  const at::Tensor expected = readTorchTensor(dir.path().string() + "/out.pt");
  ASSERT_EQ(out.sizes(), expected.sizes());
  EXPECT_LT(maxRelativeDifference(out, expected), 1e-4);

  // Through a model folder (float16 storage) the network still agrees closely.
  segmenter.save(dir.path().string() + "/model", {{"source", "test"}}, at::kHalf);
  LvSegmenter loaded = LvSegmenter::load(dir.path().string() + "/model");
  EXPECT_LT(maxRelativeDifference(loaded.logits(input), expected), 2e-2);
}

TEST(LvSegmenter, ImportRejectsOtherCheckpoints) {
  testing::TempDir dir;
  const std::string path = dir.path().string() + "/other.pt";
  writeTorchStateDict(path, {{"conv.weight", at::zeros({4, 3, 3, 3})}});
  try {
    importEchoNetSegmenter(path, {});
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("backbone.conv1.weight"), std::string::npos) << e.what();
  }
}

TEST(LvSegmenter, UNetShapesAndModelFolderRoundTrip) {
  LvSegmenterConfig config;
  config.unet.baseChannels = 4;
  config.unet.levels = 3;
  config.normalisation.mean = {30.0};
  config.normalisation.std = {40.0};
  torch::manual_seed(2);
  LvSegmenter segmenter(config);
  segmenter.network().eval();
  const at::Tensor input = at::randn({3, 1, 112, 112});
  at::NoGradGuard noGrad;
  const at::Tensor out = segmenter.logits(input);
  EXPECT_EQ(out.sizes(), (at::IntArrayRef{3, 1, 112, 112}));
  testing::TempDir dir;
  segmenter.save(dir.path().string() + "/unet", {{"source", "test"}});
  LvSegmenter loaded = LvSegmenter::load(dir.path().string() + "/unet");
  EXPECT_EQ(loaded.config().unet.levels, 3);
  EXPECT_EQ(loaded.config().normalisation.mean, std::vector<double>{30.0});
  EXPECT_TRUE(at::equal(loaded.logits(input), out));
  // A folder of another kind is refused with its name in the message.
  EXPECT_THROW(LvSegmenter::load(dir.path().string() + "/missing"), Error);
}

TEST(LvSegmenter, SegmentReturnsMasksAtTheClipSize) {
  LvSegmenterConfig config;
  config.unet.baseChannels = 4;
  config.unet.levels = 2;
  config.normalisation.mean = {128.0};
  config.normalisation.std = {50.0};
  LvSegmenter segmenter(config);
  // Every weight zero and the head's bias +10: every logit is positive, every pixel LV.
  for (auto& item : segmenter.network().named_parameters()) {
    at::NoGradGuard noGrad;
    item.value().zero_();
    if (item.key() == "head.bias") item.value().fill_(10.0);
  }
  Clip clip(5, 200, 160, 30.0);
  clip.spacing = PixelSpacing{0.4, 0.4};
  const Clip masks = segmenter.segment(clip);
  EXPECT_EQ(masks.frameCount, 5);
  EXPECT_EQ(masks.height, 200);
  EXPECT_EQ(masks.width, 160);
  EXPECT_EQ(masks.fps, 30.0);
  ASSERT_TRUE(masks.spacing.has_value());
  for (std::uint8_t v : masks.pixels) ASSERT_EQ(v, 1);
  EXPECT_THROW(segmenter.segment(Clip()), Error);
}

TEST(LvSegmenter, ResizeAveragesWhenShrinking) {
  const at::Tensor image = at::arange(16, at::kFloat).view({1, 1, 4, 4});
  const at::Tensor small = resizeImages(image, 2, 2);
  EXPECT_FLOAT_EQ(small[0][0][0][0].item<float>(), (0 + 1 + 4 + 5) / 4.0f);
  EXPECT_EQ(resizeImages(image, 8, 8).sizes(), (at::IntArrayRef{1, 1, 8, 8}));
}

}  // namespace
}  // namespace latentecho
