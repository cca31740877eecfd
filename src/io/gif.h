#pragma once
// Animated GIF through giflib (private to the io layer; OpenCV 4.6 cannot read GIF).
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"
#include "latentecho/io/clip_reader.h"

namespace latentecho::gif {

// Decodes every frame composited onto the logical screen as a viewer shows it (frame offsets,
// transparency, disposal methods), converted to luma. The canvas starts black and "restore to
// background" clears to black: echo images have black surroundings. fps = 100 / mean frame delay
// (GIF delays are in 1/100 s); 0 when the file gives no delays. Throws Error naming `path` for a
// file giflib cannot parse, a truncated file (a read error before the trailer), no frames, or a
// screen beyond `limits`.
Clip readGif(const std::string& path, const ReadLimits& limits);

// Writes `clip` to `path` as a looping GIF89a with a 256-level grey palette (lossless for 8-bit
// grayscale). Frame delays follow clip.fps (30 when 0), rounded to 1/100 s without drift: frame i
// ends at round(100 * (i + 1) / fps) centiseconds, at least 1 cs each. `destination` names the
// file in error messages (the caller writes to a temporary path). Reports progress per frame.
void writeGif(const Clip& clip, const std::string& path, const std::string& destination,
              const Progress& progress);

}  // namespace latentecho::gif
