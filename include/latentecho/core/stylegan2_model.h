#pragma once
// StyleGAN2 generators on disk: model folders of kind "stylegan2-generator" (model_folder.h) and
// the official stylegan2-ada-pytorch state dict (G_ema.state_dict(), saved with torch.save).
//
// Tensor names are the official ones in both, so import and export are a validated copy.
//
// Thread-safety: functions share no state.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/model_folder.h"
#include "latentecho/core/stylegan2.h"
#include "latentecho/core/torch_checkpoint.h"

namespace latentecho {

constexpr const char* kStyleGan2GeneratorKind = "stylegan2-generator";

// The architecture an official generator state dict implies: resolution, image channels and the
// channel count of every block from the synthesis tensors, mapping depth / widths / z, c and w
// sizes from the mapping tensors; channel base and max when the channel counts determine them.
// conv_clamp leaves no trace in the weights: it is `convClamp` (the official training configs
// use 256). Throws Error starting with `source` when the tensors are not those of a
// stylegan2-ada-pytorch Generator with the 'skip' synthesis architecture, saying why.
StyleGan2GeneratorConfig inferStyleGan2GeneratorConfig(const TensorMap& stateDict,
                                                       const std::string& source,
                                                       std::optional<double> convClamp);

// Every tensor a generator of this configuration has, by official name (float32).
std::vector<TensorSpec> styleGan2GeneratorTensorSpecs(const StyleGan2GeneratorConfig& config);

// A generator built from `config` holding `tensors` (validated first: see validateTensors;
// float tensors of other float dtypes are converted). Inference mode (eval), no grad required.
StyleGan2Generator styleGan2GeneratorFromTensors(const StyleGan2GeneratorConfig& config,
                                                 const TensorMap& tensors,
                                                 const std::string& source);

// Copies of every tensor of `generator` by official name (contiguous, float32, CPU).
TensorMap styleGan2GeneratorTensors(const StyleGan2GeneratorImpl& generator);

// The config as model.json stores it (official argument names where there are some) and back.
nlohmann::json styleGan2GeneratorConfigToJson(const StyleGan2GeneratorConfig& config);
StyleGan2GeneratorConfig styleGan2GeneratorConfigFromJson(const nlohmann::json& json,
                                                          const std::string& source);

// A model folder for `generator`; `provenance` says how it was made.
void saveStyleGan2Generator(const std::string& folder, const StyleGan2GeneratorImpl& generator,
                            const nlohmann::json& provenance,
                            at::ScalarType floatStorage = at::kFloat);

struct LoadedStyleGan2Generator {
  StyleGan2Generator generator{nullptr};
  ModelFolder folder;  // manifest fields (tensors moved into the generator, map left empty)
};
// Reads and validates a "stylegan2-generator" model folder.
LoadedStyleGan2Generator loadStyleGan2Generator(const std::string& folder);

// Official generator state dict from a torch.save file: a dict of tensors (plain or OrderedDict),
// or a dict holding one under "G_ema" (as some training scripts save {"G": ..., "G_ema": ...}).
TensorMap readStyleGan2StateDict(const std::string& path);

}  // namespace latentecho
