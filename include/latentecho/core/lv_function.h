#pragma once
// LV function from LV segmentations: the area trace, end-diastole (ED) / end-systole (ES)
// detection, volumes and the ejection fraction (LVEF), beat by beat.
//
// Volumes use the single-plane area-length method (V = 8 A^2 / (3 pi L), A the LV cavity area in
// the apical four-chamber view, L its long axis), the same formula the phantom uses for its truth
// (phantom.h) and one of the two methods echocardiographers use on a single apical view. EchoNet-
// Dynamic's human labels use the method of discs on tracings; its segmentation model only gives
// masks, from which it takes the area trace to find ED/ES beat by beat (segmentation.py: minima of
// the mask size with scipy.signal.find_peaks, distance 20 frames, prominence half the trimmed
// range). From masks alone, area-length needs one extra quantity, L, and no chord tracing:
//   L = the mask's extent along its principal (long) axis: pixel centres projected onto the
//       eigenvector of the largest eigenvalue of their coordinate covariance, max - min, plus one
//       pixel (the pixels' own size; a one-pixel mask has length 1, not 0).
// That is the apex-to-base distance of a convex-ish cavity whose base (the mitral annulus) is
// roughly perpendicular to the long axis, as in A4C. The phantom's truth uses the endocardial apex
// to the annulus midpoint; the EF from its masks with this L agrees with its EF within 2.5 points
// (tests/core/test_lv_function.cpp).
//
// ED/ES detection (detectCardiacPhases): ES frames are minima of the area trace, ED frames maxima,
// each kept when its prominence is at least `minProminenceFraction` of the trace's trimmed range
// (5th to 95th percentile) and no more prominent extreme of the same kind lies within
// `minDistanceSeconds`. Prominence is scipy's (peak height above the higher of the two lowest
// points between it and a higher value on either side), except that a side which reaches the
// clip's border without a higher value does not bound it: the paper's clips are 32 frames
// (0.64 s at 50 fps), shorter than one beat, and an ED three frames into the clip is no less an
// ED for it. The first and last frames count as extremes when the trace changes by at most
// `maxEndpointStepFraction` of the range to the next frame (near an extreme the trace is flat; a
// clip cut off mid-systole is not, and its first frame is not taken for ED).
// A beat pairs each ES with the largest-area ED frame between the previous ES (or the clip's start)
// and it.
//
// Units: areas in mm^2 and volumes in ml when the masks carry a pixel spacing (Clip::spacing),
// else in pixels^2 and pixels^3 (EF, a ratio, is the same either way). EF in percent.
// Thread-safety: pure functions; call them from any thread.
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"

namespace latentecho {

// Area (count of set pixels, each pixelArea) and long-axis length of one mask.
struct LvMaskGeometry {
  double areaPixels = 0.0;      // set pixels
  double longAxisPixels = 0.0;  // along the principal axis, in pixels (geometric mean of the
                                // spacings for anisotropic pixels); 0 for an empty mask
  double area = 0.0;            // mm^2 with spacing, else pixels^2
  double longAxis = 0.0;        // mm with spacing, else pixels
  double volume = 0.0;          // area-length: ml with spacing, else pixels^3; 0 when empty
};

// Geometry of a height x width row-major mask (nonzero = LV). `spacing`: mm per row / column, or
// null for pixel units. Anisotropic spacing is honoured (coordinates are scaled before the
// principal axis is found).
LvMaskGeometry lvMaskGeometry(const std::uint8_t* mask, int height, int width,
                              const PixelSpacing* spacing = nullptr);

// Single-plane area-length volume 8 A^2 / (3 pi L). With A in mm^2 and L in mm, divide by 1000
// for ml (lvMaskGeometry does). Returns 0 when L <= 0.
double areaLengthVolume(double area, double longAxis);

struct CardiacPhaseParams {
  double minProminenceFraction = 0.5;  // of the trimmed range; EchoNet-Dynamic: 0.5; in (0, 1]
  double minDistanceSeconds = 0.3;     // between two ED (or two ES) frames; >= 0. EchoNet: 20
                                       // frames at 50 fps = 0.4 s, which a heart beating faster
                                       // than 150 bpm breaks; 0.3 s allows 200 bpm.
  // The first / last frame counts as an extreme only when the trace moves by at most this share
  // of its range to the neighbouring frame. >= 0.
  double maxEndpointStepFraction = 0.05;
  // When the trace varies less than this fraction of its largest value (a still or empty LV, a
  // segmentation that failed), no ED/ES is reported: there is no beat to find. [0, 1).
  double minRelativeRange = 0.03;
};

struct CardiacBeat {
  int edFrame = -1;
  int esFrame = -1;
  double edVolume = 0.0;
  double esVolume = 0.0;
  double ejectionFractionPercent = 0.0;  // 100 (EDV - ESV) / EDV
};

struct CardiacPhases {
  std::vector<int> edFrames;  // ascending
  std::vector<int> esFrames;  // ascending
};

// ED (maxima) and ES (minima) frames of an area (or volume) trace sampled at `fps` frames per
// second. Throws Error for fps <= 0, a non-finite value (naming its frame) or params out of range.
// An empty or flat trace gives no frames.
CardiacPhases detectCardiacPhases(const std::vector<double>& trace, double fps,
                                  const CardiacPhaseParams& params = {});

struct LvFunction {
  std::vector<double> areaPixels;  // per frame
  std::vector<double> area;        // per frame, mm^2 or pixels^2 (see volumeInMl)
  std::vector<double> longAxis;    // per frame, mm or pixels
  std::vector<double> volume;      // per frame, ml or pixels^3
  bool volumeInMl = false;         // true when the masks had a pixel spacing
  CardiacPhases phases;            // from the area trace
  std::vector<CardiacBeat> beats;  // ES frames with their ED
  // Mean EF over the beats; NaN when no beat was found.
  double ejectionFractionPercent = 0.0;
};

// LV function of a clip of LV masks (nonzero = LV) at `lvMasks.fps` (or `fps` when given > 0;
// one of them must be > 0). Throws Error for an empty clip, a pixel buffer that does not match
// its size, or no frame rate.
LvFunction measureLvFunction(const Clip& lvMasks, const CardiacPhaseParams& params = {},
                             double fps = 0.0);

// Mean EF of beats computed from ED/ES volume pairs: 100 (EDV - ESV) / EDV per beat; NaN for none.
double meanEjectionFraction(const std::vector<CardiacBeat>& beats);

}  // namespace latentecho
