// Model folders: model.json + weights.safetensors written and read back, fp16 storage read as
// fp32, and the messages for wrong kinds, missing files, corrupt weights and tensors that do
// not match what a loader expects.
#include "latentecho/core/model_folder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

ModelFolder sampleModel() {
  ModelFolder model;
  model.kind = "test-kind";
  model.version = 3;
  model.config = {{"width", 4}};
  model.input = {{"x", {{"shape", {"N", 4}}}}};
  model.output = {{"y", {{"shape", {"N", 2}}}}};
  model.normalisation = "none";
  model.provenance = {{"command", "made by a test"}};
  model.tensors = {{"layer.weight", at::randn({2, 4})},
                   {"layer.bias", at::randn({2})},
                   {"steps", at::tensor(std::vector<int64_t>{5})}};
  return model;
}

TEST(ModelFolder, WritesAndReadsBackEverything) {
  testing::TempDir dir;
  ModelFolder model = sampleModel();
  const std::string folder = dir.file("model");
  writeModelFolder(folder, model);
  EXPECT_EQ(model.weightsDigest.size(), 16u);
  EXPECT_TRUE(std::filesystem::exists(folder + "/model.json"));
  EXPECT_TRUE(std::filesystem::exists(folder + "/weights.safetensors"));

  const ModelFolder back = readModelFolder(folder, std::string("test-kind"));
  EXPECT_EQ(back.kind, "test-kind");
  EXPECT_EQ(back.version, 3);
  EXPECT_EQ(back.config, model.config);
  EXPECT_EQ(back.input, model.input);
  EXPECT_EQ(back.output, model.output);
  EXPECT_EQ(back.normalisation, "none");
  EXPECT_EQ(back.provenance, model.provenance);
  EXPECT_EQ(back.weightsDigest, model.weightsDigest);
  for (const auto& [name, t] : model.tensors) EXPECT_TRUE(at::equal(back.tensors.at(name), t)) << name;

  const nlohmann::json manifest = readModelManifest(folder);
  EXPECT_EQ(manifest["format"], "latentecho-model");
  EXPECT_EQ(manifest["format_version"], kModelFormatVersion);
  EXPECT_EQ(manifest["weights"]["xxh64"], model.weightsDigest);
}

TEST(ModelFolder, HalfPrecisionStorageIsReadAsFloat) {
  testing::TempDir dir;
  ModelFolder model = sampleModel();
  writeModelFolder(dir.file("m"), model, at::kHalf);
  EXPECT_EQ(readModelManifest(dir.file("m"))["weights"]["dtype"], "F16");
  const ModelFolder back = readModelFolder(dir.file("m"));
  const at::Tensor& w = back.tensors.at("layer.weight");
  EXPECT_EQ(w.scalar_type(), at::kFloat);
  EXPECT_TRUE(at::equal(w, model.tensors.at("layer.weight").to(at::kHalf).to(at::kFloat)));
  EXPECT_EQ(back.tensors.at("steps").scalar_type(), at::kLong);  // integers are kept
}

TEST(ModelFolder, ProblemsAreNamed) {
  testing::TempDir dir;
  ModelFolder model = sampleModel();
  const std::string folder = dir.file("m");
  writeModelFolder(folder, model);

  std::string message = errorOf([&] { readModelFolder(folder, std::string("other-kind")); });
  EXPECT_NE(message.find("holds a 'test-kind' model, expected a 'other-kind'"), std::string::npos)
      << message;
  EXPECT_NE(errorOf([&] { readModelFolder(dir.file("nowhere")); }).find("no such model folder"),
            std::string::npos);
  std::filesystem::create_directories(dir.file("empty"));
  EXPECT_NE(errorOf([&] { readModelFolder(dir.file("empty")); }).find("not a model folder"),
            std::string::npos);

  // A byte changed inside the data: still parses, but the digest tells.
  const std::string weights = folder + "/weights.safetensors";
  {
    std::fstream file(weights, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(-3, std::ios::end);
    file.put('\x7f');
  }
  message = errorOf([&] { readModelFolder(folder); });
  EXPECT_NE(message.find("corrupt"), std::string::npos) << message;

  // A truncated weights file is reported as truncated, naming a tensor.
  std::filesystem::resize_file(weights, std::filesystem::file_size(weights) - 4);
  message = errorOf([&] { readModelFolder(folder); });
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;

  std::filesystem::remove(weights);
  message = errorOf([&] { readModelFolder(folder); });
  EXPECT_NE(message.find("weights.safetensors is missing"), std::string::npos) << message;

  std::ofstream(folder + "/model.json") << "{\"format\": \"something else\"}";
  EXPECT_NE(errorOf([&] { readModelFolder(folder); }).find("not a LatentEcho model manifest"),
            std::string::npos);
}

TEST(ModelFolder, ValidateTensorsNamesTheOffendingTensor) {
  const std::vector<TensorSpec> expected{{"a.weight", {4, 2}, at::kFloat},
                                         {"a.bias", {4}, at::kFloat},
                                         {"count", {}, at::kLong}};
  TensorMap good{{"a.weight", at::zeros({4, 2})},
                 {"a.bias", at::zeros({4})},
                 {"count", at::scalar_tensor(1, at::kLong)}};
  EXPECT_NO_THROW(validateTensors(good, expected, "src"));

  TensorMap shape = good;
  shape["a.weight"] = at::zeros({2, 4});
  EXPECT_EQ(errorOf([&] { validateTensors(shape, expected, "src"); }),
            "src: tensor 'a.weight' has shape [2,4], expected [4,2]");
  TensorMap dtype = good;
  dtype["count"] = at::scalar_tensor(1.0);
  EXPECT_EQ(errorOf([&] { validateTensors(dtype, expected, "src"); }),
            "src: tensor 'count' has dtype Float, expected Long");
  TensorMap missing = good;
  missing.erase("a.bias");
  EXPECT_EQ(errorOf([&] { validateTensors(missing, expected, "src"); }),
            "src: missing tensor 'a.bias'");
  TensorMap extra = good;
  extra["b.weight"] = at::zeros({1});
  EXPECT_EQ(errorOf([&] { validateTensors(extra, expected, "src"); }),
            "src: unexpected tensor 'b.weight'");
}

}  // namespace
}  // namespace latentecho
