// A data-parallel rank's share of the training images (include/latentecho/core/image_shard.h).
// That the trainers read exactly these images is checked by the 2-rank equality tests in
// test_distributed.cpp, whose ranks hold only their shard.
#include "latentecho/core/image_shard.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

std::vector<int64_t> readBy(int rank, int world, int64_t microBatches, int64_t size) {
  std::vector<int64_t> out;
  for (int64_t i = 0; i < size; ++i)
    if (rankReadsImage(i, microBatches, rank, world)) out.push_back(i);
  return out;
}

TEST(ImageShard, RanksReadTheImagesOfTheirConsecutiveMicroBatches) {
  // 4 micro-batches over 2 ranks: rank 0 runs micro-batches 0 and 1, rank 1 runs 2 and 3.
  EXPECT_EQ(readBy(0, 2, 4, 10), (std::vector<int64_t>{0, 1, 4, 5, 8, 9}));
  EXPECT_EQ(readBy(1, 2, 4, 10), (std::vector<int64_t>{2, 3, 6, 7}));
  EXPECT_EQ(readBy(2, 3, 3, 7), (std::vector<int64_t>{2, 5}));
  EXPECT_EQ(readBy(0, 1, 4, 3), (std::vector<int64_t>{0, 1, 2}));
  EXPECT_THROW(rankReadsImage(0, 3, 0, 2), Error);  // 2 ranks cannot share 3 micro-batches
  EXPECT_THROW(rankReadsImage(0, 2, 2, 2), Error);
}

TEST(ImageShard, EvenlySpacedIndicesCoverTheSet) {
  EXPECT_EQ(evenlySpacedIndices(10, 4), (std::vector<int64_t>{0, 2, 5, 7}));
  EXPECT_EQ(evenlySpacedIndices(3, 16), (std::vector<int64_t>{0, 1, 2}));
}

TEST(ImageShard, ServesHeldImagesUnderTheirSetIndices) {
  const at::Tensor all = at::arange(6 * 4 * 4, at::kFloat).reshape({6, 1, 4, 4}).div(96.0);
  const std::vector<int64_t> held{1, 4, 5};
  const ShardImageSource shard(all.index_select(0, at::tensor(held)), held, 6);
  EXPECT_EQ(shard.size(), 6);
  EXPECT_EQ(shard.channels(), 1);
  EXPECT_EQ(shard.resolution(), 4);
  const TensorImageSource whole(all);
  EXPECT_TRUE(at::equal(shard.images({5, 1, 4, 5}), whole.images({5, 1, 4, 5})));
  try {
    shard.images({1, 2});
    ADD_FAILURE() << "no Error for an image the shard does not hold";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("image 2 of 6"), std::string::npos) << e.what();
  }
  EXPECT_THROW(ShardImageSource(all.slice(0, 0, 2), {3, 1}, 6), Error);  // not ascending
  EXPECT_THROW(ShardImageSource(all.slice(0, 0, 2), {1, 6}, 6), Error);  // outside the set
  EXPECT_THROW(ShardImageSource(all.slice(0, 0, 2), {1}, 6), Error);     // count mismatch
}

}  // namespace
}  // namespace latentecho
