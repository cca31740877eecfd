#include "latentecho/core/evaluation_table.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

int methodRank(const std::string& method) {
  static const std::vector<std::string> order{"original", "latent-synthetic", "latent-real", "nlm",
                                              "bilateral"};
  const auto found = std::find(order.begin(), order.end(), method);
  return found == order.end() ? static_cast<int>(order.size())
                              : static_cast<int>(found - order.begin());
}

std::string formatNumber(double value, int significant) {
  std::ostringstream text;
  text << std::setprecision(significant) << value;
  return text.str();
}

std::string formatFixed(double value, int decimals) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(decimals) << value;
  return text.str();
}

nlohmann::json numberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

const char* directionName(MetricDirection direction) {
  return direction == MetricDirection::HigherIsBetter ? "higher is better" : "lower is better";
}

}  // namespace

const std::vector<EvaluationMetric>& evaluationMetrics() {
  static const std::vector<EvaluationMetric> metrics{
      {"gcnr", "μ gCNR ↑", MetricDirection::HigherIsBetter,
       "mean gCNR between the LV chamber and the myocardium ring"},
      {"p_hq", "μ P_hq ↑", MetricDirection::HigherIsBetter,
       "quality score: the quality classifier's probability that the clip is a high-quality "
       "acquisition"},
      {"lvef_abs_change", "MAE LVEF ↓", MetricDirection::LowerIsBetter,
       "|LVEF(enhanced) - LVEF(original)| in percent points; the mean is the MAE"},
      {"dice_to_original", "μ Dice ↑", MetricDirection::HigherIsBetter,
       "mean Dice between the LV segmentations of the original and the enhanced frames"},
      {"psnr_to_hq", "PSNR to HQ (dB) ↑", MetricDirection::HigherIsBetter,
       "PSNR against the clean HQ rendering of the same heart (truth)"},
      {"ssim_to_hq", "SSIM to HQ ↑", MetricDirection::HigherIsBetter,
       "mean SSIM against the clean HQ rendering of the same heart (truth)"},
      {"dice_to_truth", "Dice to truth ↑", MetricDirection::HigherIsBetter,
       "mean Dice of the LV segmentation against the truth LV masks"},
      {"lvef_abs_error_to_truth", "LVEF error to truth ↓", MetricDirection::LowerIsBetter,
       "|LVEF(clip) - LVEF(truth masks)| in percent points, same frames and method"},
  };
  return metrics;
}

std::string EvaluationSetting::label() const {
  if (!level) return method;
  const bool latent = method.rfind("latent", 0) == 0;
  return method + (latent ? " α=" : " strength=") + formatNumber(*level, 6);
}

bool settingBefore(const EvaluationSetting& a, const EvaluationSetting& b) {
  const int ra = methodRank(a.method), rb = methodRank(b.method);
  if (ra != rb) return ra < rb;
  if (a.method != b.method) return a.method < b.method;
  if (a.level.has_value() != b.level.has_value()) return !a.level.has_value();
  if (a.level && *a.level != *b.level) return *a.level < *b.level;
  return false;
}

nlohmann::json clipEvaluationToJson(const ClipEvaluation& clip) {
  nlohmann::json settings = nlohmann::json::array();
  for (const SettingMetrics& s : clip.settings) {
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [key, value] : s.values) values[key] = numberOrNull(value);
    settings.push_back(
        {{"method", s.setting.method},
         {"level", s.setting.level ? nlohmann::json(*s.setting.level) : nlohmann::json(nullptr)},
         {"metrics", values}});
  }
  return {{"clip", clip.clip}, {"settings", settings}};
}

ClipEvaluation clipEvaluationFromJson(const nlohmann::json& json, const std::string& source) {
  const auto fail = [&](const std::string& what) {
    return Error(source + ": not a per-clip evaluation record (" + what + ")");
  };
  if (!json.is_object()) throw fail("not a JSON object");
  if (!json.contains("clip") || !json["clip"].is_string()) throw fail("\"clip\" missing");
  if (!json.contains("settings") || !json["settings"].is_array())
    throw fail("\"settings\" missing");
  ClipEvaluation clip;
  clip.clip = json["clip"].get<std::string>();
  for (const nlohmann::json& s : json["settings"]) {
    if (!s.is_object() || !s.contains("method") || !s["method"].is_string() ||
        !s.contains("metrics") || !s["metrics"].is_object())
      throw fail("a setting without \"method\" or \"metrics\"");
    SettingMetrics metrics;
    metrics.setting.method = s["method"].get<std::string>();
    if (s.contains("level") && !s["level"].is_null()) {
      if (!s["level"].is_number()) throw fail("\"level\" of " + metrics.setting.method);
      metrics.setting.level = s["level"].get<double>();
    }
    for (const auto& [key, value] : s["metrics"].items()) {
      if (value.is_null())
        metrics.values[key] = std::numeric_limits<double>::quiet_NaN();
      else if (value.is_number())
        metrics.values[key] = value.get<double>();
      else
        throw fail("metric \"" + key + "\" of " + metrics.setting.label() + " is not a number");
    }
    clip.settings.push_back(std::move(metrics));
  }
  return clip;
}

EvaluationTable aggregateEvaluations(std::vector<ClipEvaluation> clips,
                                     const std::vector<EvaluationMetric>& metrics,
                                     const BootstrapParams& bootstrap) {
  std::sort(clips.begin(), clips.end(),
            [](const ClipEvaluation& a, const ClipEvaluation& b) { return a.clip < b.clip; });
  for (std::size_t i = 1; i < clips.size(); ++i)
    if (clips[i].clip == clips[i - 1].clip)
      throw Error("evaluation: clip " + clips[i].clip +
                  " has two result records (merging the same shard twice?)");

  std::vector<EvaluationSetting> settings;
  for (const ClipEvaluation& clip : clips) {
    std::vector<EvaluationSetting> seen;
    for (const SettingMetrics& s : clip.settings) {
      if (std::find(seen.begin(), seen.end(), s.setting) != seen.end())
        throw Error("evaluation: clip " + clip.clip + " lists " + s.setting.label() + " twice");
      seen.push_back(s.setting);
      if (std::find(settings.begin(), settings.end(), s.setting) == settings.end())
        settings.push_back(s.setting);
    }
  }
  std::sort(settings.begin(), settings.end(), settingBefore);

  EvaluationTable table;
  table.metrics = metrics;
  table.clips = clips.size();
  table.bootstrap = bootstrap;
  for (const EvaluationSetting& setting : settings) {
    EvaluationRow row;
    row.setting = setting;
    std::vector<std::vector<double>> values(metrics.size());
    for (const ClipEvaluation& clip : clips) {
      const auto found =
          std::find_if(clip.settings.begin(), clip.settings.end(),
                       [&](const SettingMetrics& s) { return s.setting == setting; });
      if (found == clip.settings.end()) continue;
      ++row.clips;
      for (std::size_t m = 0; m < metrics.size(); ++m) {
        const auto value = found->values.find(metrics[m].key);
        if (value != found->values.end() && std::isfinite(value->second))
          values[m].push_back(value->second);
      }
    }
    for (std::size_t m = 0; m < metrics.size(); ++m) {
      MetricSummary summary;
      summary.defined = values[m].size();
      if (!values[m].empty()) summary.result = bootstrapMean(values[m], bootstrap);
      row.metrics.push_back(summary);
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

EvaluationTable selectRows(const EvaluationTable& table,
                           const std::function<bool(const EvaluationSetting&)>& keep) {
  EvaluationTable selected = table;
  selected.rows.clear();
  for (const EvaluationRow& row : table.rows)
    if (keep(row.setting)) selected.rows.push_back(row);
  return selected;
}

std::string evaluationTableCsv(const EvaluationTable& table) {
  std::ostringstream csv;
  csv << "method,level,clips";
  for (const EvaluationMetric& metric : table.metrics)
    csv << ',' << metric.key << "_mean," << metric.key << "_lower," << metric.key << "_upper,"
        << metric.key << "_n";
  csv << '\n';
  for (const EvaluationRow& row : table.rows) {
    csv << row.setting.method << ','
        << (row.setting.level ? formatNumber(*row.setting.level, 8) : "") << ',' << row.clips;
    for (const MetricSummary& summary : row.metrics) {
      if (summary.result)
        csv << ',' << formatNumber(summary.result->estimate, 8) << ','
            << formatNumber(summary.result->lower, 8) << ','
            << formatNumber(summary.result->upper, 8);
      else
        csv << ",,,";
      csv << ',' << summary.defined;
    }
    csv << '\n';
  }
  return csv.str();
}

nlohmann::json evaluationTableJson(const EvaluationTable& table) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const EvaluationMetric& metric : table.metrics)
    metrics.push_back({{"key", metric.key},
                       {"title", metric.title},
                       {"direction", directionName(metric.direction)},
                       {"description", metric.description}});
  nlohmann::json rows = nlohmann::json::array();
  for (const EvaluationRow& row : table.rows) {
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t m = 0; m < table.metrics.size(); ++m) {
      const MetricSummary& summary = row.metrics[m];
      values[table.metrics[m].key] =
          summary.result
              ? nlohmann::json{{"mean", summary.result->estimate},
                               {"lower", summary.result->lower},
                               {"upper", summary.result->upper},
                               {"n", summary.defined}}
              : nlohmann::json{{"mean", nullptr}, {"lower", nullptr}, {"upper", nullptr}, {"n", 0}};
    }
    rows.push_back({{"method", row.setting.method},
                    {"level", row.setting.level ? nlohmann::json(*row.setting.level)
                                                : nlohmann::json(nullptr)},
                    {"label", row.setting.label()},
                    {"clips", row.clips},
                    {"metrics", values}});
  }
  return {{"clips", table.clips},
          {"bootstrap",
           {{"resamples", table.bootstrap.resamples},
            {"confidence", table.bootstrap.confidence},
            {"seed", table.bootstrap.seed},
            {"method", "percentile bootstrap over clips"}}},
          {"metrics", metrics},
          {"rows", rows}};
}

std::string evaluationTableMarkdown(const EvaluationTable& table, int decimals) {
  std::vector<std::size_t> columns;
  for (std::size_t m = 0; m < table.metrics.size(); ++m)
    for (const EvaluationRow& row : table.rows)
      if (row.metrics[m].result) {
        columns.push_back(m);
        break;
      }
  std::ostringstream md;
  md << "| Setting | Clips |";
  for (std::size_t m : columns) md << ' ' << table.metrics[m].title << " |";
  md << "\n|---|---:|";
  for (std::size_t i = 0; i < columns.size(); ++i) md << "---|";
  md << '\n';
  for (const EvaluationRow& row : table.rows) {
    md << "| " << row.setting.label() << " | " << row.clips << " |";
    for (std::size_t m : columns) {
      const MetricSummary& summary = row.metrics[m];
      if (!summary.result) {
        md << " — |";
        continue;
      }
      md << ' ' << formatFixed(summary.result->estimate, decimals) << " ("
         << formatFixed(summary.result->lower, decimals) << ", "
         << formatFixed(summary.result->upper, decimals) << ')';
      if (summary.defined != row.clips) md << " n=" << summary.defined;
      md << " |";
    }
    md << '\n';
  }
  return md.str();
}

}  // namespace latentecho
