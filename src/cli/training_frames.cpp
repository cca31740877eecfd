#include "training_frames.h"

#include <algorithm>
#include <string>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/image_shard.h"

namespace latentecho::cli {

std::function<bool(int64_t, int64_t)> rankFrameFilter(const ProcessGroup& group,
                                                      int64_t microBatches, int64_t mainAlsoHolds) {
  if (!group.distributed()) return {};
  const int rank = group.rank(), world = group.worldSize();
  // Fails here, before any frame is read, when the ranks cannot share the micro-batches.
  rankReadsImage(0, microBatches, rank, world);
  const int64_t alsoHolds = group.isMain() ? mainAlsoHolds : 0;
  // The spread depends on the set's size, known once the loader counted the frames.
  auto spread = std::make_shared<std::vector<int64_t>>();
  auto spreadOf = std::make_shared<int64_t>(-1);
  return [=](int64_t index, int64_t setSize) {
    if (rankReadsImage(index, microBatches, rank, world)) return true;
    if (alsoHolds <= 0) return false;
    if (*spreadOf != setSize) {
      *spread = evenlySpacedIndices(setSize, alsoHolds);
      *spreadOf = setSize;
    }
    return std::binary_search(spread->begin(), spread->end(), index);
  };
}

std::unique_ptr<GanImageSource> trainingImageSource(const GanFrames& frames) {
  if (frames.images.size(0) == 0 && frames.setSize > 0)
    throw Error(frames.directory + ": this rank reads none of its " +
                std::to_string(frames.setSize) +
                " frames (fewer frames than micro-batches); train on more frames");
  if (frames.indices.empty()) return std::make_unique<TensorImageSource>(frames.images);
  return std::make_unique<ShardImageSource>(frames.images, frames.indices, frames.setSize);
}

}  // namespace latentecho::cli
