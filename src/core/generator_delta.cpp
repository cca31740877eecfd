#include "latentecho/core/generator_delta.h"

#include <ATen/core/grad_mode.h>
#include <xxhash.h>

#include <cstdio>
#include <map>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString

namespace latentecho {
namespace {

const std::string kScaleSuffix = ".scale";

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::map<std::string, at::Tensor> byName(const StyleGan2GeneratorImpl& g) {
  std::map<std::string, at::Tensor> out;
  for (auto& [name, tensor] : g.namedTensors()) out.emplace(name, tensor);
  return out;
}

// Rows of a tensor for per-row scales: the first dimension; a scalar is one row.
at::Tensor asRows(const at::Tensor& t) { return t.reshape({t.dim() == 0 ? 1 : t.size(0), -1}); }

at::Tensor decode(const std::string& name, const GeneratorDelta& delta, const at::Tensor& stored) {
  switch (delta.encoding) {
    case DeltaEncoding::Float32:
    case DeltaEncoding::Float16:
      return stored.to(at::kFloat);
    case DeltaEncoding::Int8: {
      const at::Tensor& scale = delta.tensors.at(name + kScaleSuffix);
      return (asRows(stored).to(at::kFloat) * scale.view({-1, 1})).view(stored.sizes());
    }
  }
  throw Error("unknown delta encoding");
}

}  // namespace

std::string deltaEncodingName(DeltaEncoding encoding) {
  switch (encoding) {
    case DeltaEncoding::Float32:
      return "float32";
    case DeltaEncoding::Float16:
      return "float16";
    case DeltaEncoding::Int8:
      return "int8";
  }
  return "?";
}

DeltaEncoding parseDeltaEncoding(const std::string& name) {
  if (name == "float32") return DeltaEncoding::Float32;
  if (name == "float16") return DeltaEncoding::Float16;
  if (name == "int8") return DeltaEncoding::Int8;
  throw Error("unknown delta encoding '" + name + "' (expected float32, float16 or int8)");
}

int64_t GeneratorDelta::changedTensors() const {
  int64_t n = 0;
  for (const auto& [name, tensor] : tensors)
    if (!(encoding == DeltaEncoding::Int8 && endsWith(name, kScaleSuffix))) ++n;
  return n;
}

int64_t GeneratorDelta::dataBytes() const {
  int64_t bytes = 0;
  for (const auto& [name, tensor] : tensors) bytes += tensor.numel() * tensor.element_size();
  return bytes;
}

GeneratorDelta encodeGeneratorDelta(const StyleGan2GeneratorImpl& base,
                                    const StyleGan2GeneratorImpl& tuned, DeltaEncoding encoding) {
  at::NoGradGuard noGrad;
  GeneratorDelta delta;
  delta.encoding = encoding;
  const auto baseTensors = byName(base);
  for (const auto& [name, tunedTensor] : tuned.namedTensors()) {
    auto found = baseTensors.find(name);
    if (found == baseTensors.end() || found->second.sizes() != tunedTensor.sizes())
      throw Error("tuned generator: tensor '" + name + "' does not match the base generator");
    at::Tensor difference =
        (tunedTensor.detach().to(at::kCPU, at::kFloat) - found->second.to(at::kCPU, at::kFloat))
            .contiguous();
    if (!difference.ne(0).any().item<bool>()) continue;
    switch (encoding) {
      case DeltaEncoding::Float32:
        delta.tensors.emplace(name, difference);
        break;
      case DeltaEncoding::Float16:
        delta.tensors.emplace(name, difference.to(at::kHalf).contiguous());
        break;
      case DeltaEncoding::Int8: {
        at::Tensor rows = asRows(difference);
        at::Tensor scale = std::get<0>(rows.abs().max(1)) / 127.0;
        at::Tensor safe = at::where(scale > 0, scale, at::ones_like(scale));
        at::Tensor q = (rows / safe.view({-1, 1})).round().clamp(-127, 127).to(at::kChar);
        delta.tensors.emplace(name, q.view(difference.sizes()).contiguous());
        delta.tensors.emplace(name + kScaleSuffix, scale.contiguous());
        break;
      }
    }
  }
  return delta;
}

GeneratorDelta generatorDeltaFromTensors(DeltaEncoding encoding, TensorMap tensors,
                                         const std::string& source) {
  const at::ScalarType expected = encoding == DeltaEncoding::Float32   ? at::kFloat
                                  : encoding == DeltaEncoding::Float16 ? at::kHalf
                                                                       : at::kChar;
  for (const auto& [name, tensor] : tensors) {
    if (encoding == DeltaEncoding::Int8 && endsWith(name, kScaleSuffix)) {
      const std::string owner = name.substr(0, name.size() - kScaleSuffix.size());
      if (!tensors.count(owner)) throw Error(source + ": scale '" + name + "' has no tensor");
      if (tensor.scalar_type() != at::kFloat || tensor.dim() != 1)
        throw Error(source + ": scale '" + name + "' must be float32 [rows]");
      continue;
    }
    if (tensor.scalar_type() != expected)
      throw Error(source + ": tensor '" + name + "' must be " +
                  std::string(c10::toString(expected)) + " for a " + deltaEncodingName(encoding) +
                  " delta");
    if (encoding == DeltaEncoding::Int8) {
      auto scale = tensors.find(name + kScaleSuffix);
      if (scale == tensors.end()) throw Error(source + ": tensor '" + name + "' lacks its scale");
      if (scale->second.dim() != 1 || scale->second.size(0) != asRows(tensor).size(0))
        throw Error(source + ": scale of '" + name + "' has shape " +
                    shapeToString(scale->second.sizes()) + ", expected one value per row");
    }
  }
  GeneratorDelta delta;
  delta.encoding = encoding;
  delta.tensors = std::move(tensors);
  return delta;
}

StyleGan2Generator applyGeneratorDelta(const StyleGan2GeneratorImpl& base,
                                       const GeneratorDelta& delta, const std::string& source) {
  at::NoGradGuard noGrad;
  StyleGan2Generator tuned(base.copy());
  auto tunedTensors = byName(*tuned);
  for (const auto& [name, stored] : delta.tensors) {
    if (delta.encoding == DeltaEncoding::Int8 && endsWith(name, kScaleSuffix)) continue;
    auto target = tunedTensors.find(name);
    if (target == tunedTensors.end())
      throw Error(source + ": tensor '" + name + "' is not a tensor of the base generator");
    if (target->second.sizes() != stored.sizes())
      throw Error(source + ": tensor '" + name + "' has shape " + shapeToString(stored.sizes()) +
                  ", the base generator's is " + shapeToString(target->second.sizes()));
    if (delta.encoding == DeltaEncoding::Int8 && !delta.tensors.count(name + kScaleSuffix))
      throw Error(source + ": tensor '" + name + "' lacks its scale");
    at::Tensor difference = decode(name, delta, stored).to(target->second.device());
    target->second.add_(difference);
  }
  tuned->eval();
  for (auto& p : tuned->parameters()) p.set_requires_grad(false);
  return tuned;
}

std::string generatorDigest(const StyleGan2GeneratorImpl& generator) {
  XXH64_state_t* state = XXH64_createState();
  XXH64_reset(state, 0);
  for (const auto& [name, tensor] : byName(generator)) {
    XXH64_update(state, name.data(), name.size() + 1);
    const std::vector<int64_t> shape = tensor.sizes().vec();
    XXH64_update(state, shape.data(), shape.size() * sizeof(int64_t));
    at::Tensor values = tensor.detach().to(at::kCPU, at::kFloat).contiguous();
    XXH64_update(state, values.data_ptr<float>(), values.numel() * sizeof(float));
  }
  const auto value = static_cast<unsigned long long>(XXH64_digest(state));
  XXH64_freeState(state);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", value);
  return text;
}

}  // namespace latentecho
