#pragma once
// Writing a trainer's checkpoint (private to the core): the named state tensors, detached, into a
// safetensors file whose metadata entry `metadataKey` holds the trainer's JSON state; the folder is
// created when missing. writeSafetensors replaces the file atomically.
#include <ATen/ATen.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/safetensors.h"

namespace latentecho::detail {

inline void writeTrainingCheckpoint(const std::string& path,
                                    const std::vector<std::pair<std::string, at::Tensor>>& state,
                                    const std::string& metadataKey, const std::string& metadata) {
  namespace fs = std::filesystem;
  TensorMap tensors;
  for (const auto& [name, tensor] : state) tensors.emplace(name, tensor.detach());
  const fs::path target(path);
  if (target.has_parent_path()) {
    std::error_code error;
    fs::create_directories(target.parent_path(), error);
    if (error)
      throw Error("cannot create the checkpoint folder " + target.parent_path().string() + ": " +
                  error.message());
  }
  writeSafetensors(path, tensors, {{metadataKey, metadata}});
}

}  // namespace latentecho::detail
