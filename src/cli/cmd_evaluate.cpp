// `latentecho evaluate --data DIR --out DIR [--alphas 0:1.5:0.1] [--shard K/N] ...` and
// `latentecho evaluate --merge DIR... --out DIR`: the paper's evaluation tables and plots
// (evaluation_run.h).
#include <chrono>
#include <memory>
#include <sstream>

#include "command.h"
#include "evaluation_run.h"
#include "latentecho/core/error.h"
#include "value_range.h"

namespace latentecho::cli {
namespace {

struct EvaluateCommandOptions {
  EvaluationOptions run;
  std::string alphas = "0:1.5:0.1";
  std::string strengths = "1";
  std::string methods = "latent-synthetic,latent-real,nlm,bilateral";
  std::string shard;
  std::vector<std::string> merge;
  // The table options, to tell given from default when merging (MergeTableSettings).
  CLI::Option* bootstrapOption = nullptr;
  CLI::Option* bootstrapSeedOption = nullptr;
  CLI::Option* tableAlphaOption = nullptr;
  CLI::Option* tableStrengthOption = nullptr;
};

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ','))
    if (!item.empty()) items.push_back(item);
  return items;
}

void runEvaluate(EvaluateCommandOptions& o, Session& session) {
  const auto start = std::chrono::steady_clock::now();
  nlohmann::json& r = session.result;
  if (!o.merge.empty()) {
    if (!o.run.data.empty() || !o.shard.empty())
      throw Error("--merge combines finished runs; it takes no --data or --shard");
    MergeTableSettings settings;
    if (o.bootstrapOption->count()) settings.resamples = o.run.bootstrap.resamples;
    if (o.bootstrapSeedOption->count()) settings.seed = o.run.bootstrap.seed;
    if (o.tableAlphaOption->count()) settings.alpha = o.run.tableAlpha;
    if (o.tableStrengthOption->count()) settings.strength = o.run.tableStrength;
    const MergeSummary merged = mergeEvaluations(o.merge, o.run.out, settings, session);
    r["merged"] = merged.folders;
    r["clips"] = merged.clips;
    r["config"] = merged.config;
    r["outputs"] = merged.outputs;
  } else {
    if (o.run.data.empty()) throw Error("evaluate: give --data DIR (or --merge DIR...)");
    o.run.alphas = parseValueRange(o.alphas, "--alphas");
    o.run.strengths = parseValueRange(o.strengths, "--strengths");
    o.run.methods = splitList(o.methods);
    o.run.shard = resolveShard(o.shard);
    const EvaluationRunSummary summary = runEvaluation(o.run, session.progress(), session);
    r["clips"] = summary.selected;
    r["computed"] = summary.computed;
    r["reused"] = summary.reused;
    r["failed"] = summary.failed;
    r["shard"] = o.run.shard ? nlohmann::json(o.run.shard->toString()) : nlohmann::json(nullptr);
    r["config"] = summary.config;
    r["outputs"] = summary.outputs;
    session.say("Evaluated " + std::to_string(summary.selected.size()) + " clips (" +
                std::to_string(summary.computed) + " computed, " + std::to_string(summary.reused) +
                " already done)" +
                (o.run.shard ? ", shard " + o.run.shard->toString() : std::string()) + "; wrote " +
                o.run.out + "/table.md");
    if (!summary.failed.empty()) {
      std::string message = std::to_string(summary.failed.size()) + " of " +
                            std::to_string(summary.selected.size()) +
                            " clips could not be evaluated (the tables cover the others):";
      for (const auto& failure : summary.failed)
        message += "\n  " + failure["clip"].get<std::string>() + ": " +
                   failure["error"].get<std::string>();
      throw Error(message);
    }
  }
  r["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void addEvaluateCommand(CLI::App& app, Session& session) {
  auto o = std::make_shared<EvaluateCommandOptions>();
  EvaluationOptions& run = o->run;
  CLI::App* cmd = app.add_subcommand(
      "evaluate",
      "The paper's evaluation over a dataset's test split: gCNR, P_hq, Dice, LVEF for the "
      "original, "
      "the latent edit (synthetic and real directions) and classical baselines; tables and plots");
  cmd->add_option("--data", run.data, "Dataset in the EchoNet-Dynamic layout");
  cmd->add_option("--out", run.out, "Output folder (per-clip results, tables, plots)")->required();
  cmd->add_option("--split", run.split, "Split to evaluate (TRAIN, VAL, TEST, ALL)")
      ->capture_default_str();
  cmd->add_option("--clips", run.clips, "Only the first N clips of the split by name (0 = all)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--methods", o->methods,
                  "Comma-separated: latent-synthetic, latent-real, nlm, bilateral")
      ->capture_default_str();
  cmd->add_option("--alphas", o->alphas, "Edit levels: START:STOP:STEP, a list A,B or one value")
      ->capture_default_str();
  cmd->add_option("--strengths", o->strengths, "Filter strengths of the classical methods")
      ->capture_default_str();
  cmd->add_option("--direction", run.syntheticDirection,
                  "Synthetic edit direction (default: the bundled one)");
  cmd->add_option("--real-direction", run.realDirection,
                  "Real direction file instead of estimating it from the TRAIN split (pass the "
                  "same file to every shard)");
  cmd->add_option("--real-direction-clips", run.realDirectionClips,
                  "TRAIN clips for the real direction estimate")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--real-frames-per-clip", run.realFramesPerClip,
                  "Frames per TRAIN clip for the real direction estimate")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--model", run.model, "StyleGAN2 generator model folder (default: bundled)");
  cmd->add_option("--encoder", run.encoder, "e4e encoder model folder (default: bundled)");
  cmd->add_option("--segmenter", run.segmenter, "LV segmenter model folder (default: bundled)");
  cmd->add_option("--quality-model", run.qualityModel,
                  "Quality classifier model folder for P_hq (default: the bundled quality-echo)");
  cmd->add_option("--cache", run.cache, "PTI cache folder (default: ~/.cache/latentecho/pti)");
  cmd->add_flag("--no-cache", run.noCache, "Neither read nor write the PTI cache");
  cmd->add_option("--frames", run.frames, "Frames per clip from --first-frame (0 = all)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--first-frame", run.firstFrame, "First frame of each clip's window")
      ->capture_default_str()
      ->check(CLI::Range(0, 100000000));
  cmd->add_option("--size", run.size,
                  "Frame size when no latent method runs (latent: the generator's)")
      ->capture_default_str()
      ->check(CLI::Range(8, 4096));
  cmd->add_option("--steps", run.pti.steps, "PTI steps per clip")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{1000000}));
  cmd->add_option("--batch", run.pti.batchSize, "Frames per PTI minibatch")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  cmd->add_option("--lr", run.pti.learningRate, "PTI learning rate")->capture_default_str();
  cmd->add_option("--pti-seed", run.pti.seed, "PTI seed")->capture_default_str();
  cmd->add_option("--delta-encoding", run.deltaEncoding,
                  "How the PTI cache stores tuned generators: int8, float16, float32")
      ->capture_default_str();
  cmd->add_option("--render-batch", run.renderBatch, "Frames per synthesis pass")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  o->bootstrapOption =
      cmd->add_option("--bootstrap", run.bootstrap.resamples,
                      "Bootstrap resamples for the CIs (--merge: default the shards')")
          ->capture_default_str()
          ->check(CLI::Range(1, 1000000));
  o->bootstrapSeedOption = cmd->add_option("--bootstrap-seed", run.bootstrap.seed, "Bootstrap seed")
                               ->capture_default_str();
  o->tableAlphaOption =
      cmd->add_option("--table-alpha", run.tableAlpha, "α of the summary table (paper: 0.5)")
          ->capture_default_str();
  o->tableStrengthOption = cmd->add_option("--table-strength", run.tableStrength,
                                           "Classical strength of the summary table")
                               ->capture_default_str();
  cmd->add_option("--shard", o->shard,
                  "Evaluate shard K/N of the clips (name order, every N-th from K); default from "
                  "SLURM_ARRAY_TASK_ID/_MIN/_COUNT when set");
  cmd->add_option("--merge", o->merge,
                  "Combine the per-clip results of these finished runs (shards) into --out")
      ->expected(1, -1);
  cmd->callback([o, &session] { session.action = [o, &session] { runEvaluate(*o, session); }; });
}

}  // namespace latentecho::cli
