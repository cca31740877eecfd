#pragma once
// `latentecho evaluate`: the paper's evaluation (PAPER.md §3, Tables 1-2, Figs. 6-7) over a
// dataset's test split, clip by clip, resumable, shardable, and the tables and plots made from
// the per-clip results (of one run or of several shards merged).
//
// Per clip (the dataset's LowQuality/ rendering when it has one, else its Videos/ clip), prepared
// as `enhance` prepares it (sector crop, size x size, a window of frames):
//   original            the prepared clip
//   latent-synthetic α  G'(w + α d_synthetic), G' tuned to the clip (PTI cache), d the bundled
//                       or given synthetic direction
//   latent-real α       the same with the real direction: mean E(HQ) - mean E(LQ) over the
//                       dataset's TRAIN clips (Videos/ vs LowQuality/), or a given file
//   nlm / bilateral s   the classical baselines at filter strength s
// and per setting the metrics of evaluationMetrics() (evaluation_table.h). The LV masks come from
// the segmenter on each clip, P_hq from the quality classifier (quality_classifier.h) on each
// setting's prepared clip at the input's frame rate; "truth" is the dataset's clean Videos/
// rendering and Masks/ (both prepared with the LowQuality clip's crop, so pixels correspond),
// present for simulated data.
//
// Files under OUT:
//   clips/<FileName>.json  one record per clip, written atomically when the clip is done: its
//                          metrics, the run's "config" (models' and directions' digests, settings)
//                          and the prepared frames' digest. A rerun skips a clip whose record has
//                          the same config and digest, so an interrupted run resumes where it
//                          stopped, and a changed setting recomputes (PTI comes from its cache).
//   table.csv / table.json / table.md   all settings, mean and bootstrap CI over the clips
//   plots/<metric>.png     the metric against α, latent directions with CI bands, the original
//                          as a dashed line (when the build has Qt: latentecho_plot)
//   direction-real.pt      the estimated real direction (+ .json provenance), reused by reruns
// Tables and plots depend only on the per-clip records (sorted by name): a run split into shards
// (--shard K/N) and merged (--merge) writes the same bytes as one run over all clips.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "latentecho/core/bootstrap.h"
#include "latentecho/core/evaluation_table.h"
#include "latentecho/core/pivotal_tuning.h"
#include "shard.h"

namespace latentecho::cli {

struct EvaluationOptions {
  std::string data;
  std::string out;
  std::string split = "TEST";
  int clips = 0;  // the first N clips of the split by name; 0 = all
  std::vector<std::string> methods{"latent-synthetic", "latent-real", "nlm", "bilateral"};
  std::vector<double> alphas;      // edit levels of the latent methods
  std::vector<double> strengths;   // filter strengths of the classical methods
  std::string syntheticDirection;  // empty: the bundled direction
  std::string realDirection;       // empty: estimated from the TRAIN split (and kept in OUT)
  int realDirectionClips = 40;     // TRAIN clips used for the estimate
  int realFramesPerClip = 8;       // frames per clip, evenly spaced
  std::string model;               // generator; empty: bundled
  std::string encoder;             // e4e; empty: bundled
  std::string segmenter;           // LV segmenter; empty: bundled
  std::string qualityModel;        // quality classifier (P_hq); empty: bundled
  std::string cache;               // PTI cache folder; empty: the user's
  bool noCache = false;
  int frames = 32;  // frames per clip (window from firstFrame); 0 = all
  int firstFrame = 0;
  int size = 256;  // prepared size when no latent method runs
  PivotalTuningSettings pti;
  std::string deltaEncoding = "int8";
  int renderBatch = 8;
  BootstrapParams bootstrap;
  double tableAlpha = 0.5;     // the summary table's α (the paper's choice)
  double tableStrength = 1.0;  // the summary table's classical strength
  std::optional<Shard> shard;
};

struct EvaluationRunSummary {
  std::vector<std::string> selected;  // this run's clips (after --clips and the shard)
  std::vector<std::string> finished;  // selected clips with a record now (computed or reused)
  int computed = 0;
  int reused = 0;  // finished clips found in OUT/clips with matching settings
  nlohmann::json failed = nlohmann::json::array();  // [{"clip", "error"}]: no record written
  nlohmann::json config;
  nlohmann::json outputs;  // what was written where
};

// Evaluates the selected clips (skipping finished ones) and writes the tables and plots over
// this run's finished clips. A clip that fails (an unreadable file, no sector found) is listed in
// `failed` and the others go on. Throws Error naming the file or option at fault for what
// concerns the whole run; Cancelled through `progress` (finished clips stay on disk, the clip in
// progress leaves nothing).
EvaluationRunSummary runEvaluation(const EvaluationOptions& options, const Progress& progress,
                                   const Session& session);

// The merged tables' settings. Each one left unset comes from the shards' own table.json (the
// settings their runs were given; shards that disagree are an Error naming both), else the
// evaluate defaults, so merging needs no options repeated.
struct MergeTableSettings {
  std::optional<int> resamples;
  std::optional<std::uint64_t> seed;
  std::optional<double> alpha;
  std::optional<double> strength;
};

struct MergeSummary {
  std::vector<std::string> folders;
  std::size_t clips = 0;
  nlohmann::json config;
  nlohmann::json outputs;
};

// Reads OUT/clips/*.json of every folder (all with the same config; Error naming the first
// folder that differs, or a clip found twice with different results), copies the records into
// `out`/clips and writes the tables and plots as one run over all of them would.
MergeSummary mergeEvaluations(const std::vector<std::string>& folders, const std::string& out,
                              MergeTableSettings settings, const Session& session);

}  // namespace latentecho::cli
