#pragma once
// The files an evaluation leaves in its output folder, made from the aggregated table alone (so a
// merged run and a single run write the same bytes):
//   table.csv   every setting, mean / CI / n per metric (evaluation_table.h)
//   table.json  the same with the metrics' descriptions and the run's config
//   table.md    the summary (original, each method at tableAlpha / tableStrength, like the
//               paper's Tables 1-2) and the full sweep
//   plots/<metric>.png   each metric against α for the latent methods, 95% CI bands, the original
//               as a dashed line (Figs. 6-7); only when the build has latentecho_plot
#include <nlohmann/json.hpp>
#include <string>

#include "latentecho/core/evaluation_table.h"

namespace latentecho::cli {

// Writes the files atomically; returns {"table_csv": path, ..., "plots": [paths] or null,
// "plots_note": why none}. Throws Error naming a file that cannot be written.
nlohmann::json writeEvaluationReport(const EvaluationTable& table, const nlohmann::json& config,
                                     const std::string& out, double tableAlpha,
                                     double tableStrength);

// The plot of one metric as drawn into plots/<key>.png (exposed for tests); empty when no latent
// row has a value for it.
struct EvaluationPlotSeries {
  std::string name;
  std::vector<double> x, y, lower, upper;
  bool reference = false;  // the original: a dashed line across the α range
};
std::vector<EvaluationPlotSeries> evaluationPlotSeries(const EvaluationTable& table,
                                                       std::size_t metric);

}  // namespace latentecho::cli
