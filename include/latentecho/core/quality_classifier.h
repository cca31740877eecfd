#pragma once
// The quality score P_hq (paper §3): the probability that a clip is a high-quality acquisition,
// from an R(2+1)D binary classifier (HQ = 1, LQ = 0). The project's compact classifier is trained
// with `latentecho train quality` on simulated HQ/LQ renderings of the same hearts and bundled as
// default_models::kQualityClassifier; a model folder of kind "quality-classifier" (video_model.h).
//
// The training mixes each heart's HQ and LQ renderings (x = (1 - l) HQ + l LQ, target 1 - l)
// besides the pure clips, so P_hq falls gradually with the share of degradation instead of
// saturating at 0 or 1: scores of clips of different edit strengths can be compared.
//
// Input: any clip (grey, any size, >= 1 frame); output: P_hq in [0, 1], the mean over at most
// `maxWindows` windows.
//
// Thread-safety: one caller at a time per QualityClassifier (it runs one network).
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/video_model.h"

namespace latentecho {

class QualityClassifier {
 public:
  explicit QualityClassifier(VideoModel model);
  // Reads a model folder of kind "quality-classifier". Throws Error naming the folder and the
  // problem.
  static QualityClassifier load(const std::string& folder);

  // P_hq in [0, 1]. Throws Error for an empty clip.
  double probabilityHighQuality(const Clip& clip, int maxWindows = 8);

  VideoModel& model() { return model_; }
  const VideoModel& model() const { return model_; }

 private:
  VideoModel model_;
};

}  // namespace latentecho
