#include "classical_renderer.h"

#include <QCoreApplication>
#include <cstring>

#include "latentecho/core/error.h"

namespace latentecho::studio {

ClassicalRenderer::ClassicalRenderer(std::shared_ptr<const Clip> clip, ClassicalMethod method)
    : clip_(std::move(clip)), method_(method) {
  if (!clip_ || clip_->empty()) throw Error("classical renderer: the clip has no frames");
}

QString ClassicalRenderer::name() const {
  return method_ == ClassicalMethod::NonLocalMeans
             ? QCoreApplication::translate("ClassicalRenderer", "non-local means")
             : QCoreApplication::translate("ClassicalRenderer", "bilateral filter");
}

std::vector<QImage> ClassicalRenderer::render(double alpha, const std::vector<int>& frames) const {
  std::vector<QImage> images;
  images.reserve(frames.size());
  std::vector<std::uint8_t> buffer(clip_->frameSize());
  for (int index : frames) {
    if (index < 0 || index >= clip_->frameCount)
      throw Error("classical renderer: frame " + std::to_string(index) + " is outside the clip");
    enhanceFrameClassical(clip_->frame(index), buffer.data(), clip_->width, clip_->height, method_,
                          alpha);
    // QImage rows are 32-bit aligned; copy row by row.
    QImage image(clip_->width, clip_->height, QImage::Format_Grayscale8);
    for (int y = 0; y < clip_->height; ++y)
      std::memcpy(image.scanLine(y), buffer.data() + static_cast<std::size_t>(y) * clip_->width,
                  clip_->width);
    images.push_back(std::move(image));
  }
  return images;
}

}  // namespace latentecho::studio
