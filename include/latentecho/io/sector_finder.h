#pragma once
// Finding the ultrasound sector (the fan) in an echo clip, so that burnt-in text, ECG traces,
// colour bars and scale markers outside it can be blanked and the fan cropped for the models.
//
// How: the per-pixel maximum over (up to 64, evenly spaced) frames marks where image data ever
// appears; thresholding above the background, a morphological opening (removes thin text strokes
// and ECG lines), a closing and hole filling (dark chambers) and the largest connected region give
// the fan's footprint. Its two straight edges are found as the two longest straight runs of the
// region's outline (RANSAC, then least squares; outline points on the image border are ignored,
// so a fan cut by the image edges still works); they meet at the apex. The radii come from rays
// cast from the apex through the region. The fit must explain the region: intersection over union
// of the fitted sector and the region >= 0.85, >= 75% of the region's outline (off the image
// border) on the sector's sides or arcs, an opening between 20° and 130°, sides at least a quarter
// of the depth long, and an area of at least 10% of the image's shorter side squared.
//
// Measured on drawn fans (scratch sweeps over 112-712 px images, 25-50° half angles, tilts up to
// ±10°, 1 or 8 frames, text/ECG/grey-bar overlays): on 60 fans apex within 1.1 px, angles within
// 0.25°, outer radius within 1 px where the arc lies inside the image clear of overlays. On 250
// harder fans (black chambers cutting the fan's edge, the bar touching it) 238 were found; 6 of
// 1350 smooth random blob images were wrongly taken for fans. About 30 ms for 100 frames of
// 800x600 on one core.
//
// Deterministic (fixed RANSAC seed). Thread-safe: no shared state.
#include "latentecho/core/clip.h"
#include "latentecho/core/sector.h"

namespace latentecho {

// The sector in the clip's pixel coordinates (pixel (x, y) covers [x, x+1) x [y, y+1)).
// innerRadius is where image data starts along the rays (about 0 for a fan that starts at its
// apex); outerRadius where it ends (the far arc; where the image border cuts the arc, the largest
// depth seen). Throws Error "no ultrasound sector found in <source>: <why>" for an empty clip or
// one without a fan (a uniform image, noise everywhere, a photograph, a checkerboard).
SectorGeometry findSector(const Clip& clip);

}  // namespace latentecho
