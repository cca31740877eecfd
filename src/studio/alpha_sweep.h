#pragma once
// The α sweep for the open clip: the whole clip rendered at each α of a list and measured, one
// curve per metric: gCNR (needs the LV masks of each rendered clip) and the quality score P_hq
// (the whole rendered clip scored by the quality classifier) when its model is there. Runs as a
// job; the measurements dock plots the result.
#include <QString>
#include <functional>
#include <vector>

#include "clip_analysis.h"
#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"

namespace latentecho::studio {

class FrameRenderer;

// Which value axis of the sweep plot a metric is drawn against: the left one (image metrics such
// as gCNR) or the right one (the probability P_hq), each labelled with its metrics' names.
enum class SweepAxis { Left, Right };

// One number per α, measured on the enhanced clip (and its analysis when `needsAnalysis`).
struct AlphaSweepMetric {
  QString name;  // legend entry and axis label, e.g. "gCNR"
  SweepAxis axis = SweepAxis::Left;
  bool needsAnalysis = true;
  std::function<double(const Clip& enhanced, const ClipAnalysis* analysis)> measure;
};

// The metrics the studio sweeps: gCNR (clip mean, LV chamber vs myocardium ring), and P_hq of the
// whole rendered clip on the right axis when `quality` is set (empty: no P_hq curve).
std::vector<AlphaSweepMetric> standardSweepMetrics(const QualityScore& quality = {});

struct AlphaSweepResult {
  QString method;                           // the renderer's name
  std::vector<double> alphas;               // in the order swept
  std::vector<QString> names;               // per metric
  std::vector<SweepAxis> axes;              // per metric
  std::vector<std::vector<double>> values;  // [metric][alpha]; NaN where it could not be measured
};

// 0, 0.25, ..., 2: the slider's range in 9 steps.
std::vector<double> defaultSweepAlphas();

// Renders `prepared`'s frames at each α with `renderer` (in its preferred batches) and measures
// them; `segmentation` makes the LV masks the analysis needs (empty: metrics needing it are NaN).
// Cancelled when `progress` asks to stop; Error from the renderer or segmenter passes through.
AlphaSweepResult sweepAlpha(const FrameRenderer& renderer, const Clip& prepared,
                            const std::vector<double>& alphas, const LvSegmentation& segmentation,
                            const std::vector<AlphaSweepMetric>& metrics,
                            const Progress& progress = {});

}  // namespace latentecho::studio
