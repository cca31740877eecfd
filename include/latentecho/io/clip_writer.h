#pragma once
// Writing clips: the format follows the extension — .mp4 (MPEG-4 Part 2 'mp4v'), .avi (Motion
// JPEG), .gif (animated, giflib), .png (one frame; the clip must have exactly one) — or a folder
// path ending in '/' (or an existing folder) receives frame_0000.png, frame_0001.png, ...
//
// Writes are atomic: data goes to a temporary file in the destination folder and is renamed into
// place only when complete, so a failure or cancellation never leaves a partial file behind.
// Frame rate: the clip's fps, or 30 when it is unknown (0).
#include <string>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"

namespace latentecho {

void writeClip(const Clip& clip, const std::string& path, const Progress& progress = {});

// The two clips next to each other (left | right), padded to the taller one; frame counts must
// match. Used for the side-by-side exports.
Clip sideBySide(const Clip& left, const Clip& right);

}  // namespace latentecho
