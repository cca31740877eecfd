#pragma once
// Reading and writing files in the format of Python's torch.save, without Python.
//
// LibTorch's own torch::pickle_load reads a plain dict of tensors but turns the
// collections.OrderedDict that every Module.state_dict() returns into None. This reader
// interprets the pickle itself (the subset torch.save emits: protocols 2-5, dicts, OrderedDicts,
// lists, tuples, strings, numbers, tensors via torch._utils._rebuild_tensor_v2 /
// _rebuild_parameter) and takes the tensor data from the file's storages. Both container formats
// are read: the zip archive of PyTorch >= 1.6 ("<name>/data.pkl" + "<name>/data/<key>") and the
// legacy sequential format of older versions (magic number, pickles, raw storages).
//
// Tensors come back on the CPU with their saved dtype, shape, strides and storage offset; tensors
// that shared a storage in Python share it here. Errors are latentecho::Error naming the file and
// the problem (missing, truncated, not a torch file, an unsupported Python object, ...).
//
// Thread-safety: the functions share no state; call them from any thread.
#include <ATen/ATen.h>
#include <ATen/core/ivalue.h>

#include <map>
#include <string>

namespace latentecho {

// Tensors by name, ordered by name.
using TensorMap = std::map<std::string, at::Tensor>;

// The object saved in `path`: dicts (plain or ordered) become GenericDicts in insertion order,
// lists GenericLists, tuples Tuples, tensors Tensors, None/bool/int/float/str the matching
// IValues. Objects of other Python classes are an Error naming the class.
c10::IValue readTorchFile(const std::string& path);

// The saved object must be a dict mapping strings to tensors (a state dict). Throws Error naming
// the file and the first offending key otherwise.
TensorMap readTorchStateDict(const std::string& path);

// The saved object must be a single tensor.
at::Tensor readTorchTensor(const std::string& path);

// `value` as a dict of string -> tensor; `what` names it in errors ("FILE" or "FILE['state_dict']").
TensorMap tensorMapFromIValue(const c10::IValue& value, const std::string& what);

// Writes a tensor / a plain dict of tensors (in map order) that Python's torch.load reads
// (torch::pickle_save's zip format). The file appears atomically (temporary file + rename).
void writeTorchTensor(const std::string& path, const at::Tensor& tensor);
void writeTorchStateDict(const std::string& path, const TensorMap& tensors);

}  // namespace latentecho
