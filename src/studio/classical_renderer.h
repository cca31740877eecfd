#pragma once
// A classical baseline as a FrameRenderer: non-local means or bilateral filtering of the prepared
// clip, with α as the filter strength (see latentecho/io/classical_enhancement.h).
#include <memory>

#include "frame_renderer.h"
#include "latentecho/core/clip.h"
#include "latentecho/io/classical_enhancement.h"

namespace latentecho::studio {

class ClassicalRenderer : public FrameRenderer {
 public:
  ClassicalRenderer(std::shared_ptr<const Clip> clip, ClassicalMethod method);
  int frameCount() const override { return clip_->frameCount; }
  QString name() const override;
  std::vector<QImage> render(double alpha, const std::vector<int>& frames) const override;

 private:
  std::shared_ptr<const Clip> clip_;
  ClassicalMethod method_;
};

}  // namespace latentecho::studio
