// LibTorch before any Qt header: Qt's `slots` macro breaks torch's headers (ivalue_inl.h).
#include "latentecho/core/lv_segmenter.h"
#include "latentecho/core/quality_classifier.h"
// clang-format off
#include "clip_analysis.h"
// clang-format on

#include <mutex>

#include "latentecho/core/error.h"
#include "latentecho/core/resources.h"

namespace latentecho::studio {

ClipAnalysis analyseClip(const Clip& frames, const LvSegmentation& segment,
                         const Progress& progress) {
  ClipAnalysis analysis;
  analysis.lvMasks = segment(frames, progress.sub(0.0, 0.8));
  if (analysis.lvMasks.frameCount != frames.frameCount || analysis.lvMasks.width != frames.width ||
      analysis.lvMasks.height != frames.height)
    throw Error("the LV segmenter returned masks of another size than the clip");
  progress.report(0.8, "measuring the LV");
  analysis.lv = measureLvFunction(analysis.lvMasks, {}, frames.fps);
  progress.report(0.9, "gCNR");
  analysis.gcnr = computeGcnr(frames, analysis.lvMasks);
  progress.report(1.0, "done");
  return analysis;
}

QImage analysisOverlay(const ClipAnalysis& analysis, int frame, bool contour, bool regions) {
  const Clip& masks = analysis.lvMasks;
  if ((!contour && !regions) || frame < 0 || frame >= masks.frameCount) return {};
  QImage overlay(masks.width, masks.height, QImage::Format_ARGB32_Premultiplied);
  overlay.fill(Qt::transparent);
  const auto premultiplied = [](int r, int g, int b, int a) {
    return qRgba(r * a / 255, g * a / 255, b * a / 255, a);
  };
  const QRgb chamberTint = premultiplied(60, 140, 255, 70);
  const QRgb ringTint = premultiplied(255, 150, 40, 80);
  const QRgb outline = premultiplied(60, 255, 90, 255);
  const Clip& chamber = analysis.gcnr.regions.chamber;
  const Clip& ring = analysis.gcnr.regions.myocardium;
  const bool haveRegions = regions && chamber.frameCount == masks.frameCount &&
                           ring.frameCount == masks.frameCount && chamber.width == masks.width &&
                           chamber.height == masks.height;
  for (int y = 0; y < masks.height; ++y) {
    auto* row = reinterpret_cast<QRgb*>(overlay.scanLine(y));
    for (int x = 0; x < masks.width; ++x) {
      if (haveRegions) {
        if (chamber.at(frame, y, x))
          row[x] = chamberTint;
        else if (ring.at(frame, y, x))
          row[x] = ringTint;
      }
      if (contour && masks.at(frame, y, x)) {
        // A boundary pixel: set, with a 4-neighbour that is not (or the image edge).
        const bool boundary = x == 0 || y == 0 || x + 1 == masks.width || y + 1 == masks.height ||
                              !masks.at(frame, y, x - 1) || !masks.at(frame, y, x + 1) ||
                              !masks.at(frame, y - 1, x) || !masks.at(frame, y + 1, x);
        if (boundary) row[x] = outline;
      }
    }
  }
  return overlay;
}

LvSegmentation lvSegmentationFromModel(const std::string& folder) {
  struct Shared {
    explicit Shared(LvSegmenter loaded) : segmenter(std::move(loaded)) {}
    std::mutex mutex;
    LvSegmenter segmenter;
  };
  auto shared = std::make_shared<Shared>(LvSegmenter::load(folder));
  return [shared](const Clip& frames, const Progress& progress) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    return shared->segmenter.segment(frames, progress);
  };
}

std::string defaultSegmenterFolder() { return resourcePath(default_models::kSegmenter); }

QualityScore qualityScoreFromModel(const std::string& folder) {
  struct Shared {
    explicit Shared(QualityClassifier loaded) : classifier(std::move(loaded)) {}
    std::mutex mutex;
    QualityClassifier classifier;
  };
  auto shared = std::make_shared<Shared>(QualityClassifier::load(folder));
  return [shared](const Clip& clip) {
    std::lock_guard<std::mutex> lock(shared->mutex);
    return shared->classifier.probabilityHighQuality(clip);
  };
}

std::string defaultQualityModelFolder() { return resourcePath(default_models::kQualityClassifier); }

}  // namespace latentecho::studio
