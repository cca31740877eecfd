// `latentecho tune` and `enhance` in-process with a tiny random generator, pivots from a file and
// the bundled sample clip: the PTI cache is written, reused, rebuilt when corrupt, keyed by the
// settings; enhance writes the clip (side by side too); bad input exits 1 naming the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/edit_direction.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/torch_checkpoint.h"
#include "latentecho/io/clip_reader.h"
#include "latentecho/io/clip_writer.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "tiny_generator.h"
#include "tiny_tune_files.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using testing::runCli;
using testing::TempDir;

constexpr int kFrames = 4;

struct Fixture : testing::TinyTuneFiles {
  std::string direction = dir.file("direction.pt");

  Fixture() : TinyTuneFiles(kFrames) {
    at::manual_seed(3);
    EditDirection(at::randn({generator->numWs(), generator->config().wDim}), {{"made", "test"}})
        .save(direction);
  }

  std::vector<std::string> tuneArguments(const std::string& command) const {
    return {command,
            clip,
            "--model",
            model,
            "--pivots",
            pivots,
            "--cache",
            cache,
            "--json",
            "--frames",
            std::to_string(kFrames),
            "--steps",
            "3",
            "--batch",
            "2"};
  }
};

nlohmann::json parse(const testing::CliOutcome& outcome) {
  EXPECT_EQ(outcome.exitCode, 0) << outcome.err;
  return nlohmann::json::parse(outcome.out);
}

void flipLastBytes(const fs::path& file) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(-20, std::ios::end);
  stream.write("\x7f\x7f\x7f\x7f", 4);
}

// Five tuning runs: over 20 s on a loaded 2-core machine.
TEST(TuneCommandSlow, TunesStoresReusesAndRebuildsACorruptEntry) {
  Fixture f;
  const nlohmann::json first = parse(runCli(f.tuneArguments("tune")));
  EXPECT_EQ(first["reused"], false);
  EXPECT_EQ(first["cache"]["status"], "missing");
  EXPECT_EQ(first["clip"]["frames"], kFrames);
  EXPECT_EQ(first["steps"], 3);
  EXPECT_GT(first["seconds"]["perStep"].get<double>(), 0.0);
  EXPECT_LT(first["quality"]["after"]["mse"].get<double>(),
            first["quality"]["before"]["mse"].get<double>());
  const std::string folder = first["cache"]["folder"];
  ASSERT_TRUE(fs::is_regular_file(fs::path(folder) / "manifest.json"));
  EXPECT_GT(first["cache"]["bytes"].get<int64_t>(), 0);

  const nlohmann::json second = parse(runCli(f.tuneArguments("tune")));
  EXPECT_EQ(second["reused"], true);
  EXPECT_EQ(second["cache"]["status"], "valid");
  EXPECT_EQ(second["cache"]["folder"], folder);
  EXPECT_EQ(second["quality"], first["quality"]);

  flipLastBytes(fs::path(folder) / "delta.safetensors");
  const nlohmann::json third = parse(runCli(f.tuneArguments("tune")));
  EXPECT_EQ(third["cache"]["status"], "corrupt");
  EXPECT_EQ(third["reused"], false);
  EXPECT_NE(third["cache"]["reason"].get<std::string>().find("delta.safetensors"),
            std::string::npos);
  EXPECT_EQ(parse(runCli(f.tuneArguments("tune")))["reused"], true);

  // Other settings, other entry.
  std::vector<std::string> other = f.tuneArguments("tune");
  other.push_back("--no-locality");
  const nlohmann::json fourth = parse(runCli(other));
  EXPECT_EQ(fourth["reused"], false);
  EXPECT_NE(fourth["cache"]["folder"], folder);
}

TEST(EnhanceCommand, WritesTheEnhancedClipAloneAndSideBySide) {
  Fixture f;
  std::vector<std::string> arguments = f.tuneArguments("enhance");
  const std::string out = f.dir.file("enhanced.gif");
  arguments.insert(arguments.end(), {"--alpha", "0.5", "--direction", f.direction, "--out", out});
  const nlohmann::json result = parse(runCli(arguments));
  EXPECT_EQ(result["reused"], false);
  EXPECT_EQ(result["alpha"], 0.5);
  EXPECT_GE(result["seconds"]["renderPerFrameMs"].get<double>(), 0.0);
  const Clip enhanced = readClip(out);
  EXPECT_EQ(enhanced.frameCount, kFrames);
  EXPECT_EQ(enhanced.width, 32);
  EXPECT_EQ(enhanced.height, 32);

  // Second run reuses the cache; side by side doubles the width; alpha 0 differs from 0.5.
  const std::string both = f.dir.file("both.gif");
  arguments = f.tuneArguments("enhance");
  arguments.insert(arguments.end(),
                   {"--alpha", "0", "--direction", f.direction, "--out", both, "--side-by-side"});
  const nlohmann::json again = parse(runCli(arguments));
  EXPECT_EQ(again["reused"], true);
  const Clip sideBySide = readClip(both);
  EXPECT_EQ(sideBySide.frameCount, kFrames);
  EXPECT_EQ(sideBySide.width, 64);
  bool differs = false;
  for (int y = 0; y < 32 && !differs; ++y)
    for (int x = 0; x < 32 && !differs; ++x)
      differs = sideBySide.at(0, y, 32 + x) != enhanced.at(0, y, x);
  EXPECT_TRUE(differs) << "alpha 0 and alpha 0.5 rendered the same frame";
}

TEST(EnhanceCommand, ClassicalBaselinesThroughTheSameCommand) {
  Fixture f;
  const std::string out = f.dir.file("bilateral.gif");
  testing::CliOutcome outcome =
      runCli({"enhance", f.clip, "--method", "bilateral", "--alpha", "1", "--size", "64",
              "--frames", std::to_string(kFrames), "--out", out, "--side-by-side", "--json"});
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  EXPECT_EQ(nlohmann::json::parse(outcome.out)["method"], "bilateral");
  const Clip written = readClip(out);
  EXPECT_EQ(written.frameCount, kFrames);
  EXPECT_EQ(written.width, 128);
  bool differs = false;
  for (int y = 0; y < 64 && !differs; ++y)
    for (int x = 0; x < 64 && !differs; ++x)
      differs = written.at(0, y, x) != written.at(0, y, 64 + x);
  EXPECT_TRUE(differs) << "the filter changed nothing";
  outcome = runCli({"enhance", f.clip, "--method", "median", "--alpha", "1", "--out", out});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("median"), std::string::npos) << outcome.err;
}

TEST(EnhanceCommand, CacheLimitEvictsTheLeastRecentlyUsedEntries) {
  Fixture f;
  // An old entry of 2 GiB (a sparse file: no disk space used) that a 1 GiB limit cannot keep.
  const fs::path old = fs::path(f.cache) / "pti-00000000000000aa";
  fs::create_directories(old);
  std::ofstream(old / "delta.safetensors").put('x');
  fs::resize_file(old / "delta.safetensors", std::uintmax_t{2} << 30);
  std::vector<std::string> arguments = f.tuneArguments("enhance");
  arguments.insert(arguments.end(), {"--alpha", "0.5", "--direction", f.direction, "--out",
                                     f.dir.file("enhanced.gif"), "--cache-limit", "1"});
  const nlohmann::json result = parse(runCli(arguments));
  EXPECT_EQ(result["cache"]["limitBytes"].get<int64_t>(), int64_t{1} << 30);
  ASSERT_EQ(result["cache"]["evicted"].size(), 1u);
  EXPECT_EQ(fs::path(result["cache"]["evicted"][0].get<std::string>()).filename(), old.filename());
  EXPECT_FALSE(fs::exists(old));
  EXPECT_TRUE(fs::exists(result["cache"]["folder"].get<std::string>()));
  EXPECT_LT(result["cache"]["folderBytes"].get<int64_t>(), int64_t{1} << 30);

  arguments = f.tuneArguments("tune");
  arguments.insert(arguments.end(), {"--cache-limit", "-1"});
  EXPECT_NE(runCli(arguments).exitCode, 0);
}

TEST(TuneCommand, BadInputExitsWithOneNamingTheProblem) {
  Fixture f;
  std::vector<std::string> arguments = f.tuneArguments("tune");
  arguments[1] = f.dir.file("missing.avi");
  testing::CliOutcome outcome = runCli(arguments);
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("missing.avi"), std::string::npos) << outcome.err;

  // Pivots for another number of frames.
  arguments = f.tuneArguments("tune");
  arguments[std::find(arguments.begin(), arguments.end(), "--frames") - arguments.begin() + 1] =
      "3";
  outcome = runCli(arguments);
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("pivots.pt"), std::string::npos) << outcome.err;

  arguments = f.tuneArguments("tune");
  arguments.insert(arguments.end(), {"--encoder", f.dir.file("enc")});
  outcome = runCli(arguments);
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("--encoder"), std::string::npos) << outcome.err;

  arguments = f.tuneArguments("tune");
  arguments.insert(arguments.end(), {"--delta-encoding", "int4"});
  outcome = runCli(arguments);
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("int4"), std::string::npos) << outcome.err;

  arguments = f.tuneArguments("enhance");
  arguments.insert(arguments.end(),
                   {"--direction", f.dir.file("nope.pt"), "--out", f.dir.file("x.gif")});
  outcome = runCli(arguments);
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("nope.pt"), std::string::npos) << outcome.err;
  EXPECT_FALSE(fs::exists(f.dir.file("x.gif")));
}

}  // namespace
}  // namespace latentecho
