#pragma once
// The frames a StyleGAN2 is trained on, from a dataset in the EchoNet-Dynamic layout (dataset.h):
// every frame of every clip of the chosen split, from the HQ videos (Videos/) and, in simulated
// datasets, from their low-quality renderings (LowQuality/) too. The paper trained its generator on
// all frames of EchoNet-Dynamic, good and bad quality alike, so that the latent space can represent
// both and an edit direction between them exists.
//
// Each clip is prepared (prepare.h: sector blanked, cropped to its bounding square, resized to
// resolution x resolution with area averaging). The sector comes from the clip's truth file when
// the dataset has one (simulated data: the exact geometry), else it is found in the video.
//
// The frames are held as one uint8 tensor [N, 1, R, R] (0..255): a few thousand frames at 256 x 256
// take a few hundred MB, a quarter of float32. Frame order: clips in FileList.csv order, per clip
// all its HQ frames, then all its LQ frames. With maxFrames, an evenly spaced subset of that order
// is kept (deterministic, so a resumed training sees the same set).
//
// A data-parallel rank holds only the frames it trains on (options.holdFrame, image_shard.h): the
// set's order and size are those of a full load, found from FileList.csv's NumberOfFrames (HQ and
// LQ videos alike) without decoding; a clip none of whose held frames it owns is not decoded at
// all, the others are decoded and prepared whole and only their held frames kept. A video whose
// decoded frame count differs from NumberOfFrames is an Error then (the indices would shift).
//
// Errors (latentecho::Error, naming the folder or file): no dataset, an unknown split, no clip in
// the split, a clip that cannot be read or prepared, a resolution that is not a power of two in
// 8..1024, no frames at all, or more frames than maxBytes allows.
//
// Thread-safety: a pure function; reads files only.
#include <ATen/ATen.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "latentecho/core/progress.h"

namespace latentecho {

struct GanFramesOptions {
  int resolution = 256;
  std::string split = "ALL";  // TRAIN, VAL, TEST or ALL (case-insensitive)
  bool highQuality = true;    // frames of Videos/
  bool lowQuality = true;     // frames of LowQuality/ (where the dataset has them)
  int64_t maxFrames = 0;      // 0 = all
  // Refuse to hold more than this many bytes of frames (the caller's memory budget).
  int64_t maxBytes = int64_t{8} << 30;
  // Hold only the frames for which this returns true, given the frame's index in the set (after
  // the maxFrames subset) and the set's size; empty = hold all. maxBytes applies to what is held.
  std::function<bool(int64_t frameIndex, int64_t setSize)> holdFrame;
};

struct GanFrames {
  at::Tensor images;  // uint8 [H, 1, R, R], CPU, contiguous: the held frames
  // The set index of each held frame (ascending) when holdFrame was given; empty otherwise, and
  // then images holds the whole set (images[i] is frame i).
  std::vector<int64_t> indices;
  int64_t setSize = 0;  // frames in the set, held or not
  std::string directory;
  std::string split;
  int64_t clips = 0;              // clips read
  int64_t highQualityFrames = 0;  // frames of the set from Videos/ (held or not)
  int64_t lowQualityFrames = 0;   // frames of the set from LowQuality/ (held or not)
  int64_t framesAvailable = 0;    // frames before the maxFrames subset
  int64_t clipsWithoutLowQuality = 0;
};

GanFrames loadGanFrames(const std::string& datasetDirectory, const GanFramesOptions& options,
                        const Progress& progress = {});

}  // namespace latentecho
