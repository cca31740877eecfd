#pragma once
// A small random StyleGAN2 generator for tests of what is built on the generator (PTI, cache,
// editing): 32 x 32, one channel, W+ 8 x 32. Weights are the official initialisation, seeded.
#include <ATen/Context.h>
#include <ATen/core/grad_mode.h>

#include <cstdint>

#include "latentecho/core/stylegan2.h"

namespace latentecho::testing {

inline StyleGan2GeneratorConfig tinyGeneratorConfig() {
  StyleGan2GeneratorConfig config;
  config.zDim = 32;
  config.wDim = 32;
  config.resolution = 32;
  config.imageChannels = 1;
  config.mappingLayers = 2;
  config.mappingLayerFeatures = 32;
  config.setChannels(256, 32);
  return config;
}

inline StyleGan2Generator tinyGenerator(std::uint64_t seed) {
  at::manual_seed(seed);
  StyleGan2Generator g(tinyGeneratorConfig());
  g->eval();
  for (auto& p : g->parameters()) p.set_requires_grad(false);
  return g;
}

// W+ codes [n, num_ws, w_dim] from the generator's mapping for seeded z.
inline at::Tensor tinyCodes(StyleGan2GeneratorImpl& g, int64_t n, std::uint64_t seed) {
  at::NoGradGuard noGrad;
  at::manual_seed(seed);
  return g.map(at::randn({n, g.config().zDim}));
}

}  // namespace latentecho::testing
