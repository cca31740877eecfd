// The discriminator against the official stylegan2-ada-pytorch code (tests/data/stylegan2_small):
// logits, the R1 gradient with respect to the images, and the parameter gradients of the R1
// penalty, which need a double backward through every layer.
#include "latentecho/core/stylegan2_discriminator.h"

#include <gtest/gtest.h>
#include <torch/csrc/autograd/autograd.h>

#include <string>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho {
namespace {

const std::string kSmall = std::string(LATENTECHO_SOURCE_DIR) + "/tests/data/stylegan2_small/";

double maxAbsDifference(const at::Tensor& a, const at::Tensor& b) {
  EXPECT_EQ(a.sizes(), b.sizes());
  if (a.sizes() != b.sizes()) return 1e30;
  return (a.to(at::kDouble) - b.to(at::kDouble)).abs().max().item<double>();
}

StyleGan2Discriminator officialDiscriminator() {
  StyleGan2DiscriminatorConfig config;
  config.resolution = 32;
  config.imageChannels = 3;
  config.setChannels(128, 16);
  config.convClamp = 256.0;
  config.mbstdGroupSize = 4;
  StyleGan2Discriminator d(config);
  const TensorMap official = readTorchStateDict(kSmall + "D.state_dict.pt");
  std::vector<TensorSpec> specs;
  for (const auto& [name, t] : d->namedTensors()) specs.push_back({name, t.sizes().vec(), at::kFloat});
  validateTensors(official, specs, "D.state_dict.pt");
  at::NoGradGuard noGrad;
  for (auto& [name, t] : d->namedTensors()) t.copy_(official.at(name));
  return d;
}

TEST(StyleGan2Discriminator, LogitsR1GradientsAndDoubleBackwardMatchTheOfficialCode) {
  StyleGan2Discriminator d = officialDiscriminator();
  const at::Tensor images = readTorchTensor(kSmall + "d_images.pt").requires_grad_(true);
  const at::Tensor logits = d->forward(images);
  EXPECT_LE(maxAbsDifference(logits, readTorchTensor(kSmall + "d_logits.pt")), 1e-5);

  const at::Tensor r1 =
      torch::autograd::grad({logits.sum()}, {images}, {}, /*retain_graph=*/true,
                            /*create_graph=*/true)[0];
  const at::Tensor expectedR1 = readTorchTensor(kSmall + "d_r1_grads.pt");
  EXPECT_LE(maxAbsDifference(r1, expectedR1), 1e-5 * (expectedR1.abs().max().item<double>() + 1));

  const at::Tensor penalty = r1.square().sum({1, 2, 3}).mean();
  penalty.backward();
  const TensorMap expectedGrads = readTorchStateDict(kSmall + "d_r1_penalty_param_grads.pt");
  int compared = 0;
  for (const auto& item : d->named_parameters()) {
    auto it = expectedGrads.find(item.key());
    if (it == expectedGrads.end()) continue;  // parameters the penalty does not depend on
    ASSERT_TRUE(item.value().grad().defined()) << item.key();
    const double scale = it->second.abs().max().item<double>() + 1e-6;
    EXPECT_LE(maxAbsDifference(item.value().grad(), it->second) / scale, 1e-4) << item.key();
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(expectedGrads.size()));
}

TEST(StyleGan2Discriminator, ChecksShapesAndBatchGrouping) {
  StyleGan2DiscriminatorConfig config;
  config.resolution = 16;
  config.setChannels(64, 8);
  StyleGan2Discriminator d(config);
  EXPECT_EQ(d->forward(at::randn({4, 1, 16, 16})).sizes(), (std::vector<int64_t>{4, 1}));
  EXPECT_EQ(d->forward(at::randn({2, 1, 16, 16})).sizes(), (std::vector<int64_t>{2, 1}));
  EXPECT_THROW(d->forward(at::randn({6, 1, 16, 16})), Error);  // 6 is not a multiple of 4
  EXPECT_THROW(d->forward(at::randn({4, 3, 16, 16})), Error);
  config.resolution = 4;
  EXPECT_THROW(config.validate(), Error);
}

}  // namespace
}  // namespace latentecho
