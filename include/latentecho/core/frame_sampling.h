#pragma once
// Picking a few frames of a clip for direction estimates (`direction`, `evaluate`, the real
// direction from clip folders).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"

namespace latentecho {

// `count` frame indices spread evenly over [0, frames): the centres of `count` equal parts.
inline std::vector<int> evenlySpacedFrames(int frames, int count) {
  std::vector<int> indices;
  count = std::min(count, frames);
  for (int i = 0; i < count; ++i)
    indices.push_back(static_cast<int>((static_cast<int64_t>(2 * i + 1) * frames) / (2 * count)));
  return indices;
}

// The frames `indices` of `clip`, in that order; fps and source kept.
inline Clip pickFrames(const Clip& clip, const std::vector<int>& indices) {
  Clip picked(static_cast<int>(indices.size()), clip.height, clip.width, clip.fps);
  for (size_t i = 0; i < indices.size(); ++i)
    std::copy_n(clip.frame(indices[i]), clip.frameSize(), picked.frame(static_cast<int>(i)));
  picked.source = clip.source;
  return picked;
}

}  // namespace latentecho
