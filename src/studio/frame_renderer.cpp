#include "frame_renderer.h"

#include <algorithm>
#include <cstring>

#include "latentecho/core/error.h"

namespace latentecho::studio {

Clip renderClip(const FrameRenderer& renderer, const Clip& like, double alpha,
                const Progress& progress) {
  Clip out = like;
  out.source = like.source + " | " + renderer.name().toStdString() + " α " + std::to_string(alpha);
  const int batch = std::max(1, renderer.preferredBatch());
  for (int begin = 0; begin < like.frameCount; begin += batch) {
    progress.report(static_cast<double>(begin) / like.frameCount, "rendering");
    std::vector<int> frames;
    for (int i = begin; i < std::min(like.frameCount, begin + batch); ++i) frames.push_back(i);
    const std::vector<QImage> images = renderer.render(alpha, frames);
    for (std::size_t k = 0; k < frames.size(); ++k) {
      const QImage gray = images.at(k).convertToFormat(QImage::Format_Grayscale8);
      if (gray.width() != like.width || gray.height() != like.height)
        throw Error("the renderer returned a frame of the wrong size");
      for (int y = 0; y < like.height; ++y)
        std::memcpy(out.frame(frames[k]) + static_cast<std::size_t>(y) * like.width,
                    gray.constScanLine(y), like.width);
    }
  }
  progress.report(1.0, "rendering");
  return out;
}

}  // namespace latentecho::studio
