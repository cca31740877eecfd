// `latentecho bench pti` and `bench slider` in-process with a tiny random generator, pivots from a
// file and the first frames of the bundled sample clip: the JSON carries the timings, phases,
// quality and the previous implementation's steps; the slider reuses the PTI cache entry.
// Benchmarks are not tests of speed: only the shape and consistency of the report are checked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

using testing::runCli;
using testing::TempDir;

constexpr int kFrames = 3;

struct Fixture : testing::TinyTuneFiles {
  Fixture() : TinyTuneFiles(kFrames) {}

  std::vector<std::string> arguments(const std::string& benchmark) const {
    return {"bench",    benchmark, clip,      "--model", model,     "--pivots", pivots,
            "--frames", "3",       "--steps", "2",       "--batch", "2",        "--json"};
  }
};

TEST(BenchPtiCommand, ReportsStepsPhasesQualityAndThePreviousImplementation) {
  Fixture f;
  std::vector<std::string> args = f.arguments("pti");
  args.insert(args.end(), {"--reference-steps", "1", "--tuned-from", "8"});
  const testing::CliOutcome outcome = runCli(args);
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json r = outcome.json();
  EXPECT_EQ(r["benchmark"], "pti");
  EXPECT_EQ(r["clip"]["frames"], kFrames);
  EXPECT_EQ(r["settings"]["tunedFromResolution"], 8);
  const nlohmann::json& current = r["current"];
  EXPECT_EQ(current["steps"], 2);
  EXPECT_GT(current["seconds_per_step"].get<double>(), 0.0);
  EXPECT_GE(current["total_seconds"].get<double>(), current["tuning_seconds"].get<double>());
  for (const char* phase : {"prefix", "forward", "loss", "locality", "backward", "optimiser"})
    EXPECT_GE(current["phase_seconds"][phase].get<double>(), 0.0) << phase;
  EXPECT_GT(current["phase_seconds"]["prefix"].get<double>(), 0.0);  // blocks 4 frozen
  EXPECT_GT(current["peak_rss_mib"].get<double>(), 0.0);
  EXPECT_GT(current["quality"]["before"]["psnr"].get<double>(), 0.0);
  EXPECT_GT(current["quality"]["after"]["psnr"].get<double>(), 0.0);
  EXPECT_EQ(r["previous"]["steps"], 1);
  EXPECT_GT(r["speedup_per_step"].get<double>(), 0.0);
  EXPECT_TRUE(r["load_average"].contains("start"));
}

TEST(BenchPtiCommand, SliderReusesTheCacheEntryAndTimesEveryAlpha) {
  Fixture f;
  std::vector<std::string> args = f.arguments("slider");
  args.insert(args.end(), {"--cache", f.cache, "--alphas", "2"});
  const testing::CliOutcome outcome = runCli(args);
  ASSERT_EQ(outcome.exitCode, 0) << outcome.err;
  const nlohmann::json r = outcome.json();
  EXPECT_EQ(r["benchmark"], "slider");
  EXPECT_EQ(r["cache"]["status"], "valid");
  EXPECT_GE(r["cache_load_seconds"].get<double>(), 0.0);
  EXPECT_EQ(r["visible_frame_ms"].size(), 2u);
  EXPECT_EQ(r["clip_seconds"].size(), 2u);
  EXPECT_GE(r["clip_cpu_seconds_median"].get<double>(), 0.0);
  EXPECT_GE(r["visible_frame_cpu_ms_median"].get<double>(), 0.0);
  EXPECT_EQ(r["frames"], kFrames);

  args.push_back("--no-cache");
  const testing::CliOutcome refused = runCli(args);
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_NE(refused.err.find("--no-cache"), std::string::npos) << refused.err;
}

}  // namespace
}  // namespace latentecho
