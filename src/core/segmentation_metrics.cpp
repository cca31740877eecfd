#include "latentecho/core/segmentation_metrics.h"

#include <sstream>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

struct Overlap {
  std::size_t a = 0, b = 0, both = 0;
};

Overlap countOverlap(const std::uint8_t* a, const std::uint8_t* b, std::size_t count) {
  Overlap o;
  for (std::size_t i = 0; i < count; ++i) {
    const bool inA = a[i] != 0, inB = b[i] != 0;
    o.a += inA;
    o.b += inB;
    o.both += inA && inB;
  }
  return o;
}

double dice(const Overlap& o) {
  if (o.a + o.b == 0) return 1.0;
  return 2.0 * static_cast<double>(o.both) / static_cast<double>(o.a + o.b);
}

double iou(const Overlap& o) {
  const std::size_t unionCount = o.a + o.b - o.both;
  if (unionCount == 0) return 1.0;
  return static_cast<double>(o.both) / static_cast<double>(unionCount);
}

}  // namespace

double diceCoefficient(const std::uint8_t* a, const std::uint8_t* b, std::size_t count) {
  return dice(countOverlap(a, b, count));
}

double intersectionOverUnion(const std::uint8_t* a, const std::uint8_t* b, std::size_t count) {
  return iou(countOverlap(a, b, count));
}

SegmentationAgreement compareSegmentations(const Clip& a, const Clip& b) {
  if (a.frameCount != b.frameCount || a.height != b.height || a.width != b.width) {
    std::ostringstream message;
    message << "segmentation agreement: the masks are " << a.frameCount << " x " << a.height
            << " x " << a.width << " and " << b.frameCount << " x " << b.height << " x " << b.width
            << "; they must match frame for frame";
    throw Error(message.str());
  }
  if (a.frameCount <= 0) throw Error("segmentation agreement: the mask clips hold no frames");
  if (a.pixels.size() != a.frameCount * a.frameSize() ||
      b.pixels.size() != b.frameCount * b.frameSize())
    throw Error("segmentation agreement: a mask clip's pixel buffer does not match its size");
  SegmentationAgreement agreement;
  agreement.dicePerFrame.reserve(a.frameCount);
  agreement.iouPerFrame.reserve(a.frameCount);
  double diceSum = 0.0, iouSum = 0.0;
  for (int t = 0; t < a.frameCount; ++t) {
    const Overlap o = countOverlap(a.frame(t), b.frame(t), a.frameSize());
    agreement.dicePerFrame.push_back(dice(o));
    agreement.iouPerFrame.push_back(iou(o));
    diceSum += agreement.dicePerFrame.back();
    iouSum += agreement.iouPerFrame.back();
  }
  agreement.meanDice = diceSum / a.frameCount;
  agreement.meanIou = iouSum / a.frameCount;
  return agreement;
}

}  // namespace latentecho
