#include "latentecho/core/low_quality_simulation.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"
#include "splitmix_random.h"

namespace latentecho {
namespace {

void checkSector(const SectorGeometry& sector, const char* where) {
  if (!sector.valid() || !std::isfinite(sector.apexX) || !std::isfinite(sector.apexY))
    throw Error(std::string(where) +
                ": the sector geometry is invalid (needs outerRadius > innerRadius and "
                "halfAngle > 0)");
}

void checkGridSize(int radialSamples, int lines, const char* where) {
  if (radialSamples < 2 || lines < 2)
    throw Error(std::string(where) + ": radial samples (" + std::to_string(radialSamples) +
                ") and lines (" + std::to_string(lines) + ") must both be at least 2");
}

// Bilinear read of an 8-bit frame at continuous image coordinates (pixel centres at +0.5),
// clamped to the frame so a fan cropped by the border reads its edge pixels.
float bilinear(const std::uint8_t* frame, int height, int width, double x, double y) {
  const double fx = std::clamp(x - 0.5, 0.0, static_cast<double>(width - 1));
  const double fy = std::clamp(y - 0.5, 0.0, static_cast<double>(height - 1));
  const int x0 = std::min(static_cast<int>(fx), width - 1);
  const int y0 = std::min(static_cast<int>(fy), height - 1);
  const int x1 = std::min(x0 + 1, width - 1);
  const int y1 = std::min(y0 + 1, height - 1);
  const double ax = fx - x0;
  const double ay = fy - y0;
  const double top = frame[y0 * width + x0] * (1.0 - ax) + frame[y0 * width + x1] * ax;
  const double bottom = frame[y1 * width + x0] * (1.0 - ax) + frame[y1 * width + x1] * ax;
  return static_cast<float>(top * (1.0 - ay) + bottom * ay);
}

}  // namespace

SectorGrid sampleSectorGrid(const std::uint8_t* frame, int height, int width,
                            const SectorGeometry& sector, int radialSamples, int lines) {
  checkSector(sector, "radial-polar sampling");
  checkGridSize(radialSamples, lines, "radial-polar sampling");
  if (frame == nullptr || height < 1 || width < 1)
    throw Error("radial-polar sampling: the frame is empty");
  SectorGrid grid;
  grid.radialSamples = radialSamples;
  grid.lines = lines;
  grid.values.resize(static_cast<std::size_t>(radialSamples) * lines);
  const double radialStep = (sector.outerRadius - sector.innerRadius) / (radialSamples - 1);
  const double angleStep = 2.0 * sector.halfAngle / (lines - 1);
  for (int n = 0; n < lines; ++n) {
    const double angle = -sector.halfAngle + angleStep * n;
    for (int m = 0; m < radialSamples; ++m) {
      double x = 0.0, y = 0.0;
      sector.toImage(sector.innerRadius + radialStep * m, angle, x, y);
      grid.at(m, n) = bilinear(frame, height, width, x, y) / 255.0f;
    }
  }
  return grid;
}

void addGaussianNoise(SectorGrid& grid, double sigma, std::uint64_t seed,
                      std::uint64_t frameIndex) {
  if (!(sigma >= 0.0) || !std::isfinite(sigma))
    throw Error("LQ simulation: sigma must be a finite number >= 0 (got " + std::to_string(sigma) +
                ")");
  if (sigma == 0.0) return;
  detail::RandomStream random(detail::streamKey(seed, frameIndex, 0x4C51));
  for (float& value : grid.values)
    value = static_cast<float>(std::clamp(value + sigma * random.normal(), 0.0, 1.0));
}

std::vector<std::uint8_t> remapGridToSector(const SectorGrid& grid, const SectorGeometry& sector,
                                            int height, int width) {
  checkSector(sector, "sector remap");
  checkGridSize(grid.radialSamples, grid.lines, "sector remap");
  if (grid.values.size() != static_cast<std::size_t>(grid.radialSamples) * grid.lines)
    throw Error("sector remap: the grid holds " + std::to_string(grid.values.size()) +
                " values, not radialSamples x lines");
  if (height < 1 || width < 1) throw Error("sector remap: the output frame size must be positive");
  std::vector<std::uint8_t> out(static_cast<std::size_t>(height) * width, 0);
  const double radialScale = (grid.radialSamples - 1) / (sector.outerRadius - sector.innerRadius);
  const double angleScale = (grid.lines - 1) / (2.0 * sector.halfAngle);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double radius = 0.0, angle = 0.0;
      sector.toPolar(x + 0.5, y + 0.5, radius, angle);
      if (radius < sector.innerRadius || radius > sector.outerRadius ||
          std::abs(angle) > sector.halfAngle)
        continue;
      const double fm = std::clamp((radius - sector.innerRadius) * radialScale, 0.0,
                                   static_cast<double>(grid.radialSamples - 1));
      const double fn = std::clamp((angle + sector.halfAngle) * angleScale, 0.0,
                                   static_cast<double>(grid.lines - 1));
      const int m0 = std::min(static_cast<int>(fm), grid.radialSamples - 2);
      const int n0 = std::min(static_cast<int>(fn), grid.lines - 2);
      const double am = fm - m0;
      const double an = fn - n0;
      const double nearRow = grid.at(m0, n0) * (1.0 - an) + grid.at(m0, n0 + 1) * an;
      const double farRow = grid.at(m0 + 1, n0) * (1.0 - an) + grid.at(m0 + 1, n0 + 1) * an;
      const double value = std::clamp(nearRow * (1.0 - am) + farRow * am, 0.0, 1.0);
      out[static_cast<std::size_t>(y) * width + x] =
          static_cast<std::uint8_t>(std::lround(value * 255.0));
    }
  }
  return out;
}

Clip simulateLowQuality(const Clip& clip, const SectorGeometry& sector,
                        const LowQualitySimulationParams& params, const Progress& progress) {
  if (clip.empty()) throw Error("LQ simulation: the clip has no frames");
  if (clip.pixels.size() != static_cast<std::size_t>(clip.frameCount) * clip.frameSize())
    throw Error("LQ simulation: the clip's pixel buffer does not match its frame count and size");
  checkSector(sector, "LQ simulation");
  checkGridSize(params.radialSamples, params.lines, "LQ simulation");
  if (!(params.sigma >= 0.0) || !std::isfinite(params.sigma))
    throw Error("LQ simulation: sigma must be a finite number >= 0 (got " +
                std::to_string(params.sigma) + ")");

  Clip out = clip;
  const int chunk = std::max(1, at::get_num_threads());
  for (int first = 0; first < clip.frameCount; first += chunk) {
    progress.report(static_cast<double>(first) / clip.frameCount, "simulating low quality");
    const int last = std::min(clip.frameCount, first + chunk);
    at::parallel_for(first, last, 1, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        SectorGrid grid = sampleSectorGrid(clip.frame(static_cast<int>(t)), clip.height, clip.width,
                                           sector, params.radialSamples, params.lines);
        addGaussianNoise(grid, params.sigma, params.seed, static_cast<std::uint64_t>(t));
        const std::vector<std::uint8_t> frame =
            remapGridToSector(grid, sector, clip.height, clip.width);
        std::copy(frame.begin(), frame.end(), out.frame(static_cast<int>(t)));
      }
    });
  }
  progress.report(1.0, "simulating low quality");
  std::ostringstream description;
  description << clip.source << (clip.source.empty() ? "" : " ")
              << "[simulated LQ: M=" << params.radialSamples << " N=" << params.lines
              << " sigma=" << params.sigma << " seed=" << params.seed << "]";
  out.source = description.str();
  return out;
}

}  // namespace latentecho
