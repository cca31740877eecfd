#include "latentecho/io/prepare.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "latentecho/core/error.h"
#include "latentecho/io/sector_finder.h"

namespace latentecho {
namespace {

std::string nameOf(const Clip& clip) { return clip.source.empty() ? "the clip" : clip.source; }

void checkOptions(const Clip& clip, const PrepareOptions& options) {
  if (clip.empty()) throw Error("prepare: " + nameOf(clip) + " has no frames");
  if (clip.pixels.size() != static_cast<std::size_t>(clip.frameCount) * clip.frameSize())
    throw Error("prepare: the pixel buffer of " + nameOf(clip) + " does not match its size");
  if (options.size < 8 || options.size > 4096)
    throw Error("prepare: size " + std::to_string(options.size) + " is outside 8..4096");
  if (options.frames < 0)
    throw Error("prepare: frames " + std::to_string(options.frames) +
                " is negative (0 = whole clip)");
  if (options.firstFrame < 0 || options.firstFrame >= clip.frameCount)
    throw Error("prepare: firstFrame " + std::to_string(options.firstFrame) +
                " is outside the clip's " + std::to_string(clip.frameCount) + " frames of " +
                nameOf(clip));
}

}  // namespace

PreparedClip prepareClip(const Clip& clip, const PrepareOptions& options) {
  checkOptions(clip, options);
  return prepareClip(clip, findSector(clip), options);
}

PreparedClip prepareClip(const Clip& clip, const SectorGeometry& sector,
                         const PrepareOptions& options) {
  checkOptions(clip, options);
  if (!sector.valid() || !std::isfinite(sector.apexX) || !std::isfinite(sector.apexY))
    throw Error("prepare: invalid sector for " + nameOf(clip) + " (outer radius " +
                std::to_string(sector.outerRadius) + ", inner " +
                std::to_string(sector.innerRadius) + ", half angle " +
                std::to_string(sector.halfAngle) + ")");

  const std::vector<std::uint8_t> sourceMask = sector.mask(clip.height, clip.width);
  int left = clip.width, top = clip.height, right = -1, bottom = -1;
  for (int y = 0; y < clip.height; ++y)
    for (int x = 0; x < clip.width; ++x)
      if (sourceMask[static_cast<std::size_t>(y) * clip.width + x]) {
        left = std::min(left, x);
        right = std::max(right, x);
        top = std::min(top, y);
        bottom = std::max(bottom, y);
      }
  if (right < 0)
    throw Error("prepare: the sector does not overlap the " + std::to_string(clip.width) + "x" +
                std::to_string(clip.height) + " frames of " + nameOf(clip));

  // The bounding square, centred on the box, moved inside the image where it fits.
  const int side = std::max(right - left + 1, bottom - top + 1);
  const auto place = [side](int low, int high, int extent) {
    int start = (low + high + 1 - side) / 2;
    if (side <= extent) start = std::clamp(start, 0, extent - side);
    return start;
  };
  PreparedClip out;
  out.cropX = place(left, right, clip.width);
  out.cropY = place(top, bottom, clip.height);
  out.cropWidth = side;
  out.cropHeight = side;

  const double scale = static_cast<double>(options.size) / side;
  out.sectorInSource = sector;
  out.sectorInPrepared = sector;
  out.sectorInPrepared.apexX = (sector.apexX - out.cropX) * scale;
  out.sectorInPrepared.apexY = (sector.apexY - out.cropY) * scale;
  out.sectorInPrepared.innerRadius = sector.innerRadius * scale;
  out.sectorInPrepared.outerRadius = sector.outerRadius * scale;
  const std::vector<std::uint8_t> preparedMask =
      out.sectorInPrepared.mask(options.size, options.size);

  const int first = options.firstFrame;
  const int available = clip.frameCount - first;
  const int count = options.frames == 0 ? available : std::min(options.frames, available);

  Clip& prepared = out.clip;
  prepared = Clip(count, options.size, options.size, clip.fps);
  if (clip.spacing)
    prepared.spacing = PixelSpacing{clip.spacing->rowMm / scale, clip.spacing->columnMm / scale};

  // Where the crop square and the image overlap, in both coordinate systems.
  const cv::Rect imageRect(0, 0, clip.width, clip.height);
  const cv::Rect cropRect(out.cropX, out.cropY, side, side);
  const cv::Rect overlap = imageRect & cropRect;
  const cv::Mat maskSource(clip.height, clip.width, CV_8UC1,
                           const_cast<std::uint8_t*>(sourceMask.data()));
  const cv::Mat maskPrepared(options.size, options.size, CV_8UC1,
                             const_cast<std::uint8_t*>(preparedMask.data()));
  cv::Mat square(side, side, CV_8UC1);
  cv::Mat resized;
  for (int i = 0; i < count; ++i) {
    const cv::Mat frame(clip.height, clip.width, CV_8UC1,
                        const_cast<std::uint8_t*>(clip.frame(first + i)));
    square.setTo(0);
    // Blank outside the sector before resizing so that text next to the fan cannot bleed in.
    frame(overlap).copyTo(square(overlap - cropRect.tl()), maskSource(overlap));
    cv::resize(square, resized, cv::Size(options.size, options.size), 0, 0, cv::INTER_AREA);
    cv::Mat target(options.size, options.size, CV_8UC1, prepared.frame(i));
    target.setTo(0);
    resized.copyTo(target, maskPrepared);
  }

  prepared.source = clip.source + (clip.source.empty() ? "" : "; ") + "prepared: sector crop " +
                    std::to_string(side) + "x" + std::to_string(side) + " at (" +
                    std::to_string(out.cropX) + "," + std::to_string(out.cropY) + ") resized to " +
                    std::to_string(options.size) + "x" + std::to_string(options.size) +
                    ", frames " + std::to_string(first) + "-" + std::to_string(first + count - 1) +
                    " of " + std::to_string(clip.frameCount);
  return out;
}

}  // namespace latentecho
