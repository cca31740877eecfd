#pragma once
// The frames `train gan` and `train encoder` give their trainer: in a data-parallel run each rank
// loads only the frames its micro-batches read (image_shard.h, gan_frames.h), so memory and load
// time per rank shrink with the world size; a single process loads them all.
#include <cstdint>
#include <functional>
#include <memory>

#include "latentecho/core/distributed.h"
#include "latentecho/core/gan_training.h"
#include "latentecho/io/gan_frames.h"

namespace latentecho::cli {

// GanFramesOptions::holdFrame for this rank: the frames rankReadsImage gives it, and on rank 0
// also the `mainAlsoHolds` evenly spaced frames (evenlySpacedIndices; the GAN's "reals" snapshot,
// 0 for none). Empty (hold all) for a single process.
std::function<bool(int64_t, int64_t)> rankFrameFilter(const ProcessGroup& group,
                                                      int64_t microBatches, int64_t mainAlsoHolds);

// The image source over what `frames` holds: all frames, or a rank's shard under set indices.
std::unique_ptr<GanImageSource> trainingImageSource(const GanFrames& frames);

}  // namespace latentecho::cli
