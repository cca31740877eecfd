#include "evaluation_report.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "latentecho/io/atomic_file.h"
#ifdef LATENTECHO_HAVE_PLOT
#include "latentecho/plot/line_plot.h"
#endif

namespace latentecho::cli {
namespace {

namespace fs = std::filesystem;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isLatent(const std::string& method) { return method.rfind("latent-", 0) == 0; }

bool near(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

}  // namespace

std::vector<EvaluationPlotSeries> evaluationPlotSeries(const EvaluationTable& table,
                                                       std::size_t metric) {
  std::vector<EvaluationPlotSeries> series;
  double xMin = INFINITY, xMax = -INFINITY;
  bool anyLatentValue = false;
  for (const EvaluationRow& row : table.rows) {
    if (!isLatent(row.setting.method) || !row.setting.level) continue;
    if (series.empty() || series.back().name != row.setting.method)
      series.push_back({row.setting.method, {}, {}, {}, {}, false});
    EvaluationPlotSeries& s = series.back();
    const MetricSummary& summary = row.metrics[metric];
    s.x.push_back(*row.setting.level);
    s.y.push_back(summary.result ? summary.result->estimate : kNaN);
    s.lower.push_back(summary.result ? summary.result->lower : kNaN);
    s.upper.push_back(summary.result ? summary.result->upper : kNaN);
    anyLatentValue = anyLatentValue || summary.result.has_value();
    xMin = std::min(xMin, *row.setting.level);
    xMax = std::max(xMax, *row.setting.level);
  }
  if (!anyLatentValue) return {};
  for (const EvaluationRow& row : table.rows)
    if (row.setting.method == "original" && row.metrics[metric].result) {
      const BootstrapEstimate& e = *row.metrics[metric].result;
      series.push_back({"original",
                        {xMin, xMax},
                        {e.estimate, e.estimate},
                        {e.lower, e.lower},
                        {e.upper, e.upper},
                        true});
    }
  return series;
}

nlohmann::json writeEvaluationReport(const EvaluationTable& table, const nlohmann::json& config,
                                     const std::string& out, double tableAlpha,
                                     double tableStrength) {
  fs::create_directories(out);
  const fs::path folder(out);
  nlohmann::json outputs;

  writeTextFileAtomically((folder / "table.csv").string(), evaluationTableCsv(table));
  outputs["table_csv"] = (folder / "table.csv").string();

  nlohmann::json json = evaluationTableJson(table);
  json["config"] = config;
  // What the summary rows were chosen by: `evaluate --merge` makes the same tables from shards.
  json["summary"] = {{"latent_alpha", tableAlpha}, {"classical_strength", tableStrength}};
  writeTextFileAtomically((folder / "table.json").string(), json.dump(2) + "\n");
  outputs["table_json"] = (folder / "table.json").string();

  const EvaluationTable summary = selectRows(table, [&](const EvaluationSetting& s) {
    if (!s.level) return true;
    return near(*s.level, isLatent(s.method) ? tableAlpha : tableStrength);
  });
  std::string md = "# Evaluation\n\n" + std::to_string(table.clips) + " clips; mean and " +
                   std::to_string(static_cast<int>(std::lround(100 * table.bootstrap.confidence))) +
                   "% percentile-bootstrap CI over clips (" +
                   std::to_string(table.bootstrap.resamples) + " resamples).\n\n";
  md += "## Summary (latent α = " + nlohmann::json(tableAlpha).dump() +
        ", classical strength = " + nlohmann::json(tableStrength).dump() + ")\n\n";
  md += evaluationTableMarkdown(summary);
  md += "\n## All settings\n\n" + evaluationTableMarkdown(table) + "\n## Metrics\n\n";
  for (const EvaluationMetric& metric : table.metrics)
    md += "- `" + metric.key + "` (" + metric.title + "): " + metric.description + "\n";
  writeTextFileAtomically((folder / "table.md").string(), md);
  outputs["table_md"] = (folder / "table.md").string();

#ifdef LATENTECHO_HAVE_PLOT
  fs::create_directories(folder / "plots");
  nlohmann::json plots = nlohmann::json::array();
  for (std::size_t m = 0; m < table.metrics.size(); ++m) {
    const std::vector<EvaluationPlotSeries> series = evaluationPlotSeries(table, m);
    if (series.empty()) continue;
    LinePlot plot;
    const EvaluationMetric& metric = table.metrics[m];
    plot.title = metric.title + " vs α (" + std::to_string(table.clips) + " clips, mean and " +
                 std::to_string(static_cast<int>(std::lround(100 * table.bootstrap.confidence))) +
                 "% CI)";
    plot.xLabel = "edit level α";
    plot.yLabel = metric.title;
    for (const EvaluationPlotSeries& s : series) {
      PlotSeries p;
      p.name = s.name;
      p.x = s.x;
      p.y = s.y;
      p.lower = s.lower;
      p.upper = s.upper;
      p.style = s.reference ? PlotLineStyle::Dashed : PlotLineStyle::Solid;
      p.markers = !s.reference;
      plot.series.push_back(std::move(p));
    }
    const std::string path = (folder / "plots" / (metric.key + ".png")).string();
    writeTextFileAtomically(path, renderLinePlotPng(plot));
    plots.push_back(path);
  }
  outputs["plots"] = plots;
#else
  outputs["plots"] = nullptr;
  outputs["plots_note"] = "this build has no Qt (LATENTECHO_BUILD_STUDIO=OFF): no plots drawn";
#endif
  return outputs;
}

}  // namespace latentecho::cli
