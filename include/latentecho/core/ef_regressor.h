#pragma once
// LVEF straight from the video: EchoNet-Dynamic's R(2+1)D regressor (imported with
// `latentecho import echonet-ef`) or the project's compact one (`latentecho train ef`, bundled as
// default_models::kEfRegressor). A model folder of kind "ef-regressor" (video_model.h).
//
// Input: any clip (grey, any size, any number of frames >= 1; its fps, when known, is used to
// resample it to the model's frame rate). The model's own input convention (frames per window,
// period, size, normalisation) is in its model.json and applied by VideoModel (video_model.h).
// Output: LVEF in percent (not clamped; trained models cover the training range, about 15..80 %).
//
// Thread-safety: one caller at a time per EfRegressor (it runs one network).
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/video_model.h"

namespace latentecho {

class EfRegressor {
 public:
  explicit EfRegressor(VideoModel model);
  // Reads a model folder of kind "ef-regressor". Throws Error naming the folder and the problem.
  static EfRegressor load(const std::string& folder);

  // LVEF in percent: the mean over at most `maxWindows` windows of the clip. Throws Error for an
  // empty clip.
  double ejectionFractionPercent(const Clip& clip, int maxWindows = 8);

  VideoModel& model() { return model_; }
  const VideoModel& model() const { return model_; }

 private:
  VideoModel model_;
};

// EchoNet-Dynamic's EF checkpoint (echonet/utils/video.py saves {"epoch", "state_dict" of a
// DataParallel-wrapped torchvision r2plus1d_18 with fc -> 1 output (names prefixed "module."),
// "period", "frames", "best_loss", "loss", "r2", "opt_dict", "scheduler_dict"}) or a bare state
// dict. Depth and widths are read from the tensor shapes; the input convention is EchoNet's
// (32 frames, period 2, 112 x 112, 3 channels, 50 fps) with `normalisation`'s mean/std (EchoNet's
// training-set statistics, which the checkpoint does not hold) or per-clip statistics. Throws
// Error starting with the file name and naming the tensor when the weights do not fit.
EfRegressor importEchoNetEfRegressor(const std::string& path,
                                     const VideoInputConfig& normalisation);

}  // namespace latentecho
