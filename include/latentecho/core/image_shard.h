#pragma once
// The part of a training set one data-parallel rank holds (gan_training.h, encoder_training.h).
//
// A minibatch split into M micro-batches: micro-batch k reads the images i with i % M == k; rank r
// of W runs the M / W consecutive micro-batches [r * M / W, (r + 1) * M / W). So a rank reads a
// fixed subset of the set, known before any image is loaded (rankReadsImage), and needs to hold
// only those images: ShardImageSource serves them under their indices in the whole set, so the
// trainers address images exactly as a single process holding all of them does.
//
// Thread-safety: the functions are pure; a ShardImageSource is immutable after construction.
#include <ATen/ATen.h>

#include <cstdint>
#include <vector>

#include "latentecho/core/gan_training.h"  // GanImageSource

namespace latentecho {

// Whether rank `rank` of `worldSize` reads image `index` of the set in a training whose minibatch
// is split into `microBatches` micro-batches. Throws Error unless 0 <= rank < worldSize and
// worldSize divides microBatches.
bool rankReadsImage(int64_t index, int64_t microBatches, int rank, int worldSize);

// `count` indices spread evenly over [0, size): i * size / count for i in [0, count) (all of them
// when count >= size). The GAN trainer's "reals" snapshot shows these images.
std::vector<int64_t> evenlySpacedIndices(int64_t size, int64_t count);

// Some images of a set of `size`: images[j] (uint8 or floating point, as TensorImageSource) is
// image indices[j] of the set; indices strictly ascending in [0, size). size() is the whole set's
// size; asking for an image not held throws Error naming it.
class ShardImageSource : public GanImageSource {
 public:
  ShardImageSource(at::Tensor images, std::vector<int64_t> indices, int64_t size);
  int64_t size() const override { return size_; }
  int64_t channels() const override { return held_.channels(); }
  int64_t resolution() const override { return held_.resolution(); }
  at::Tensor images(const std::vector<int64_t>& indices) const override;

 private:
  TensorImageSource held_;
  std::vector<int64_t> indices_;
  int64_t size_;
};

}  // namespace latentecho
