#pragma once
// Per-clip evaluation results and their aggregation into tables like the paper's Tables 1-2
// ("mean estimate and 95% confidence interval", PAPER.md §3) and the curves of Figs. 6-7.
//
// A clip's evaluation holds one SettingMetrics per setting (the original clip, a method at an
// edit level alpha or filter strength) with named metric values; NaN marks a value that is
// undefined for that clip (no LVEF because no beat was found, no truth in the dataset). The
// aggregate of one (setting, metric) is the mean over the clips where the value is defined, with
// its percentile-bootstrap CI (bootstrap.h), the clips taken in name order so that the result does
// not depend on the order the clips were evaluated in (or on how a run was split into shards).
//
// Adding a metric: append an EvaluationMetric to evaluationMetrics() and store its value per
// setting under the same key; tables, JSON, Markdown and the plots pick it up from the list.
//
// Files: per-clip records are JSON (clipEvaluationToJson); NaN is written as null. Doubles are
// written with round-trip precision, so a record read back aggregates to the same numbers.
//
// Thread-safety: pure functions and values.
#include <cstddef>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "latentecho/core/bootstrap.h"

namespace latentecho {

enum class MetricDirection { HigherIsBetter, LowerIsBetter };

struct EvaluationMetric {
  std::string key;    // column name in CSV / JSON, e.g. "gcnr"
  std::string title;  // table heading, e.g. "μ gCNR"
  MetricDirection direction = MetricDirection::HigherIsBetter;
  std::string description;  // one line for the JSON and the README
};

// The metrics `latentecho evaluate` reports, in column order:
//   gcnr                     mean gCNR between LV chamber and myocardium ring (gcnr.h)
//   p_hq                     quality score P_hq in [0, 1] (quality_classifier.h)
//   lvef_abs_change          |LVEF(enhanced) - LVEF(original)|, percent points; its mean is the
//                            paper's "MAE LVEF"
//   dice_to_original         mean Dice between the LV segmentations of original and enhanced
//   psnr_to_hq               PSNR (dB) of the clip against the clean HQ rendering (truth)
//   ssim_to_hq               mean SSIM against the clean HQ rendering (truth)
//   dice_to_truth            mean Dice of the clip's LV segmentation against the truth masks
//   lvef_abs_error_to_truth  |LVEF(clip) - LVEF(truth masks)|, percent points
const std::vector<EvaluationMetric>& evaluationMetrics();

struct EvaluationSetting {
  std::string method;           // "original", "latent-synthetic", "latent-real", "nlm", ...
  std::optional<double> level;  // alpha (latent) or filter strength (classical); none: original

  // "original", "latent-synthetic α=0.5"
  std::string label() const;
  bool operator==(const EvaluationSetting& other) const {
    return method == other.method && level == other.level;
  }
  bool operator!=(const EvaluationSetting& other) const { return !(*this == other); }
};

// Table order: original, latent-synthetic, latent-real, nlm, bilateral, then other methods by
// name; within a method by level.
bool settingBefore(const EvaluationSetting& a, const EvaluationSetting& b);

struct SettingMetrics {
  EvaluationSetting setting;
  std::map<std::string, double> values;  // metric key -> value; NaN = undefined
};

struct ClipEvaluation {
  std::string clip;  // the dataset's FileName
  std::vector<SettingMetrics> settings;
};

// {"clip": ..., "settings": [{"method", "level" (number or null), "metrics": {key: number|null}}]}
nlohmann::json clipEvaluationToJson(const ClipEvaluation& clip);
// Throws Error naming `source` and the field when the JSON is not such a record.
ClipEvaluation clipEvaluationFromJson(const nlohmann::json& json, const std::string& source);

struct MetricSummary {
  std::size_t defined = 0;                  // clips with a finite value
  std::optional<BootstrapEstimate> result;  // mean and CI; none when no clip had a value
};

struct EvaluationRow {
  EvaluationSetting setting;
  std::size_t clips = 0;               // clips that have this setting
  std::vector<MetricSummary> metrics;  // one per EvaluationTable::metrics, same order
};

struct EvaluationTable {
  std::vector<EvaluationMetric> metrics;
  std::vector<EvaluationRow> rows;  // settingBefore order
  std::size_t clips = 0;            // clips aggregated
  BootstrapParams bootstrap;
};

// Aggregates the clips (any order; sorted by name here). Throws Error when two records name the
// same clip, or one clip lists a setting twice.
EvaluationTable aggregateEvaluations(std::vector<ClipEvaluation> clips,
                                     const std::vector<EvaluationMetric>& metrics,
                                     const BootstrapParams& bootstrap = {});

// The rows for which `keep` is true (metrics and counts unchanged).
EvaluationTable selectRows(const EvaluationTable& table,
                           const std::function<bool(const EvaluationSetting&)>& keep);

// CSV: method,level,clips, then per metric <key>_mean,<key>_lower,<key>_upper,<key>_n; empty
// cells where undefined. Numbers with 8 significant digits.
std::string evaluationTableCsv(const EvaluationTable& table);
// {"clips", "bootstrap": {...}, "metrics": [{key, title, direction, description}],
//  "rows": [{"method", "level", "label", "clips", "metrics": {key: {"mean", "lower", "upper",
//  "n"}}}]}
nlohmann::json evaluationTableJson(const EvaluationTable& table);
// A GitHub Markdown table: one column per metric that has a value in some row, cells
// "0.602 (0.581, 0.623)" with `decimals` decimals, "—" where undefined.
std::string evaluationTableMarkdown(const EvaluationTable& table, int decimals = 3);

}  // namespace latentecho
