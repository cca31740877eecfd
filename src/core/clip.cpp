#include "latentecho/core/clip.h"

#include <algorithm>

namespace latentecho {

Clip sliceFrames(const Clip& clip, int first, int count) {
  first = std::clamp(first, 0, clip.frameCount);
  count = std::clamp(count, 0, clip.frameCount - first);
  Clip out(count, clip.height, clip.width, clip.fps);
  out.spacing = clip.spacing;
  out.source = clip.source;
  std::copy(clip.frame(first), clip.frame(first) + count * clip.frameSize(), out.pixels.begin());
  return out;
}

}  // namespace latentecho
