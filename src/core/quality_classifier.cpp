#include "latentecho/core/quality_classifier.h"

#include <utility>

#include "latentecho/core/error.h"

namespace latentecho {

QualityClassifier::QualityClassifier(VideoModel model) : model_(std::move(model)) {
  if (model_.kind() != kQualityClassifierKind)
    throw Error("quality classifier: a model of kind '" + model_.kind() +
                "' is not a quality classifier");
}

QualityClassifier QualityClassifier::load(const std::string& folder) {
  return QualityClassifier(VideoModel::load(folder, kQualityClassifierKind));
}

double QualityClassifier::probabilityHighQuality(const Clip& clip, int maxWindows) {
  return model_.predict(clip, maxWindows);
}

}  // namespace latentecho
