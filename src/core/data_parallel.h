#pragma once
// What the GAN and encoder trainers share for data-parallel training (private to the core).
//
// A minibatch of B images is processed as M equal micro-batches (B / M each). Micro-batch k
//  - draws every random number (latents, noise, style-mixing cut-offs, flips) from its own stream,
//    microBatchStreamKey(step key, k), in the order a one-part step would;
//  - takes its real images from its own shard of the data set, the indices i with i % M == k, in
//    an order permuted per pass over that shard (MicroBatchImageOrder);
//  - forms its own batch-level statistics (minibatch-stddev groups, BatchNorm statistics).
// The gradients of a phase are summed over the micro-batches and divided by M, i.e. the mean over
// the minibatch. With M = 1 this is the plain step (the stream keys and the order reduce to the
// step's and the epoch's own). Data-parallel training gives each of W ranks M / W consecutive
// micro-batches and sums the gradients over the ranks, so W ranks compute what one process
// computes with the same M: that is what makes a distributed run reproducible in one process.
#include <ATen/ATen.h>

#include <cstdint>
#include <string>
#include <vector>

#include "latentecho/core/distributed.h"
#include "latentecho/core/error.h"
#include "seeded_generators.h"
#include "splitmix_random.h"

namespace latentecho::detail {

// Stream identifiers of micro-batches and shards (distinct from the trainers' purposes).
constexpr std::uint64_t kMicroBatchStream = 0x6d6963726f;  // "micro"

inline std::uint64_t microBatchStreamKey(std::uint64_t key, int64_t microBatch) {
  if (microBatch == 0) return key;
  return streamKey(key, kMicroBatchStream, static_cast<std::uint64_t>(microBatch));
}

// The real-image order: micro-batch k of M reads shard k (indices k, k + M, k + 2M, ...) in a
// permutation per pass over the shard seeded with (seed, orderStream, pass) and k. Position p of
// the shard's sequence is the p-th image it was shown: p = imagesSeen / M + j for the j-th image
// of the micro-batch.
class MicroBatchImageOrder {
 public:
  MicroBatchImageOrder(std::uint64_t seed, std::uint64_t orderStream)
      : seed_(seed), orderStream_(orderStream) {}

  std::vector<int64_t> indices(int64_t dataSetSize, int64_t microBatches, int64_t microBatch,
                               int64_t firstPosition, int64_t count) {
    if (dataSetSize < microBatches)
      throw Error("training: " + std::to_string(dataSetSize) + " images cannot be split into " +
                  std::to_string(microBatches) + " micro-batch shards");
    if (static_cast<int64_t>(shards_.size()) != microBatches)
      shards_.assign(static_cast<size_t>(microBatches), {});
    Shard& shard = shards_[static_cast<size_t>(microBatch)];
    const int64_t size = (dataSetSize - microBatch + microBatches - 1) / microBatches;
    std::vector<int64_t> out;
    out.reserve(static_cast<size_t>(count));
    for (int64_t p = firstPosition; p < firstPosition + count; ++p) {
      const int64_t pass = p / size;
      if (pass != shard.pass) {
        const std::uint64_t key = microBatchStreamKey(
            streamKey(seed_, orderStream_, static_cast<std::uint64_t>(pass)), microBatch);
        at::Generator random = makeGenerator(key, at::kCPU);
        at::Tensor permutation = at::randperm(size, random, at::TensorOptions().dtype(at::kLong));
        shard.order.assign(permutation.data_ptr<int64_t>(), permutation.data_ptr<int64_t>() + size);
        shard.pass = pass;
      }
      out.push_back(microBatch + microBatches * shard.order[static_cast<size_t>(p % size)]);
    }
    return out;
  }

 private:
  struct Shard {
    int64_t pass = -1;
    std::vector<int64_t> order;
  };
  std::uint64_t seed_;
  std::uint64_t orderStream_;
  std::vector<Shard> shards_;
};

// The mean gradient over the minibatch: sum over the ranks (collective) of the gradients summed
// over this rank's micro-batches, divided by the micro-batch count. Parameters without a gradient
// are skipped (every rank runs the same graph, so they agree).
inline void averageGradients(const ProcessGroup& group, const std::vector<at::Tensor>& parameters,
                             int64_t microBatches, const std::string& what) {
  if (microBatches == 1 && !group.distributed()) return;
  std::vector<at::Tensor> gradients;
  for (const at::Tensor& p : parameters)
    if (p.grad().defined()) gradients.push_back(p.grad());
  group.allReduceSum(gradients, what);
  at::NoGradGuard noGrad;
  for (at::Tensor& g : gradients) g.div_(static_cast<double>(microBatches));
}

// The first and count of the micro-batches this rank processes; throws Error when the world
// size does not divide the micro-batch count.
inline std::pair<int64_t, int64_t> localMicroBatches(const ProcessGroup& group,
                                                     int64_t microBatches,
                                                     const std::string& trainer) {
  const int64_t world = group.worldSize();
  if (microBatches % world != 0)
    throw Error(trainer + ": the minibatch is split into " + std::to_string(microBatches) +
                " micro-batches, which " + std::to_string(world) +
                " ranks cannot share evenly; use a world size that divides it (a resumed "
                "training keeps its micro-batch count)");
  const int64_t local = microBatches / world;
  return {group.rank() * local, local};
}

// Collective, once per training (`agreed` remembers it): every rank must have read a data set of
// rank 0's size, else the image order, which depends on it, would differ between ranks. Throws
// Error naming this rank, both sizes and `items` ("real images", "frames").
inline void checkRanksAgreeOnDataSetSize(const ProcessGroup& group, int64_t size,
                                         const std::string& trainer, const std::string& items,
                                         bool& agreed) {
  if (!group.distributed() || agreed) return;
  at::Tensor mainSize = at::tensor(std::vector<int64_t>{size}, at::kLong);
  group.broadcastFromMain({mainSize}, "the data set size check");
  if (mainSize.item<int64_t>() != size)
    throw Error(trainer + " (rank " + std::to_string(group.rank()) + "): this rank has " +
                std::to_string(size) + " " + items + ", rank 0 has " +
                std::to_string(mainSize.item<int64_t>()) +
                "; every rank must read the same data set");
  agreed = true;
}

}  // namespace latentecho::detail
