// R(2+1)D: torchvision's names, shapes and parameter count, and parity with torchvision on random
// weights (references made at test time by tests/data/r2plus1d/make_reference.py with Debian's
// python3-torchvision; skipped when that is missing): a small variant in the quick suite, the full
// r2plus1d_18 in an EchoNet-Dynamic checkpoint in the slow one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "latentecho/core/ef_regressor.h"
#include "latentecho/core/error.h"
#include "latentecho/core/r2plus1d.h"
#include "latentecho/core/torch_checkpoint.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

bool torchvisionAvailable() {
  static const bool available =
      std::system("/usr/bin/python3 -c 'import torchvision' > /dev/null 2>&1") == 0;
  return available;
}

// Runs the reference script; returns false (and the test skips) without torchvision.
bool makeReference(const std::string& directory, const std::string& variant) {
  if (!torchvisionAvailable()) return false;
  const std::string command = std::string("/usr/bin/python3 ") + LATENTECHO_SOURCE_DIR +
                              "/tests/data/r2plus1d/make_reference.py " + directory + " " + variant;
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return true;
}

TensorMap namedTensors(R2Plus1dImpl& network) {
  TensorMap out;
  for (const auto& item : network.named_parameters(true)) out[item.key()] = item.value();
  for (const auto& item : network.named_buffers(true)) out[item.key()] = item.value();
  return out;
}

TEST(R2Plus1d, MidplanesFormulaIsTorchvisions) {
  EXPECT_EQ(r2plus1dMidplanes(64, 64), 144);
  EXPECT_EQ(r2plus1dMidplanes(64, 128), 230);
  EXPECT_EQ(r2plus1dMidplanes(128, 128), 288);
  EXPECT_EQ(r2plus1dMidplanes(256, 512), 921);
}

TEST(R2Plus1d, Resnet18HasTorchvisionNamesShapesAndParameterCount) {
  R2Plus1dConfig config;
  config.outputs = 400;  // Kinetics-400, as torchvision documents the parameter count for
  R2Plus1d network(config);
  int64_t parameters = 0;
  for (const auto& p : network->parameters()) parameters += p.numel();
  EXPECT_EQ(parameters, 31505325);  // torchvision R2Plus1D_18_Weights meta "num_params"
  const TensorMap tensors = namedTensors(*network);
  EXPECT_EQ(tensors.size(), 224u);  // len(r2plus1d_18().state_dict())
  const std::map<std::string, std::string> shapes{
      {"stem.0.weight", "[45,3,1,7,7]"},
      {"stem.1.running_var", "[45]"},
      {"stem.3.weight", "[64,45,3,1,1]"},
      {"stem.4.num_batches_tracked", "[]"},
      {"layer1.0.conv1.0.0.weight", "[144,64,1,3,3]"},
      {"layer1.0.conv1.0.1.running_mean", "[144]"},
      {"layer1.0.conv1.0.3.weight", "[64,144,3,1,1]"},
      {"layer1.0.conv1.1.weight", "[64]"},
      {"layer1.1.conv2.0.3.weight", "[64,144,3,1,1]"},
      {"layer2.0.conv1.0.0.weight", "[230,64,1,3,3]"},
      {"layer2.0.conv2.0.0.weight", "[230,128,1,3,3]"},
      {"layer2.0.downsample.0.weight", "[128,64,1,1,1]"},
      {"layer2.0.downsample.1.bias", "[128]"},
      {"layer4.1.conv2.1.running_var", "[512]"},
      {"fc.weight", "[400,512]"},
      {"fc.bias", "[400]"}};
  for (const auto& [name, shape] : shapes) {
    ASSERT_TRUE(tensors.count(name)) << name;
    EXPECT_EQ(shapeToString(tensors.at(name).sizes()), shape) << name;
  }
  EXPECT_FALSE(tensors.count("layer1.0.downsample.0.weight"));
  EXPECT_EQ(tensors.at("stem.1.num_batches_tracked").scalar_type(), at::kLong);
  const R2Plus1dConfig inferred = inferR2Plus1dConfig(tensors, "test");
  EXPECT_EQ(inferred.blocks, config.blocks);
  EXPECT_EQ(inferred.widths, config.widths);
  EXPECT_EQ(inferred.stemMidChannels, 45);
  EXPECT_EQ(inferred.outputs, 400);
}

TEST(R2Plus1d, CompactConfigShapesAndJsonRoundTrip) {
  R2Plus1dConfig config;
  config.widths = {4, 6, 8, 10};
  config.blocks = {1, 2, 1, 1};
  config.stemMidChannels = 3;
  config.inChannels = 1;
  R2Plus1d network(config);
  network->eval();
  at::NoGradGuard noGrad;
  // Time and space shrink to 1 at the deepest layers without error.
  EXPECT_EQ(network->forward(at::randn({2, 1, 5, 24, 24})).sizes(), (at::IntArrayRef{2, 1}));
  EXPECT_EQ(network->features(at::randn({1, 1, 1, 8, 8})).sizes(), (at::IntArrayRef{1, 10}));
  EXPECT_THROW(network->forward(at::randn({1, 3, 4, 16, 16})), Error);
  const R2Plus1dConfig back = r2plus1dConfigFromJson(r2plus1dConfigToJson(config), "test");
  EXPECT_EQ(back.widths, config.widths);
  EXPECT_EQ(back.blocks, config.blocks);
  EXPECT_EQ(back.stemMidChannels, 3);
  EXPECT_EQ(back.inChannels, 1);
  EXPECT_THROW(r2plus1dConfigFromJson({{"architecture", "r3d"}}, "test"), Error);
  config.blocks = {1, 0, 1, 1};
  EXPECT_THROW(R2Plus1d{config}, Error);
}

TEST(R2Plus1d, SmallVariantMatchesTorchvision) {
  testing::TempDir dir;
  if (!makeReference(dir.path().string(), "small"))
    GTEST_SKIP() << "python3-torchvision not available (/usr/bin/python3 -c 'import torchvision')";
  const TensorMap tensors = readTorchStateDict(dir.path().string() + "/checkpoint.pt");
  const R2Plus1dConfig config = inferR2Plus1dConfig(tensors, "small");
  EXPECT_EQ(config.widths, (std::vector<int>{8, 12, 16, 20}));
  EXPECT_EQ(config.blocks, (std::vector<int>{2, 1, 1, 1}));
  EXPECT_EQ(config.stemMidChannels, 6);
  R2Plus1d network(config);
  const TensorMap own = namedTensors(*network);
  ASSERT_EQ(own.size(), tensors.size());
  {
    at::NoGradGuard noGrad;
    for (auto& [name, tensor] : own) {
      ASSERT_TRUE(tensors.count(name)) << name;
      ASSERT_EQ(tensor.sizes(), tensors.at(name).sizes()) << name;
      tensor.copy_(tensors.at(name));
    }
  }
  network->eval();
  at::NoGradGuard noGrad;
  const at::Tensor out = network->forward(readTorchTensor(dir.path().string() + "/input.pt"));
  const at::Tensor expected = readTorchTensor(dir.path().string() + "/out.pt");
  ASSERT_EQ(out.sizes(), expected.sizes());
  const double error = (out - expected).abs().max().item<double>();
  RecordProperty("max_abs_error", std::to_string(error));
  std::cout << "small R(2+1)D: max |C++ - torchvision| = " << error << "\n";
  EXPECT_LE(error, 1e-4);
}

TEST(R2Plus1dSlow, EchoNetCheckpointOfR2Plus1d18MatchesTorchvision) {
  testing::TempDir dir;
  if (!makeReference(dir.path().string(), "r2plus1d_18"))
    GTEST_SKIP() << "python3-torchvision not available (/usr/bin/python3 -c 'import torchvision')";
  VideoInputConfig normalisation;
  normalisation.perClip = true;
  EfRegressor regressor =
      importEchoNetEfRegressor(dir.path().string() + "/checkpoint.pt", normalisation);
  const R2Plus1dConfig& config = regressor.model().networkConfig();
  EXPECT_EQ(config.widths, (std::vector<int>{64, 128, 256, 512}));
  EXPECT_EQ(config.blocks, (std::vector<int>{2, 2, 2, 2}));
  EXPECT_EQ(regressor.model().input().frames, 32);
  EXPECT_EQ(regressor.model().input().period, 2);
  EXPECT_EQ(regressor.model().input().size, 112);
  const at::Tensor input = readTorchTensor(dir.path().string() + "/input.pt");
  const at::Tensor expected = readTorchTensor(dir.path().string() + "/out.pt");
  at::NoGradGuard noGrad;
  regressor.model().network().eval();
  const at::Tensor out = regressor.model().network().forward(input);
  ASSERT_EQ(out.sizes(), expected.sizes());
  const double error = (out - expected).abs().max().item<double>();
  RecordProperty("max_abs_error", std::to_string(error));
  std::cout << "r2plus1d_18: max |C++ - torchvision| = " << error << " (output "
            << expected.item<double>() << ")\n";
  EXPECT_LE(error, 1e-4);
  // The EF mapping of an imported model is the identity: EF = fc output.
  EXPECT_NEAR(regressor.model().mapOutput(out).item<double>(), expected.item<double>(), 1e-4);
}

}  // namespace
}  // namespace latentecho
