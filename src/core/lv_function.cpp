#include "latentecho/core/lv_function.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"

namespace latentecho {
namespace {

constexpr double kPi = 3.14159265358979323846;

double quantile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  const double position = fraction * static_cast<double>(values.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - below) * (values[above] - values[below]);
}

struct Extreme {
  int frame = 0;
  double prominence = 0.0;
};

// Maxima of `a` with their prominence: scipy.signal.peak_prominences, except that a side whose
// scan reaches the clip's border without meeting a higher value is open and does not bound the
// prominence (a clip cut short is not evidence that the peak is shallow); with both sides open
// (the trace's maximum) the lower of the two minima is the base. The first and last frames count
// as maxima when the trace moves away from them by at most `maxEndpointStep` to the next frame:
// they are then close to the extreme, not cut off on the way to it. Plateaus count once, at
// their middle.
std::vector<Extreme> maximaWithProminence(const std::vector<double>& a, double maxEndpointStep) {
  const int n = static_cast<int>(a.size());
  std::vector<Extreme> out;
  int i = 0;
  while (i < n) {
    int j = i;
    while (j + 1 < n && a[j + 1] == a[i]) ++j;
    const bool risesInto = i == 0 || a[i - 1] < a[i];
    const bool fallsAfter = j == n - 1 || a[j + 1] < a[i];
    const bool hasSide = i > 0 || j < n - 1;
    const bool flatAtStart = i > 0 || (j < n - 1 && a[i] - a[j + 1] <= maxEndpointStep);
    const bool flatAtEnd = j < n - 1 || (i > 0 && a[j] - a[i - 1] <= maxEndpointStep);
    if (risesInto && fallsAfter && hasSide && flatAtStart && flatAtEnd) {
      const double top = a[i];
      double closedBase = -std::numeric_limits<double>::infinity();
      double openBase = std::numeric_limits<double>::infinity();
      bool closed = false;
      auto scan = [&](int from, int step) {
        double low = top;
        int k = from;
        for (; k >= 0 && k < n && a[k] <= top; k += step) low = std::min(low, a[k]);
        if (k >= 0 && k < n) {
          closed = true;
          closedBase = std::max(closedBase, low);
        } else {
          openBase = std::min(openBase, low);
        }
      };
      if (i > 0) scan(i - 1, -1);
      if (j < n - 1) scan(j + 1, +1);
      out.push_back({(i + j) / 2, top - (closed ? closedBase : openBase)});
    }
    i = j + 1;
  }
  return out;
}

// The extremes with prominence >= minProminence, thinned so that no two lie closer than
// minDistance frames (the more prominent wins; ties: the earlier), in frame order.
std::vector<int> selectExtremes(std::vector<Extreme> extremes, double minProminence,
                                double minDistance) {
  extremes.erase(std::remove_if(extremes.begin(), extremes.end(),
                                [&](const Extreme& e) { return e.prominence < minProminence; }),
                 extremes.end());
  std::stable_sort(extremes.begin(), extremes.end(),
                   [](const Extreme& a, const Extreme& b) { return a.prominence > b.prominence; });
  std::vector<int> kept;
  for (const Extreme& e : extremes) {
    bool clear = true;
    for (int k : kept) clear = clear && std::abs(k - e.frame) >= minDistance;
    if (clear) kept.push_back(e.frame);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

}  // namespace

double areaLengthVolume(double area, double longAxis) {
  if (!(longAxis > 0.0)) return 0.0;
  return 8.0 * area * area / (3.0 * kPi * longAxis);
}

LvMaskGeometry lvMaskGeometry(const std::uint8_t* mask, int height, int width,
                              const PixelSpacing* spacing) {
  if (height < 0 || width < 0) throw Error("LV mask geometry: negative mask size");
  const double rowMm = spacing ? spacing->rowMm : 1.0;
  const double columnMm = spacing ? spacing->columnMm : 1.0;
  if (spacing && !(rowMm > 0.0 && columnMm > 0.0)) {
    std::ostringstream message;
    message << "LV mask geometry: pixel spacing " << rowMm << " x " << columnMm
            << " mm must be positive";
    throw Error(message.str());
  }
  // Moments in physical units (so anisotropic pixels are handled).
  double count = 0, sumX = 0, sumY = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (mask[static_cast<std::size_t>(y) * width + x]) {
        count += 1;
        sumX += x * columnMm;
        sumY += y * rowMm;
      }
  LvMaskGeometry g;
  g.areaPixels = count;
  if (count == 0) return g;
  const double meanX = sumX / count, meanY = sumY / count;
  double xx = 0, yy = 0, xy = 0;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (mask[static_cast<std::size_t>(y) * width + x]) {
        const double dx = x * columnMm - meanX, dy = y * rowMm - meanY;
        xx += dx * dx;
        yy += dy * dy;
        xy += dx * dy;
      }
  // Eigenvector of the larger eigenvalue of [[xx, xy], [xy, yy]].
  const double angle = 0.5 * std::atan2(2.0 * xy, xx - yy);
  const double ux = std::cos(angle), uy = std::sin(angle);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      if (mask[static_cast<std::size_t>(y) * width + x]) {
        const double t = x * columnMm * ux + y * rowMm * uy;
        lo = std::min(lo, t);
        hi = std::max(hi, t);
      }
  // Plus the extent of one pixel along the axis (a pixel is a rectangle, not a point).
  const double pixelExtent = std::abs(ux) * columnMm + std::abs(uy) * rowMm;
  g.longAxis = hi - lo + pixelExtent;
  g.area = count * rowMm * columnMm;
  g.longAxisPixels = g.longAxis / std::sqrt(rowMm * columnMm);
  g.volume = areaLengthVolume(g.area, g.longAxis) / (spacing ? 1000.0 : 1.0);
  return g;
}

CardiacPhases detectCardiacPhases(const std::vector<double>& trace, double fps,
                                  const CardiacPhaseParams& params) {
  if (!(fps > 0.0) || !std::isfinite(fps)) {
    std::ostringstream message;
    message << "cardiac phases: fps = " << fps << " must be a positive frame rate";
    throw Error(message.str());
  }
  if (!(params.minProminenceFraction > 0.0 && params.minProminenceFraction <= 1.0))
    throw Error("cardiac phases: minProminenceFraction must lie in (0, 1]");
  if (!(params.minDistanceSeconds >= 0.0) || !std::isfinite(params.minDistanceSeconds))
    throw Error("cardiac phases: minDistanceSeconds must be a finite number >= 0");
  if (!(params.maxEndpointStepFraction >= 0.0) || !std::isfinite(params.maxEndpointStepFraction))
    throw Error("cardiac phases: maxEndpointStepFraction must be a finite number >= 0");
  if (!(params.minRelativeRange >= 0.0 && params.minRelativeRange < 1.0))
    throw Error("cardiac phases: minRelativeRange must lie in [0, 1)");
  for (std::size_t t = 0; t < trace.size(); ++t)
    if (!std::isfinite(trace[t])) {
      std::ostringstream message;
      message << "cardiac phases: the trace value at frame " << t << " is " << trace[t]
              << "; every frame needs a finite area";
      throw Error(message.str());
    }
  CardiacPhases phases;
  if (trace.size() < 2) return phases;
  const double largest = *std::max_element(trace.begin(), trace.end());
  const double smallest = *std::min_element(trace.begin(), trace.end());
  if (!(largest > 0.0) || largest - smallest <= params.minRelativeRange * std::abs(largest))
    return phases;
  const double trimmedRange = quantile(trace, 0.95) - quantile(trace, 0.05);
  // A trace with one outlier frame has a trimmed range near 0; the full range then stands in.
  const double range = trimmedRange > 0.0 ? trimmedRange : largest - smallest;
  const double minProminence = params.minProminenceFraction * range;
  const double minDistance = params.minDistanceSeconds * fps;

  const double maxEndpointStep = params.maxEndpointStepFraction * range;
  phases.edFrames =
      selectExtremes(maximaWithProminence(trace, maxEndpointStep), minProminence, minDistance);
  std::vector<double> negated(trace.size());
  for (std::size_t t = 0; t < trace.size(); ++t) negated[t] = -trace[t];
  phases.esFrames =
      selectExtremes(maximaWithProminence(negated, maxEndpointStep), minProminence, minDistance);
  return phases;
}

double meanEjectionFraction(const std::vector<CardiacBeat>& beats) {
  if (beats.empty()) return std::numeric_limits<double>::quiet_NaN();
  double sum = 0.0;
  for (const CardiacBeat& beat : beats) sum += beat.ejectionFractionPercent;
  return sum / static_cast<double>(beats.size());
}

LvFunction measureLvFunction(const Clip& lvMasks, const CardiacPhaseParams& params, double fps) {
  if (lvMasks.empty()) throw Error("LV function: the LV mask clip holds no frames");
  if (lvMasks.pixels.size() != lvMasks.frameCount * lvMasks.frameSize())
    throw Error("LV function: the LV mask clip's pixel buffer does not match its size");
  const double rate = fps > 0.0 ? fps : lvMasks.fps;
  if (!(rate > 0.0)) {
    throw Error(
        "LV function: the LV masks carry no frame rate (fps = 0); ED/ES detection needs "
        "one: give it explicitly");
  }
  LvFunction out;
  const PixelSpacing* spacing = lvMasks.spacing ? &*lvMasks.spacing : nullptr;
  out.volumeInMl = spacing != nullptr;
  for (int t = 0; t < lvMasks.frameCount; ++t) {
    const LvMaskGeometry g =
        lvMaskGeometry(lvMasks.frame(t), lvMasks.height, lvMasks.width, spacing);
    out.areaPixels.push_back(g.areaPixels);
    out.area.push_back(g.area);
    out.longAxis.push_back(g.longAxis);
    out.volume.push_back(g.volume);
  }
  out.phases = detectCardiacPhases(out.areaPixels, rate, params);
  int previousEs = -1;
  for (int es : out.phases.esFrames) {
    int bestEd = -1;
    for (int ed : out.phases.edFrames)
      if (ed > previousEs && ed < es && (bestEd < 0 || out.areaPixels[ed] > out.areaPixels[bestEd]))
        bestEd = ed;
    previousEs = es;
    if (bestEd < 0 || !(out.volume[bestEd] > 0.0)) continue;
    CardiacBeat beat;
    beat.edFrame = bestEd;
    beat.esFrame = es;
    beat.edVolume = out.volume[bestEd];
    beat.esVolume = out.volume[es];
    beat.ejectionFractionPercent = 100.0 * (beat.edVolume - beat.esVolume) / beat.edVolume;
    out.beats.push_back(beat);
  }
  out.ejectionFractionPercent = meanEjectionFraction(out.beats);
  return out;
}

}  // namespace latentecho
