#pragma once
// The project's model format: a folder holding
//   model.json           {"format": "latentecho-model", "format_version": 1, "kind": ...,
//                          "version": ..., "config": {architecture}, "input": {...},
//                          "output": {...}, "normalisation": ..., "provenance": {...},
//                          "weights": {"file": "weights.safetensors", "dtype": "F32",
//                                      "xxh64": "<hex digest of the weights file>"}}
//   weights.safetensors  every tensor by name
// It is shared by all of the project's models (generator, encoder, segmenter, ...): the kind
// says which loader applies, the config how to build the network, and the loader validates every
// tensor against what the config implies (validateTensors).
//
// Floating-point weights may be stored as F16 or BF16 to halve the size; reading always returns
// float32. The xxh64 digest identifies the weights (e.g. as a cache key) and detects corruption.
//
// Thread-safety: functions share no state; writing the same folder from two threads is a race.
#include <ATen/ATen.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/torch_checkpoint.h"  // TensorMap

namespace latentecho {

constexpr int kModelFormatVersion = 1;
constexpr const char* kModelManifestName = "model.json";
constexpr const char* kModelWeightsName = "weights.safetensors";

struct ModelFolder {
  std::string kind;                                            // e.g. "stylegan2-generator"
  int version = 1;                                             // of the kind's config schema
  nlohmann::json config = nlohmann::json::object();            // architecture
  nlohmann::json input = nlohmann::json::object();             // what the model takes
  nlohmann::json output = nlohmann::json::object();            // what it returns
  std::string normalisation;                                   // how values map to pixels etc.
  nlohmann::json provenance = nlohmann::json::object();        // how it was trained / imported
  TensorMap tensors;
  std::string weightsDigest;  // xxh64 of weights.safetensors, hex (filled by read and write)
};

// Creates `folder` if needed and writes weights.safetensors then model.json, each atomically.
// Floating-point tensors are stored as `floatStorage` (kFloat, kHalf or kBFloat16); other dtypes
// as they are. Fills folder.weightsDigest. Throws Error naming the file on failure.
void writeModelFolder(const std::string& folder, ModelFolder& model,
                      at::ScalarType floatStorage = at::kFloat);

// Reads model.json and the weights (floating-point tensors as float32), checking the format, the
// kind when `expectedKind` is given and the weights' digest. Throws Error naming the file and the
// problem: missing folder or file, not a model folder, wrong kind, corrupt or truncated weights.
ModelFolder readModelFolder(const std::string& folder,
                            const std::optional<std::string>& expectedKind = std::nullopt);

// Only model.json (cheap: for `latentecho info` and the studio's model list).
nlohmann::json readModelManifest(const std::string& folder);

// What a loader expects: a tensor's name, shape and dtype.
struct TensorSpec {
  std::string name;
  std::vector<int64_t> shape;
  at::ScalarType dtype = at::kFloat;
};

// Checks that `tensors` has exactly the expected names, shapes and dtypes. Throws Error whose
// message starts with `source` and names the tensor:
//   "<source>: tensor 'synthesis.b8.conv0.weight' has shape [64,128,3,3], expected [128,128,3,3]"
//   "<source>: missing tensor 'mapping.w_avg'" / "<source>: unexpected tensor 'foo'"
// (listing up to a few more problems of the same kind).
void validateTensors(const TensorMap& tensors, const std::vector<TensorSpec>& expected,
                     const std::string& source);

// "[64,128,3,3]"
std::string shapeToString(at::IntArrayRef shape);

}  // namespace latentecho
