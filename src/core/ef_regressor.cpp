#include "latentecho/core/ef_regressor.h"

#include <utility>

#include "latentecho/core/error.h"

namespace latentecho {

EfRegressor::EfRegressor(VideoModel model) : model_(std::move(model)) {
  if (model_.kind() != kEfRegressorKind)
    throw Error("EF regressor: a model of kind '" + model_.kind() + "' is not an EF regressor");
}

EfRegressor EfRegressor::load(const std::string& folder) {
  return EfRegressor(VideoModel::load(folder, kEfRegressorKind));
}

double EfRegressor::ejectionFractionPercent(const Clip& clip, int maxWindows) {
  return model_.predict(clip, maxWindows);
}

EfRegressor importEchoNetEfRegressor(const std::string& path,
                                     const VideoInputConfig& normalisation) {
  const TensorMap tensors = readR2Plus1dStateDict(path);
  const R2Plus1dConfig config = inferR2Plus1dConfig(tensors, path);
  if (config.outputs != 1)
    throw Error(path + ": tensor 'fc.weight' has " + std::to_string(config.outputs) +
                " outputs; an EF regressor has 1 (EchoNet replaces fc by Linear(512, 1))");
  VideoInputConfig input;  // EchoNet's defaults
  input.perClip = normalisation.perClip;
  input.mean = normalisation.mean;
  input.std = normalisation.std;
  VideoModel model(kEfRegressorKind, config, input, 0.0, 1.0);
  model.loadTensors(tensors, path);
  model.network().eval();
  return EfRegressor(std::move(model));
}

}  // namespace latentecho
