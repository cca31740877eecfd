#pragma once
// What the studio measures on a clip (the original, or the enhanced clip at the current α): LV
// masks per frame from an LV segmenter, the LV area trace with ED/ES and LVEF, and gCNR between the
// LV chamber and the myocardium ring with the regions and histograms the overlay panel draws; and
// the whole clip's quality score P_hq (the α sweep's second curve). Runs on a job thread; no
// widgets here.
#include <QImage>
#include <functional>
#include <memory>
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/gcnr.h"
#include "latentecho/core/lv_function.h"
#include "latentecho/core/progress.h"

namespace latentecho::studio {

// Frames → LV masks (0/1, same size and frame count). Must be callable from any thread.
using LvSegmentation = std::function<Clip(const Clip& frames, const Progress& progress)>;

struct ClipAnalysis {
  Clip lvMasks;
  LvFunction lv;
  GcnrResult gcnr;
};

ClipAnalysis analyseClip(const Clip& frames, const LvSegmentation& segment,
                         const Progress& progress = {});

// The overlay the views draw for `frame`: the gCNR regions tinted (LV chamber blue, myocardium
// ring orange) and/or the LV contour (the mask's boundary pixels, green). ARGB32 premultiplied at
// the masks' size; null when neither is asked for or `frame` is out of range.
QImage analysisOverlay(const ClipAnalysis& analysis, int frame, bool contour, bool regions);

// The LV segmenter model folder at `folder` as an LvSegmentation (loaded once; calls are
// serialised, the network is not re-entrant). Throws Error naming the folder when it cannot load.
LvSegmentation lvSegmentationFromModel(const std::string& folder);

// The bundled default segmenter's folder (resources/models/segmenter-echo); Error when absent.
std::string defaultSegmenterFolder();

// A whole clip (or the frames it has) → P_hq in [0, 1], the probability that it is a high-quality
// acquisition (latentecho/core/quality_classifier.h; the clip's fps matters: the model resamples
// to its own rate). Must be callable from any thread.
using QualityScore = std::function<double(const Clip& clip)>;

// The quality classifier model folder at `folder` as a QualityScore (loaded once; calls are
// serialised, the network is not re-entrant). Throws Error naming the folder when it cannot load.
QualityScore qualityScoreFromModel(const std::string& folder);

// The bundled default quality classifier's folder (resources/models/quality-echo); Error when
// absent.
std::string defaultQualityModelFolder();

}  // namespace latentecho::studio
