#pragma once
// Agreement between two segmentations: Dice and intersection over union (IoU), per frame and
// averaged over a clip. The paper's anatomical-consistency metric is the mean Dice between the LV
// segmentations of the original and the enhanced frames (PAPER.md §3); against the phantom's truth
// masks the same functions measure a segmenter's accuracy.
//
// Masks: nonzero = inside. Dice = 2 |A ∩ B| / (|A| + |B|); IoU = |A ∩ B| / |A ∪ B|. When both
// masks are empty the two segmentations agree perfectly (nothing was found in either), so Dice and
// IoU are defined as 1 there; one empty and one not gives 0.
//
// Thread-safety: pure functions; call them from any thread.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"

namespace latentecho {

// Dice of two masks of `count` pixels each, in [0, 1].
double diceCoefficient(const std::uint8_t* a, const std::uint8_t* b, std::size_t count);
// IoU (Jaccard index) of two masks of `count` pixels each, in [0, 1].
double intersectionOverUnion(const std::uint8_t* a, const std::uint8_t* b, std::size_t count);

struct SegmentationAgreement {
  std::vector<double> dicePerFrame;  // one per frame
  std::vector<double> iouPerFrame;
  double meanDice = 0.0;  // mean over all frames
  double meanIou = 0.0;
};

// Frame by frame agreement of two mask clips (same frames, height and width; throws Error naming
// both sizes otherwise, or when a clip holds no frames).
SegmentationAgreement compareSegmentations(const Clip& a, const Clip& b);

}  // namespace latentecho
