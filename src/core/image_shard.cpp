#include "latentecho/core/image_shard.h"

#include <algorithm>
#include <string>
#include <utility>

#include "latentecho/core/error.h"

namespace latentecho {

bool rankReadsImage(int64_t index, int64_t microBatches, int rank, int worldSize) {
  if (worldSize < 1 || rank < 0 || rank >= worldSize)
    throw Error("image shard: rank " + std::to_string(rank) + " is outside a world of " +
                std::to_string(worldSize));
  if (microBatches < 1 || microBatches % worldSize != 0)
    throw Error("data-parallel training: " + std::to_string(microBatches) +
                " micro-batches cannot be shared evenly by " + std::to_string(worldSize) +
                " ranks; use a world size that divides the micro-batch count (--micro-batches)");
  const int64_t perRank = microBatches / worldSize;
  return (index % microBatches) / perRank == rank;
}

std::vector<int64_t> evenlySpacedIndices(int64_t size, int64_t count) {
  count = std::min(count, size);
  std::vector<int64_t> out;
  for (int64_t i = 0; i < count; ++i) out.push_back(i * size / count);
  return out;
}

ShardImageSource::ShardImageSource(at::Tensor images, std::vector<int64_t> indices, int64_t size)
    : held_(std::move(images)), indices_(std::move(indices)), size_(size) {
  if (static_cast<int64_t>(indices_.size()) != held_.size())
    throw Error("image shard: " + std::to_string(held_.size()) + " images but " +
                std::to_string(indices_.size()) + " indices");
  for (size_t j = 0; j < indices_.size(); ++j)
    if (indices_[j] < 0 || indices_[j] >= size_ || (j > 0 && indices_[j] <= indices_[j - 1]))
      throw Error("image shard: the indices must ascend strictly within [0, " +
                  std::to_string(size_) + ")");
}

at::Tensor ShardImageSource::images(const std::vector<int64_t>& indices) const {
  std::vector<int64_t> rows;
  rows.reserve(indices.size());
  for (int64_t index : indices) {
    const auto found = std::lower_bound(indices_.begin(), indices_.end(), index);
    if (found == indices_.end() || *found != index)
      throw Error("image shard: image " + std::to_string(index) + " of " + std::to_string(size_) +
                  " is not held by this rank");
    rows.push_back(found - indices_.begin());
  }
  return held_.images(rows);
}

}  // namespace latentecho
