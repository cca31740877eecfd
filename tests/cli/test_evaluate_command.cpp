// `latentecho evaluate` in-process on a tiny simulated dataset with a tiny random generator and
// encoder (32 x 32, W+ 8 x 32), the bundled segmenter and quality classifier and 2 PTI steps: the
// tables, plots and per-clip records (P_hq among the metrics, redone with another quality model);
// resuming (a rerun skips finished clips, a changed setting redoes them, a cancelled run keeps the
// clips it finished); sharding (by flag and by the SLURM environment) and merging, which gives the
// same bytes as one run; and errors that name the problem.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "evaluation_run.h"
#include "latentecho/core/e4e_encoder.h"
#include "latentecho/core/edit_direction.h"
#include "latentecho/core/error.h"
#include "latentecho/core/stylegan2_model.h"
#include "latentecho/core/video_model.h"
#include "run_cli.h"
#include "temp_dir.h"
#include "tiny_generator.h"

namespace latentecho {
namespace {

namespace fs = std::filesystem;
using testing::runCli;
using testing::TempDir;

// One dataset and one set of models for the whole file (the simulation is the slow part).
struct Shared {
  TempDir dir;
  std::string data = dir.file("data");
  std::string model = dir.file("generator");
  std::string encoder = dir.file("encoder");
  std::string direction = dir.file("direction.pt");
  std::string cache = dir.file("cache");

  Shared() {
    // 6 clips: 3 TEST, 1 VAL, 2 TRAIN (for the real direction).
    const auto simulated =
        runCli({"simulate", "--out", data, "--clips", "6", "--frames", "6", "--size", "64",
                "--seed", "11", "--val-fraction", "0.1", "--test-fraction", "0.5", "-q"});
    EXPECT_EQ(simulated.exitCode, 0) << simulated.err;
    StyleGan2Generator g = testing::tinyGenerator(1);
    saveStyleGan2Generator(model, *g, {{"made", "test"}});
    E4eEncoderConfig config = E4eEncoderConfig::compact(g->numWs(), g->config().wDim, 1, 32);
    config.stemStride = 1;
    at::manual_seed(2);
    E4eEncoder(config).save(encoder, {{"made", "test"}});
    at::manual_seed(3);
    EditDirection(at::randn({g->numWs(), g->config().wDim}), {{"made", "test"}}).save(direction);
  }

  std::vector<std::string> arguments(const std::string& out) const {
    return {"evaluate", "--data",      data,    "--out",       out,       "--model",
            model,      "--encoder",   encoder, "--direction", direction, "--cache",
            cache,      "--alphas",    "0,1",   "--strengths", "1",       "--frames",
            "4",        "--steps",     "2",     "--batch",     "2",       "--real-frames-per-clip",
            "2",        "--bootstrap", "200",   "--json",      "-q"};
  }
};

Shared& shared() {
  static Shared instance;  // removed with its folder when the test program ends
  return instance;
}

nlohmann::json parse(const testing::CliOutcome& outcome) {
  EXPECT_EQ(outcome.exitCode, 0) << outcome.err;
  return nlohmann::json::parse(outcome.out);
}

std::string readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// `arguments` with the options in `more` (pairs of option and value, or flags) replacing the
// same options' values there, or appended.
std::vector<std::string> with(std::vector<std::string> arguments,
                              const std::vector<std::string>& more) {
  for (std::size_t i = 0; i < more.size(); ++i) {
    const bool hasValue = i + 1 < more.size() && more[i + 1].rfind("--", 0) != 0;
    const auto found = std::find(arguments.begin(), arguments.end(), more[i]);
    if (found != arguments.end() && hasValue) {
      *(found + 1) = more[i + 1];
    } else {
      arguments.push_back(more[i]);
      if (hasValue) arguments.push_back(more[i + 1]);
    }
    if (hasValue) ++i;
  }
  return arguments;
}

TEST(EvaluateCommand, WritesTablesPlotsAndRecordsAndResumes) {
  Shared& s = shared();
  TempDir dir;
  const std::string out = dir.file("run");
  const nlohmann::json first = parse(runCli(s.arguments(out)));
  EXPECT_EQ(first["clips"].size(), 3u);
  EXPECT_EQ(first["computed"], 3);
  EXPECT_EQ(first["reused"], 0);
  for (const std::string clip : first["clips"])
    EXPECT_TRUE(fs::is_regular_file(fs::path(out) / "clips" / (clip + ".json"))) << clip;
  EXPECT_TRUE(fs::is_regular_file(fs::path(out) / "direction-real.pt"));

  const nlohmann::json table = nlohmann::json::parse(readFile(fs::path(out) / "table.json"));
  EXPECT_EQ(table["clips"], 3);
  std::vector<std::string> labels;
  for (const auto& row : table["rows"]) labels.push_back(row["label"]);
  EXPECT_EQ(labels,
            (std::vector<std::string>{"original", "latent-synthetic α=0", "latent-synthetic α=1",
                                      "latent-real α=0", "latent-real α=1", "nlm strength=1",
                                      "bilateral strength=1"}));
  const auto& original = table["rows"][0]["metrics"];
  const auto& edited = table["rows"][2]["metrics"];
  for (const char* metric : {"gcnr", "p_hq", "psnr_to_hq", "ssim_to_hq", "dice_to_truth"})
    ASSERT_FALSE(original[metric]["mean"].is_null()) << metric;
  // The random generator's renders may hold no LV for the segmenter (gCNR undefined there), but
  // P_hq and the comparisons with truth and original are always defined.
  for (const char* metric :
       {"p_hq", "psnr_to_hq", "ssim_to_hq", "dice_to_truth", "dice_to_original"}) {
    ASSERT_FALSE(edited[metric]["mean"].is_null()) << metric;
    EXPECT_EQ(edited[metric]["n"], 3) << metric;
    EXPECT_LE(edited[metric]["lower"].get<double>(), edited[metric]["mean"].get<double>());
    EXPECT_GE(edited[metric]["upper"].get<double>(), edited[metric]["mean"].get<double>());
  }
  EXPECT_TRUE(original["dice_to_original"]["mean"].is_null());  // no comparison with itself
  const double dice = edited["dice_to_original"]["mean"].get<double>();
  EXPECT_GE(dice, 0.0);
  EXPECT_LE(dice, 1.0);
  const double gcnr = original["gcnr"]["mean"].get<double>();
  EXPECT_GT(gcnr, 0.0);
  EXPECT_LT(gcnr, 1.0);
  for (const auto& row : table["rows"]) {
    const auto& pHq = row["metrics"]["p_hq"];
    EXPECT_EQ(pHq["n"], 3) << row["label"];
    EXPECT_GE(pHq["lower"].get<double>(), 0.0) << row["label"];
    EXPECT_LE(pHq["upper"].get<double>(), 1.0) << row["label"];
  }
  // α = 0 renders the tuned reconstruction: the same numbers for both directions.
  EXPECT_EQ(table["rows"][1]["metrics"], table["rows"][3]["metrics"]);

  const std::string csv = readFile(fs::path(out) / "table.csv");
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 8);
  const std::string md = readFile(fs::path(out) / "table.md");
  EXPECT_NE(md.find("| original | 3 |"), std::string::npos) << md;
  EXPECT_NE(md.find("μ gCNR"), std::string::npos);
  EXPECT_NE(md.find("μ P_hq"), std::string::npos);
  EXPECT_NE(csv.find(",p_hq_mean,"), std::string::npos);
  ASSERT_TRUE(first["outputs"].contains("plots"));
  if (!first["outputs"]["plots"].is_null()) {
    EXPECT_GE(first["outputs"]["plots"].size(), 3u);
    for (const char* plot : {"gcnr.png", "p_hq.png"}) {
      const std::string png = readFile(fs::path(out) / "plots" / plot);
      EXPECT_EQ(png.substr(1, 3), "PNG") << plot;
    }
  }

  // A rerun reuses every clip and writes the same tables.
  const nlohmann::json second = parse(runCli(s.arguments(out)));
  EXPECT_EQ(second["computed"], 0);
  EXPECT_EQ(second["reused"], 3);
  EXPECT_EQ(readFile(fs::path(out) / "table.csv"), csv);

  // A missing record is redone; other settings redo every clip (their PTI from the cache).
  const std::string removed = first["clips"][1];
  fs::remove(fs::path(out) / "clips" / (removed + ".json"));
  const nlohmann::json third = parse(runCli(s.arguments(out)));
  EXPECT_EQ(third["computed"], 1);
  EXPECT_EQ(third["reused"], 2);
  EXPECT_EQ(readFile(fs::path(out) / "table.csv"), csv);
  const nlohmann::json fourth =
      parse(runCli(with(s.arguments(out), {"--methods", "latent-synthetic", "--alphas", "0.5"})));
  EXPECT_EQ(fourth["computed"], 3);
  const nlohmann::json record =
      nlohmann::json::parse(readFile(fs::path(out) / "clips" / (removed + ".json")));
  EXPECT_EQ(record["details"]["pti"]["cache"]["status"], "valid");
}

TEST(EvaluateCommand, AnotherQualityModelRedoesTheClipsWithItsPhq) {
  Shared& s = shared();
  TempDir dir;
  const std::string out = dir.file("run");
  const std::vector<std::string> classical{"--methods", "nlm"};
  const nlohmann::json bundled = parse(runCli(with(s.arguments(out), classical)));
  EXPECT_EQ(bundled["computed"], 3);
  const std::string clip = bundled["clips"][0];
  const auto record = [&] {
    return nlohmann::json::parse(readFile(fs::path(out) / "clips" / (clip + ".json")));
  };
  const nlohmann::json before = record();

  // A random classifier of another shape: its own digest in the config, its own P_hq.
  R2Plus1dConfig network;
  network.blocks = {1, 1, 1, 1};
  network.widths = {4, 4, 4, 4};
  network.stemMidChannels = 2;
  network.inChannels = 1;
  VideoInputConfig input;
  input.frames = 2;
  input.period = 1;
  input.size = 16;
  input.mean = {50.0};
  input.std = {50.0};
  at::manual_seed(4);
  const std::string quality = dir.file("quality");
  VideoModel(kQualityClassifierKind, network, input).save(quality, {{"made", "test"}});

  const nlohmann::json other =
      parse(runCli(with(s.arguments(out), {"--methods", "nlm", "--quality-model", quality})));
  EXPECT_EQ(other["computed"], 3);
  EXPECT_EQ(other["reused"], 0);
  const nlohmann::json after = record();
  EXPECT_NE(after["config"]["quality_xxh64"], before["config"]["quality_xxh64"]);
  const auto originalPhq = [](const nlohmann::json& r) {
    return r["settings"][0]["metrics"]["p_hq"].get<double>();
  };
  EXPECT_NE(originalPhq(after), originalPhq(before));
  EXPECT_GE(originalPhq(after), 0.0);
  EXPECT_LE(originalPhq(after), 1.0);
  // The other metrics do not depend on the quality model.
  EXPECT_EQ(after["settings"][0]["metrics"]["gcnr"], before["settings"][0]["metrics"]["gcnr"]);

  const auto missing =
      runCli(with(s.arguments(dir.file("x")),
                  {"--methods", "nlm", "--quality-model", dir.file("no-such-model")}));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_NE(missing.err.find("no-such-model"), std::string::npos) << missing.err;
}

TEST(EvaluateCommand, ACancelledRunKeepsItsFinishedClipsAndResumes) {
  Shared& s = shared();
  TempDir dir;
  cli::EvaluationOptions options;
  options.data = s.data;
  options.out = dir.file("run");
  options.model = s.model;
  options.encoder = s.encoder;
  options.syntheticDirection = s.direction;
  options.cache = s.cache;
  options.methods = {"latent-synthetic", "nlm"};
  options.alphas = {0.0, 1.0};
  options.strengths = {1.0};
  options.frames = 4;
  options.pti.steps = 2;
  options.pti.batchSize = 2;
  options.bootstrap.resamples = 50;
  cli::Session session;
  session.quiet = true;
  // Cancel once the second clip has started, as Ctrl-C does through the progress callback.
  const Progress cancelling([](double, std::string_view stage) {
    return stage.find("clip 2/3") == std::string_view::npos;
  });
  EXPECT_THROW(cli::runEvaluation(options, cancelling, session), Cancelled);
  std::vector<std::string> records;
  for (const auto& item : fs::directory_iterator(fs::path(options.out) / "clips"))
    records.push_back(item.path().filename().string());
  EXPECT_EQ(records.size(), 1u);  // the first clip, and nothing half-written
  EXPECT_FALSE(fs::exists(fs::path(options.out) / "table.csv"));

  const cli::EvaluationRunSummary resumed = cli::runEvaluation(options, Progress(), session);
  EXPECT_EQ(resumed.reused, 1);
  EXPECT_EQ(resumed.computed, 2);
  EXPECT_TRUE(fs::exists(fs::path(options.out) / "table.csv"));
}

TEST(EvaluateCommand, ShardedAndMergedGivesTheSameTablesAsOneRun) {
  Shared& s = shared();
  TempDir dir;
  const std::string whole = dir.file("whole");
  const std::vector<std::string> only{"--methods", "latent-synthetic,latent-real,bilateral"};
  parse(runCli(with(s.arguments(whole), only)));
  const nlohmann::json shard0 =
      parse(runCli(with(s.arguments(dir.file("shard0")), with(only, {"--shard", "0/2"}))));
  EXPECT_EQ(shard0["shard"], "0/2");
  EXPECT_EQ(shard0["clips"].size(), 2u);
  // The second shard from a SLURM array task's environment.
  setenv("SLURM_ARRAY_TASK_ID", "6", 1);
  setenv("SLURM_ARRAY_TASK_MIN", "5", 1);
  setenv("SLURM_ARRAY_TASK_COUNT", "2", 1);
  const nlohmann::json shard1 = parse(runCli(with(s.arguments(dir.file("shard1")), only)));
  unsetenv("SLURM_ARRAY_TASK_ID");
  unsetenv("SLURM_ARRAY_TASK_MIN");
  unsetenv("SLURM_ARRAY_TASK_COUNT");
  EXPECT_EQ(shard1["shard"], "1/2");
  EXPECT_EQ(shard1["clips"].size(), 1u);

  // The merge repeats no option: the bootstrap and summary settings come from the shards' tables.
  const std::string merged = dir.file("merged");
  const nlohmann::json result =
      parse(runCli({"evaluate", "--merge", dir.file("shard0"), dir.file("shard1"), "--out", merged,
                    "--json", "-q"}));
  EXPECT_EQ(result["clips"], 3);
  for (const char* file : {"table.csv", "table.json", "table.md"})
    EXPECT_EQ(readFile(fs::path(merged) / file), readFile(fs::path(whole) / file)) << file;
  if (!result["outputs"]["plots"].is_null()) {
    for (const char* plot : {"gcnr.png", "p_hq.png"})
      EXPECT_EQ(readFile(fs::path(merged) / "plots" / plot),
                readFile(fs::path(whole) / "plots" / plot))
          << plot;
  }
  for (const auto& item : fs::directory_iterator(fs::path(whole) / "clips"))
    EXPECT_TRUE(fs::exists(fs::path(merged) / "clips" / item.path().filename()));
  // A setting given to the merge wins.
  parse(runCli({"evaluate", "--merge", dir.file("shard0"), dir.file("shard1"), "--out",
                dir.file("merged50"), "--bootstrap", "50", "--json", "-q"}));
  const nlohmann::json table50 =
      nlohmann::json::parse(readFile(fs::path(dir.file("merged50")) / "table.json"));
  EXPECT_EQ(table50["bootstrap"]["resamples"], 50);
  EXPECT_EQ(table50["summary"],
            nlohmann::json::parse(readFile(fs::path(whole) / "table.json"))["summary"]);

  // Runs with other settings do not merge; the message names the setting.
  const std::string other = dir.file("other");
  parse(runCli(
      with(s.arguments(other), {"--methods", "bilateral", "--strengths", "2", "--shard", "1/2"})));
  const auto refused =
      runCli({"evaluate", "--merge", dir.file("shard0"), other, "--out", dir.file("bad"), "-q"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_NE(refused.err.find("differ in"), std::string::npos) << refused.err;
}

TEST(EvaluateCommand, BadInputExitsWithOneNamingTheProblem) {
  Shared& s = shared();
  TempDir dir;
  auto outcome = runCli(with(s.arguments(dir.file("a")), {"--alphas", "0:1"}));
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("--alphas"), std::string::npos) << outcome.err;
  outcome = runCli(with(s.arguments(dir.file("b")), {"--methods", "latent-synthetic,median"}));
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("median"), std::string::npos) << outcome.err;
  outcome = runCli(with(s.arguments(dir.file("c")), {"--shard", "2/2"}));
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("--shard"), std::string::npos) << outcome.err;
  outcome = runCli(with(s.arguments(dir.file("d")), {"--split", "NOPE"}));
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("NOPE"), std::string::npos) << outcome.err;
  outcome = runCli({"evaluate", "--merge", dir.file("none"), "--out", dir.file("e"), "-q"});
  EXPECT_EQ(outcome.exitCode, 1);
  EXPECT_NE(outcome.err.find("none"), std::string::npos) << outcome.err;
}

TEST(EnhanceCommand, AFolderOfClipsIsEnhancedWholeOrByShard) {
  Shared& s = shared();
  TempDir dir;
  const std::string videos = (fs::path(s.data) / "LowQuality").string();
  std::vector<std::string> names;
  for (const auto& item : fs::directory_iterator(videos))
    names.push_back(item.path().stem().string());
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 6u);

  const std::string all = dir.file("all");
  nlohmann::json result =
      parse(runCli({"enhance", videos, "--method", "bilateral", "--alpha", "1", "--size", "32",
                    "--frames", "2", "--format", "gif", "--out", all, "--json", "-q"}));
  EXPECT_EQ(result["clips"].size(), 6u);
  for (const std::string& name : names)
    EXPECT_TRUE(fs::is_regular_file(fs::path(all) / (name + ".gif"))) << name;

  const std::string part = dir.file("part");
  result = parse(runCli({"enhance", videos, "--method", "bilateral", "--alpha", "1", "--size", "32",
                         "--frames", "2", "--format", "gif", "--out", part, "--shard", "1/4",
                         "--json", "-q"}));
  EXPECT_EQ(result["shard"], "1/4");
  std::vector<std::string> written;
  for (const auto& item : fs::directory_iterator(part))
    written.push_back(item.path().stem().string());
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, (std::vector<std::string>{names[1], names[5]}));

  // The latent edit over a folder: the models are loaded once, each clip tuned.
  const std::string latent = dir.file("latent");
  result = parse(runCli({"enhance",     videos,      "--model", s.model, "--encoder", s.encoder,
                         "--direction", s.direction, "--cache", s.cache, "--frames",  "2",
                         "--steps",     "1",         "--batch", "2",     "--format",  "gif",
                         "--out",       latent,      "--shard", "0/3",   "--json",    "-q"}));
  ASSERT_EQ(result["clips"].size(), 2u);
  EXPECT_EQ(result["clips"][0]["method"], "latent");
  EXPECT_TRUE(fs::is_regular_file(fs::path(latent) / (names[0] + ".gif")));
  EXPECT_TRUE(fs::is_regular_file(fs::path(latent) / (names[3] + ".gif")));

  const auto single = runCli({"enhance", (fs::path(videos) / (names[0] + ".avi")).string(),
                              "--method", "nlm", "--out", dir.file("x.gif"), "--shard", "0/2"});
  EXPECT_EQ(single.exitCode, 1);
  EXPECT_NE(single.err.find("--shard"), std::string::npos) << single.err;
}

}  // namespace
}  // namespace latentecho
