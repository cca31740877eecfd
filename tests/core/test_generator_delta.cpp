#include "latentecho/core/generator_delta.h"

#include <ATen/core/grad_mode.h>
#include <gtest/gtest.h>

#include "latentecho/core/error.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

using testing::tinyCodes;
using testing::tinyGenerator;

// A "tuned" copy: a few synthesis tensors moved by small amounts.
StyleGan2Generator perturbed(const StyleGan2Generator& base) {
  at::NoGradGuard noGrad;
  StyleGan2Generator tuned(base->copy());
  at::manual_seed(77);
  for (auto& [name, tensor] : tuned->namedTensors())
    if (name.find("conv1.weight") != std::string::npos ||
        name.find("torgb.bias") != std::string::npos)
      tensor.add_(0.01 * at::randn_like(tensor));
  return tuned;
}

TEST(GeneratorDelta, KeepsOnlyChangedTensorsAndReproducesThemClosely) {
  StyleGan2Generator base = tinyGenerator(1);
  StyleGan2Generator tuned = perturbed(base);
  const at::Tensor ws = tinyCodes(*base, 4, 2);
  at::NoGradGuard noGrad;
  const at::Tensor expected = tuned->synthesize(ws);
  for (DeltaEncoding encoding :
       {DeltaEncoding::Float32, DeltaEncoding::Float16, DeltaEncoding::Int8}) {
    const GeneratorDelta delta = encodeGeneratorDelta(*base, *tuned, encoding);
    EXPECT_EQ(delta.changedTensors(), 8) << deltaEncodingName(encoding);  // 4 conv1 + 4 torgb.bias
    StyleGan2Generator rebuilt = applyGeneratorDelta(*base, delta);
    const double error = (rebuilt->synthesize(ws) - expected).abs().max().item<double>();
    EXPECT_LT(error, encoding == DeltaEncoding::Float32 ? 1e-5 : 5e-3)
        << deltaEncodingName(encoding);
  }
  const auto f32 = encodeGeneratorDelta(*base, *tuned, DeltaEncoding::Float32).dataBytes();
  const auto f16 = encodeGeneratorDelta(*base, *tuned, DeltaEncoding::Float16).dataBytes();
  const auto i8 = encodeGeneratorDelta(*base, *tuned, DeltaEncoding::Int8).dataBytes();
  EXPECT_EQ(f16 * 2, f32);
  EXPECT_LT(i8, f16 * 6 / 10);
}

TEST(GeneratorDelta, EncodingTheDecodedGeneratorAgainGivesTheSameGenerator) {
  // The cache stores base + decode(delta); that generator must be a fixed point.
  StyleGan2Generator base = tinyGenerator(3);
  StyleGan2Generator tuned = perturbed(base);
  const GeneratorDelta delta = encodeGeneratorDelta(*base, *tuned, DeltaEncoding::Int8);
  StyleGan2Generator once = applyGeneratorDelta(*base, delta);
  StyleGan2Generator twice =
      applyGeneratorDelta(*base, encodeGeneratorDelta(*base, *once, DeltaEncoding::Int8));
  EXPECT_EQ(generatorDigest(*once), generatorDigest(*twice));
}

TEST(GeneratorDelta, DigestIdentifiesTheWeights) {
  StyleGan2Generator a = tinyGenerator(5);
  StyleGan2Generator b = tinyGenerator(5);
  StyleGan2Generator c = tinyGenerator(6);
  EXPECT_EQ(generatorDigest(*a), generatorDigest(*b));
  EXPECT_NE(generatorDigest(*a), generatorDigest(*c));
  EXPECT_EQ(generatorDigest(*a).size(), 16u);
}

TEST(GeneratorDelta, RejectsDeltasThatDoNotFitTheBase) {
  StyleGan2Generator base = tinyGenerator(1);
  GeneratorDelta delta;
  delta.encoding = DeltaEncoding::Float32;
  delta.tensors.emplace("synthesis.b4.nonexistent", at::zeros({3}));
  EXPECT_THROW(applyGeneratorDelta(*base, delta), Error);
  delta.tensors.clear();
  delta.tensors.emplace("synthesis.b4.conv1.bias", at::zeros({5}));
  EXPECT_THROW(applyGeneratorDelta(*base, delta), Error);
  TensorMap missingScale{{"synthesis.b4.conv1.bias", at::zeros({32}, at::kChar)}};
  EXPECT_THROW(generatorDeltaFromTensors(DeltaEncoding::Int8, missingScale, "x"), Error);
  EXPECT_THROW(parseDeltaEncoding("int4"), Error);
}

}  // namespace
}  // namespace latentecho
