#pragma once
// Generalized contrast-to-noise ratio (gCNR) between the LV chamber and the LV myocardium, the
// paper's contrast metric (PAPER.md §3, Fig. 3).
//
// gCNR (Rodriguez-Molares et al., "The generalized contrast-to-noise ratio", IEEE IUS 2018) is one
// minus the overlap of the two regions' intensity distributions:
//     gCNR = 1 - OVL,   OVL = sum_i min(p_i, q_i)
// over the bins of the regions' normalised histograms p and q. 0: the two regions' pixel values are
// indistinguishable; 1: no intensity occurs in both, a perfect classifier of the two exists.
// Unlike CNR it does not depend on the dynamic range or on any monotonic remapping of intensities
// (when every grey level has its own bin), which is why the paper uses it to compare clips
// rendered by different methods.
//
// Regions, as the paper draws them: the chamber is the LV segmentation; the myocardium is the
// segmentation dilated by a disk of radius `ringWidthPixels` (every pixel whose centre lies within
// that Euclidean distance of a segmented pixel's centre) minus the segmentation itself — a ring
// of that width around the cavity. Both regions are clipped to the image and, when a sector mask
// is given, to the ultrasound fan (outside the fan there is no tissue, only black).
//
// Thread-safety: pure functions; call them from any thread.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"

namespace latentecho {

struct GcnrParams {
  // Width of the myocardium ring in pixels (radius of the dilation disk). 0 = the default for the
  // image size, defaultGcnrRingWidthPixels(height, width). Must be >= 0.
  double ringWidthPixels = 0.0;
  // Histogram bins over the 8-bit range 0..255; grey level v falls in bin v * bins / 256. 256 (one
  // bin per grey level, the default) makes gCNR invariant to any strictly monotonic intensity
  // remapping; fewer bins smooth the histograms of small regions. 1..256.
  int histogramBins = 256;
};

// Default ring width: 5 pixels at EchoNet-Dynamic's 112 x 112 (about 7 mm there, inside a
// myocardium about 10 mm thick, so the ring samples wall rather than what lies beyond it), scaled
// with the smaller image side: 5 * min(height, width) / 112, at least 1.
double defaultGcnrRingWidthPixels(int height, int width);

// Overlap of two histograms, each normalised here to sum 1: sum_i min(p_i, q_i), in [0, 1].
// Throws Error when the sizes differ, a count is negative or not finite, or either sums to 0.
double histogramOverlap(const std::vector<double>& p, const std::vector<double>& q);

// 1 - histogramOverlap(p, q).
double gcnrFromHistograms(const std::vector<double>& p, const std::vector<double>& q);

// Binary dilation of a height x width row-major mask (nonzero = set) by a disk of `radius`
// pixels: output pixel set when some set pixel's centre lies within Euclidean distance <= radius.
// Output is 0/1, the same size. radius >= 0 (0 returns the mask as 0/1).
std::vector<std::uint8_t> dilateMaskDisk(const std::uint8_t* mask, int height, int width,
                                         double radius);

// The two regions per frame, 0/1 Clips the size of the masks (fps, spacing copied). The studio
// draws these.
struct GcnrRegions {
  Clip chamber;
  Clip myocardium;
};

struct GcnrResult {
  // Per frame gCNR in [0, 1]; NaN for a frame where either region is empty (no segmentation, or
  // a ring entirely outside the fan): there is no contrast to measure there.
  std::vector<double> perFrame;
  // Mean over the frames with a defined gCNR (the paper's "mean of gCNRs"); NaN when none is.
  double mean = 0.0;
  int definedFrames = 0;
  GcnrRegions regions;
  double ringWidthPixels = 0.0;  // the width used (the default resolved)
  int histogramBins = 0;
  // Normalised histograms (each sums to 1; all zero for an empty region), frame-major:
  // bin b of frame t is at [t * histogramBins + b].
  std::vector<double> chamberHistograms;
  std::vector<double> myocardiumHistograms;
  std::vector<std::int64_t> chamberPixelCounts;  // per frame
  std::vector<std::int64_t> myocardiumPixelCounts;
};

// The regions alone (what computeGcnr uses), from LV masks (nonzero = LV). `sectorMask`: empty, or
// height * width values, nonzero inside the fan (SectorGeometry::mask). Throws Error for a bad
// parameter or sizes that do not match.
GcnrRegions gcnrRegions(const Clip& lvMasks, const GcnrParams& params = {},
                        const std::vector<std::uint8_t>& sectorMask = {});

// gCNR of `frames` between the LV chamber (`lvMasks`, nonzero = LV, same frames/height/width)
// and the myocardium ring, per frame and mean. Throws Error when the sizes differ or a parameter
// is out of range. About 1 ms per 112 x 112 frame.
GcnrResult computeGcnr(const Clip& frames, const Clip& lvMasks, const GcnrParams& params = {},
                       const std::vector<std::uint8_t>& sectorMask = {});

}  // namespace latentecho
