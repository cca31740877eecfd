// Dice and IoU between segmentations, on masks counted by hand.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "latentecho/core/error.h"
#include "latentecho/core/segmentation_metrics.h"

namespace latentecho {
namespace {

TEST(SegmentationMetrics, DiceAndIouByHand) {
  // A = 4 pixels, B = 2 of them plus 1 other: |A∩B| = 2, |A|+|B| = 7, |A∪B| = 5.
  const std::vector<std::uint8_t> a{1, 1, 1, 1, 0, 0};
  const std::vector<std::uint8_t> b{0, 255, 1, 0, 7, 0};
  EXPECT_DOUBLE_EQ(diceCoefficient(a.data(), b.data(), a.size()), 4.0 / 7.0);
  EXPECT_DOUBLE_EQ(intersectionOverUnion(a.data(), b.data(), a.size()), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(diceCoefficient(a.data(), a.data(), a.size()), 1.0);
  const std::vector<std::uint8_t> empty(6, 0), notA{0, 0, 0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(diceCoefficient(a.data(), notA.data(), a.size()), 0.0);
  EXPECT_DOUBLE_EQ(diceCoefficient(empty.data(), empty.data(), 6), 1.0);
  EXPECT_DOUBLE_EQ(intersectionOverUnion(empty.data(), empty.data(), 6), 1.0);
  EXPECT_DOUBLE_EQ(diceCoefficient(a.data(), empty.data(), 6), 0.0);
}

TEST(SegmentationMetrics, ClipsFrameByFrame) {
  Clip a(2, 2, 3), b(2, 2, 3);
  // Frame 0: identical 3-pixel masks; frame 1: A 2 pixels, B 2 pixels, 1 shared.
  a.at(0, 0, 0) = a.at(0, 0, 1) = a.at(0, 1, 2) = 1;
  b.at(0, 0, 0) = b.at(0, 0, 1) = b.at(0, 1, 2) = 1;
  a.at(1, 0, 0) = a.at(1, 1, 0) = 1;
  b.at(1, 1, 0) = b.at(1, 1, 1) = 1;
  const SegmentationAgreement agreement = compareSegmentations(a, b);
  ASSERT_EQ(agreement.dicePerFrame.size(), 2u);
  EXPECT_DOUBLE_EQ(agreement.dicePerFrame[0], 1.0);
  EXPECT_DOUBLE_EQ(agreement.dicePerFrame[1], 0.5);
  EXPECT_DOUBLE_EQ(agreement.iouPerFrame[1], 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(agreement.meanDice, 0.75);
  EXPECT_DOUBLE_EQ(agreement.meanIou, 2.0 / 3.0);
}

TEST(SegmentationMetrics, MismatchedClipsAreAnError) {
  EXPECT_THROW(compareSegmentations(Clip(2, 4, 4), Clip(3, 4, 4)), Error);
  EXPECT_THROW(compareSegmentations(Clip(1, 4, 4), Clip(1, 4, 5)), Error);
  EXPECT_THROW(compareSegmentations(Clip(), Clip()), Error);
}

}  // namespace
}  // namespace latentecho
