#pragma once
// Writing clips: the format follows the extension — .mp4 (MPEG-4 Part 2 'mp4v'), .avi (Motion
// JPEG), .gif (animated, giflib), .png (one frame; the clip must have exactly one) — or a folder
// path ending in '/' (or an existing folder) receives frame_0000.png, frame_0001.png, ...
//
// Writes are atomic: data goes to a temporary file in the destination folder and is renamed into
// place only when complete, so a failure or cancellation never leaves a partial file behind.
// Frame rate: the clip's fps, or 30 when it is unknown (0).
//
// Details a caller may notice:
// - MP4 and AVI go through OpenCV's FFmpeg backend (4:2:0 chroma, so sides must be even): an odd
//   width or height gets one black column or row added rather than losing one. Both are lossy:
//   mean absolute error about 1-4 grey levels on echo-like content. The written file is reopened
//   and its frame count checked before it is moved into place.
// - GIF and PNG are lossless for 8-bit grayscale. GIF delays are in 1/100 s (see src/io/gif.h).
// - The destination's folder must exist; writeClip does not create parents. A frame folder itself
//   is created when missing (and removed again if the write fails). Its frames are renamed into
//   place only after all were written, and frame_NNNN.png files left from an earlier, longer clip
//   are deleted so that reading the folder gives exactly this clip; other files are left alone.
// - Long writes report per frame to `progress`; cancellation (Cancelled) leaves nothing behind.
// Errors: latentecho::Error naming the destination (unsupported extension, an empty clip, a
// multi-frame clip to .png, a missing folder, an encoder failure).
#include <cstdint>
#include <string>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"

namespace latentecho {

void writeClip(const Clip& clip, const std::string& path, const Progress& progress = {});

// The two clips next to each other (left | right), top-aligned and padded with black to the
// taller one; frame counts must match (else Error). fps is the left clip's (the right's when the
// left's is unknown); source is "left | right". Used for the side-by-side exports.
Clip sideBySide(const Clip& left, const Clip& right);

// A colour clip: frames of interleaved RGB, 3 bytes per pixel, row-major (the studio's side-by-side
// export with the overlays drawn in).
struct RgbClip {
  int frameCount = 0;
  int height = 0;
  int width = 0;
  std::vector<std::uint8_t> pixels;  // frameCount * height * width * 3
  double fps = 0.0;
};

// Writes it as writeClip does (atomically, odd sides padded, frame count checked): .mp4, .avi or a
// frame folder of RGB PNGs. GIF (a 256-grey palette here) and single PNGs are refused with an Error
// naming the path, as are an empty clip and a buffer that does not match the size.
void writeRgbClip(const RgbClip& clip, const std::string& path, const Progress& progress = {});

}  // namespace latentecho
