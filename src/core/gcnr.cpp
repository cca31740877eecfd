#include "latentecho/core/gcnr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

void checkParams(const GcnrParams& params) {
  if (!std::isfinite(params.ringWidthPixels) || params.ringWidthPixels < 0.0) {
    std::ostringstream message;
    message << "gCNR: ringWidthPixels = " << params.ringWidthPixels
            << " must be a finite number >= 0 (0 selects the default for the image size)";
    throw Error(message.str());
  }
  if (params.histogramBins < 1 || params.histogramBins > 256) {
    std::ostringstream message;
    message << "gCNR: histogramBins = " << params.histogramBins
            << " must lie in 1..256 (bins over the 8-bit grey levels)";
    throw Error(message.str());
  }
}

void checkSectorMask(const std::vector<std::uint8_t>& sectorMask, int height, int width) {
  if (!sectorMask.empty() && sectorMask.size() != static_cast<std::size_t>(height) * width) {
    std::ostringstream message;
    message << "gCNR: the sector mask has " << sectorMask.size() << " values but the frames are "
            << height << " x " << width;
    throw Error(message.str());
  }
}

double resolvedRingWidth(const GcnrParams& params, int height, int width) {
  return params.ringWidthPixels > 0.0 ? params.ringWidthPixels
                                      : defaultGcnrRingWidthPixels(height, width);
}

}  // namespace

double defaultGcnrRingWidthPixels(int height, int width) {
  return std::max(1.0, 5.0 * std::min(height, width) / 112.0);
}

double histogramOverlap(const std::vector<double>& p, const std::vector<double>& q) {
  if (p.size() != q.size()) {
    std::ostringstream message;
    message << "histogram overlap: the histograms have " << p.size() << " and " << q.size()
            << " bins; they must have the same bins";
    throw Error(message.str());
  }
  double sumP = 0.0, sumQ = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (!std::isfinite(p[i]) || !std::isfinite(q[i]) || p[i] < 0.0 || q[i] < 0.0) {
      std::ostringstream message;
      message << "histogram overlap: bin " << i << " holds " << p[i] << " and " << q[i]
              << "; counts must be finite and >= 0";
      throw Error(message.str());
    }
    sumP += p[i];
    sumQ += q[i];
  }
  if (sumP <= 0.0 || sumQ <= 0.0)
    throw Error("histogram overlap: a histogram is empty (its counts sum to 0)");
  double overlap = 0.0;
  for (std::size_t i = 0; i < p.size(); ++i) overlap += std::min(p[i] / sumP, q[i] / sumQ);
  return std::clamp(overlap, 0.0, 1.0);
}

double gcnrFromHistograms(const std::vector<double>& p, const std::vector<double>& q) {
  return 1.0 - histogramOverlap(p, q);
}

std::vector<std::uint8_t> dilateMaskDisk(const std::uint8_t* mask, int height, int width,
                                         double radius) {
  if (height < 0 || width < 0) throw Error("dilate mask: negative image size");
  if (!std::isfinite(radius) || radius < 0.0) {
    std::ostringstream message;
    message << "dilate mask: radius = " << radius << " must be a finite number >= 0";
    throw Error(message.str());
  }
  const std::size_t size = static_cast<std::size_t>(height) * width;
  std::vector<std::uint8_t> out(size, 0);
  if (size == 0) return out;

  // The disk is a stack of horizontal runs: at row offset dy it spans |dx| <= halfWidth[dy]. So
  // a pixel is in the dilation when, for some dy, the nearest set pixel in row y + dy lies within
  // halfWidth[dy] columns — exact for the Euclidean disk, in O(H * W * radius).
  const int reach = static_cast<int>(std::floor(radius + 1e-9));
  std::vector<int> halfWidth(2 * reach + 1);
  for (int dy = -reach; dy <= reach; ++dy)
    halfWidth[dy + reach] =
        static_cast<int>(std::floor(std::sqrt(std::max(0.0, radius * radius - dy * dy)) + 1e-9));

  // Column distance from each pixel to the nearest set pixel in its row.
  const int far = std::numeric_limits<int>::max() / 2;
  std::vector<int> rowDistance(size, far);
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = mask + static_cast<std::size_t>(y) * width;
    int* distance = rowDistance.data() + static_cast<std::size_t>(y) * width;
    int last = -far;
    for (int x = 0; x < width; ++x) {
      if (row[x]) last = x;
      distance[x] = x - last;
    }
    last = far;
    for (int x = width - 1; x >= 0; --x) {
      if (row[x]) last = x;
      distance[x] = std::min(distance[x], last - x);
    }
  }

  for (int y = 0; y < height; ++y) {
    const int dyLow = std::max(-reach, -y), dyHigh = std::min(reach, height - 1 - y);
    for (int x = 0; x < width; ++x) {
      bool inside = false;
      for (int dy = dyLow; dy <= dyHigh && !inside; ++dy)
        inside = rowDistance[static_cast<std::size_t>(y + dy) * width + x] <= halfWidth[dy + reach];
      out[static_cast<std::size_t>(y) * width + x] = inside ? 1 : 0;
    }
  }
  return out;
}

GcnrRegions gcnrRegions(const Clip& lvMasks, const GcnrParams& params,
                        const std::vector<std::uint8_t>& sectorMask) {
  checkParams(params);
  checkSectorMask(sectorMask, lvMasks.height, lvMasks.width);
  const double ring = resolvedRingWidth(params, lvMasks.height, lvMasks.width);
  GcnrRegions regions;
  regions.chamber = Clip(lvMasks.frameCount, lvMasks.height, lvMasks.width, lvMasks.fps);
  regions.chamber.spacing = lvMasks.spacing;
  regions.chamber.source = "gCNR LV chamber region";
  regions.myocardium = regions.chamber;
  regions.myocardium.source = "gCNR LV myocardium region";
  const std::size_t frameSize = lvMasks.frameSize();
  for (int t = 0; t < lvMasks.frameCount; ++t) {
    const std::uint8_t* mask = lvMasks.frame(t);
    const std::vector<std::uint8_t> dilated =
        dilateMaskDisk(mask, lvMasks.height, lvMasks.width, ring);
    std::uint8_t* chamber = regions.chamber.frame(t);
    std::uint8_t* myocardium = regions.myocardium.frame(t);
    for (std::size_t i = 0; i < frameSize; ++i) {
      const bool inFan = sectorMask.empty() || sectorMask[i] != 0;
      chamber[i] = (inFan && mask[i]) ? 1 : 0;
      myocardium[i] = (inFan && dilated[i] && !mask[i]) ? 1 : 0;
    }
  }
  return regions;
}

GcnrResult computeGcnr(const Clip& frames, const Clip& lvMasks, const GcnrParams& params,
                       const std::vector<std::uint8_t>& sectorMask) {
  if (frames.frameCount != lvMasks.frameCount || frames.height != lvMasks.height ||
      frames.width != lvMasks.width) {
    std::ostringstream message;
    message << "gCNR: the clip is " << frames.frameCount << " x " << frames.height << " x "
            << frames.width << " but the LV masks are " << lvMasks.frameCount << " x "
            << lvMasks.height << " x " << lvMasks.width << "; they must match frame for frame";
    throw Error(message.str());
  }
  if (frames.pixels.size() != frames.frameCount * frames.frameSize() ||
      lvMasks.pixels.size() != lvMasks.frameCount * lvMasks.frameSize())
    throw Error("gCNR: a clip's pixel buffer does not match its frame count and size");

  GcnrResult result;
  result.regions = gcnrRegions(lvMasks, params, sectorMask);
  result.ringWidthPixels = resolvedRingWidth(params, frames.height, frames.width);
  const int bins = params.histogramBins;
  result.histogramBins = bins;
  const int count = frames.frameCount;
  result.perFrame.assign(count, std::numeric_limits<double>::quiet_NaN());
  result.chamberHistograms.assign(static_cast<std::size_t>(count) * bins, 0.0);
  result.myocardiumHistograms.assign(static_cast<std::size_t>(count) * bins, 0.0);
  result.chamberPixelCounts.assign(count, 0);
  result.myocardiumPixelCounts.assign(count, 0);

  const std::size_t frameSize = frames.frameSize();
  double sum = 0.0;
  std::vector<std::int64_t> chamberCounts(bins), myocardiumCounts(bins);
  for (int t = 0; t < count; ++t) {
    std::fill(chamberCounts.begin(), chamberCounts.end(), 0);
    std::fill(myocardiumCounts.begin(), myocardiumCounts.end(), 0);
    const std::uint8_t* image = frames.frame(t);
    const std::uint8_t* chamber = result.regions.chamber.frame(t);
    const std::uint8_t* myocardium = result.regions.myocardium.frame(t);
    std::int64_t chamberTotal = 0, myocardiumTotal = 0;
    for (std::size_t i = 0; i < frameSize; ++i) {
      const int bin = image[i] * bins / 256;
      if (chamber[i]) {
        ++chamberCounts[bin];
        ++chamberTotal;
      } else if (myocardium[i]) {
        ++myocardiumCounts[bin];
        ++myocardiumTotal;
      }
    }
    result.chamberPixelCounts[t] = chamberTotal;
    result.myocardiumPixelCounts[t] = myocardiumTotal;
    if (chamberTotal == 0 || myocardiumTotal == 0) continue;
    double* p = result.chamberHistograms.data() + static_cast<std::size_t>(t) * bins;
    double* q = result.myocardiumHistograms.data() + static_cast<std::size_t>(t) * bins;
    double overlap = 0.0;
    for (int b = 0; b < bins; ++b) {
      p[b] = static_cast<double>(chamberCounts[b]) / chamberTotal;
      q[b] = static_cast<double>(myocardiumCounts[b]) / myocardiumTotal;
      overlap += std::min(p[b], q[b]);
    }
    result.perFrame[t] = std::clamp(1.0 - overlap, 0.0, 1.0);
    sum += result.perFrame[t];
    ++result.definedFrames;
  }
  result.mean = result.definedFrames > 0 ? sum / result.definedFrames
                                         : std::numeric_limits<double>::quiet_NaN();
  return result;
}

}  // namespace latentecho
