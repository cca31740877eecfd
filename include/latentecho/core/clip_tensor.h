#pragma once
// Clips to model frames and back. The generator, the encoder and PTI see frames as float32
// [T, 1, H, W] in [-1, 1] with pixel p mapping to p / 127.5 - 1 (the official StyleGAN2 data
// convention); going back rounds (x + 1) * 127.5 to the nearest grey level, clamped to 0..255, so
// clip -> frames -> clip is the identity.
//
// Thread-safety: pure functions.
#include <ATen/ATen.h>

#include "latentecho/core/clip.h"

namespace latentecho {

// float32 [T, 1, H, W] in [-1, 1], CPU, contiguous. Throws Error for an empty clip or one whose
// pixel count does not match its size.
at::Tensor clipToFrames(const Clip& clip);

// Frames [T, 1, H, W] (or [T, H, W]) of any floating dtype and device, nominally in [-1, 1], to an
// 8-bit clip with `fps`. Throws Error naming the shape when it is not one of those.
Clip framesToClip(const at::Tensor& frames, double fps = 0.0);

}  // namespace latentecho
