#include "latentecho/core/clip_tensor.h"

#include <cstring>

#include "latentecho/core/error.h"
#include "latentecho/core/model_folder.h"  // shapeToString

namespace latentecho {

at::Tensor clipToFrames(const Clip& clip) {
  if (clip.empty()) throw Error("clip '" + clip.source + "' has no frames");
  if (clip.pixels.size() != static_cast<std::size_t>(clip.frameCount) * clip.frameSize())
    throw Error("clip '" + clip.source + "': pixel count does not match " +
                std::to_string(clip.frameCount) + " x " + std::to_string(clip.height) + " x " +
                std::to_string(clip.width));
  at::Tensor bytes = at::empty({clip.frameCount, 1, clip.height, clip.width}, at::kByte);
  std::memcpy(bytes.data_ptr<std::uint8_t>(), clip.pixels.data(), clip.pixels.size());
  return (bytes.to(at::kFloat) / 127.5 - 1.0).contiguous();
}

Clip framesToClip(const at::Tensor& frames, double fps) {
  at::Tensor f = frames;
  if (f.dim() == 4) {
    if (f.size(1) != 1)
      throw Error("frames must have one channel, got shape " + shapeToString(frames.sizes()));
    f = f.squeeze(1);
  }
  if (f.dim() != 3 || !at::isFloatingType(f.scalar_type()))
    throw Error("frames must be a float tensor [T, 1, H, W], got shape " +
                shapeToString(frames.sizes()));
  at::Tensor bytes = ((f.detach().to(at::kCPU, at::kFloat) + 1.0) * 127.5)
                         .round()
                         .clamp(0, 255)
                         .to(at::kByte)
                         .contiguous();
  Clip clip(static_cast<int>(f.size(0)), static_cast<int>(f.size(1)), static_cast<int>(f.size(2)),
            fps);
  std::memcpy(clip.pixels.data(), bytes.data_ptr<std::uint8_t>(), clip.pixels.size());
  return clip;
}

}  // namespace latentecho
