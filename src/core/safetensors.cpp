#include "latentecho/core/safetensors.h"

#include <nlohmann/json.hpp>

#include <cstring>

#include "binary_file.h"
#include "latentecho/core/error.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "safetensors data is little-endian; this reader copies bytes as they are");

namespace latentecho {
namespace {

const std::map<std::string, at::ScalarType>& dtypeTable() {
  static const std::map<std::string, at::ScalarType> table{
      {"F64", at::kDouble}, {"F32", at::kFloat}, {"F16", at::kHalf},  {"BF16", at::kBFloat16},
      {"I64", at::kLong},   {"I32", at::kInt},   {"I16", at::kShort}, {"I8", at::kChar},
      {"U8", at::kByte},    {"BOOL", at::kBool}};
  return table;
}

std::string shapeText(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

}  // namespace

std::string safetensorsDtypeName(at::ScalarType type) {
  for (const auto& [name, t] : dtypeTable())
    if (t == type) return name;
  throw Error(std::string("safetensors cannot store dtype ") + c10::toString(type));
}

at::ScalarType safetensorsDtype(const std::string& name) {
  auto it = dtypeTable().find(name);
  if (it == dtypeTable().end()) throw Error("unknown safetensors dtype '" + name + "'");
  return it->second;
}

SafetensorsContent readSafetensors(const std::string& path) {
  return parseSafetensors(detail::readFileBytes(path), path);
}

SafetensorsContent parseSafetensors(const std::vector<char>& bytes, const std::string& name) {
  if (bytes.size() < 8) throw Error(name + ": truncated (shorter than the 8-byte header length)");
  uint64_t headerSize = 0;
  std::memcpy(&headerSize, bytes.data(), 8);
  if (headerSize > bytes.size() - 8)
    throw Error(name + ": truncated or not a safetensors file (header of " +
                std::to_string(headerSize) + " bytes, file of " + std::to_string(bytes.size()) +
                ")");
  nlohmann::json header;
  try {
    header = nlohmann::json::parse(bytes.begin() + 8,
                                   bytes.begin() + 8 + static_cast<std::ptrdiff_t>(headerSize));
  } catch (const nlohmann::json::exception& e) {
    throw Error(name + ": not a safetensors file (header is not JSON: " + e.what() + ")");
  }
  if (!header.is_object()) throw Error(name + ": not a safetensors file (header is not an object)");

  const char* data = bytes.data() + 8 + headerSize;
  const uint64_t dataSize = bytes.size() - 8 - headerSize;
  SafetensorsContent content;
  for (const auto& [key, entry] : header.items()) {
    if (key == "__metadata__") {
      if (!entry.is_object()) throw Error(name + ": __metadata__ is not an object");
      for (const auto& [k, v] : entry.items())
        content.metadata[k] = v.is_string() ? v.get<std::string>() : v.dump();
      continue;
    }
    const std::string where = name + ": tensor '" + key + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") ||
        !entry.contains("data_offsets"))
      throw Error(where + " lacks dtype, shape or data_offsets");
    at::ScalarType dtype;
    try {
      dtype = safetensorsDtype(entry["dtype"].get<std::string>());
    } catch (const std::exception& e) {
      throw Error(where + ": " + e.what());
    }
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;
    try {
      shape = entry["shape"].get<std::vector<int64_t>>();
      const auto offsets = entry["data_offsets"].get<std::vector<uint64_t>>();
      if (offsets.size() != 2) throw Error("two offsets expected");
      begin = offsets[0];
      end = offsets[1];
    } catch (const std::exception&) {
      throw Error(where + " has a malformed shape or data_offsets");
    }
    uint64_t numel = 1;
    for (int64_t d : shape) {
      if (d < 0) throw Error(where + " has a negative dimension in " + shapeText(shape));
      numel *= static_cast<uint64_t>(d);
    }
    const uint64_t expected = numel * c10::elementSize(dtype);
    if (end < begin || end - begin != expected)
      throw Error(where + " spans " + std::to_string(end - begin) + " bytes but shape " +
                  shapeText(shape) + " of " + entry["dtype"].get<std::string>() + " needs " +
                  std::to_string(expected));
    if (end > dataSize)
      throw Error(name + ": truncated: tensor '" + key + "' needs bytes up to " +
                  std::to_string(end) + " of the data section, which has " +
                  std::to_string(dataSize));
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(dtype));
    if (expected > 0) std::memcpy(t.data_ptr(), data + begin, expected);
    content.tensors.emplace(key, t);
  }
  return content;
}

void writeSafetensors(const std::string& path, const TensorMap& tensors,
                      const std::map<std::string, std::string>& metadata) {
  nlohmann::json header = nlohmann::json::object();
  if (!metadata.empty()) header["__metadata__"] = metadata;
  std::vector<at::Tensor> ordered;
  uint64_t offset = 0;
  for (const auto& [key, tensor] : tensors) {
    at::Tensor t = tensor.detach().to(at::kCPU).contiguous();
    const uint64_t size = static_cast<uint64_t>(t.numel()) * t.element_size();
    header[key] = {{"dtype", safetensorsDtypeName(t.scalar_type())},
                   {"shape", t.sizes().vec()},
                   {"data_offsets", {offset, offset + size}}};
    offset += size;
    ordered.push_back(t);
  }
  std::string text = header.dump();
  // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
  while ((text.size() % 8) != 0) text.push_back(' ');
  const uint64_t headerSize = text.size();
  std::vector<detail::ByteSpan> pieces{{&headerSize, 8}, {text.data(), text.size()}};
  for (const at::Tensor& t : ordered)
    pieces.push_back({t.data_ptr(), static_cast<size_t>(t.numel()) * t.element_size()});
  detail::writeFileAtomically(path, pieces);
}

}  // namespace latentecho
