#include "latentecho/io/classical_enhancement.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/photo.hpp>

#include <cmath>
#include <cstring>

#include "latentecho/core/error.h"

namespace latentecho {

ClassicalMethod classicalMethodFromName(const std::string& name) {
  if (name == "nlm") return ClassicalMethod::NonLocalMeans;
  if (name == "bilateral") return ClassicalMethod::Bilateral;
  throw Error("unknown enhancement method '" + name + "' (expected nlm or bilateral)");
}

std::string classicalMethodName(ClassicalMethod method) {
  return method == ClassicalMethod::NonLocalMeans ? "nlm" : "bilateral";
}

void enhanceFrameClassical(const std::uint8_t* in, std::uint8_t* out, int width, int height,
                           ClassicalMethod method, double strength) {
  if (!(strength >= 0.0) || !std::isfinite(strength))
    throw Error("enhancement strength must be a finite number >= 0, got " +
                std::to_string(strength));
  const std::size_t bytes = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  if (strength == 0.0) {
    std::memcpy(out, in, bytes);
    return;
  }
  const cv::Mat source(height, width, CV_8UC1, const_cast<std::uint8_t*>(in));
  cv::Mat target(height, width, CV_8UC1, out);
  switch (method) {
    case ClassicalMethod::NonLocalMeans:
      cv::fastNlMeansDenoising(source, target, static_cast<float>(25.0 * strength), 7, 21);
      break;
    case ClassicalMethod::Bilateral:
      cv::bilateralFilter(source, target, 9, 50.0 * strength, 1.0 + 4.0 * strength);
      break;
  }
  // OpenCV may reallocate the destination when it decides to; make sure `out` holds the result.
  if (target.data != out) std::memcpy(out, target.data, bytes);
}

Clip enhanceClassical(const Clip& clip, ClassicalMethod method, double strength,
                      const Progress& progress) {
  Clip out = clip;
  out.source = clip.source + " | " + classicalMethodName(method) + " " + std::to_string(strength);
  for (int t = 0; t < clip.frameCount; ++t) {
    progress.report(static_cast<double>(t) / std::max(1, clip.frameCount), "filtering frames");
    enhanceFrameClassical(clip.frame(t), out.frame(t), clip.width, clip.height, method, strength);
  }
  progress.report(1.0, "filtering frames");
  return out;
}

}  // namespace latentecho
