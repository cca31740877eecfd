// Reading torch.save files without Python: OrderedDict and plain state dicts, views sharing a
// storage, half/int64/scalar tensors, the legacy format, nested checkpoints, and the errors for
// truncated, foreign or unsupported content. The small files come from
// tests/data/torch_checkpoint/make_files.py.
#include "latentecho/core/torch_checkpoint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "temp_dir.h"

namespace latentecho {
namespace {

const std::string kFixture = std::string(LATENTECHO_FIXTURES_DIR) + "/stylegan2-ada-pytorch/";
const std::string kData = std::string(LATENTECHO_SOURCE_DIR) + "/tests/data/torch_checkpoint/";

std::vector<char> bytesOf(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TorchCheckpoint, OrderedDictAndPlainDictStateDictsLoadIdentically) {
  const TensorMap ordered = readTorchStateDict(kFixture + "G_ema.state_dict.pt");
  const TensorMap plain = readTorchStateDict(kFixture + "G_ema.plain.pt");
  ASSERT_EQ(ordered.size(), 94u);
  ASSERT_EQ(plain.size(), ordered.size());
  for (const auto& [name, tensor] : ordered) {
    ASSERT_TRUE(plain.count(name)) << name;
    EXPECT_TRUE(at::equal(tensor, plain.at(name))) << name;
    EXPECT_EQ(tensor.scalar_type(), at::kFloat);
  }
  EXPECT_EQ(ordered.at("synthesis.b32.conv0.weight").sizes(), (std::vector<int64_t>{64, 128, 3, 3}));
  EXPECT_EQ(ordered.at("synthesis.b4.conv1.noise_strength").dim(), 0);
}

TEST(TorchCheckpoint, ReadsBareTensorsAsLibTorchDoes) {
  const at::Tensor z = readTorchTensor(kFixture + "z.pt");
  EXPECT_EQ(z.sizes(), (std::vector<int64_t>{4, 512}));
  const at::Tensor linspace = readTorchTensor(kData + "tensor.pt");
  EXPECT_TRUE(at::allclose(linspace, at::linspace(-1, 1, 7)));
  EXPECT_NE(errorOf([] { readTorchStateDict(kData + "tensor.pt"); }).find("expected a dict of tensors"),
            std::string::npos);
}

void expectViewsContent(const TensorMap& t) {
  const at::Tensor base = at::arange(24, at::kFloat).reshape({4, 6});
  EXPECT_TRUE(at::equal(t.at("base"), base));
  EXPECT_TRUE(at::equal(t.at("view"), base.slice(0, 1).slice(1, 0, 6, 2)));
  EXPECT_TRUE(at::equal(t.at("row"), base[2]));
  EXPECT_EQ(t.at("half").scalar_type(), at::kHalf);
  EXPECT_TRUE(at::equal(t.at("half").to(at::kFloat), at::arange(5, at::kFloat) / 4));
  EXPECT_EQ(t.at("count").scalar_type(), at::kLong);
  EXPECT_EQ(t.at("count")[2].item<int64_t>(), int64_t{1} << 40);
  EXPECT_EQ(t.at("count")[1].item<int64_t>(), -3);
  EXPECT_EQ(t.at("scalar").dim(), 0);
  EXPECT_EQ(t.at("scalar").item<float>(), 2.5f);
}

TEST(TorchCheckpoint, ViewsOffsetsStridesAndDtypesSurvive) {
  const TensorMap t = readTorchStateDict(kData + "views_zip.pt");
  expectViewsContent(t);
  // Views of one storage still share it.
  EXPECT_EQ(t.at("view").storage().data(), t.at("base").storage().data());
  EXPECT_EQ(t.at("view").storage_offset(), 6);
}

TEST(TorchCheckpoint, ReadsTheLegacyFormat) { expectViewsContent(readTorchStateDict(kData + "views_legacy.pt")); }

TEST(TorchCheckpoint, NestedCheckpointsKeepTheirStructure) {
  const c10::IValue root = readTorchFile(kData + "nested.pt");
  ASSERT_TRUE(root.isGenericDict());
  const auto dict = root.toGenericDict();
  const TensorMap weights =
      tensorMapFromIValue(dict.at(c10::IValue(std::string("state_dict"))), "nested['state_dict']");
  EXPECT_TRUE(at::equal(weights.at("encoder.weight"), at::ones({2, 3})));
  const auto opts = dict.at(c10::IValue(std::string("opts"))).toGenericDict();
  EXPECT_DOUBLE_EQ(opts.at(c10::IValue(std::string("lr"))).toDouble(), 0.0001);
  EXPECT_EQ(opts.at(c10::IValue(std::string("name"))).toStringRef(), "e4e");
  EXPECT_TRUE(opts.at(c10::IValue(std::string("flag"))).toBool());
  EXPECT_EQ(opts.at(c10::IValue(std::string("sizes"))).toList().size(), 3u);
  EXPECT_EQ(opts.at(c10::IValue(std::string("pair"))).toTuple()->elements().size(), 2u);
  EXPECT_TRUE(opts.at(c10::IValue(std::string("none"))).isNone());
  EXPECT_EQ(opts.at(c10::IValue(std::string("big"))).toInt(), int64_t{1} << 40);
  const std::string message = errorOf([] { readTorchStateDict(kData + "nested.pt"); });
  EXPECT_NE(message.find("'state_dict' holds"), std::string::npos) << message;
}

TEST(TorchCheckpoint, UnsupportedObjectsAreNamed) {
  const std::string message = errorOf([] { readTorchFile(kData + "object.pt"); });
  EXPECT_NE(message.find("torch.device"), std::string::npos) << message;
  EXPECT_NE(message.find("object.pt"), std::string::npos) << message;
}

TEST(TorchCheckpoint, TruncatedForeignAndMissingFilesAreErrorsNamingTheFile) {
  testing::TempDir dir;
  const std::vector<char> whole = bytesOf(kFixture + "G_ema.state_dict.pt");
  for (size_t keep : {whole.size() / 2, whole.size() - 100, size_t{10}}) {
    const std::string path = dir.file("cut.pt");
    writeBytes(path, std::vector<char>(whole.begin(), whole.begin() + static_cast<long>(keep)));
    const std::string message = errorOf([&] { readTorchStateDict(path); });
    EXPECT_NE(message.find(path), std::string::npos) << keep << ": " << message;
  }
  const std::vector<char> legacy = bytesOf(kData + "views_legacy.pt");
  writeBytes(dir.file("cut_legacy.pt"),
             std::vector<char>(legacy.begin(), legacy.begin() + static_cast<long>(legacy.size() - 20)));
  EXPECT_NE(errorOf([&] { readTorchStateDict(dir.file("cut_legacy.pt")); }).find("truncated"),
            std::string::npos);

  writeBytes(dir.file("text.pt"), {'h', 'e', 'l', 'l', 'o'});
  EXPECT_NE(errorOf([&] { readTorchFile(dir.file("text.pt")); }).find("not a torch.save file"),
            std::string::npos);
  writeBytes(dir.file("empty.pt"), {});
  EXPECT_NE(errorOf([&] { readTorchFile(dir.file("empty.pt")); }).find("empty"), std::string::npos);
  EXPECT_NE(errorOf([&] { readTorchFile(dir.file("absent.pt")); }).find("no such file"),
            std::string::npos);
}

TEST(TorchCheckpoint, UnknownOpcodesAreReported) {
  testing::TempDir dir;
  // A legacy-format header whose first pickle uses an opcode outside the supported subset.
  writeBytes(dir.file("odd.pt"), {'\x80', '\x02', '\xff', '.'});
  const std::string message = errorOf([&] { readTorchFile(dir.file("odd.pt")); });
  EXPECT_NE(message.find("unsupported pickle opcode 0xff"), std::string::npos) << message;
}

TEST(TorchCheckpoint, WrittenFilesReadBack) {
  testing::TempDir dir;
  TensorMap tensors{{"a.weight", at::randn({3, 4})},
                    {"b", at::arange(5, at::kLong)},
                    {"c", at::randn({2, 3}).t()}};  // non-contiguous on purpose
  writeTorchStateDict(dir.file("dict.pt"), tensors);
  const TensorMap back = readTorchStateDict(dir.file("dict.pt"));
  ASSERT_EQ(back.size(), 3u);
  for (const auto& [name, t] : tensors) EXPECT_TRUE(at::equal(back.at(name), t)) << name;
  writeTorchTensor(dir.file("t.pt"), tensors.at("c"));
  EXPECT_TRUE(at::equal(readTorchTensor(dir.file("t.pt")), tensors.at("c")));
  // Nothing but the file itself is left in the folder (no temporary files).
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  EXPECT_EQ(files, 2);
}

}  // namespace
}  // namespace latentecho
