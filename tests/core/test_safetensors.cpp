// The safetensors reader and writer: round trips of every dtype, the byte layout of the format,
// and errors for truncated or malformed files that name the file and the tensor.
#include "latentecho/core/safetensors.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

std::vector<char> bytesOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A file from a header object and raw data, as another writer would make it.
std::vector<char> handMade(const nlohmann::json& header, const std::vector<char>& data) {
  const std::string text = header.dump();
  const uint64_t size = text.size();
  std::vector<char> bytes(8 + text.size() + data.size());
  std::memcpy(bytes.data(), &size, 8);
  std::memcpy(bytes.data() + 8, text.data(), text.size());
  if (!data.empty()) std::memcpy(bytes.data() + 8 + text.size(), data.data(), data.size());
  return bytes;
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Safetensors, EveryDtypeRoundTrips) {
  testing::TempDir dir;
  TensorMap tensors{{"f32", at::randn({2, 3})},
                    {"f64", at::randn({4}, at::kDouble)},
                    {"f16", at::randn({3, 1}).to(at::kHalf)},
                    {"bf16", at::randn({5}).to(at::kBFloat16)},
                    {"i64", at::arange(-3, 3, at::kLong)},
                    {"i32", at::arange(4, at::kInt)},
                    {"i16", at::arange(4, at::kShort)},
                    {"i8", at::arange(-2, 2, at::kChar)},
                    {"u8", at::arange(200, 204, at::kByte)},
                    {"bool", at::arange(3, at::kLong).remainder(2).to(at::kBool)},
                    {"scalar", at::scalar_tensor(1.5)},
                    {"empty", at::zeros({0, 4})},
                    {"strided", at::randn({3, 4}).t()}};
  writeSafetensors(dir.file("w.safetensors"), tensors, {{"note", "hello"}});
  const SafetensorsContent back = readSafetensors(dir.file("w.safetensors"));
  ASSERT_EQ(back.tensors.size(), tensors.size());
  for (const auto& [name, t] : tensors) {
    const at::Tensor& r = back.tensors.at(name);
    EXPECT_EQ(r.scalar_type(), t.scalar_type()) << name;
    EXPECT_EQ(r.sizes(), t.sizes()) << name;
    EXPECT_TRUE(at::equal(r, t)) << name;
  }
  EXPECT_EQ(back.metadata.at("note"), "hello");
}

TEST(Safetensors, LayoutIsTheDocumentedOne) {
  testing::TempDir dir;
  writeSafetensors(dir.file("w.safetensors"),
                   {{"a", at::tensor(std::vector<float>{1.f, 2.f})}, {"b", at::ones({1}, at::kHalf)}});
  const std::vector<char> bytes = bytesOf(dir.file("w.safetensors"));
  uint64_t headerSize = 0;
  std::memcpy(&headerSize, bytes.data(), 8);
  EXPECT_EQ((8 + headerSize) % 8, 0u);  // data starts 8-byte aligned
  const auto header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + headerSize);
  EXPECT_EQ(header["a"]["dtype"], "F32");
  EXPECT_EQ(header["a"]["shape"], nlohmann::json({2}));
  EXPECT_EQ(header["a"]["data_offsets"], nlohmann::json({0, 8}));
  EXPECT_EQ(header["b"]["dtype"], "F16");
  EXPECT_EQ(header["b"]["data_offsets"], nlohmann::json({8, 10}));
  EXPECT_EQ(bytes.size(), 8 + headerSize + 10);
  float second = 0.f;
  std::memcpy(&second, bytes.data() + 8 + headerSize + 4, 4);
  EXPECT_EQ(second, 2.f);
}

TEST(Safetensors, ReadsFilesOfOtherWriters) {
  testing::TempDir dir;
  std::vector<char> data(12);
  const int32_t values[3] = {5, -6, 7};
  std::memcpy(data.data(), values, 12);
  // No padding, no metadata, keys in any order.
  writeBytes(dir.file("x.safetensors"),
             handMade({{"z", {{"dtype", "I32"}, {"shape", {3}}, {"data_offsets", {0, 12}}}}}, data));
  const auto content = readSafetensors(dir.file("x.safetensors"));
  EXPECT_EQ(content.tensors.at("z")[1].item<int32_t>(), -6);
}

TEST(Safetensors, BadFilesNameTheFileAndTheTensor) {
  testing::TempDir dir;
  writeSafetensors(dir.file("ok.safetensors"), {{"layer.weight", at::randn({16, 16})}});
  const std::vector<char> whole = bytesOf(dir.file("ok.safetensors"));

  writeBytes(dir.file("cut.safetensors"),
             std::vector<char>(whole.begin(), whole.end() - 100));
  std::string message = errorOf([&] { readSafetensors(dir.file("cut.safetensors")); });
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  EXPECT_NE(message.find("'layer.weight'"), std::string::npos) << message;

  writeBytes(dir.file("tiny.safetensors"), std::vector<char>(whole.begin(), whole.begin() + 5));
  message = errorOf([&] { readSafetensors(dir.file("tiny.safetensors")); });
  EXPECT_NE(message.find("tiny.safetensors: truncated"), std::string::npos) << message;

  writeBytes(dir.file("header.safetensors"), std::vector<char>(whole.begin(), whole.begin() + 40));
  message = errorOf([&] { readSafetensors(dir.file("header.safetensors")); });
  EXPECT_NE(message.find("truncated or not a safetensors file"), std::string::npos) << message;

  writeBytes(dir.file("json.safetensors"), handMade(nlohmann::json::array({1, 2}), {}));
  EXPECT_NE(errorOf([&] { readSafetensors(dir.file("json.safetensors")); }).find("not an object"),
            std::string::npos);

  writeBytes(dir.file("size.safetensors"),
             handMade({{"w", {{"dtype", "F32"}, {"shape", {2, 2}}, {"data_offsets", {0, 12}}}}},
                      std::vector<char>(12)));
  message = errorOf([&] { readSafetensors(dir.file("size.safetensors")); });
  EXPECT_NE(message.find("tensor 'w' spans 12 bytes but shape [2,2] of F32 needs 16"),
            std::string::npos)
      << message;

  writeBytes(dir.file("dtype.safetensors"),
             handMade({{"w", {{"dtype", "F8_E4M3"}, {"shape", {1}}, {"data_offsets", {0, 1}}}}},
                      std::vector<char>(1)));
  message = errorOf([&] { readSafetensors(dir.file("dtype.safetensors")); });
  EXPECT_NE(message.find("tensor 'w': unknown safetensors dtype 'F8_E4M3'"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace latentecho
