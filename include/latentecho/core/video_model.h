#pragma once
// A video model: an R(2+1)D network (r2plus1d.h) with the way clips become its input and the way
// its output becomes a number. Two kinds share it (model folders, model_folder.h):
//   "ef-regressor"        output = offset + scale * fc   -> LVEF in percent (ef_regressor.h)
//   "quality-classifier"  output = sigmoid(fc)           -> P_hq in [0, 1] (quality_classifier.h)
//
// Clips to input (EchoNet-Dynamic's convention, echonet/datasets/echo.py, with its defaults for the
// EF model: 32 frames, period 2, 112 x 112, 3 channels):
//   1. frames resized to size x size (area averaging when shrinking, else bilinear); when both the
//      clip and the model state a frame rate and they differ by more than 1 %, the clip is first
//      resampled in time to the model's rate (nearest frame), so `period` means the same time step;
//   2. x = (grey - mean) / std per channel, grey levels 0..255 repeated over the channels (the
//      stored training-set statistics, or the clip's own with perClip);
//   3. a clip shorter than frames * period is padded at its end with zero frames (after
//      normalisation: the mean grey, as EchoNet does);
//   4. windows of `frames` frames, every `period`-th, starting at every possible frame (EchoNet's
//      clips="all" test-time averaging), at most `maxWindows` of them evenly spaced;
//   5. the output is the mean over the windows of the mapped outputs.
//
// Thread-safety: not safe to use from several threads at once (one network, BatchNorm state);
// `predict` is the whole inference path and runs in eval mode without gradients.
#include <ATen/ATen.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/model_folder.h"
#include "latentecho/core/r2plus1d.h"

namespace latentecho {

constexpr const char* kEfRegressorKind = "ef-regressor";
constexpr const char* kQualityClassifierKind = "quality-classifier";

struct VideoInputConfig {
  int frames = 32;    // frames per window, >= 1
  int period = 2;     // take every period-th frame, >= 1
  int size = 112;     // square frames, pixels
  double fps = 50.0;  // the rate the model was trained at (0: unknown, no resampling)
  bool perClip = false;
  std::vector<double> mean{0.0};  // grey levels, one for all channels or one per channel
  std::vector<double> std{1.0};
};

class VideoModel {
 public:
  // `kind`: kEfRegressorKind or kQualityClassifierKind. For the regressor, output = outputOffset +
  // outputScale * fc (a trained model stores its training targets' mean and std so the network
  // learns unit-scale numbers; an imported EchoNet model has 0 and 1).
  VideoModel(std::string kind, const R2Plus1dConfig& network, const VideoInputConfig& input,
             double outputOffset = 0.0, double outputScale = 1.0);

  // Reads and validates a model folder of `expectedKind` (every tensor's name and shape). Throws
  // Error naming the folder and the problem.
  static VideoModel load(const std::string& folder, const std::string& expectedKind);
  void save(const std::string& folder, const nlohmann::json& provenance,
            at::ScalarType floatStorage = at::kFloat) const;

  const std::string& kind() const { return kind_; }
  const VideoInputConfig& input() const { return input_; }
  const R2Plus1dConfig& networkConfig() const { return network_->config(); }
  double outputOffset() const { return outputOffset_; }
  double outputScale() const { return outputScale_; }
  R2Plus1dImpl& network() { return *network_; }

  TensorMap tensors() const;  // parameters and buffers by torchvision name
  std::vector<TensorSpec> tensorSpecs() const;
  // Copies `tensors` in (float16 etc. converted) after validateTensors: an Error naming `source`
  // and the first wrong tensor.
  void loadTensors(const TensorMap& tensors, const std::string& source);

  // Step 1: uint8 [T, H, W] grey frames at `clipFps` (0 = unknown) -> float [T', S, S] grey levels.
  at::Tensor resizeFrames(const at::Tensor& framesUint8, double clipFps) const;
  // Step 4's start frames for a clip of `frameCount` (resized) frames.
  std::vector<int64_t> windowStarts(int64_t frameCount, int maxWindows) const;
  // Steps 2-4: grey float [T, S, S] -> network input [N, C, frames, S, S], one window per start.
  at::Tensor networkInput(const at::Tensor& grey, const std::vector<int64_t>& starts) const;
  // The mapped output (EF percent or probability) of each row of fc output [N, 1].
  at::Tensor mapOutput(const at::Tensor& fcOutput) const;

  // The whole path: mean mapped output over at most `maxWindows` windows of `clip`. Throws Error
  // for an empty clip.
  double predict(const Clip& clip, int maxWindows = 8);

 private:
  std::string kind_;
  VideoInputConfig input_;
  double outputOffset_ = 0.0;
  double outputScale_ = 1.0;
  R2Plus1d network_{nullptr};
};

nlohmann::json videoInputConfigToJson(const VideoInputConfig& input);
VideoInputConfig videoInputConfigFromJson(const nlohmann::json& input, const std::string& source);

// A torch.save file's state dict of a torchvision R(2+1)D: EchoNet-Dynamic's checkpoint dict (its
// 'state_dict' entry, names prefixed "module." by DataParallel) or a bare state dict, prefixed or
// not. Returns the names without the prefix. Throws Error starting with `path`.
TensorMap readR2Plus1dStateDict(const std::string& path);

}  // namespace latentecho
