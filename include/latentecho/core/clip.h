#pragma once
// A clip: grayscale echo frames plus what is known about how they were acquired.
//
// Pixels are 8-bit grayscale, frame-major then row-major: pixel (t, y, x) is
// pixels[(t * height + y) * width + x]. Plain types on purpose: the io layer (OpenCV, DCMTK) and
// the studio (Qt) fill and read clips without compiling LibTorch headers; tensor conversion lives
// in clip_tensor.h. Values are copied, not shared: a Clip is a value type.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace latentecho {

struct PixelSpacing {
  double rowMm = 0.0;     // distance between row centres, millimetres
  double columnMm = 0.0;  // distance between column centres, millimetres
};

struct Clip {
  int frameCount = 0;
  int height = 0;
  int width = 0;
  std::vector<std::uint8_t> pixels;  // frameCount * height * width
  double fps = 0.0;                  // frames per second; 0 when the source did not say
  std::optional<PixelSpacing> spacing;
  std::string source;  // human description: file name, codec or transfer syntax, simulator seed

  Clip() = default;
  Clip(int frames, int h, int w, double framesPerSecond = 0.0)
      : frameCount(frames),
        height(h),
        width(w),
        pixels(static_cast<std::size_t>(frames) * h * w, 0),
        fps(framesPerSecond) {}

  std::size_t frameSize() const { return static_cast<std::size_t>(height) * width; }
  std::uint8_t* frame(int t) { return pixels.data() + t * frameSize(); }
  const std::uint8_t* frame(int t) const { return pixels.data() + t * frameSize(); }
  std::uint8_t& at(int t, int y, int x) { return pixels[t * frameSize() + y * width + x]; }
  std::uint8_t at(int t, int y, int x) const { return pixels[t * frameSize() + y * width + x]; }
  bool empty() const { return frameCount == 0 || height == 0 || width == 0; }
};

// Frames [first, first+count) of a clip, clamped to the clip; keeps fps, spacing and source.
Clip sliceFrames(const Clip& clip, int first, int count);

}  // namespace latentecho
