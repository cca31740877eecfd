#pragma once
// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
// header {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...,
// "__metadata__": {"key": "value"}}, then the raw little-endian tensor bytes, offsets relative to
// the start of the data. Used for every model's weights (see model_folder.h).
//
// Supported dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL.
//
// Thread-safety: the functions share no state.
#include <ATen/ATen.h>

#include <map>
#include <string>
#include <vector>

#include "latentecho/core/torch_checkpoint.h"  // TensorMap

namespace latentecho {

struct SafetensorsContent {
  TensorMap tensors;                            // as stored (dtype, shape), contiguous, CPU
  std::map<std::string, std::string> metadata;  // "__metadata__"
};

// Reads and checks the whole file. Throws Error naming the file and, where it applies, the
// tensor: not a safetensors file, header out of bounds or not JSON, unknown dtype, a tensor whose
// byte range does not match its shape or lies past the end of the file (truncated).
SafetensorsContent readSafetensors(const std::string& path);
// The same for the bytes of a file; `name` stands for the file in errors.
SafetensorsContent parseSafetensors(const std::vector<char>& bytes, const std::string& name);

// Writes the tensors (converted to contiguous CPU, dtype kept) atomically.
void writeSafetensors(const std::string& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata = {});

// "F32" for at::kFloat etc.; throws Error for dtypes the format lacks.
std::string safetensorsDtypeName(at::ScalarType type);
// The inverse; throws Error naming the unknown name.
at::ScalarType safetensorsDtype(const std::string& name);

}  // namespace latentecho
