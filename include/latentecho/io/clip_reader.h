#pragma once
// Reading clips from files: AVI/MP4/MOV (OpenCV/FFmpeg), animated GIF, PNG/JPEG image sequences
// (a folder of frames, or a single image as a one-frame clip) and DICOM multi-frame ultrasound
// (DCMTK; see dicom_reader.h). The format is chosen from the file's content where it has a magic
// number (DICM, GIF8, PNG, JPEG) and from the extension otherwise.
//
// Frames come back as 8-bit grayscale (colour is converted with ITU-R BT.601 luma), at the
// source's size; preparation for the models (sector crop, resize, frame window) is prepare.h.
//
// fps comes from the container (GIF: from the frame delays); 0 when unknown, as for images and
// frame folders. A folder's frames are its *.png/*.jpg/*.jpeg files in natural name order
// (frame_2 before frame_10), hidden files skipped; all must have the same size. source describes
// the input for humans: "clip.avi (AVI, MJPG)", "loop.gif (GIF, 32 frames)", "frames/ (40 PNG
// frames)".
//
// Errors: throws latentecho::Error whose message names the file and the problem — missing file,
// unreadable or truncated video, zero frames, dimensions beyond ReadLimits. A video counts as
// truncated when fewer frames decode than its container lists (one frame of slack, for muxers
// that estimate the count); sizes are checked from headers before pixels are allocated.
// Thread-safety: free functions with no shared state; safe to call concurrently on different
// files.
#include <cstddef>
#include <string>

#include "latentecho/core/clip.h"

namespace latentecho {

struct ReadLimits {
  int maxFrames = 0;                      // 0 = all frames; otherwise stop after this many
  int maxSide = 8192;                     // larger width or height is refused, not allocated
  std::size_t maxBytes = std::size_t{4} << 30;  // refuse clips whose pixels exceed this
};

Clip readClip(const std::string& path, const ReadLimits& limits = {});

}  // namespace latentecho
