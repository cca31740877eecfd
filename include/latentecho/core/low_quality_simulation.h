#pragma once
// The paper's simulated low-quality (LQ) acquisition (Fig. 1), after Singh et al. 2017:
//
//   1. radial-polar sampling: M points along each of N radial lines of the ultrasound sector,
//      read from the image with bilinear interpolation;
//   2. rectification: the samples rearranged into an M x N grid (row = depth, column = line);
//   3. Gaussian noise: I_L = I_H + n, n ~ N(0, sigma), intensities in [0,1], clamped to [0,1];
//   4. bilinear remap of the grid back onto the sector; pixels outside the sector are black.
//
// M and N set the axial and lateral resolution of the degraded image: with few lines the far
// field is smeared laterally, which (with the noise) is the anisotropic degradation the paper
// pairs with each high-quality frame to estimate its LQ -> HQ edit direction.
//
// Geometry conventions are SectorGeometry's: pixel (x, y) has its centre at (x + 0.5, y + 0.5).
// Sample m of a line lies at radius innerRadius + (outerRadius - innerRadius) * m / (M - 1), line
// n at angle -halfAngle + 2 * halfAngle * n / (N - 1) from the sector axis. Samples that fall
// outside the image read the nearest edge pixel (a fan cropped by the image border).
//
// Determinism: the noise is drawn from a counter-based generator keyed by (seed, frame index), so
// a result depends only on the inputs and the seed, never on thread count or call order.
// Thread-safety: all functions are pure; call them from any thread.
#include <cstdint>
#include <vector>

#include "latentecho/core/clip.h"
#include "latentecho/core/progress.h"
#include "latentecho/core/sector.h"

namespace latentecho {

struct LowQualitySimulationParams {
  int radialSamples = 224;  // M: points along each radial line (axial resolution), >= 2
  int lines = 100;          // N: radial lines across the sector (lateral resolution), >= 2
  double sigma = 0.2;       // standard deviation of the additive noise, intensities in [0,1]
  std::uint64_t seed = 0;
};

// The rectified M x N grid of step 2 (and, after noise, step 3). Row m is depth sample m, column n
// is line n: value(m, n) = values[m * lines + n]. Intensities in [0,1] (pixel / 255).
struct SectorGrid {
  int radialSamples = 0;
  int lines = 0;
  std::vector<float> values;

  float at(int m, int n) const { return values[static_cast<std::size_t>(m) * lines + n]; }
  float& at(int m, int n) { return values[static_cast<std::size_t>(m) * lines + n]; }
};

// Steps 1-2 on one 8-bit frame of height x width (row-major). Throws Error when the sector is
// invalid or the grid size is below 2 x 2.
SectorGrid sampleSectorGrid(const std::uint8_t* frame, int height, int width,
                            const SectorGeometry& sector, int radialSamples, int lines);

// Step 3: adds N(0, sigma) noise to every grid value and clamps to [0,1]. `frameIndex` selects the
// noise stream so that the frames of a clip get independent noise from one seed.
void addGaussianNoise(SectorGrid& grid, double sigma, std::uint64_t seed, std::uint64_t frameIndex);

// Step 4: bilinear remap of the grid onto a height x width 8-bit frame (row-major, rounded).
// Pixels whose centre lies outside the sector are 0.
std::vector<std::uint8_t> remapGridToSector(const SectorGrid& grid, const SectorGeometry& sector,
                                            int height, int width);

// All four steps on every frame of `clip`; keeps fps and spacing, appends to `source`. Frames are
// processed in parallel (LibTorch's intra-op threads). Reports progress per frame; throws
// Cancelled when asked to stop and Error for an empty clip, an invalid sector or bad parameters.
Clip simulateLowQuality(const Clip& clip, const SectorGeometry& sector,
                        const LowQualitySimulationParams& params, const Progress& progress = {});

}  // namespace latentecho
