#pragma once
// Preparing a clip for the models: find the ultrasound sector, blank everything outside it
// (burnt-in text, ECG trace, colour bars), crop the sector's bounding square, resize it to
// size x size and take a window of frames.
//
// Crop: the bounding box of the sector's pixels inside the image, made square by growing the
// shorter side about its centre, then shifted to lie inside the image where the image is large
// enough; parts of the square outside the image are black. The square keeps the fan's aspect
// ratio: the models were trained on undistorted fans.
//
// Resize: cv::INTER_AREA (area averaging when shrinking; bilinear-like when enlarging). After
// resizing, pixels whose centre lies outside the sector are set to 0 again, so the fan's border is
// crisp.
//
// Frames: [firstFrame, firstFrame + frames) of the clip; frames = 0 takes all frames from
// firstFrame. A clip shorter than requested gives what it has (fewer frames, never padding or
// repeats): callers that need exactly `frames` check clip.frameCount.
//
// The result's fps is the source's; its pixel spacing (if known) is scaled by the resize; its
// source names the original and what was done to it. Thread-safe: pure functions.
#include "latentecho/core/clip.h"
#include "latentecho/core/sector.h"

namespace latentecho {

struct PrepareOptions {
  int size = 256;      // output width and height in pixels, 8..4096
  int frames = 32;     // frames to keep; 0 = the whole clip (from firstFrame)
  int firstFrame = 0;  // first frame of the window, 0-based; must be inside the clip
};

struct PreparedClip {
  Clip clip;                        // frameCount x size x size, outside the sector = 0
  SectorGeometry sectorInPrepared;  // the sector in the prepared clip's pixel coordinates
  SectorGeometry sectorInSource;    // the sector in the source clip's pixel coordinates
  // The crop square in source pixel coordinates; may extend beyond the source image (padded
  // black). Prepared pixel coordinate p maps to source coordinate crop + p * cropWidth / size.
  int cropX = 0;
  int cropY = 0;
  int cropWidth = 0;
  int cropHeight = 0;
};

// Finds the sector with findSector (sector_finder.h; throws Error when the clip has none).
PreparedClip prepareClip(const Clip& clip, const PrepareOptions& options = {});
// Uses a known sector (in `clip`'s pixel coordinates) instead of searching for it: for clips
// whose geometry is known (the phantom simulator, DICOM ultrasound regions) or already found.
// Throws Error when the sector is invalid or does not overlap the image.
PreparedClip prepareClip(const Clip& clip, const SectorGeometry& sector,
                         const PrepareOptions& options = {});

}  // namespace latentecho
