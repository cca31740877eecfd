#include "latentecho/core/phantom.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>
#include <string>

#include "latentecho/core/error.h"
#include "splitmix_random.h"

namespace latentecho {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDegree = kPi / 180.0;

double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }
double smoothstep(double edge0, double edge1, double x) {
  const double t = clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3.0 - 2.0 * t);
}
// 0 -> 1 with zero slope at both ends: the shape of every phase transition of the cycle.
double ease(double u) { return 0.5 - 0.5 * std::cos(kPi * clamp01(u)); }

// ---------------------------------------------------------------------------------------------
// Geometry. The heart lives in its own frame (millimetres): origin at the LV endocardial apex,
// +y along the long axis towards the mitral annulus (away from the transducer), +x towards the LV
// lateral wall (the viewer's right in the standard A4C display). The reference configuration is
// end-diastole; every other instant is a pull-back deformation of it, so tissue, its speckle and
// the truth masks move together.

// LV endocardial half-width profile along the long axis, s = 0 at the apex .. 1 at the annulus:
// a rounded apex, widest in the basal third, narrowing to the annulus. Normalised to a maximum
// of 1 and tabulated because it is evaluated for every beam sample of every frame.
class LvProfile {
 public:
  explicit LvProfile(double annulusNarrowing) {
    double peak = 0.0;
    for (int i = 0; i <= kSize; ++i) {
      const double s = static_cast<double>(i) / kSize;
      table_[i] = std::pow(std::max(0.0, 1.0 - (1.0 - s) * (1.0 - s)), 0.65) *
                  (1.0 - annulusNarrowing * s * s * s * s);
      peak = std::max(peak, table_[i]);
    }
    for (double& v : table_) v /= peak;
  }
  double operator()(double s) const {
    if (s <= 0.0) return 0.0;
    if (s >= 1.0) return table_[kSize];
    const double f = s * kSize;
    const int i = static_cast<int>(f);
    return table_[i] + (table_[i + 1] - table_[i]) * (f - i);
  }

 private:
  static constexpr int kSize = 2048;
  std::array<double, kSize + 1> table_{};
};

struct CycleState {
  double contraction = 0.0;  // 0 at ED .. 1 at ES
  double lvLength = 0.0;     // current endocardial long axis
  double lvWidth = 0.0;      // current widest endocardial diameter
  double rvHalf = 0.0;       // current RV basal half-width
  double mitralOpen = 0.0;   // 0 closed .. 1 fully open
  double tricuspidOpen = 0.0;
};

struct Heart {
  LvProfile profile{0.25};
  // End-diastolic dimensions.
  double length = 85, width = 48, lateralWall = 10, septum = 10, apicalWall = 8;
  double rvWidth = 34, rvApexY = 20, tricuspidY = 77, rvWall = 4.5;
  double laCenterX = 0, laCenterY = 0, laSemiX = 21, laSemiY = 37;
  double raCenterX = 0, raCenterY = 0, raSemiX = 20, raSemiY = 34;
  double septumBaseX = 0;  // RV side of the septum at the annulus plane
  double rvAxisX = 0;      // centre line of the RV for its radial contraction
  double lateralMin = 0, lateralMax = 0, roofY = 0;
  double aortaX = 0, aortaY = 0, aortaRadius = 8;
  // Contraction: at ES the LV is (1 - widthShortening) as wide and (1 - lengthShortening) as long.
  double widthShortening = 0.3, lengthShortening = 0.15, rvShortening = 0.25;

  double lvHalfWidth(double s) const { return 0.5 * width * profile(s); }
  double annulusHalfWidth() const { return lvHalfWidth(1.0); }

  CycleState state(double contraction, double mitralOpen, double tricuspidOpen) const {
    CycleState st;
    st.contraction = contraction;
    st.lvLength = length * (1.0 - lengthShortening * contraction);
    st.lvWidth = width * (1.0 - widthShortening * contraction);
    st.rvHalf = 0.5 * rvWidth * (1.0 - rvShortening * contraction);
    st.mitralOpen = mitralOpen;
    st.tricuspidOpen = tricuspidOpen;
    return st;
  }

  // Whether heart-frame point (x, y) is in the LV cavity at `st` (exact: the cavity at any
  // instant is the profile scaled to the current length and width).
  bool lvCavityContains(double x, double y, const CycleState& st) const {
    if (y < 0.0 || y > st.lvLength) return false;
    return std::abs(x) <= 0.5 * st.lvWidth * profile(y / st.lvLength);
  }

  // Current -> reference (ED) position. Three stages, each the identity at ED:
  // LV radial contraction about its long axis (area-preserving outside the cavity, so the wall
  // thickens in systole), RV free-wall contraction, and the descent of the atrioventricular
  // plane towards the (nearly fixed) apex, which stretches the atria in systole.
  void pullBack(double& x, double& y, const CycleState& st) const {
    const double s = y / st.lvLength;
    if (s > 0.0) {
      const double sc = std::min(s, 1.0);
      const double current = 0.5 * st.lvWidth * profile(sc);
      const double reference = 0.5 * width * profile(sc);
      const double fade = s <= 1.0 ? 1.0 : 1.0 - smoothstep(1.0, 1.25, s);
      const double delta = (reference * reference - current * current) * fade;
      if (current > 1e-9 && delta > 0.0) {
        const double ax = std::abs(x);
        const double mapped = ax <= current ? ax * std::sqrt(current * current + delta) / current
                                            : std::sqrt(ax * ax + delta);
        x = std::copysign(mapped, x);
      }
    }
    if (x < rvAxisX) {
      const double currentTricuspid = tricuspidY * st.lvLength / length;
      const double weight = smoothstep(rvApexY, rvApexY + 0.35 * (currentTricuspid - rvApexY), y) *
                            (1.0 - smoothstep(currentTricuspid, currentTricuspid + 20.0, y));
      const double reference = 0.5 * rvWidth;
      const double current = st.rvHalf;
      if (weight > 0.0 && current < reference) {
        const double e = rvAxisX - x;
        const double mapped = e <= current
                                  ? e * reference / current
                                  : std::sqrt(e * e + reference * reference - current * current);
        x = rvAxisX - (e + weight * (mapped - e));
      }
    }
    double longitudinal = y;
    if (y > 0.0 && y <= st.lvLength)
      longitudinal = y * length / st.lvLength;
    else if (y > st.lvLength && y < roofY)
      longitudinal = length + (y - st.lvLength) * (roofY - length) / (roofY - st.lvLength);
    const double lateralWeight =
        1.0 - smoothstep(0.0, 25.0, std::max(lateralMin - x, x - lateralMax));
    y += lateralWeight * (longitudinal - y);
  }

  // Reference -> current, by fixed-point iteration of the pull-back (a small deformation).
  void pushForward(double referenceX, double referenceY, const CycleState& st, double& x,
                   double& y) const {
    x = referenceX;
    y = referenceY;
    for (int i = 0; i < 30; ++i) {
      double px = x, py = y;
      pullBack(px, py, st);
      x += referenceX - px;
      y += referenceY - py;
    }
  }
};

// The cardiac cycle: contraction and valve opening as functions of time since ED.
struct Cycle {
  double period = 1.0;   // seconds per beat
  double systole = 0.3;  // ED -> ES, seconds (a whole number of frames)

  double contraction(double sinceEd) const {
    const double tau = std::fmod(std::fmod(sinceEd, period) + period, period);
    if (tau <= systole) return ease(tau / systole);
    const double s = (tau - systole) / (period - systole);
    if (s < 0.4) return 1.0 - 0.75 * ease(s / 0.4);             // rapid filling (E wave)
    if (s < 0.75) return 0.25 - 0.10 * ease((s - 0.4) / 0.35);  // diastasis
    return 0.15 - 0.15 * ease((s - 0.75) / 0.25);               // atrial kick (A wave)
  }
  // Atrioventricular valve opening; `delay` (fraction of diastole) lets the tricuspid lag.
  double valveOpening(double sinceEd, double delay) const {
    const double tau = std::fmod(std::fmod(sinceEd, period) + period, period);
    if (tau <= systole) return 0.0;
    const double s = (tau - systole) / (period - systole) - delay;
    if (s < 0.04) return 0.0;
    if (s < 0.14) return ease((s - 0.04) / 0.10);
    if (s < 0.50) return 1.0 - 0.55 * ease((s - 0.14) / 0.36);
    if (s < 0.72) return 0.45;
    if (s < 0.80) return 0.45 + 0.45 * ease((s - 0.72) / 0.08);
    if (s < 0.90) return 0.90;
    return 0.90 * (1.0 - ease((s - 0.90) / 0.10));
  }
};

// Exact Euclidean distance transform (Felzenszwalb & Huttenlocher), in cells: distance from
// every cell to the nearest cell where `inside` is set.
std::vector<float> distanceTransform(const std::vector<std::uint8_t>& inside, int width,
                                     int height) {
  constexpr double kFar = 1e12;
  const int n = std::max(width, height);
  std::vector<double> f(n), d(n), z(n + 1);
  std::vector<int> v(n);
  std::vector<double> squared(static_cast<std::size_t>(width) * height);
  auto transform1d = [&](int count) {
    int k = 0;
    v[0] = 0;
    z[0] = -kFar;
    z[1] = kFar;
    for (int q = 1; q < count; ++q) {
      double s = ((f[q] + double(q) * q) - (f[v[k]] + double(v[k]) * v[k])) / (2.0 * (q - v[k]));
      while (s <= z[k]) {
        --k;
        s = ((f[q] + double(q) * q) - (f[v[k]] + double(v[k]) * v[k])) / (2.0 * (q - v[k]));
      }
      ++k;
      v[k] = q;
      z[k] = s;
      z[k + 1] = kFar;
    }
    k = 0;
    for (int q = 0; q < count; ++q) {
      while (z[k + 1] < q) ++k;
      d[q] = double(q - v[k]) * (q - v[k]) + f[v[k]];
    }
  };
  for (int x = 0; x < width; ++x) {
    for (int y = 0; y < height; ++y)
      f[y] = inside[static_cast<std::size_t>(y) * width + x] ? 0.0 : kFar;
    transform1d(height);
    for (int y = 0; y < height; ++y) squared[static_cast<std::size_t>(y) * width + x] = d[y];
  }
  std::vector<float> out(squared.size());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) f[x] = squared[static_cast<std::size_t>(y) * width + x];
    transform1d(width);
    for (int x = 0; x < width; ++x)
      out[static_cast<std::size_t>(y) * width + x] = static_cast<float>(std::sqrt(d[x]));
  }
  return out;
}

// Smooth random field: Gaussian noise on a coarse lattice, read with bilinear interpolation.
class SmoothNoise {
 public:
  SmoothNoise(std::uint64_t key, double x0, double y0, double spanX, double spanY, double cell)
      : x0_(x0), y0_(y0), cell_(cell) {
    width_ = static_cast<int>(std::ceil(spanX / cell)) + 3;
    height_ = static_cast<int>(std::ceil(spanY / cell)) + 3;
    detail::RandomStream random(key);
    values_.resize(static_cast<std::size_t>(width_) * height_);
    for (float& v : values_) v = static_cast<float>(random.normal());
  }
  double operator()(double x, double y) const {
    const double fx = std::clamp((x - x0_) / cell_, 0.0, width_ - 1.001);
    const double fy = std::clamp((y - y0_) / cell_, 0.0, height_ - 1.001);
    const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
    const double ax = ease(fx - ix), ay = ease(fy - iy);  // eased: no visible lattice creases
    const float* row0 = &values_[static_cast<std::size_t>(iy) * width_ + ix];
    const float* row1 = row0 + width_;
    return (row0[0] * (1 - ax) + row0[1] * ax) * (1 - ay) +
           (row1[0] * (1 - ax) + row1[1] * ax) * ay;
  }

 private:
  double x0_, y0_, cell_;
  int width_ = 0, height_ = 0;
  std::vector<float> values_;
};

enum Label : std::uint8_t {
  kBackground = 0,
  kLvCavity,
  kLvMyocardium,
  kRvCavity,
  kRvWall,
  kLeftAtrium,
  kRightAtrium,
  kAtrialWall,
  kAnnulus,
  kPericardium,
  kChestWall,
  kAortaLumen,
  kAortaWall,
};

// The reference (ED) anatomy rasterised in the heart frame: labels, echogenicity (tissue and
// blood scattering amplitude) and the complex scatterer field whose samples become speckle.
struct Anatomy {
  double x0 = 0, y0 = 0, step = 0.35;
  int width = 0, height = 0;
  struct Cell {
    float tissue, blood, re, im;
  };
  std::vector<Cell> cells;
  std::vector<std::uint8_t> labels;

  // Bilinear setup at heart-frame (x, y), clamped to the grid.
  struct Sample {
    std::size_t index;
    float ax, ay;
  };
  Sample locate(double x, double y) const {
    const double fx = std::clamp((x - x0) / step, 0.0, width - 1.001);
    const double fy = std::clamp((y - y0) / step, 0.0, height - 1.001);
    const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
    return {static_cast<std::size_t>(iy) * width + ix, static_cast<float>(fx - ix),
            static_cast<float>(fy - iy)};
  }
  std::uint8_t labelAt(double x, double y) const {
    const long ix = std::lround((x - x0) / step), iy = std::lround((y - y0) / step);
    if (ix < 0 || iy < 0 || ix >= width || iy >= height) return kBackground;
    return labels[static_cast<std::size_t>(iy) * width + ix];
  }
};

// ---------------------------------------------------------------------------------------------
// Image <-> heart frame.
struct Placement {
  double apexXPx = 0, apexYPx = 0;  // the fan's apex in image pixels
  double spacing = 0.6;             // mm per pixel
  double originX = 0, originY = 0;  // LV apex, mm right of / below the fan apex
  double cosTilt = 1, sinTilt = 0;

  // Fan-relative millimetres (x right, y down from the fan apex) -> heart frame.
  void toHeart(double mx, double my, double& hx, double& hy) const {
    const double dx = mx - originX, dy = my - originY;
    hx = dx * cosTilt - dy * sinTilt;
    hy = dx * sinTilt + dy * cosTilt;
  }
  void fromHeart(double hx, double hy, double& mx, double& my) const {
    mx = originX + hx * cosTilt + hy * sinTilt;
    my = originY - hx * sinTilt + hy * cosTilt;
  }
  // Image pixel coordinates (centres at +0.5) <-> heart frame.
  void pixelToHeart(double px, double py, double& hx, double& hy) const {
    toHeart((px - apexXPx) * spacing, (py - apexYPx) * spacing, hx, hy);
  }
  void heartToPixel(double hx, double hy, double& px, double& py) const {
    double mx = 0, my = 0;
    fromHeart(hx, hy, mx, my);
    px = apexXPx + mx / spacing;
    py = apexYPx + my / spacing;
  }
};

void require(bool ok, const std::string& message) {
  if (!ok) throw Error("phantom: " + message);
}

void validate(const PhantomParams& p) {
  auto in = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
  auto range = [&](const char* name, double v, double lo, double hi) {
    if (!in(v, lo, hi)) {
      std::ostringstream m;
      m << name << " = " << v << " is outside " << lo << ".." << hi;
      require(false, m.str());
    }
  };
  require(p.frames >= 1, "frames must be at least 1 (got " + std::to_string(p.frames) + ")");
  require(p.height >= 32 && p.width >= 32 && p.height <= 4096 && p.width <= 4096,
          "height and width must be 32..4096 pixels (got " + std::to_string(p.height) + " x " +
              std::to_string(p.width) + ")");
  range("fps", p.fps, 1.0, 1000.0);
  range("depthMm", p.depthMm, 80.0, 260.0);
  range("sectorHalfAngleDeg", p.sectorHalfAngleDeg, 20.0, 50.0);
  range("gainDb", p.gainDb, -15.0, 15.0);
  range("dynamicRangeDb", p.dynamicRangeDb, 30.0, 90.0);
  range("transmitFocusMm", p.transmitFocusMm, 20.0, 250.0);
  range("lateralResolutionMm", p.lateralResolutionMm, 0.2, 4.0);
  range("axialResolutionMm", p.axialResolutionMm, 0.1, 2.0);
  range("heartRateBpm", p.heartRateBpm, 30.0, 200.0);
  range("ejectionFractionPercent", p.ejectionFractionPercent, 5.0, 90.0);
  range("lvLengthMm", p.lvLengthMm, 40.0, 130.0);
  range("lvWidthMm", p.lvWidthMm, 20.0, 80.0);
  range("lvWallMm", p.lvWallMm, 3.0, 25.0);
  range("septumMm", p.septumMm, 3.0, 25.0);
  range("rvWidthMm", p.rvWidthMm, 10.0, 70.0);
  range("rvLengthFraction", p.rvLengthFraction, 0.3, 0.95);
  range("laLengthMm", p.laLengthMm, 20.0, 90.0);
  range("laWidthMm", p.laWidthMm, 20.0, 80.0);
  range("raLengthMm", p.raLengthMm, 20.0, 90.0);
  range("raWidthMm", p.raWidthMm, 20.0, 80.0);
  range("tricuspidOffsetMm", p.tricuspidOffsetMm, 0.0, 20.0);
  range("apexDepthMm", p.apexDepthMm, 10.0, 80.0);
  range("apexOffsetMm", p.apexOffsetMm, -40.0, 40.0);
  range("tiltDeg", p.tiltDeg, -30.0, 30.0);
  range("longitudinalShare", p.longitudinalShare, 0.0, 1.0);
  range("edPhase", p.edPhase, 0.0, 1.0);
  range("reverberation", p.reverberation, 0.0, 1.0);
  range("haze", p.haze, 0.0, 1.0);
  range("noise", p.noise, 0.0, 1.0);
  range("attenuation", p.attenuation, 0.0, 1.0);
  range("contrastLoss", p.contrastLoss, 0.0, 1.0);
}

Heart buildHeart(const PhantomParams& p) {
  Heart h;
  h.length = p.lvLengthMm;
  h.width = p.lvWidthMm;
  h.lateralWall = p.lvWallMm;
  h.septum = p.septumMm;
  h.apicalWall = 0.8 * p.lvWallMm;
  h.rvWidth = p.rvWidthMm;
  h.tricuspidY = p.lvLengthMm - p.tricuspidOffsetMm;
  h.rvApexY = h.tricuspidY - p.rvLengthFraction * p.lvLengthMm;
  const double annulus = h.annulusHalfWidth();
  h.septumBaseX = -(annulus + h.septum);
  const double interatrialX = h.septumBaseX + 0.5 * h.septum;
  h.laSemiX = 0.5 * p.laWidthMm;
  h.laSemiY = p.laLengthMm / 1.3;
  h.laCenterX = interatrialX + 2.0 + h.laSemiX;
  h.laCenterY = h.length + 0.3 * h.laSemiY;
  h.raSemiX = 0.5 * p.raWidthMm;
  h.raSemiY = p.raLengthMm / 1.3;
  h.raCenterX = interatrialX - 2.0 - h.raSemiX;
  h.raCenterY = h.tricuspidY + 0.3 * h.raSemiY;
  h.rvAxisX = h.septumBaseX - 0.5 * h.rvWidth;
  h.lateralMin = std::min(h.septumBaseX - h.rvWidth - h.rvWall, h.raCenterX - h.raSemiX) - 5.0;
  h.lateralMax = std::max(0.5 * h.width + h.lateralWall, h.laCenterX + h.laSemiX) + 5.0;
  h.roofY = std::max(h.length + p.laLengthMm, h.tricuspidY + p.raLengthMm) + 8.0;
  h.aortaRadius = 8.0;
  h.aortaX = h.laCenterX + 0.35 * h.laSemiX;
  h.aortaY = h.length + p.laLengthMm + 4.0 + h.aortaRadius;
  return h;
}

// Sets how much the LV narrows by ES (`widthShortening`, a fraction) and shortens (`share` of
// that); the RV free wall moves with it. simulatePhantom searches the width shortening whose
// rasterised ED and ES masks give the requested EF.
void setShortening(Heart& h, double widthShortening, double share) {
  h.widthShortening = widthShortening;
  h.lengthShortening = share * widthShortening;
  h.rvShortening = std::min(0.45, 0.35 + 0.6 * (widthShortening - 0.3));
  h.rvShortening = std::max(0.08, h.rvShortening);
}

PhantomParams drawParams(detail::RandomStream& r, std::uint64_t seed) {
  PhantomParams p;
  p.seed = seed;
  double ef = 57.0 + 13.0 * r.normal();
  if (ef < 15.0 || ef > 80.0) ef = r.uniform(15.0, 80.0);
  p.ejectionFractionPercent = ef;
  const double dilation = smoothstep(50.0, 20.0, ef);
  p.heartRateBpm = r.uniform(55.0, 105.0);
  p.lvLengthMm = r.uniform(74.0, 90.0) + 8.0 * dilation;
  p.lvWidthMm = r.uniform(40.0, 49.0) + 12.0 * dilation;
  p.lvWallMm = r.uniform(8.0, 11.5) - 1.5 * dilation;
  p.septumMm = r.uniform(8.0, 11.5);
  p.rvWidthMm = r.uniform(28.0, 38.0);
  p.rvLengthFraction = r.uniform(0.58, 0.72);
  p.laLengthMm = r.uniform(40.0, 54.0) + 6.0 * dilation;
  p.laWidthMm = r.uniform(36.0, 46.0);
  p.raLengthMm = r.uniform(38.0, 50.0);
  p.raWidthMm = r.uniform(34.0, 44.0);
  p.tricuspidOffsetMm = r.uniform(5.0, 10.0);
  p.apexDepthMm = r.uniform(28.0, 42.0);
  p.apexOffsetMm = r.uniform(-5.0, 4.0);
  p.tiltDeg = r.uniform(2.0, 12.0);
  p.longitudinalShare = r.uniform(0.35, 0.6);
  const double heartDepth =
      p.apexDepthMm + (p.lvLengthMm + p.laLengthMm) * std::cos(p.tiltDeg * kDegree);
  // Sometimes deep enough for the whole atria, sometimes cutting their roofs, as in practice.
  p.depthMm = std::clamp(heartDepth + r.uniform(-18.0, 22.0), 130.0, 230.0);
  p.sectorHalfAngleDeg = r.uniform(35.0, 45.0);
  p.gainDb = r.uniform(-4.0, 4.0);
  p.dynamicRangeDb = r.uniform(50.0, 62.0);
  p.transmitFocusMm = r.uniform(70.0, 110.0);
  p.lateralResolutionMm = r.uniform(0.75, 1.05);
  p.axialResolutionMm = r.uniform(0.30, 0.42);
  p.edPhase = r.uniform(0.0, 1.0);
  const double severity = r.uniform(0.45, 1.0);
  p.reverberation = severity * r.uniform(0.6, 1.0);
  p.haze = severity * r.uniform(0.5, 1.0);
  p.noise = severity * r.uniform(0.4, 1.0);
  p.attenuation = severity * r.uniform(0.2, 0.8);
  p.contrastLoss = severity * r.uniform(0.4, 1.0);
  return p;
}

SectorGeometry makeSector(const PhantomParams& p) {
  SectorGeometry sector;
  sector.apexX = 0.5 * p.width;
  sector.apexY = 0.0;
  sector.innerRadius = 0.0;
  sector.outerRadius = 0.985 * p.height;
  sector.halfAngle = p.sectorHalfAngleDeg * kDegree;
  sector.axisAngle = 0.0;
  return sector;
}

Placement makePlacement(const PhantomParams& p, const SectorGeometry& sector) {
  Placement pl;
  pl.apexXPx = sector.apexX;
  pl.apexYPx = sector.apexY;
  pl.spacing = p.depthMm / sector.outerRadius;
  pl.originX = p.apexOffsetMm;
  pl.originY = p.apexDepthMm;
  pl.cosTilt = std::cos(p.tiltDeg * kDegree);
  pl.sinTilt = std::sin(p.tiltDeg * kDegree);
  return pl;
}

// Whether the LV (cavity and walls, at ED, with `margin` mm to spare) lies inside the fan and
// the image.
bool lvFits(const PhantomParams& p, double margin) {
  const Heart h = buildHeart(p);
  const SectorGeometry sector = makeSector(p);
  const Placement pl = makePlacement(p, sector);
  // The epicardium: each cavity outline point pushed out along its normal by the wall.
  const double ds = 1.0 / 240.0;
  for (int i = 0; i <= 240; ++i) {
    const double s = i * ds;
    const double y = s * h.length;
    const double half = h.lvHalfWidth(s);
    const double slope =
        (h.lvHalfWidth(std::min(1.0, s + ds)) - h.lvHalfWidth(std::max(0.0, s - ds))) /
        ((std::min(1.0, s + ds) - std::max(0.0, s - ds)) * h.length);
    const double norm = std::hypot(1.0, slope);
    for (int side = -1; side <= 1; side += 2) {
      const double wall = (side < 0 ? h.septum : h.lateralWall) + margin;
      const double x = side * (half + wall / norm);
      const double yy = y - wall * slope / norm;
      double px = 0, py = 0;
      pl.heartToPixel(x, yy, px, py);
      if (!sector.contains(px, py) || px < 1.0 || py < 1.0 || px > p.width - 1.0 ||
          py > p.height - 1.0)
        return false;
    }
  }
  return true;
}

}  // namespace

PhantomParams randomPhantomParams(std::uint64_t seed) {
  detail::RandomStream random(detail::streamKey(seed, 0x50415241ULL));
  for (int attempt = 0; attempt < 200; ++attempt) {
    PhantomParams p = drawParams(random, seed);
    // Drawn hearts keep clear of the fan's edges, as a sonographer would frame them.
    if (lvFits(p, 8.0)) return p;
  }
  // Every draw above is a plausible adult heart; reaching here would mean the ranges no longer
  // fit the fan, which the tests guard against.
  throw Error("phantom: no heart drawn from seed " + std::to_string(seed) + " fits the sector");
}

namespace {

// ---------------------------------------------------------------------------------------------
// Rasterising the reference anatomy.
Anatomy buildAnatomy(const PhantomParams& p, const Heart& h, const Placement& pl,
                     const SectorGeometry& sector) {
  Anatomy a;
  a.step = 0.35;
  // Cover the whole fan, seen from the heart frame.
  double minX = 1e9, maxX = -1e9, minY = 1e9, maxY = -1e9;
  const double depth = p.depthMm;
  auto include = [&](double mx, double my) {
    double hx = 0, hy = 0;
    pl.toHeart(mx, my, hx, hy);
    minX = std::min(minX, hx);
    maxX = std::max(maxX, hx);
    minY = std::min(minY, hy);
    maxY = std::max(maxY, hy);
  };
  include(0.0, 0.0);
  for (int i = 0; i <= 32; ++i) {
    const double angle = -sector.halfAngle + 2.0 * sector.halfAngle * i / 32.0;
    include(depth * std::sin(angle), depth * std::cos(angle));
  }
  const double margin = 6.0;
  a.x0 = minX - margin;
  a.y0 = minY - margin;
  a.width = static_cast<int>(std::ceil((maxX - minX + 2 * margin) / a.step)) + 1;
  a.height = static_cast<int>(std::ceil((maxY - minY + 2 * margin) / a.step)) + 1;
  const std::size_t count = static_cast<std::size_t>(a.width) * a.height;
  a.labels.assign(count, kBackground);

  auto cellX = [&](int ix) { return a.x0 + ix * a.step; };
  auto cellY = [&](int iy) { return a.y0 + iy * a.step; };
  auto forEach = [&](auto&& f) {
    for (int iy = 0; iy < a.height; ++iy)
      for (int ix = 0; ix < a.width; ++ix)
        f(static_cast<std::size_t>(iy) * a.width + ix, cellX(ix), cellY(iy));
  };
  auto mask = [&](std::uint8_t label) {
    std::vector<std::uint8_t> m(count);
    for (std::size_t i = 0; i < count; ++i) m[i] = a.labels[i] == label;
    return m;
  };

  // LV cavity, then its wall by distance: septal, lateral and (thinner) apical thickness.
  forEach([&](std::size_t i, double x, double y) {
    if (y >= 0.0 && y <= h.length && std::abs(x) <= h.lvHalfWidth(y / h.length))
      a.labels[i] = kLvCavity;
  });
  {
    const std::vector<float> distance = distanceTransform(mask(kLvCavity), a.width, a.height);
    forEach([&](std::size_t i, double x, double y) {
      if (a.labels[i] != kBackground || y > h.length) return;
      const double side = smoothstep(-4.0, 4.0, x);
      double thickness = h.septum + (h.lateralWall - h.septum) * side;
      thickness = h.apicalWall + (thickness - h.apicalWall) * smoothstep(0.0, 0.25 * h.length, y);
      if (distance[i] * a.step <= thickness) a.labels[i] = kLvMyocardium;
    });
  }
  // RV cavity: a crescent hugging the septum from the RV apex to the tricuspid annulus.
  auto septumRvSide = [&](double y) { return -(h.lvHalfWidth(y / h.length) + h.septum); };
  forEach([&](std::size_t i, double x, double y) {
    if (a.labels[i] != kBackground || y < h.rvApexY || y > h.tricuspidY) return;
    const double u = (y - h.rvApexY) / (h.tricuspidY - h.rvApexY);
    const double extent = h.rvWidth * std::pow(std::sin(0.5 * kPi * u), 0.8);
    const double right = septumRvSide(y);
    if (x <= right && x >= right - extent) a.labels[i] = kRvCavity;
  });
  // Moderator band across the apical third of the RV.
  {
    const double bandY = h.rvApexY + 0.3 * (h.tricuspidY - h.rvApexY);
    const double bandX = septumRvSide(bandY);
    forEach([&](std::size_t i, double x, double y) {
      if (a.labels[i] == kRvCavity && std::abs(y - bandY - 0.35 * (bandX - x)) < 1.8)
        a.labels[i] = kRvWall;
    });
  }
  // Atria: ellipses below their annuli, their outlines made irregular (no atrium is an ellipse).
  {
    const SmoothNoise laShape(detail::streamKey(p.seed, 15), -4.0, -4.0, 8.0, 8.0, 0.7);
    const SmoothNoise raShape(detail::streamKey(p.seed, 16), -4.0, -4.0, 8.0, 8.0, 0.7);
    auto inside = [](const SmoothNoise& shape, double dx, double dy, double semiX, double semiY) {
      const double angle = std::atan2(dy / semiY, dx / semiX);
      const double radius = 1.0 + 0.12 * shape(std::cos(angle), std::sin(angle));
      return (dx / semiX) * (dx / semiX) + (dy / semiY) * (dy / semiY) <= radius * radius;
    };
    forEach([&](std::size_t i, double x, double y) {
      if (a.labels[i] != kBackground) return;
      if (y >= h.length && inside(laShape, x - h.laCenterX, y - h.laCenterY, h.laSemiX, h.laSemiY))
        a.labels[i] = kLeftAtrium;
      else if (y >= h.tricuspidY &&
               inside(raShape, x - h.raCenterX, y - h.raCenterY, h.raSemiX, h.raSemiY))
        a.labels[i] = kRightAtrium;
    });
  }
  // RV free wall, then atrial walls (and with them the interatrial septum).
  {
    const std::vector<float> rv = distanceTransform(mask(kRvCavity), a.width, a.height);
    const std::vector<float> la = distanceTransform(mask(kLeftAtrium), a.width, a.height);
    const std::vector<float> ra = distanceTransform(mask(kRightAtrium), a.width, a.height);
    forEach([&](std::size_t i, double, double y) {
      if (a.labels[i] != kBackground) return;
      if (rv[i] * a.step <= h.rvWall && y <= h.tricuspidY + 2.0)
        a.labels[i] = kRvWall;
      else if (std::min(la[i], ra[i]) * a.step <= 2.5)
        a.labels[i] = kAtrialWall;
    });
  }
  // Fibrous annuli at the four valve hinges.
  {
    const double annulus = h.annulusHalfWidth();
    const double hinges[4][2] = {{-annulus, h.length},
                                 {annulus, h.length},
                                 {h.septumBaseX, h.tricuspidY},
                                 {h.septumBaseX - h.rvWidth, h.tricuspidY}};
    forEach([&](std::size_t i, double x, double y) {
      if (a.labels[i] == kLvCavity || a.labels[i] == kRvCavity) return;
      for (const auto& hinge : hinges)
        if (std::hypot(x - hinge[0], y - hinge[1]) <= 3.0) a.labels[i] = kAnnulus;
    });
  }
  // Pericardium around the whole heart, the descending aorta behind the LA, the chest wall.
  {
    std::vector<std::uint8_t> heart(count);
    for (std::size_t i = 0; i < count; ++i) heart[i] = a.labels[i] != kBackground;
    const std::vector<float> distance = distanceTransform(heart, a.width, a.height);
    const double chestDepth = std::max(6.0, p.apexDepthMm - h.apicalWall - 6.0);
    const SmoothNoise thickness(detail::streamKey(p.seed, 14), a.x0, a.y0, a.width * a.step,
                                a.height * a.step, 12.0);
    forEach([&](std::size_t i, double x, double y) {
      if (a.labels[i] != kBackground) return;
      const double d = distance[i] * a.step;
      const double pericardium = std::clamp(2.4 + 0.9 * thickness(x, y), 1.2, 3.8);
      const double toAorta = std::hypot(x - h.aortaX, y - h.aortaY);
      double mx = 0, my = 0;
      pl.fromHeart(x, y, mx, my);
      if (d <= pericardium)
        a.labels[i] = kPericardium;
      else if (toAorta <= h.aortaRadius)
        a.labels[i] = kAortaLumen;
      else if (toAorta <= h.aortaRadius + 2.0)
        a.labels[i] = kAortaWall;
      else if (std::hypot(mx, my) <= chestDepth)
        a.labels[i] = kChestWall;
    });
  }

  // Echogenicity and scatterers.
  const double spanX = a.width * a.step, spanY = a.height * a.step;
  const SmoothNoise fine(detail::streamKey(p.seed, 11), a.x0, a.y0, spanX, spanY, 2.5);
  const SmoothNoise coarse(detail::streamKey(p.seed, 12), a.x0, a.y0, spanX, spanY, 9.0);
  const SmoothNoise broad(detail::streamKey(p.seed, 13), a.x0, a.y0, spanX, spanY, 25.0);
  const double chestDepth = std::max(6.0, p.apexDepthMm - h.apicalWall - 6.0);
  a.cells.resize(count);
  forEach([&](std::size_t i, double x, double y) {
    const double texture = std::max(0.3, 1.0 + 0.28 * fine(x, y) + 0.12 * coarse(x, y));
    float tissue = 0.0f, blood = 0.0f;
    switch (a.labels[i]) {
      case kLvCavity:
      case kRvCavity:
      case kLeftAtrium:
      case kRightAtrium:
      case kAortaLumen:
        blood = 0.0025f;
        break;
      case kLvMyocardium:
        tissue = static_cast<float>(0.085 * texture);
        break;
      case kRvWall:
        tissue = static_cast<float>(0.10 * texture);
        break;
      case kAtrialWall: {
        // The fossa ovalis, the thin middle of the interatrial septum, drops out.
        const double fossaY = h.length + 0.45 * (p.laLengthMm);
        const double interatrialX = h.septumBaseX + 0.5 * h.septum;
        const double fossa = std::exp(-0.5 * std::pow((y - fossaY) / 6.0, 2) -
                                      0.5 * std::pow((x - interatrialX) / 4.0, 2));
        tissue = static_cast<float>(0.10 * texture * (1.0 - 0.8 * fossa));
        break;
      }
      case kAnnulus:
        tissue = static_cast<float>(0.45 * texture);
        break;
      case kPericardium: {
        // Bright but uneven: brightest where it is thick and met head-on by the beam.
        // Around the atria's sides it is fainter than along the ventricles and the AV groove.
        const double atrialSide = smoothstep(h.length + 8.0, h.length + 20.0, y) *
                                  (1.0 - smoothstep(h.roofY - 22.0, h.roofY - 8.0, y));
        tissue = static_cast<float>(0.45 * (1.0 - 0.8 * atrialSide) *
                                    std::exp(0.55 * coarse(x, y)) * std::sqrt(texture));
        break;
      }
      case kAortaWall:
        tissue = static_cast<float>(0.35 * texture);
        break;
      case kChestWall: {
        double mx = 0, my = 0;
        pl.fromHeart(x, y, mx, my);
        const double r = std::hypot(mx, my);
        // Skin, subcutaneous fat, then intercostal muscle with irregular fascial layers.
        double layer = r < 2.5 ? 0.22 : (r < 0.3 * chestDepth ? 0.05 : 0.09);
        const double angle = std::atan2(mx, my);
        layer *= std::exp(0.9 * fine(r, 8.0 * angle) + 0.5 * broad(x, y));
        tissue = static_cast<float>(layer * texture);
        break;
      }
      default: {
        // Lung and mediastinum around the heart: dark, blotchy.
        tissue =
            static_cast<float>(0.008 * std::exp(1.0 * broad(x, y) + 0.4 * coarse(x, y)) * texture);
        break;
      }
    }
    a.cells[i].tissue = tissue;
    a.cells[i].blood = blood;
  });
  // Scatterers: complex Gaussian, smoothed over about a cell so that their bilinear samples have
  // a uniform variance (no lattice in the speckle), then normalised to unit variance.
  {
    detail::RandomStream random(detail::streamKey(p.seed, 21));
    std::vector<float> re(count), im(count), tmp(count);
    for (std::size_t i = 0; i < count; ++i) {
      re[i] = static_cast<float>(random.normal());
      im[i] = static_cast<float>(random.normal());
    }
    auto blur = [&](std::vector<float>& v) {
      for (int iy = 0; iy < a.height; ++iy)
        for (int ix = 0; ix < a.width; ++ix) {
          const std::size_t i = static_cast<std::size_t>(iy) * a.width + ix;
          const float l = v[ix > 0 ? i - 1 : i], r = v[ix + 1 < a.width ? i + 1 : i];
          tmp[i] = 0.25f * l + 0.5f * v[i] + 0.25f * r;
        }
      for (int iy = 0; iy < a.height; ++iy)
        for (int ix = 0; ix < a.width; ++ix) {
          const std::size_t i = static_cast<std::size_t>(iy) * a.width + ix;
          const float u = tmp[iy > 0 ? i - a.width : i];
          const float d = tmp[iy + 1 < a.height ? i + a.width : i];
          v[i] = (0.25f * u + 0.5f * tmp[i] + 0.25f * d) / 0.375f;  // 2-D gain sqrt(3/8)^2
        }
    };
    blur(re);
    blur(im);
    for (std::size_t i = 0; i < count; ++i) {
      a.cells[i].re = re[i];
      a.cells[i].im = im[i];
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Image formation.

struct Beam {
  int radialSamples = 0, lines = 0;
  double radialStep = 0.3;            // mm
  double angleStep = 0.0;             // radians between lines
  double firstAngle = 0.0;            // radians, angle of line 0
  std::vector<float> heartX, heartY;  // per sample (row = depth, column = line), heart frame
  std::vector<float> apodisation;     // per line
  std::vector<float> axialKernel;     // symmetric, odd length
  std::vector<std::vector<float>> lateralKernels;  // per depth row
  std::vector<float> speckleNorm;  // per depth row, makes unit echogenicity = unit RMS
  std::vector<float> whiteNorm;    // per depth row, the same for per-sample white noise
};

void convolve(const Beam& beam, std::vector<float>& re, std::vector<float>& im,
              std::vector<float>& tmpRe, std::vector<float>& tmpIm) {
  const int rows = beam.radialSamples, cols = beam.lines;
  // Lateral (across lines), kernel per depth.
  for (int i = 0; i < rows; ++i) {
    const std::vector<float>& k = beam.lateralKernels[i];
    const int half = static_cast<int>(k.size() / 2);
    const float* inRe = &re[static_cast<std::size_t>(i) * cols];
    const float* inIm = &im[static_cast<std::size_t>(i) * cols];
    float* outRe = &tmpRe[static_cast<std::size_t>(i) * cols];
    float* outIm = &tmpIm[static_cast<std::size_t>(i) * cols];
    for (int j = 0; j < cols; ++j) {
      float sumRe = 0.0f, sumIm = 0.0f;
      if (j >= half && j + half < cols) {
        for (int t = -half; t <= half; ++t) {
          sumRe += k[t + half] * inRe[j + t];
          sumIm += k[t + half] * inIm[j + t];
        }
      } else {
        for (int t = -half; t <= half; ++t) {
          const int jj = std::clamp(j + t, 0, cols - 1);
          sumRe += k[t + half] * inRe[jj];
          sumIm += k[t + half] * inIm[jj];
        }
      }
      outRe[j] = sumRe;
      outIm[j] = sumIm;
    }
  }
  // Axial (along each line).
  const std::vector<float>& k = beam.axialKernel;
  const int half = static_cast<int>(k.size() / 2);
  std::fill(re.begin(), re.end(), 0.0f);
  std::fill(im.begin(), im.end(), 0.0f);
  for (int i = 0; i < rows; ++i) {
    float* outRe = &re[static_cast<std::size_t>(i) * cols];
    float* outIm = &im[static_cast<std::size_t>(i) * cols];
    for (int t = -half; t <= half; ++t) {
      const int ii = std::clamp(i + t, 0, rows - 1);
      const float w = k[t + half];
      const float* inRe = &tmpRe[static_cast<std::size_t>(ii) * cols];
      const float* inIm = &tmpIm[static_cast<std::size_t>(ii) * cols];
      for (int j = 0; j < cols; ++j) {
        outRe[j] += w * inRe[j];
        outIm[j] += w * inIm[j];
      }
    }
  }
}

std::vector<float> gaussianKernel(double sigma) {
  const int half = std::max(1, static_cast<int>(std::ceil(3.0 * sigma)));
  std::vector<float> k(2 * half + 1);
  for (int t = -half; t <= half; ++t)
    k[t + half] = static_cast<float>(std::exp(-0.5 * (t / sigma) * (t / sigma)));
  return k;
}

Beam makeBeam(const PhantomParams& p, const SectorGeometry& sector, const Placement& pl) {
  Beam b;
  const double depth = p.depthMm;
  b.radialStep = std::min(0.3, 0.85 * p.axialResolutionMm);
  b.radialSamples = static_cast<int>(std::ceil(depth / b.radialStep)) + 2;
  // Lines: about 0.75 mm apart at full depth, a few extra beyond each edge so the lateral PSF
  // sees tissue (not a clamp) at the fan's border.
  const int inside =
      std::clamp(static_cast<int>(std::ceil(2.0 * sector.halfAngle * depth / 0.75)), 96, 480);
  b.angleStep = 2.0 * sector.halfAngle / (inside - 1);
  const int pad = 6;
  b.lines = inside + 2 * pad;
  b.firstAngle = -sector.halfAngle - pad * b.angleStep;
  const std::size_t count = static_cast<std::size_t>(b.radialSamples) * b.lines;
  b.heartX.resize(count);
  b.heartY.resize(count);
  for (int i = 0; i < b.radialSamples; ++i) {
    const double r = i * b.radialStep;
    for (int j = 0; j < b.lines; ++j) {
      const double angle = b.firstAngle + j * b.angleStep;
      double hx = 0, hy = 0;
      pl.toHeart(r * std::sin(angle), r * std::cos(angle), hx, hy);
      b.heartX[static_cast<std::size_t>(i) * b.lines + j] = static_cast<float>(hx);
      b.heartY[static_cast<std::size_t>(i) * b.lines + j] = static_cast<float>(hy);
    }
  }
  b.apodisation.resize(b.lines);
  for (int j = 0; j < b.lines; ++j) {
    const double u = std::min(1.0, std::abs(b.firstAngle + j * b.angleStep) / sector.halfAngle);
    b.apodisation[j] = static_cast<float>(1.0 - 0.35 * std::pow(u, 6.0));
  }
  b.axialKernel = gaussianKernel(p.axialResolutionMm / b.radialStep);
  b.lateralKernels.resize(b.radialSamples);
  b.whiteNorm.resize(b.radialSamples);
  double axialEnergy = 0.0;
  for (float v : b.axialKernel) axialEnergy += double(v) * v;
  for (int i = 0; i < b.radialSamples; ++i) {
    const double r = std::max(1.0, i * b.radialStep);
    // Narrowest at the transmit focus, wider towards the transducer and with depth.
    const double sigmaMm =
        p.lateralResolutionMm * (1.0 + 0.9 * std::abs(r - p.transmitFocusMm) / p.transmitFocusMm);
    const double sigmaLines = std::clamp(sigmaMm / (r * b.angleStep), 0.35, 14.0);
    b.lateralKernels[i] = gaussianKernel(sigmaLines);
    double lateralEnergy = 0.0;
    for (float v : b.lateralKernels[i]) lateralEnergy += double(v) * v;
    b.whiteNorm[i] = static_cast<float>(1.0 / std::sqrt(axialEnergy * lateralEnergy));
  }
  return b;
}

// Per-frame geometry of the four valve leaflets, as segments in the heart frame.
struct Leaflet {
  double ax, ay, bx, by;  // hinge, tip
  double thickness;       // mm (standard deviation of the brightness profile)
};

std::array<Leaflet, 4> leaflets(const Heart& h, const CycleState& st) {
  std::array<Leaflet, 4> out{};
  auto build = [&](double hingeX, double hingeY, double coaptX, double coaptY, double openDirX,
                   double openDirY, double fullLength, double opening) {
    const double closedAngle = std::atan2(coaptY - hingeY, coaptX - hingeX);
    double openAngle = std::atan2(openDirY, openDirX);
    double delta = openAngle - closedAngle;
    while (delta > kPi) delta -= 2 * kPi;
    while (delta < -kPi) delta += 2 * kPi;
    const double angle = closedAngle + opening * delta;
    const double closedLength = std::hypot(coaptX - hingeX, coaptY - hingeY) + 1.5;
    const double length = closedLength + opening * (fullLength - closedLength);
    return Leaflet{hingeX, hingeY, hingeX + length * std::cos(angle),
                   hingeY + length * std::sin(angle), 0.45};
  };
  // Mitral: hinges move with the annulus; anterior (septal) leaflet long, posterior short; they
  // coapt a little apical to the annulus plane and open towards the apex.
  const double mitralHalf = 0.5 * st.lvWidth * h.profile(1.0);
  const double annulusY = st.lvLength;
  const double mitralDiameter = 2.0 * mitralHalf;
  const double coaptX = -mitralHalf + 0.62 * mitralDiameter, coaptY = annulusY - 4.0;
  out[0] = build(-mitralHalf, annulusY, coaptX, coaptY, 0.30, -1.0, 0.70 * mitralDiameter,
                 st.mitralOpen);
  out[1] = build(mitralHalf, annulusY, coaptX, coaptY, -0.35, -1.0, 0.45 * mitralDiameter,
                 st.mitralOpen);
  // Tricuspid: septal leaflet short, anterior leaflet long.
  double sx = 0, sy = 0, lx = 0, ly = 0;
  h.pushForward(h.septumBaseX, h.tricuspidY, st, sx, sy);
  h.pushForward(h.septumBaseX - h.rvWidth, h.tricuspidY, st, lx, ly);
  const double tvDiameter = std::hypot(lx - sx, ly - sy);
  const double tcX = sx + 0.4 * (lx - sx), tcY = 0.5 * (sy + ly) - 3.5;
  out[2] = build(sx, sy, tcX, tcY, -0.25, -1.0, 0.45 * tvDiameter, st.tricuspidOpen);
  out[3] = build(lx, ly, tcX, tcY, 0.35, -1.0, 0.65 * tvDiameter, st.tricuspidOpen);
  return out;
}

double segmentDistance(const Leaflet& l, double x, double y) {
  const double vx = l.bx - l.ax, vy = l.by - l.ay;
  const double t = clamp01(((x - l.ax) * vx + (y - l.ay) * vy) / (vx * vx + vy * vy + 1e-12));
  return std::hypot(x - (l.ax + t * vx), y - (l.ay + t * vy));
}

struct Rendering {
  // Log-compression mapping: value = 255 * clamp(1 + (dB + gain - top) / range).
  double topDb = 4.0;
  double hqGainDb = 0, hqRangeDb = 55;
  double lqGainDb = 0, lqRangeDb = 55;
  std::vector<float> hqDepthGain, lqDepthGain;    // per row: attenuation x TGC, linear
  std::vector<float> hqNoise, lqNoise;            // per row: noise amplitude after TGC
  std::vector<float> clutterRe[2], clutterIm[2];  // stationary LQ clutter fields (convolved)
  // Band-limited unit noise fields; each frame mixes two of them at random lateral shifts, which
  // is as good as fresh noise and far cheaper than drawing and filtering it per frame.
  static constexpr int kNoiseFields = 4;
  std::vector<float> noiseRe[kNoiseFields], noiseIm[kNoiseFields];
  double clutterDrift = 0.12;  // radians per frame between the two fields
};

// Maps for scan conversion, computed once per clip: for each (supersampled) output pixel, the
// polar sample it reads, or -1 outside the fan.
struct ScanConversion {
  int factor = 1;  // supersampling per axis
  int width = 0, height = 0;
  std::vector<std::int32_t> index;  // top-left sample, or -1
  std::vector<float> weightRadial, weightLateral;
  std::vector<std::uint8_t> outputInside;  // output pixel centre inside the fan
};

ScanConversion makeScanConversion(const PhantomParams& p, const SectorGeometry& sector,
                                  const Placement& pl, const Beam& beam) {
  ScanConversion sc;
  // Supersampled and box-averaged: the speckle is finer than a pixel at small sizes, and point
  // sampling it would alias into moire.
  sc.factor = std::clamp(static_cast<int>(std::ceil(448.0 / std::min(p.height, p.width))), 1, 4);
  sc.width = p.width * sc.factor;
  sc.height = p.height * sc.factor;
  const std::size_t count = static_cast<std::size_t>(sc.width) * sc.height;
  sc.index.assign(count, -1);
  sc.weightRadial.assign(count, 0.0f);
  sc.weightLateral.assign(count, 0.0f);
  for (int y = 0; y < sc.height; ++y) {
    for (int x = 0; x < sc.width; ++x) {
      const double px = (x + 0.5) / sc.factor, py = (y + 0.5) / sc.factor;
      double radius = 0, angle = 0;
      sector.toPolar(px, py, radius, angle);
      if (radius > sector.outerRadius || std::abs(angle) > sector.halfAngle) continue;
      const double fi = radius * pl.spacing / beam.radialStep;
      const double fj = (angle - beam.firstAngle) / beam.angleStep;
      const int i0 = std::clamp(static_cast<int>(fi), 0, beam.radialSamples - 2);
      const int j0 = std::clamp(static_cast<int>(fj), 0, beam.lines - 2);
      const std::size_t o = static_cast<std::size_t>(y) * sc.width + x;
      sc.index[o] = i0 * beam.lines + j0;
      sc.weightRadial[o] = static_cast<float>(clamp01(fi - i0));
      sc.weightLateral[o] = static_cast<float>(clamp01(fj - j0));
    }
  }
  sc.outputInside = sector.mask(p.height, p.width);
  return sc;
}

void scanConvert(const ScanConversion& sc, const Beam& beam, const std::vector<float>& polar,
                 std::uint8_t* out, int height, int width) {
  const int f = sc.factor;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const std::size_t o = static_cast<std::size_t>(y) * width + x;
      if (!sc.outputInside[o]) {
        out[o] = 0;
        continue;
      }
      double sum = 0.0;
      int n = 0;
      for (int sy = 0; sy < f; ++sy) {
        for (int sx = 0; sx < f; ++sx) {
          const std::size_t s = static_cast<std::size_t>(y * f + sy) * sc.width + (x * f + sx);
          const std::int32_t i = sc.index[s];
          if (i < 0) continue;
          const float ar = sc.weightRadial[s], al = sc.weightLateral[s];
          const float* p0 = &polar[i];
          const float* p1 = p0 + beam.lines;
          sum += (p0[0] * (1 - al) + p0[1] * al) * (1 - ar) + (p1[0] * (1 - al) + p1[1] * al) * ar;
          ++n;
        }
      }
      out[o] = n > 0 ? static_cast<std::uint8_t>(std::clamp(std::lround(sum / n), 0L, 255L)) : 0;
    }
  }
}

// Samples the anatomy at every beam sample for one instant: the complex scattering signal before
// the PSF. `unitEchogenicity` replaces the anatomy by uniform tissue (for the speckle
// calibration).
void sampleScatterers(const Heart& h, const Anatomy& a, const Beam& beam, const CycleState& st,
                      double bloodShiftX, double bloodShiftY, bool unitEchogenicity,
                      std::vector<float>& re, std::vector<float>& im,
                      std::vector<float>& tissueScratch) {
  const int rows = beam.radialSamples, cols = beam.lines;
  const std::array<Leaflet, 4> valves = leaflets(h, st);
  double valveMinX = 1e9, valveMaxX = -1e9, valveMinY = 1e9, valveMaxY = -1e9;
  for (const Leaflet& l : valves) {
    valveMinX = std::min({valveMinX, l.ax, l.bx});
    valveMaxX = std::max({valveMaxX, l.ax, l.bx});
    valveMinY = std::min({valveMinY, l.ay, l.by});
    valveMaxY = std::max({valveMaxY, l.ay, l.by});
  }
  valveMinX -= 3;
  valveMaxX += 3;
  valveMinY -= 3;
  valveMaxY += 3;
  std::vector<float> bloodRe(static_cast<std::size_t>(rows) * cols),
      bloodIm(static_cast<std::size_t>(rows) * cols);
  for (std::size_t s = 0; s < beam.heartX.size(); ++s) {
    const double cx = beam.heartX[s], cy = beam.heartY[s];
    double x = cx, y = cy;
    if (!unitEchogenicity) h.pullBack(x, y, st);
    const Anatomy::Sample at = a.locate(x, y);
    const Anatomy::Cell* c0 = &a.cells[at.index];
    const Anatomy::Cell* c1 = c0 + a.width;
    const float ax = at.ax, ay = at.ay;
    const float w00 = (1 - ax) * (1 - ay), w01 = ax * (1 - ay), w10 = (1 - ax) * ay, w11 = ax * ay;
    float tissue =
        w00 * c0[0].tissue + w01 * c0[1].tissue + w10 * c1[0].tissue + w11 * c1[1].tissue;
    const float blood =
        w00 * c0[0].blood + w01 * c0[1].blood + w10 * c1[0].blood + w11 * c1[1].blood;
    re[s] = w00 * c0[0].re + w01 * c0[1].re + w10 * c1[0].re + w11 * c1[1].re;
    im[s] = w00 * c0[0].im + w01 * c0[1].im + w10 * c1[0].im + w11 * c1[1].im;
    if (unitEchogenicity) {
      tissueScratch[s] = 1.0f;
      bloodRe[s] = bloodIm[s] = 0.0f;
      continue;
    }
    if (cx >= valveMinX && cx <= valveMaxX && cy >= valveMinY && cy <= valveMaxY) {
      for (const Leaflet& l : valves) {
        const double d = segmentDistance(l, cx, cy) / l.thickness;
        if (d < 3.5) tissue += static_cast<float>(0.26 * std::exp(-0.5 * d * d));
      }
    }
    tissueScratch[s] = tissue;
    if (blood > 0.0f) {
      // Blood scatterers do not follow the tissue: read them from a place that jumps every frame.
      const Anatomy::Sample bt = a.locate(x + bloodShiftX, y + bloodShiftY);
      const Anatomy::Cell* b0 = &a.cells[bt.index];
      const Anatomy::Cell* b1 = b0 + a.width;
      const float bx = bt.ax, by = bt.ay;
      const float v00 = (1 - bx) * (1 - by), v01 = bx * (1 - by), v10 = (1 - bx) * by,
                  v11 = bx * by;
      bloodRe[s] = blood * (v00 * b0[0].re + v01 * b0[1].re + v10 * b1[0].re + v11 * b1[1].re);
      bloodIm[s] = blood * (v00 * b0[0].im + v01 * b0[1].im + v10 * b1[0].im + v11 * b1[1].im);
    } else {
      bloodRe[s] = bloodIm[s] = 0.0f;
    }
  }
  // Specular reflection: an interface met head-on by the beam (a step up in echogenicity along
  // the line) returns more than one met obliquely; walls parallel to the beams stay dimmer.
  for (int j = 0; j < cols; ++j) {
    for (int i = rows - 1; i >= 0; --i) {
      const std::size_t s = static_cast<std::size_t>(i) * cols + j;
      float amplitude = tissueScratch[s];
      if (!unitEchogenicity && i >= 3) {
        const float step = tissueScratch[s] - tissueScratch[s - 3 * cols];
        if (step > 0.02f) amplitude += 1.6f * step;
      }
      const float apod = unitEchogenicity ? 1.0f : beam.apodisation[j];
      re[s] = apod * (amplitude * re[s] + bloodRe[s]);
      im[s] = apod * (amplitude * im[s] + bloodIm[s]);
    }
  }
}

}  // namespace

PhantomClip simulatePhantom(const PhantomParams& params, const Progress& progress) {
  validate(params);
  progress.report(0.0, "building the heart");
  PhantomClip out;
  out.params = params;
  const SectorGeometry sector = makeSector(params);
  const Placement placement = makePlacement(params, sector);
  out.sector = sector;
  out.pixelSpacingMm = placement.spacing;
  if (!lvFits(params, 2.0))
    throw Error(
        "phantom: the LV does not fit inside the sector with these parameters; make depthMm or "
        "sectorHalfAngleDeg larger, or the LV (lvLengthMm, lvWidthMm, apexDepthMm, tiltDeg, "
        "apexOffsetMm) smaller");

  Heart heart = buildHeart(params);

  // --- timing: the first ED frame and its ES a whole number of frames later.
  Cycle cycle;
  cycle.period = 60.0 / params.heartRateBpm;
  const double systoleSeconds = 0.36 * std::sqrt(cycle.period);  // Bazett-like rate dependence
  const int systoleFrames = std::max(1, static_cast<int>(std::lround(systoleSeconds * params.fps)));
  cycle.systole = systoleFrames / params.fps;
  if (cycle.systole > 0.6 * cycle.period) {
    std::ostringstream message;
    message << "phantom: fps = " << params.fps << " is too low to sample a heart beating at "
            << params.heartRateBpm << " bpm (systole would last " << systoleFrames << " frame)";
    throw Error(message.str());
  }
  const int latestEd = std::max(0, params.frames - 1 - systoleFrames);
  const int edFrame = static_cast<int>(std::lround(params.edPhase * latestEd));
  out.edFrame = edFrame;
  out.esFrame = edFrame + systoleFrames < params.frames ? edFrame + systoleFrames : -1;

  // --- contraction strength so that the LV masks give the requested EF (area-length).
  const int width = params.width, height = params.height;
  const std::vector<std::uint8_t> sectorMask = sector.mask(height, width);
  std::vector<float> pixelHeartX(static_cast<std::size_t>(width) * height),
      pixelHeartY(pixelHeartX.size());
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      double hx = 0, hy = 0;
      placement.pixelToHeart(x + 0.5, y + 0.5, hx, hy);
      pixelHeartX[static_cast<std::size_t>(y) * width + x] = static_cast<float>(hx);
      pixelHeartY[static_cast<std::size_t>(y) * width + x] = static_cast<float>(hy);
    }
  const double pixelArea = placement.spacing * placement.spacing;
  auto cavityPixels = [&](const CycleState& st) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < sectorMask.size(); ++i)
      if (sectorMask[i] && heart.lvCavityContains(pixelHeartX[i], pixelHeartY[i], st)) ++n;
    return static_cast<double>(n);
  };
  auto volumeMl = [&](double pixels, double lengthMm) {
    const double area = pixels * pixelArea;
    return 8.0 * area * area / (3.0 * kPi * lengthMm) / 1000.0;
  };
  const double targetEf = params.ejectionFractionPercent;
  auto efFor = [&](double widthShortening) {
    setShortening(heart, widthShortening, params.longitudinalShare);
    const CycleState ed = heart.state(0.0, 0, 0), es = heart.state(1.0, 0, 0);
    const double edv = volumeMl(cavityPixels(ed), ed.lvLength);
    const double esv = volumeMl(cavityPixels(es), es.lvLength);
    return 100.0 * (edv - esv) / edv;
  };
  {
    double lo = 0.0, hi = 0.8;
    for (int i = 0; i < 40; ++i) {
      const double mid = 0.5 * (lo + hi);
      (efFor(mid) < targetEf ? lo : hi) = mid;
    }
    // Of the two bracketing strengths take the one whose (pixel-quantised) EF is closer.
    const double efLo = efFor(lo), efHi = efFor(hi);
    setShortening(heart, std::abs(efLo - targetEf) <= std::abs(efHi - targetEf) ? lo : hi,
                  params.longitudinalShare);
  }
  {
    const CycleState ed = heart.state(0.0, 0, 0), es = heart.state(1.0, 0, 0);
    out.edvMl = volumeMl(cavityPixels(ed), ed.lvLength);
    out.esvMl = volumeMl(cavityPixels(es), es.lvLength);
    out.ejectionFractionPercent = 100.0 * (out.edvMl - out.esvMl) / out.edvMl;
  }
  progress.report(0.03, "building the heart");

  const Anatomy anatomy = buildAnatomy(params, heart, placement, sector);
  progress.report(0.10, "building the heart");
  Beam beam = makeBeam(params, sector, placement);
  const ScanConversion scan = makeScanConversion(params, sector, placement, beam);
  const int rows = beam.radialSamples, cols = beam.lines;
  const std::size_t polarCount = static_cast<std::size_t>(rows) * cols;

  // --- speckle calibration: the RMS of unit-echogenicity speckle per depth, so that brightness
  // does not depend on how densely the beams sample the scatterers.
  {
    std::vector<float> re(polarCount), im(polarCount), tr(polarCount), ti(polarCount),
        scratch(polarCount);
    sampleScatterers(heart, anatomy, beam, heart.state(0, 0, 0), 0, 0, true, re, im, scratch);
    convolve(beam, re, im, tr, ti);
    std::vector<double> power(rows, 0.0);
    for (int i = 0; i < rows; ++i) {
      double sum = 0.0;
      for (int j = 0; j < cols; ++j) {
        const std::size_t s = static_cast<std::size_t>(i) * cols + j;
        sum += double(re[s]) * re[s] + double(im[s]) * im[s];
      }
      power[i] = sum / cols;
    }
    beam.speckleNorm.resize(rows);
    const int window = 12;
    for (int i = 0; i < rows; ++i) {
      double sum = 0.0;
      int n = 0;
      for (int k = std::max(0, i - window); k <= std::min(rows - 1, i + window); ++k, ++n)
        sum += power[k];
      beam.speckleNorm[i] = static_cast<float>(1.0 / std::sqrt(std::max(sum / n, 1e-12)));
    }
  }

  // --- depth gains, noise and the stationary LQ clutter.
  Rendering rendering;
  rendering.hqGainDb = params.gainDb;
  rendering.hqRangeDb = params.dynamicRangeDb;
  rendering.lqGainDb = params.gainDb + 1.5 * params.contrastLoss;
  rendering.lqRangeDb = params.dynamicRangeDb * (1.0 + 0.2 * params.contrastLoss);
  {
    detail::RandomStream random(detail::streamKey(params.seed, 31));
    double tgcKnobs[6];
    for (double& k : tgcKnobs) k = random.uniform(-1.5, 1.5);  // imperfect TGC sliders, dB
    rendering.hqDepthGain.resize(rows);
    rendering.lqDepthGain.resize(rows);
    rendering.hqNoise.resize(rows);
    rendering.lqNoise.resize(rows);
    for (int i = 0; i < rows; ++i) {
      const double u = static_cast<double>(i) / (rows - 1);
      const double knob = u * 5.0;
      const int k0 = std::min(4, static_cast<int>(knob));
      const double tgcDb = tgcKnobs[k0] + (tgcKnobs[k0 + 1] - tgcKnobs[k0]) * ease(knob - k0);
      const double hq = std::pow(10.0, tgcDb / 20.0);
      const double extraLossDb = 14.0 * params.attenuation * u;
      rendering.hqDepthGain[i] = static_cast<float>(hq);
      rendering.lqDepthGain[i] = static_cast<float>(hq * std::pow(10.0, -extraLossDb / 20.0));
      // Noise enters before the TGC, which amplifies it with depth (about 24 dB over the image).
      const double tgcAmplification = std::pow(10.0, 24.0 * u / 20.0);
      rendering.hqNoise[i] = static_cast<float>(0.0005 * tgcAmplification);
      rendering.lqNoise[i] =
          static_cast<float>((0.0005 + 0.0012 * params.noise) * tgcAmplification);
    }
    // Clutter: reverberation bands under the chest wall plus haze that fills the chambers.
    // Stationary relative to the transducer (it does not move with the heart), drifting slowly.
    const double chestDepth = std::max(6.0, params.apexDepthMm - heart.apicalWall - 6.0);
    const double bandSpacing = std::max(8.0, chestDepth);
    const SmoothNoise lateral(detail::streamKey(params.seed, 32), -2.0, -2.0, 4.0, 4.0, 0.12);
    const SmoothNoise blobs(detail::streamKey(params.seed, 33), -200.0, -10.0, 400.0, 300.0, 14.0);
    for (int f = 0; f < 2; ++f) {
      detail::RandomStream noise(detail::streamKey(params.seed, 34, f));
      std::vector<float>& cre = rendering.clutterRe[f];
      std::vector<float>& cim = rendering.clutterIm[f];
      cre.resize(polarCount);
      cim.resize(polarCount);
      for (int i = 0; i < rows; ++i) {
        const double r = i * beam.radialStep;
        double reverb = 0.5 * std::exp(-r / 12.0) + 0.12 * std::exp(-r / 28.0);
        for (int m = 1; m <= 5; ++m) {
          const double d = (r - m * bandSpacing) / (1.8 + 0.6 * m);
          reverb += 0.30 * std::pow(0.72, m - 1) * std::exp(-0.5 * d * d);
        }
        reverb *= 0.18 * params.reverberation;
        for (int j = 0; j < cols; ++j) {
          const double angle = beam.firstAngle + j * beam.angleStep;
          const double mx = r * std::sin(angle), my = r * std::cos(angle);
          const double lateralGain = std::max(0.15, 1.0 + 0.6 * lateral(angle, 0.0));
          // Densest in the near and mid field, where it hides the apex and the LV cavity.
          const double hazeLevel = 0.028 * params.haze * (0.3 + 0.7 * std::exp(-r / 65.0)) *
                                   std::exp(0.9 * blobs(mx, my));
          const double amplitude = reverb * lateralGain + hazeLevel;
          const std::size_t s = static_cast<std::size_t>(i) * cols + j;
          cre[s] = static_cast<float>(amplitude * noise.normal() * M_SQRT1_2);
          cim[s] = static_cast<float>(amplitude * noise.normal() * M_SQRT1_2);
        }
      }
      std::vector<float> tr(polarCount), ti(polarCount);
      convolve(beam, cre, cim, tr, ti);
      for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) {
          const std::size_t s = static_cast<std::size_t>(i) * cols + j;
          cre[s] *= beam.whiteNorm[i];
          cim[s] *= beam.whiteNorm[i];
        }
    }
  }
  for (int f = 0; f < Rendering::kNoiseFields; ++f) {
    detail::RandomStream noise(detail::streamKey(params.seed, 35, f));
    std::vector<float>& nre = rendering.noiseRe[f];
    std::vector<float>& nim = rendering.noiseIm[f];
    nre.resize(polarCount);
    nim.resize(polarCount);
    for (std::size_t s = 0; s < polarCount; ++s) {
      nre[s] = static_cast<float>(noise.normal() * M_SQRT1_2);
      nim[s] = static_cast<float>(noise.normal() * M_SQRT1_2);
    }
    std::vector<float> tr(polarCount), ti(polarCount);
    convolve(beam, nre, nim, tr, ti);
    for (int i = 0; i < rows; ++i)
      for (int j = 0; j < cols; ++j) {
        nre[static_cast<std::size_t>(i) * cols + j] *= beam.whiteNorm[i];
        nim[static_cast<std::size_t>(i) * cols + j] *= beam.whiteNorm[i];
      }
  }
  progress.report(0.15, "building the heart");

  // --- frames.
  const int frames = params.frames;
  out.hq = Clip(frames, height, width, params.fps);
  out.lq = Clip(frames, height, width, params.fps);
  out.lvMask = Clip(frames, height, width, params.fps);
  out.myocardiumMask = Clip(frames, height, width, params.fps);
  for (Clip* c : {&out.hq, &out.lq, &out.lvMask, &out.myocardiumMask})
    c->spacing = PixelSpacing{placement.spacing, placement.spacing};
  {
    std::ostringstream source;
    source << "latentecho phantom seed=" << params.seed << " EF=" << params.ejectionFractionPercent
           << "% HR=" << params.heartRateBpm << "bpm";
    out.hq.source = source.str() + " HQ";
    out.lq.source = source.str() + " LQ";
    out.lvMask.source = source.str() + " LV mask";
    out.myocardiumMask.source = source.str() + " myocardium mask";
  }
  out.lvAreaPixels.assign(frames, 0.0);
  out.lvAreaMm2.assign(frames, 0.0);
  out.lvLengthMm.assign(frames, 0.0);
  out.lvVolumeMl.assign(frames, 0.0);
  out.contraction.assign(frames, 0.0);

  auto stateAt = [&](int t) {
    const int sinceEdFrames = t - edFrame;
    const double sinceEd = sinceEdFrames / params.fps;
    double contraction = cycle.contraction(sinceEd);
    if (sinceEdFrames == 0) contraction = 0.0;  // exact, so ED/ES frames match EDV/ESV
    if (sinceEdFrames == systoleFrames) contraction = 1.0;
    return heart.state(contraction, cycle.valveOpening(sinceEd, 0.0),
                       cycle.valveOpening(sinceEd, 0.02));
  };

  auto renderFrame = [&](int t) {
    const CycleState st = stateAt(t);
    detail::RandomStream random(detail::streamKey(params.seed, 41, static_cast<std::uint64_t>(t)));
    const double bloodShiftX = random.uniform(-25.0, 25.0);
    const double bloodShiftY = random.uniform(-25.0, 25.0);
    std::vector<float> re(polarCount), im(polarCount), tr(polarCount), ti(polarCount),
        scratch(polarCount);
    sampleScatterers(heart, anatomy, beam, st, bloodShiftX, bloodShiftY, false, re, im, scratch);
    convolve(beam, re, im, tr, ti);
    // Electronic noise: two bank fields, mixed with unit total power, shifted across the lines.
    const int fieldA = static_cast<int>(random.next() % Rendering::kNoiseFields);
    const int fieldB =
        (fieldA + 1 + static_cast<int>(random.next() % (Rendering::kNoiseFields - 1))) %
        Rendering::kNoiseFields;
    const int shiftA = static_cast<int>(random.next() % cols);
    const int shiftB = static_cast<int>(random.next() % cols);
    const double mix = random.uniform(0.0, 2.0 * kPi);
    const float mixA = static_cast<float>(std::cos(mix)), mixB = static_cast<float>(std::sin(mix));
    const std::vector<float>&aRe = rendering.noiseRe[fieldA], &aIm = rendering.noiseIm[fieldA];
    const std::vector<float>&bRe = rendering.noiseRe[fieldB], &bIm = rendering.noiseIm[fieldB];
    const double phase = rendering.clutterDrift * t;
    const float c0 = static_cast<float>(std::cos(phase)), c1 = static_cast<float>(std::sin(phase));
    std::vector<float> hqLog(polarCount), lqLog(polarCount);
    const float hqScale = static_cast<float>(255.0 / rendering.hqRangeDb);
    const float lqScale = static_cast<float>(255.0 / rendering.lqRangeDb);
    const float hqOffset = static_cast<float>(
        255.0 * (1.0 + (rendering.hqGainDb - rendering.topDb) / rendering.hqRangeDb));
    const float lqOffset = static_cast<float>(
        255.0 * (1.0 + (rendering.lqGainDb - rendering.topDb) / rendering.lqRangeDb));
    for (int i = 0; i < rows; ++i) {
      const float norm = beam.speckleNorm[i];
      const float hqGain = rendering.hqDepthGain[i] * norm,
                  lqGain = rendering.lqDepthGain[i] * norm;
      const float hqNoise = rendering.hqNoise[i], lqNoise = rendering.lqNoise[i];
      const std::size_t rowStart = static_cast<std::size_t>(i) * cols;
      for (int j = 0; j < cols; ++j) {
        const std::size_t s = rowStart + j;
        const std::size_t a = rowStart + (j + shiftA < cols ? j + shiftA : j + shiftA - cols);
        const std::size_t b = rowStart + (j + shiftB < cols ? j + shiftB : j + shiftB - cols);
        const float noiseRe = mixA * aRe[a] + mixB * bRe[b];
        const float noiseIm = mixA * aIm[a] + mixB * bIm[b];
        const float hr = re[s] * hqGain + noiseRe * hqNoise;
        const float hi = im[s] * hqGain + noiseIm * hqNoise;
        const float lr = re[s] * lqGain + noiseRe * lqNoise + c0 * rendering.clutterRe[0][s] +
                         c1 * rendering.clutterRe[1][s];
        const float li = im[s] * lqGain + noiseIm * lqNoise + c0 * rendering.clutterIm[0][s] +
                         c1 * rendering.clutterIm[1][s];
        // 10 log10(power) = 20 log10(envelope).
        const float hqDb = 10.0f * std::log10(hr * hr + hi * hi + 1e-20f);
        const float lqDb = 10.0f * std::log10(lr * lr + li * li + 1e-20f);
        hqLog[s] = std::clamp(hqOffset + hqScale * hqDb, 0.0f, 255.0f);
        lqLog[s] = std::clamp(lqOffset + lqScale * lqDb, 0.0f, 255.0f);
      }
    }
    scanConvert(scan, beam, hqLog, out.hq.frame(t), height, width);
    scanConvert(scan, beam, lqLog, out.lq.frame(t), height, width);

    // Truth.
    std::uint8_t* lv = out.lvMask.frame(t);
    std::uint8_t* myo = out.myocardiumMask.frame(t);
    std::size_t cavity = 0;
    for (std::size_t i = 0; i < sectorMask.size(); ++i) {
      lv[i] = myo[i] = 0;
      if (!sectorMask[i]) continue;
      const double hx = pixelHeartX[i], hy = pixelHeartY[i];
      if (heart.lvCavityContains(hx, hy, st)) {
        lv[i] = 1;
        ++cavity;
        continue;
      }
      if (hy < -heart.apicalWall - 3.0 || hy > st.lvLength + 1.0) continue;
      double x = hx, y = hy;
      heart.pullBack(x, y, st);
      if (anatomy.labelAt(x, y) == kLvMyocardium) myo[i] = 1;
    }
    out.lvAreaPixels[t] = static_cast<double>(cavity);
    out.lvAreaMm2[t] = cavity * pixelArea;
    out.lvLengthMm[t] = st.lvLength;
    out.lvVolumeMl[t] = volumeMl(static_cast<double>(cavity), st.lvLength);
    out.contraction[t] = st.contraction;
  };

  const int chunk = std::max(1, 2 * at::get_num_threads());
  for (int first = 0; first < frames; first += chunk) {
    progress.report(0.15 + 0.85 * first / frames, "rendering frames");
    const int last = std::min(frames, first + chunk);
    at::parallel_for(first, last, 1, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) renderFrame(static_cast<int>(t));
    });
  }

  // --- EchoNet-style tracings of the ED and ES frames.
  if (out.edFrame >= 0 && out.esFrame >= 0) {
    for (int which = 0; which < 2; ++which) {
      const int frame = which == 0 ? out.edFrame : out.esFrame;
      const CycleState st = heart.state(which == 0 ? 0.0 : 1.0, 0, 0);
      auto row = [&](double hx1, double hy1, double hx2, double hy2) {
        VolumeTracing v;
        v.frame = frame;
        placement.heartToPixel(hx1, hy1, v.x1, v.y1);
        placement.heartToPixel(hx2, hy2, v.x2, v.y2);
        v.x1 -= 0.5;  // EchoNet: pixel centres at integers
        v.y1 -= 0.5;
        v.x2 -= 0.5;
        v.y2 -= 0.5;
        out.tracings.push_back(v);
      };
      row(0.0, st.lvLength, 0.0, 0.0);
      for (int k = 0; k < kPhantomTracingChords; ++k) {
        const double s = 1.0 - (k + 0.5) / kPhantomTracingChords;
        const double half = 0.5 * st.lvWidth * heart.profile(s);
        row(-half, s * st.lvLength, half, s * st.lvLength);
      }
    }
  }
  progress.report(1.0, "rendering frames");
  return out;
}

}  // namespace latentecho
