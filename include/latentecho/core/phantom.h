#pragma once
// A beating apical four-chamber (A4C) echo phantom with ground truth.
//
// No clinical data can be fetched where this project is built, so the project makes its own:
// a heart in an ultrasound sector (apex at the top; LV on the viewer's right, RV on the left,
// atria at the bottom; septa, mitral and tricuspid leaflets, myocardium, bright pericardium)
// whose LV contracts with a chosen ejection fraction at a chosen heart rate, imaged the way a
// scanner does: tissue scatterers that move with the tissue, a point-spread function in beam
// (polar) coordinates that widens laterally with depth, envelope detection, depth attenuation
// with time-gain compensation, log compression to 8 bits and scan conversion into the fan.
//
// Every clip comes twice from the same heart and the same scatterers: a clean high-quality (HQ)
// rendering and a clinically degraded low-quality (LQ) one (near-field reverberation clutter,
// haze filling the chambers, stronger attenuation, more noise, lower contrast). The truth (LV
// masks, areas, volumes, ED/ES, EF, EchoNet-style tracings) holds for both renderings.
//
// Units: lengths in millimetres unless a name says pixels; EF in percent (as EchoNet-Dynamic's
// FileList.csv); volumes in millilitres. Image coordinates follow SectorGeometry: pixel (x, y)
// has its centre at (x + 0.5, y + 0.5) — except VolumeTracing, which follows EchoNet-Dynamic's
// VolumeTracings.csv (pixel centres at integer coordinates) so rows can be written as they are.
//
// Determinism: a PhantomParams (its seed included) always gives the same clip, bit for bit, on
// any thread count. Thread-safety: the functions are pure; call them from any thread.
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"
#include "latentecho/core/sector.h"

namespace latentecho {

struct PhantomParams {
  // --- the clip
  std::uint64_t seed = 1;  // scatterers, tissue texture, clutter and noise
  int frames = 32;         // >= 1
  int height = 256;        // pixels, >= 32
  int width = 256;         // pixels, >= 32
  double fps = 50.0;       // frames per second (EchoNet-Dynamic: 50)

  // --- the scanner
  double depthMm = 160.0;            // apex of the fan to its bottom arc, 80..260
  double sectorHalfAngleDeg = 40.0;  // half the opening of the fan, 20..50
  double gainDb = 0.0;               // overall gain, -15..15
  double dynamicRangeDb = 55.0;      // log-compression range mapped to 0..255, 30..90
  double transmitFocusMm = 90.0;     // depth of the narrowest beam
  double lateralResolutionMm = 0.9;  // lateral PSF standard deviation at the focus
  double axialResolutionMm = 0.35;   // axial PSF standard deviation

  // --- the heart at end-diastole (ED)
  double heartRateBpm = 70.0;           // 30..200
  double ejectionFractionPercent = 60;  // 5..90; the LV volumes reproduce it (area-length)
  double lvLengthMm = 85.0;             // LV endocardial apex to mitral annulus midpoint
  double lvWidthMm = 48.0;              // widest LV endocardial diameter
  double lvWallMm = 10.0;               // lateral LV wall thickness
  double septumMm = 10.0;               // interventricular septum thickness
  double rvWidthMm = 34.0;              // RV basal diameter
  double rvLengthFraction = 0.65;       // RV length (tricuspid annulus to RV apex) / LV length
  double laLengthMm = 48.0;             // mitral annulus to LA roof
  double laWidthMm = 42.0;
  double raLengthMm = 44.0;  // tricuspid annulus to RA roof
  double raWidthMm = 40.0;
  double tricuspidOffsetMm = 8.0;  // apical displacement of the tricuspid annulus
  double apexDepthMm = 36.0;       // transducer to the LV endocardial apex
  double apexOffsetMm = 0.0;       // lateral offset of the apex; + towards the LV
  double tiltDeg = 8.0;            // long-axis tilt from the beam axis; + base towards LV
  double longitudinalShare = 0.5;  // long-axis shortening / short-axis shortening, 0..1
  double edPhase = 0.25;  // where the first ED falls: 0 = first frame, 1 = as late as still
                          // leaves its ES inside the clip

  // --- the LQ rendering; each 0 (absent) .. 1 (severe)
  double reverberation = 0.7;  // near-field clutter bands under the transducer
  double haze = 0.6;           // stationary clutter filling the chambers
  double noise = 0.5;          // electronic noise, amplified with depth by the TGC
  double attenuation = 0.5;    // extra depth attenuation the TGC does not fully recover
  double contrastLoss = 0.5;   // wider log compression: a flatter, greyer image
};

// Draws a varied, plausible heart and scanner from `seed` (EF spread like EchoNet-Dynamic's,
// 15..80 %, dilated ventricles at low EF; depth, fan width, gain, rates, LQ severity). The clip
// fields (frames, height, width, fps) keep their defaults; set them afterwards as needed.
PhantomParams randomPhantomParams(std::uint64_t seed);

// EchoNet-Dynamic VolumeTracings.csv rows for one traced frame: the first row is the LV long axis
// (x1,y1 = mitral annulus midpoint, x2,y2 = endocardial apex), the rest are the disc chords
// perpendicular to it, from the base to the apex (x1,y1 on the septal side). Coordinates are
// pixels with pixel centres at integers (EchoNet-Dynamic's convention).
struct VolumeTracing {
  int frame = 0;
  double x1 = 0.0, y1 = 0.0, x2 = 0.0, y2 = 0.0;
};

struct PhantomClip {
  PhantomParams params;
  SectorGeometry sector;  // the fan, in pixels; identical for hq and lq
  Clip hq;                // clean rendering; fps = params.fps, spacing set
  Clip lq;                // degraded rendering of the same heart and scatterers
  Clip lvMask;            // LV cavity per frame, pixels 0/1, only inside the sector
  Clip myocardiumMask;    // LV myocardium (lateral wall, apex, septum) per frame, 0/1, disjoint
                          // from lvMask, only inside the sector
  double pixelSpacingMm = 0.0;       // isotropic: mm per pixel in x and y
  std::vector<double> lvAreaPixels;  // per frame: pixels in lvMask
  std::vector<double> lvAreaMm2;     // per frame: lvAreaPixels * spacing^2
  std::vector<double> lvLengthMm;    // per frame: endocardial apex to annulus midpoint
  std::vector<double> lvVolumeMl;    // per frame: area-length 8 A^2 / (3 pi L)
  std::vector<double> contraction;   // per frame: LV contraction state, 0 at ED rising to
                                     // 1 at ES, back towards 0 through diastole
  int edFrame = -1;  // first end-diastolic frame (maximal LV volume); always inside the clip
  int esFrame = -1;  // the end-systolic frame after it (minimal volume); -1 if outside the clip
  // From the LV masks at the ED and ES instants of the cycle (the same masks the clip shows at
  // edFrame/esFrame), so they exist even when a short clip holds neither frame.
  double edvMl = 0.0;
  double esvMl = 0.0;
  double ejectionFractionPercent = 0.0;  // 100 * (EDV - ESV) / EDV
  // ED rows then ES rows (frame = edFrame / esFrame); 1 + chords rows each. Empty when either
  // frame lies outside the clip.
  std::vector<VolumeTracing> tracings;
};

// Number of disc chords per traced frame (EchoNet-Dynamic: 20, so 21 rows with the long axis).
constexpr int kPhantomTracingChords = 20;

// Renders the clip. Throws Error naming the parameter for values out of range, or when the heart
// does not fit inside the fan (make depthMm larger or the heart smaller); Cancelled when the
// progress callback asks to stop. About 1 s for 32 frames of 256 x 256 on 2 cores.
PhantomClip simulatePhantom(const PhantomParams& params, const Progress& progress = {});

}  // namespace latentecho
