#include "latentecho/core/model_folder.h"

#include <xxhash.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "binary_file.h"
#include "latentecho/core/error.h"
#include "latentecho/core/safetensors.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;

std::string digestOf(const std::vector<char>& bytes) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx",
                static_cast<unsigned long long>(XXH64(bytes.data(), bytes.size(), 0)));
  return text;
}

std::string manifestPath(const std::string& folder) {
  return (fs::path(folder) / kModelManifestName).string();
}

}  // namespace

std::string shapeToString(at::IntArrayRef shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

void writeModelFolder(const std::string& folder, ModelFolder& model, at::ScalarType floatStorage) {
  if (floatStorage != at::kFloat && floatStorage != at::kHalf && floatStorage != at::kBFloat16)
    throw Error("model weights can be stored as float32, float16 or bfloat16 only");
  std::error_code code;
  fs::create_directories(folder, code);
  if (!fs::is_directory(folder)) throw Error(folder + ": cannot create the model folder");

  TensorMap stored;
  for (const auto& [name, tensor] : model.tensors) {
    at::Tensor t = tensor.detach().to(at::kCPU);
    if (at::isFloatingType(t.scalar_type())) t = t.to(floatStorage);
    stored.emplace(name, t.contiguous());
  }
  const std::string weightsPath = (fs::path(folder) / kModelWeightsName).string();
  writeSafetensors(weightsPath, stored, {{"format", "pt"}, {"kind", model.kind}});
  model.weightsDigest = digestOf(detail::readFileBytes(weightsPath));

  nlohmann::json manifest = {
      {"format", "latentecho-model"},
      {"format_version", kModelFormatVersion},
      {"kind", model.kind},
      {"version", model.version},
      {"config", model.config},
      {"input", model.input},
      {"output", model.output},
      {"normalisation", model.normalisation},
      {"provenance", model.provenance},
      {"weights",
       {{"file", kModelWeightsName},
        {"dtype", safetensorsDtypeName(floatStorage)},
        {"xxh64", model.weightsDigest}}}};
  const std::string text = manifest.dump(2) + "\n";
  detail::writeFileAtomically(manifestPath(folder), {{text.data(), text.size()}});
}

nlohmann::json readModelManifest(const std::string& folder) {
  if (!fs::is_directory(folder)) throw Error(folder + ": no such model folder");
  const std::string path = manifestPath(folder);
  if (!fs::exists(path)) throw Error(folder + ": not a model folder (no " + kModelManifestName + ")");
  const std::vector<char> bytes = detail::readFileBytes(path);
  nlohmann::json manifest;
  try {
    manifest = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    throw Error(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!manifest.is_object() || manifest.value("format", "") != "latentecho-model")
    throw Error(path + ": not a LatentEcho model manifest (\"format\" is not \"latentecho-model\")");
  const int version = manifest.value("format_version", 0);
  if (version < 1 || version > kModelFormatVersion)
    throw Error(path + ": model format version " + std::to_string(version) +
                " is not supported (this build reads up to " +
                std::to_string(kModelFormatVersion) + ")");
  if (!manifest.contains("kind") || !manifest["kind"].is_string())
    throw Error(path + ": no \"kind\"");
  return manifest;
}

ModelFolder readModelFolder(const std::string& folder,
                            const std::optional<std::string>& expectedKind) {
  const nlohmann::json manifest = readModelManifest(folder);
  ModelFolder model;
  model.kind = manifest["kind"].get<std::string>();
  if (expectedKind && model.kind != *expectedKind)
    throw Error(folder + ": holds a '" + model.kind + "' model, expected a '" + *expectedKind + "'");
  try {
    model.version = manifest.value("version", 1);
    model.config = manifest.value("config", nlohmann::json::object());
    model.input = manifest.value("input", nlohmann::json::object());
    model.output = manifest.value("output", nlohmann::json::object());
    model.normalisation = manifest.value("normalisation", "");
    model.provenance = manifest.value("provenance", nlohmann::json::object());
  } catch (const nlohmann::json::exception& e) {
    throw Error(manifestPath(folder) + ": malformed (" + e.what() + ")");
  }
  std::string file = kModelWeightsName;
  std::string digest;
  if (manifest.contains("weights") && manifest["weights"].is_object()) {
    file = manifest["weights"].value("file", file);
    digest = manifest["weights"].value("xxh64", "");
  }
  if (file.find('/') != std::string::npos || file.find("..") != std::string::npos)
    throw Error(manifestPath(folder) + ": weights file '" + file + "' must lie in the folder");
  const std::string weightsPath = (fs::path(folder) / file).string();
  if (!fs::exists(weightsPath)) throw Error(folder + ": the weights file " + file + " is missing");
  const std::vector<char> bytes = detail::readFileBytes(weightsPath);
  model.weightsDigest = digestOf(bytes);
  // Parse first: a truncated file is reported as such, a complete but altered one by digest.
  SafetensorsContent content = parseSafetensors(bytes, weightsPath);
  if (!digest.empty() && digest != model.weightsDigest)
    throw Error(weightsPath + ": corrupt (its xxh64 digest " + model.weightsDigest +
                " differs from the " + digest + " recorded in model.json)");
  for (auto& [name, tensor] : content.tensors) {
    if (at::isFloatingType(tensor.scalar_type()) && tensor.scalar_type() != at::kFloat)
      tensor = tensor.to(at::kFloat);
  }
  model.tensors = std::move(content.tensors);
  return model;
}

void validateTensors(const TensorMap& tensors, const std::vector<TensorSpec>& expected,
                     const std::string& source) {
  std::set<std::string> expectedNames;
  std::vector<std::string> missing, wrong;
  for (const TensorSpec& spec : expected) {
    expectedNames.insert(spec.name);
    auto it = tensors.find(spec.name);
    if (it == tensors.end()) {
      missing.push_back(spec.name);
      continue;
    }
    const at::Tensor& t = it->second;
    if (t.sizes().vec() != spec.shape) {
      wrong.push_back("tensor '" + spec.name + "' has shape " + shapeToString(t.sizes()) +
                      ", expected " + shapeToString(spec.shape));
    } else if (t.scalar_type() != spec.dtype) {
      wrong.push_back("tensor '" + spec.name + "' has dtype " + c10::toString(t.scalar_type()) +
                      ", expected " + c10::toString(spec.dtype));
    }
  }
  std::vector<std::string> unexpected;
  for (const auto& [name, tensor] : tensors)
    if (!expectedNames.count(name)) unexpected.push_back(name);

  auto listed = [](const std::vector<std::string>& items, const std::string& prefix,
                   bool quote) {
    std::string s = prefix + (quote ? "'" + items[0] + "'" : items[0]);
    const size_t shown = std::min<size_t>(items.size(), 3);
    for (size_t i = 1; i < shown; ++i) s += quote ? ", '" + items[i] + "'" : "; " + items[i];
    if (items.size() > shown) s += " (and " + std::to_string(items.size() - shown) + " more)";
    return s;
  };
  if (!wrong.empty()) throw Error(source + ": " + listed(wrong, "", false));
  if (!missing.empty())
    throw Error(source + ": " + listed(missing, missing.size() == 1 ? "missing tensor " : "missing tensors ", true));
  if (!unexpected.empty())
    throw Error(source + ": " + listed(unexpected, unexpected.size() == 1 ? "unexpected tensor " : "unexpected tensors ", true));
}

}  // namespace latentecho
