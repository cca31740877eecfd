#include "alpha_sweep.h"

#include <QCoreApplication>
#include <cmath>

#include "frame_renderer.h"

namespace latentecho::studio {

std::vector<AlphaSweepMetric> standardSweepMetrics(const QualityScore& quality) {
  AlphaSweepMetric gcnr;
  gcnr.name = QCoreApplication::translate("AlphaSweep", "gCNR");
  gcnr.needsAnalysis = true;
  gcnr.measure = [](const Clip&, const ClipAnalysis* analysis) {
    return analysis ? analysis->gcnr.mean : NAN;
  };
  if (!quality) return {gcnr};
  AlphaSweepMetric probabilityHq;
  probabilityHq.name = QCoreApplication::translate("AlphaSweep", "P_hq");
  probabilityHq.axis = SweepAxis::Right;
  probabilityHq.needsAnalysis = false;
  probabilityHq.measure = [quality](const Clip& enhanced, const ClipAnalysis*) {
    return quality(enhanced);
  };
  return {gcnr, probabilityHq};
}

std::vector<double> defaultSweepAlphas() {
  std::vector<double> alphas;
  for (int i = 0; i <= 8; ++i) alphas.push_back(0.25 * i);
  return alphas;
}

AlphaSweepResult sweepAlpha(const FrameRenderer& renderer, const Clip& prepared,
                            const std::vector<double>& alphas, const LvSegmentation& segmentation,
                            const std::vector<AlphaSweepMetric>& metrics,
                            const Progress& progress) {
  AlphaSweepResult result;
  result.method = renderer.name();
  result.alphas = alphas;
  for (const AlphaSweepMetric& metric : metrics) {
    result.names.push_back(metric.name);
    result.axes.push_back(metric.axis);
  }
  result.values.assign(metrics.size(), std::vector<double>(alphas.size(), NAN));
  bool analysisNeeded = false;
  for (const AlphaSweepMetric& metric : metrics) analysisNeeded |= metric.needsAnalysis;
  for (std::size_t a = 0; a < alphas.size(); ++a) {
    const double begin = static_cast<double>(a) / alphas.size();
    const double end = static_cast<double>(a + 1) / alphas.size();
    const Progress step = progress.sub(begin, end);
    const Clip enhanced = renderClip(renderer, prepared, alphas[a], step.sub(0.0, 0.6));
    ClipAnalysis analysis;
    const bool analysed = analysisNeeded && segmentation;
    if (analysed) analysis = analyseClip(enhanced, segmentation, step.sub(0.6, 1.0));
    for (std::size_t m = 0; m < metrics.size(); ++m)
      if (!metrics[m].needsAnalysis || analysed)
        result.values[m][a] = metrics[m].measure(enhanced, analysed ? &analysis : nullptr);
  }
  progress.report(1.0, "α sweep");
  return result;
}

}  // namespace latentecho::studio
